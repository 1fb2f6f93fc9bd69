// Production entry of the dispatcher process (Dockerfile: node services/dispatcher/dist/main.js).
import pino from 'pino';
import { collectDefaultMetrics, register } from 'prom-client';
import { connectDb, loadOrCreateSecrets, resolveDatabase, waitForDatabase } from '@scim/db';
import { loadDispatcherConfig } from './config.js';
import { createDispatcher } from './dispatcher.js';
import { serveMetrics } from './metrics.js';
import { webhookOptionsFrom } from './runtime.js';

async function main() {
  let config;
  try {
    config = loadDispatcherConfig();
  } catch (err) {
    process.stderr.write(`dispatcher: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const log = pino({ level: config.LOG_LEVEL, name: 'dispatcher' });
  const database = await resolveDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, role: 'client', log: (m) => log.info(m) });
  if (config.DATABASE_URL) await waitForDatabase(database.url, { log });
  const handle = connectDb({ connectionString: database.url, max: config.DB_POOL_SIZE, applicationName: 'scim-dispatcher' });
  // The key the scim service encrypts with: ENCRYPTION_KEY, or the one it generated in DATA_DIR.
  const encryptionKey = config.ENCRYPTION_KEY ?? (await loadOrCreateSecrets(config.DATA_DIR)).encryptionKey;
  const webhooks = webhookOptionsFrom(config, { encryptionKey, consoleBase: config.PUBLIC_BASE_URL?.replace(/\/+$/, ''), registry: register });
  const dispatcher = createDispatcher({ pool: handle.pool, db: handle.db, log, pollIntervalMs: config.DISPATCHER_POLL_INTERVAL_MS, retention: config, webhooks });
  await dispatcher.start();
  collectDefaultMetrics({ register });
  const metrics = config.DISPATCHER_METRICS_PORT ? await serveMetrics(register, config.DISPATCHER_METRICS_HOST, config.DISPATCHER_METRICS_PORT) : undefined;
  if (metrics) log.info({ metrics: `${metrics.address}/metrics` }, 'dispatcher metrics listening');
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) process.exit(1); // a second signal forces the exit
    closing = true;
    log.info({ signal }, 'shutting down');
    await metrics?.close();
    await dispatcher.stop();
    await handle.close();
    await database.release();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`dispatcher: ${(err as Error).message}\n`);
  process.exit(1);
});

// Production entry of the dispatcher process (Dockerfile: node services/dispatcher/dist/main.js).
import pino from 'pino';
import { connectDb, resolveDatabase, waitForDatabase } from '@scim/db';
import { loadDispatcherConfig } from './config.js';
import { createDispatcher } from './dispatcher.js';

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
  const dispatcher = createDispatcher({ pool: handle.pool, db: handle.db, log, pollIntervalMs: config.DISPATCHER_POLL_INTERVAL_MS, retention: config });
  await dispatcher.start();
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) process.exit(1); // a second signal forces the exit
    closing = true;
    log.info({ signal }, 'shutting down');
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

import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { connectDb, createOutboxNotifier, loadOrCreateSecrets, migrate, resolveDatabase, waitForDatabase, type DbHandle } from '@scim/db';
import { buildApp } from './app.js';
import type { ScimConfig } from './config.js';
import { loggerOptions } from './logger.js';

export interface RunningScim {
  app: FastifyInstance;
  handle: DbHandle;
  address: string;
  /** In-flight requests finish, then the pool closes, then the embedded server stops. */
  close(): Promise<void>;
}

export async function secretsFor(config: ScimConfig) {
  if (config.SESSION_SECRET && config.ENCRYPTION_KEY) {
    return { signingKey: config.SESSION_SECRET, encryptionKey: config.ENCRYPTION_KEY };
  }
  const generated = await loadOrCreateSecrets(config.DATA_DIR);
  return {
    signingKey: config.SESSION_SECRET ?? generated.signingKey,
    encryptionKey: config.ENCRYPTION_KEY ?? generated.encryptionKey,
  };
}

/** Database (embedded or DATABASE_URL) → migrations → app → listen. */
export async function startScim(config: ScimConfig, log: Logger = pino(loggerOptions(config.LOG_LEVEL) as object)): Promise<RunningScim> {
  const database = await resolveDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, role: 'server', log: (m) => log.info(m) });
  let handle: DbHandle | undefined;
  try {
    // A database started alongside (compose, Kubernetes) may not answer yet: a bounded wait
    // with one log line, rather than a crash loop left to the restart policy.
    if (config.DATABASE_URL) await waitForDatabase(database.url, { log });
    handle = connectDb({ connectionString: database.url, max: config.DB_POOL_SIZE, applicationName: 'scim' });
    const result = await migrate(handle.pool);
    if (result.applied.length) log.info({ applied: result.applied }, 'migrations applied');
    const notifier = createOutboxNotifier(handle.db);
    const app = await buildApp(
      { config, db: handle.db, pool: handle.pool, secrets: await secretsFor(config), onCommit: notifier.nudge },
      // Fastify 5 takes options here, not a pino instance ("logger options only accepts a
      // configuration object"): same options as `log`, so the same redaction and level.
      { logger: loggerOptions(config.LOG_LEVEL) },
    );
    const address = await app.listen({ host: config.HOST, port: config.PORT });
    const h = handle;
    return {
      app,
      handle: h,
      address,
      async close() {
        await closeGracefully(app);
        await notifier.close();
        await h.close();
        await database.release();
      },
    };
  } catch (err) {
    await handle?.close().catch(() => {});
    await database.release().catch(() => {});
    throw err;
  }
}

/**
 * `app.close()` lets in-flight requests finish, but Node closes only the keep-alive sockets
 * that are idle when the close begins: a socket whose request was in flight stays open after
 * its response until the client's keep-alive ends (Fastify's default: 72 s), far past a
 * container's stop timeout. Closing idle sockets until the close completes ends each one as
 * soon as its response is sent.
 */
export async function closeGracefully(app: FastifyInstance): Promise<void> {
  const timer = setInterval(() => app.server.closeIdleConnections(), 50);
  try {
    await app.close();
  } finally {
    clearInterval(timer);
  }
}

/**
 * SIGTERM/SIGINT → graceful close; a second signal exits at once. One Ctrl-C arrives more than
 * once — from the terminal to the whole process group, and again relayed by the `tsx` and
 * `pnpm` wrappers — so repeats within a second count as the same request.
 */
export function onShutdownSignal(log: Logger, close: () => Promise<void>): void {
  let closingSince: number | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (closingSince !== undefined) {
      if (Date.now() - closingSince < 1000) return;
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    closingSince = Date.now();
    log.info({ signal }, 'shutting down');
    close().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}

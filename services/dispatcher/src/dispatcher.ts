import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Logger } from 'pino';
import { createOutboxConsumer, purgeOutbox, type BatchHandler, type Database, type PurgeResult } from '@scim/db';
import { loadRetentionConfig, type RetentionConfig } from './config.js';

export { loadRetentionConfig, type RetentionConfig };

/** The dispatcher's cursor in outbox_consumers. */
export const DISPATCHER_CONSUMER = 'dispatcher';
const HOUR = 3_600_000;

/**
 * The dispatcher process's loop: one outbox consumer (LISTEN as a nudge, polling as the
 * guarantee, the cursor advanced in the same transaction as the batch's side effects) plus the
 * outbox retention purge. Webhook routing is the `handle` a later issue provides; by default a
 * batch is only counted.
 */
export interface Dispatcher {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Runs the retention purge now (the loop calls it at most once per `purgeEveryMs`). */
  purgeNow(): Promise<PurgeResult | undefined>;
  readonly stats: { batches: number; events: number; failures: number; purges: number; purged: number };
}

export interface DispatcherOptions {
  pool: pg.Pool;
  /** Defaults to a Kysely over `pool` (never destroyed here: the pool belongs to the caller). */
  db?: Kysely<Database>;
  log: Logger;
  pollIntervalMs: number;
  handle?: BatchHandler;
  consumerName?: string;
  /** Defaults: 168 h retention, lagging consumers always respected. */
  retention?: Partial<RetentionConfig>;
  /** Default one minute. */
  purgeEveryMs?: number;
}

export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  const { pool, log } = opts;
  const db = opts.db ?? new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const retentionHours = opts.retention?.OUTBOX_RETENTION_HOURS ?? 168;
  const ignoreLagHours = opts.retention?.OUTBOX_PURGE_IGNORE_LAG_HOURS;
  const purgeEveryMs = opts.purgeEveryMs ?? 60_000;
  const stats = { batches: 0, events: 0, failures: 0, purges: 0, purged: 0 };
  let purging: Promise<PurgeResult | undefined> | undefined;
  let purgeTimer: NodeJS.Timeout | undefined;
  let stopping = false;

  const handle: BatchHandler =
    opts.handle ??
    (async (events) => {
      log.debug({ events: events.length, last: events.at(-1)?.position }, 'outbox batch');
    });

  const consumer = createOutboxConsumer({
    db,
    pool,
    name: opts.consumerName ?? DISPATCHER_CONSUMER,
    handler: handle,
    pollIntervalMs: opts.pollIntervalMs,
    log: { info: (o, m) => log.info(o, m), warn: (o, m) => log.warn(o, m), error: (o, m) => log.error(o, m) },
  });

  async function purge(): Promise<PurgeResult | undefined> {
    try {
      const r = await purgeOutbox(db, {
        olderThanMs: retentionHours * HOUR,
        ignoreConsumersLaggingMoreThanMs: ignoreLagHours === undefined ? undefined : ignoreLagHours * HOUR,
      });
      stats.purges++;
      stats.purged += r.deleted;
      if (r.deleted > 0 || r.ignored.length > 0) log.info({ deleted: r.deleted, horizon: r.horizon, ignored: r.ignored }, 'outbox purged');
      return r;
    } catch (err) {
      log.error({ err }, 'outbox purge failed');
      return undefined;
    }
  }

  function purgeNow(): Promise<PurgeResult | undefined> {
    // One purge at a time; a caller arriving during a run shares it.
    purging ??= purge().finally(() => (purging = undefined));
    return purging;
  }

  function schedulePurge(delayMs: number) {
    if (stopping) return;
    purgeTimer = setTimeout(() => void purgeNow().then(() => schedulePurge(purgeEveryMs)), delayMs);
  }

  return {
    get stats() {
      const c = consumer.stats;
      return { ...stats, batches: c.batches, events: c.events, failures: c.failures };
    },
    purgeNow,
    async start() {
      await consumer.start();
      schedulePurge(0);
      log.info({ pollIntervalMs: opts.pollIntervalMs, retentionHours, ignoreLagHours: ignoreLagHours ?? null }, 'dispatcher started');
    },
    async stop() {
      stopping = true;
      clearTimeout(purgeTimer);
      await consumer.stop();
      await purging;
      log.info('dispatcher stopped');
    },
  };
}

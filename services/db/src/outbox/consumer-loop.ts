import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from '../database.js';
import { OUTBOX_CHANNEL } from '../change-log.js';
import { createWakeableSleep } from '../wakeable-sleep.js';
import { consumeBatch, registerConsumer, type BatchHandler } from './consumer.js';

export interface ConsumerLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface OutboxConsumerOptions {
  db: Kysely<Database>;
  /** For LISTEN (one dedicated connection). Without it the loop only polls. */
  pool?: pg.Pool;
  name: string;
  handler: BatchHandler;
  /** Where a consumer that does not exist yet starts (default 'beginning'). */
  from?: 'beginning' | 'now';
  /** Events per batch (default 500); a function is asked before every batch. */
  batchSize?: number | (() => number);
  /** The guarantee: how often to look when no NOTIFY arrives (default 250 ms, §3.2). */
  pollIntervalMs?: number;
  /** After a failed batch (handler threw, database down), wait this long before retrying. */
  retryDelayMs?: number;
  log?: ConsumerLog;
}

export interface OutboxConsumer {
  start(): Promise<void>;
  /** Finishes the batch in flight (acked or rolled back), then stops. */
  stop(): Promise<void>;
  /** Wakes the loop now (as a NOTIFY would). */
  nudge(): void;
  readonly stats: { batches: number; events: number; failures: number; standby: boolean };
}

const silent: ConsumerLog = { info() {}, warn() {}, error() {} };

/**
 * A consumer loop: LISTEN on OUTBOX_CHANNEL as a nudge, poll as the guarantee (a lost NOTIFY
 * costs latency, never events), drain full batches back to back, ack after the handler resolves.
 * Several processes may run the same consumer name: the cursor row lock makes one active and
 * the others standby until it stops (graphile-worker's pattern).
 */
export function createOutboxConsumer(opts: OutboxConsumerOptions): OutboxConsumer {
  const batchSize = typeof opts.batchSize === 'function' ? opts.batchSize : () => (opts.batchSize as number | undefined) ?? 500;
  const pollIntervalMs = opts.pollIntervalMs ?? 250;
  const retryDelayMs = opts.retryDelayMs ?? 1000;
  const log = opts.log ?? silent;
  const stats = { batches: 0, events: 0, failures: 0, standby: false };
  let stopping = false;
  const pause = createWakeableSleep(() => stopping);
  let loop: Promise<void> | undefined;
  let listener: { client: pg.PoolClient; drop(): void } | undefined;
  let lastListenAttempt = 0;

  const onNotify = pause.wake;

  async function listen() {
    if (!opts.pool || listener || stopping || Date.now() - lastListenAttempt < 5000) return;
    lastListenAttempt = Date.now();
    let client: pg.PoolClient | undefined;
    let released = false;
    // The connection can fail while LISTEN is pending (error event and rejected query both
    // fire): release it exactly once.
    const onError = (err: Error) => {
      log.warn({ consumer: opts.name, err: err.message }, 'outbox listener connection lost; polling continues');
      drop(err);
    };
    const drop = (err?: Error) => {
      if (listener?.client === client) listener = undefined;
      if (client && !released) {
        released = true;
        client.off('notification', onNotify);
        client.off('error', onError);
        client.release(err ?? true);
      }
    };
    try {
      client = await opts.pool.connect();
      client.on('notification', onNotify);
      client.on('error', onError);
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (!released) listener = { client, drop };
    } catch (err) {
      drop(err as Error);
      log.warn({ consumer: opts.name, err: (err as Error).message }, 'outbox LISTEN failed; polling only');
    }
  }

  async function run() {
    while (!stopping) {
      await listen();
      pause.reset();
      let delay = pollIntervalMs;
      try {
        const size = Math.max(1, batchSize());
        const r = await consumeBatch(opts.db, opts.name, size, opts.handler);
        if (r.status === 'standby') {
          if (!stats.standby) log.info({ consumer: opts.name }, 'outbox consumer is active in another process; standing by');
          stats.standby = true;
        } else {
          stats.standby = false;
          if (r.count > 0) {
            stats.batches++;
            stats.events += r.count;
          }
          if (r.count === size) delay = 0; // more is waiting: drain without sleeping
        }
      } catch (err) {
        stats.failures++;
        delay = retryDelayMs;
        pause.reset(); // a nudge must not turn a failing handler into a hot loop
        log.error({ consumer: opts.name, err }, 'outbox batch failed; it will be redelivered');
      }
      if (delay > 0) await pause.sleep(delay);
    }
  }

  return {
    stats,
    nudge: onNotify,
    async start() {
      await registerConsumer(opts.db, opts.name, { from: opts.from });
      await listen();
      loop = run();
    },
    async stop() {
      stopping = true;
      pause.wake();
      await loop;
      if (listener) {
        const l = listener;
        listener = undefined;
        // Destroyed rather than returned to the pool: a pooled connection would keep listening.
        l.drop();
      }
    },
  };
}

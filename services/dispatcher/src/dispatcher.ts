import type pg from 'pg';
import type { Logger } from 'pino';
import { OUTBOX_CHANNEL } from '@scim/db';

/**
 * The dispatcher process's loop: wake on NOTIFY (a nudge) or on the poll interval (the
 * guarantee), do one round of work, sleep. Webhook delivery is the work a later issue adds;
 * today a round only counts what is waiting, so the wiring (listen, poll, drain on shutdown)
 * is exercised end to end.
 */
export interface Dispatcher {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Rounds run so far (tests use it to see the loop alive). */
  readonly rounds: number;
}

export function createDispatcher(opts: { pool: pg.Pool; log: Logger; pollIntervalMs: number; round?: () => Promise<void> }): Dispatcher {
  const { pool, log } = opts;
  let listener: pg.PoolClient | undefined;
  let stopping = false;
  let rounds = 0;
  let wake: (() => void) | undefined;
  let loop: Promise<void> | undefined;

  const sleep = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, opts.pollIntervalMs);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function run() {
    while (!stopping) {
      try {
        await (opts.round ?? (async () => {}))();
        rounds++;
      } catch (err) {
        log.error({ err }, 'dispatcher round failed');
      }
      if (!stopping) await sleep();
    }
  }

  return {
    get rounds() {
      return rounds;
    },
    async start() {
      listener = await pool.connect();
      listener.on('notification', () => wake?.());
      listener.on('error', (err) => log.warn({ err: err.message }, 'outbox listener connection lost; polling continues'));
      await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
      loop = run();
      log.info({ pollIntervalMs: opts.pollIntervalMs }, 'dispatcher started');
    },
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      if (listener) {
        await listener.query(`UNLISTEN ${OUTBOX_CHANNEL}`).catch(() => {});
        listener.release();
      }
      log.info('dispatcher stopped');
    },
  };
}

import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { createOutboxConsumer, purgeOutbox, type BatchHandler, type Database, type KeyRing, type PurgeResult } from '@scim/db';
import type { CoalesceParams } from './coalesce.js';
import { loadRetentionConfig, type RetentionConfig } from './config.js';
import { createWebhookAgent } from './http-client.js';
import { runJanitor } from './janitor.js';
import { createWebhookMetrics } from './metrics.js';
import { createRouter } from './router.js';
import type { LookupAll } from './ssrf-guard.js';
import { createDeliveryWorker, type DeliveryWorker } from './worker.js';

export { loadRetentionConfig, type RetentionConfig };

/** The dispatcher's cursor in outbox_consumers. */
export const DISPATCHER_CONSUMER = 'dispatcher';
const HOUR = 3_600_000;

/**
 * The dispatcher: one outbox consumer (LISTEN as a nudge, polling as the guarantee, the cursor
 * advanced in the same transaction as the batch's side effects) that routes events to webhook
 * subscriptions (router.ts), a delivery worker that sends them (worker.ts), and housekeeping:
 * the outbox retention purge and the webhook janitor. Without `webhooks` (or with a custom
 * `handle`) a batch is only handed to `handle` / counted.
 */
export interface Dispatcher {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Runs the retention purge now (the loop calls it at most once per `purgeEveryMs`). */
  purgeNow(): Promise<PurgeResult | undefined>;
  readonly stats: { batches: number; events: number; failures: number; purges: number; purged: number };
  /** The delivery worker, when webhooks are on. */
  readonly worker?: DeliveryWorker;
}

export interface WebhookOptions {
  keyRing: KeyRing;
  allowPrivateNetworks: boolean;
  connectTimeoutMs: number;
  timeoutMs: number;
  /** The console's base URL (links in Slack messages). */
  consoleBase?: string;
  /** Default: a registry of its own. `pnpm start` and main.ts pass prom-client's default one. */
  registry?: Registry;
  concurrency?: number;
  hmacConcurrency?: number;
  slackGapMs?: number;
  tickMs?: number;
  /** Default 2 × timeout + 5 s: an attempt always ends (or is abandoned) well inside it. */
  leaseMs?: number;
  autoDisableHours?: number;
  retryScheduleMs?: readonly number[];
  coalesce?: Partial<Record<'slack' | 'hmac', CoalesceParams>>;
  lookup?: LookupAll;
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
  /** How the purge loop waits between runs; tests pass their own to step it (default: Node's timers). */
  purgeTimers?: PurgeTimers;
  webhooks?: WebhookOptions;
}

export interface PurgeTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const NODE_TIMERS: PurgeTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  const { pool, log } = opts;
  const db = opts.db ?? new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const retentionHours = opts.retention?.OUTBOX_RETENTION_HOURS ?? 168;
  const ignoreLagHours = opts.retention?.OUTBOX_PURGE_IGNORE_LAG_HOURS;
  const purgeEveryMs = opts.purgeEveryMs ?? 60_000;
  const stats = { batches: 0, events: 0, failures: 0, purges: 0, purged: 0 };
  let purging: Promise<PurgeResult | undefined> | undefined;
  const timers = opts.purgeTimers ?? NODE_TIMERS;
  let purgeTimer: unknown;
  let stopping = false;

  const w = opts.handle ? undefined : opts.webhooks;
  const autoDisableMs = (w?.autoDisableHours ?? 120) * HOUR;
  const worker = w ? startableWorker(db, log, w, autoDisableMs) : undefined;
  const route = w ? createRouter({ consoleBase: w.consoleBase, coalesce: w.coalesce }) : undefined;

  const handle: BatchHandler =
    opts.handle ??
    (route && worker
      ? async (events, ctx) => {
          await route(events, ctx);
          // The batch commits right after this resolves; the tick is the guarantee.
          for (const ms of [20, 100]) setTimeout(worker.nudge, ms).unref();
        }
      : async (events) => {
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
      if (w) {
        await runJanitor(db, w.keyRing, autoDisableMs).then(
          (j) => (j.disabled || j.reencrypted || j.purged) && log.info(j, 'webhook housekeeping'),
          (err) => log.error({ err }, 'webhook housekeeping failed; retried with the next purge'),
        );
      }
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
    purgeTimer = timers.setTimeout(() => void purgeNow().then(() => schedulePurge(purgeEveryMs)), delayMs);
  }

  return {
    get stats() {
      const c = consumer.stats;
      return { ...stats, batches: c.batches, events: c.events, failures: c.failures };
    },
    purgeNow,
    worker,
    async start() {
      await consumer.start();
      worker?.start();
      schedulePurge(0);
      log.info({ pollIntervalMs: opts.pollIntervalMs, retentionHours, ignoreLagHours: ignoreLagHours ?? null }, 'dispatcher started');
    },
    async stop() {
      stopping = true;
      timers.clearTimeout(purgeTimer);
      await consumer.stop();
      await worker?.stop();
      await purging;
      log.info('dispatcher stopped');
    },
  };
}

function startableWorker(db: Kysely<Database>, log: Logger, w: WebhookOptions, autoDisableMs: number): DeliveryWorker {
  const http = { allowPrivateNetworks: w.allowPrivateNetworks, connectTimeoutMs: w.connectTimeoutMs, timeoutMs: w.timeoutMs, lookup: w.lookup };
  return createDeliveryWorker({
    send: {
      db,
      agent: createWebhookAgent(http),
      http,
      keyRing: w.keyRing,
      owner: `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
      autoDisableMs,
      retryScheduleMs: w.retryScheduleMs,
    },
    log,
    concurrency: w.concurrency ?? 16,
    hmacConcurrency: w.hmacConcurrency ?? 4,
    slackGapMs: w.slackGapMs ?? 1000,
    leaseMs: w.leaseMs ?? 2 * w.timeoutMs + 5000,
    tickMs: w.tickMs ?? 200,
    consoleBase: w.consoleBase,
    metrics: createWebhookMetrics(w.registry ?? new Registry(), db),
  });
}

import type { Logger } from 'pino';
import { createWakeableSleep } from '@scim/db';
import { claimDue, type ClaimedDelivery } from './claims.js';
import type { WebhookMetrics } from './metrics.js';
import { attemptDelivery, type SendDeps } from './sender.js';
import { closeDueSummaries } from './summary-close.js';

export interface WorkerOptions {
  send: SendDeps;
  log: Logger;
  /** Attempts in flight in this process (a hanging endpoint holds one slot until its timeout). */
  concurrency: number;
  /** In flight per hmac subscription (Slack: always one). */
  hmacConcurrency: number;
  /** Slack allows one message per second per incoming webhook (Slack "Rate limits"). */
  slackGapMs: number;
  leaseMs: number;
  /** How often due summaries and deliveries are looked for without a nudge. */
  tickMs: number;
  consoleBase?: string;
  metrics?: WebhookMetrics;
}

export interface DeliveryWorker {
  start(): void;
  /** Claims no more; waits for the attempts in flight (each bounded by the request timeout). */
  stop(): Promise<void>;
  /** Look now (the router committed deliveries, or a replay was queued). */
  nudge(): void;
  readonly stats: { attempts: number; succeeded: number; failed: number; inFlight: number; errors: number };
}

/**
 * The sending loop of one process: close due summaries, claim what is due up to the free
 * slots, send each claimed delivery on its own (one slow endpoint never waits for another),
 * repeat when woken or after `tickMs`.
 */
export function createDeliveryWorker(o: WorkerOptions): DeliveryWorker {
  const inFlight = new Set<Promise<void>>();
  const stats = { attempts: 0, succeeded: 0, failed: 0, inFlight: 0, errors: 0 };
  let stopping = false;
  let loop: Promise<void> | undefined;
  const pause = createWakeableSleep(() => stopping);
  const nudge = pause.wake;

  function launch(d: ClaimedDelivery) {
    const p = attemptDelivery(o.send, d)
      .then(({ record, recorded }) => {
        stats.attempts++;
        o.metrics?.attempt(d.subscriptionId, record.outcome, record.durationMs / 1000);
        if (!recorded) return o.log.warn({ delivery: d.id }, 'webhook attempt finished after its lease was taken over; result not recorded');
        if (record.outcome === 'succeeded') {
          stats.succeeded++;
          o.metrics?.delivered(d.subscriptionId, d.kind, 'succeeded');
        } else if (record.outcome !== 'retry') {
          stats.failed++;
          o.metrics?.delivered(d.subscriptionId, d.kind, 'failed');
        }
        const level = record.outcome === 'succeeded' ? 'debug' : record.outcome === 'retry' ? 'info' : 'warn';
        // ids, status and timing only: never the URL, the body or a secret.
        o.log[level]({ delivery: d.id, subscription: d.subscriptionId, attempt: d.attempt, outcome: record.outcome, status: record.statusCode, ms: record.durationMs, error: record.error }, 'webhook attempt');
      })
      .catch((err) => {
        stats.errors++;
        o.log.error({ err, delivery: d.id }, 'webhook attempt could not be recorded; the lease will expire and it is retried');
      })
      .finally(() => {
        inFlight.delete(p);
        stats.inFlight = inFlight.size;
        nudge();
      });
    inFlight.add(p);
    stats.inFlight = inFlight.size;
  }

  async function run() {
    while (!stopping) {
      pause.reset();
      let delay = o.tickMs;
      try {
        await closeDueSummaries(o.send.db, o.consoleBase);
        const free = o.concurrency - inFlight.size;
        if (free > 0) {
          const claimed = await claimDue(o.send.db, { owner: o.send.owner, limit: free, leaseMs: o.leaseMs, hmacConcurrency: o.hmacConcurrency, slackGapMs: o.slackGapMs });
          for (const d of claimed) launch(d);
          if (claimed.length === free) delay = 0;
        }
      } catch (err) {
        stats.errors++;
        pause.reset();
        delay = Math.max(o.tickMs, 1000);
        o.log.error({ err }, 'webhook delivery loop failed; retrying');
      }
      if (delay > 0) await pause.sleep(delay);
    }
  }

  return {
    stats,
    nudge,
    start() {
      loop ??= run();
    },
    async stop() {
      stopping = true;
      pause.wake();
      await loop;
      await Promise.all([...inFlight]);
      await o.send.agent.close().catch(() => {});
    },
  };
}

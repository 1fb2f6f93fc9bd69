import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pino from 'pino';
import { Registry } from 'prom-client';
import { connectDb, createKeyRing, enqueueEvents, type Actor, type Database, type DbHandle } from '@scim/db';
import { createDispatcher, type Dispatcher, type WebhookOptions } from '../../src/dispatcher.js';
import { createSubscription, type SubscriptionInput, type WebhookStore } from '../../src/subscriptions.js';
import { createTestDatabase, type Teardown } from '../../../../test/helpers/db.js';
import { userCreated } from '../../../db/test/outbox/write-events.js';

export const TEST_KEY = Buffer.alloc(32, 9).toString('base64');
export const CLI: Actor = { source: 'cli', userAgent: 'test' };
export const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Short retries, timeouts and ticks: the same code paths, on a test's time scale. */
export const FAST = { connectTimeoutMs: 1000, timeoutMs: 3000, tickMs: 50, retryScheduleMs: [0, 150, 150], slackGapMs: 1000 };

export async function webhookDb(t: Teardown & { teardown(fn: () => unknown): void }) {
  const db = await createTestDatabase(t, { pool: 20 });
  const keyRing = createKeyRing(TEST_KEY);
  const store: WebhookStore = { db: db.db, keyRing, guard: { allowPrivateNetworks: true } };
  const dispatchers: Dispatcher[] = [];
  const handles: DbHandle[] = [];
  // Teardowns run last-in first-out: dispatchers stop (releasing their LISTEN connections)
  // before any pool closes.
  t.teardown(async () => {
    for (const d of dispatchers) await d.stop().catch(() => {});
    for (const x of handles) await x.close().catch(() => {});
  });
  return {
    ...db,
    keyRing,
    store,
    async subscribe(input: SubscriptionInput & { kind: 'slack' | 'hmac'; url: string }) {
      return createSubscription(store, CLI, input);
    },
    /** Another pool on the same database (as a second dispatcher process would have). */
    connect() {
      const x = connectDb({ connectionString: db.url, max: 10 });
      handles.push(x);
      return x;
    },
    /** A dispatcher in this process (several may run at once: they share the work). */
    async dispatcher(over: Partial<WebhookOptions> = {}, pool = db.pool, handle = db.db) {
      const d = createDispatcher({ pool, db: handle, log, pollIntervalMs: 50, webhooks: { keyRing, allowPrivateNetworks: true, ...FAST, registry: new Registry(), ...over } as WebhookOptions });
      await d.start();
      dispatchers.push(d);
      return d;
    },
  };
}

/** Commits `n` user.created events, `perTx` per transaction, as the SCIM service writes them. */
export async function writeUsers(db: Kysely<Database>, n: number, opts: { perTx?: number; actor?: Actor } = {}): Promise<string[]> {
  const ids: string[] = [];
  const perTx = opts.perTx ?? 1;
  for (let i = 0; i < n; i += perTx) {
    const batch = Array.from({ length: Math.min(perTx, n - i) }, () => userCreated(randomUUID()));
    await db.transaction().execute((trx) => enqueueEvents(trx, opts.actor ?? { source: 'system', requestId: 'test' }, batch));
    ids.push(...batch.map((b) => b.resourceId));
  }
  return ids;
}

export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The invariant, checked from the database: per subscription, every outbox event it matches
 * appears in exactly one delivery (the primary key forbids two), and each delivery's
 * event_count equals the events it carries.
 */
export async function accounting(db: Kysely<Database>, subscriptionId: string) {
  const { rows } = await sql<{ routed: number; distinct_events: number; counted: number; mismatched: number }>`
    SELECT (SELECT count(*)::int FROM webhook_delivery_events WHERE subscription_id = ${subscriptionId}) AS routed,
           (SELECT count(DISTINCT event_id)::int FROM webhook_delivery_events WHERE subscription_id = ${subscriptionId}) AS distinct_events,
           (SELECT coalesce(sum(event_count), 0)::int FROM webhook_deliveries WHERE subscription_id = ${subscriptionId} AND kind <> 'test') AS counted,
           (SELECT count(*)::int FROM webhook_deliveries d WHERE d.subscription_id = ${subscriptionId} AND d.kind <> 'test'
               AND d.event_count <> (SELECT count(*) FROM webhook_delivery_events e WHERE e.delivery_id = d.id)) AS mismatched`.execute(db);
  return rows[0]!;
}

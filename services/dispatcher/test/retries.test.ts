import t from 'tap';
import { sql } from 'kysely';
import { replayDelivery } from '../src/deliveries.js';
import { getSubscription } from '../src/subscriptions.js';
import { slack, startReceiver } from './helpers/receivers.js';
import { CLI, waitUntil, webhookDb, writeUsers } from './helpers/setup.js';

const attemptsOf = (h: Awaited<ReturnType<typeof webhookDb>>, subscriptionId: string) =>
  h.db
    .selectFrom('webhook_attempts as a')
    .innerJoin('webhook_deliveries as d', 'd.id', 'a.delivery_id')
    .select(['a.attempt', 'a.status_code', 'a.outcome', 'a.error', 'a.trigger', 'd.status', 'd.webhook_id', 'd.id'])
    .where('d.subscription_id', '=', subscriptionId)
    .orderBy('a.id')
    .execute();

t.test('a failed attempt is retried with the same webhook id; Retry-After is honoured', async (t) => {
  const h = await webhookDb(t);
  const rx = await startReceiver(t, { responder: ({ n }) => (n === 0 ? { status: 503, headers: { 'retry-after': '2' } } : { status: 200 }) });
  const { subscription, secret } = await h.subscribe({ kind: 'hmac', url: rx.url });
  rx.secrets.push(secret!);
  await h.dispatcher({ retryScheduleMs: [0, 50, 50, 50] });
  await writeUsers(h.db, 1);
  await rx.waitFor((r) => r.length === 2);
  await waitUntil(async () => (await attemptsOf(h, subscription.id)).length === 2 && (await attemptsOf(h, subscription.id))[1]!.outcome !== null);
  const [first, second] = rx.received;
  t.equal(first!.headers['webhook-id'], second!.headers['webhook-id'], 'the same webhook-id on the retry');
  t.ok(second!.at - first!.at >= 2000, `the retry waited for Retry-After (2 s, not the scheduled 50 ms): ${second!.at - first!.at} ms`);
  t.same(second!.verifiedBy, [0], 'the retry is signed afresh');
  t.match(await attemptsOf(h, subscription.id), [
    { attempt: 1, status_code: 503, outcome: 'retry', trigger: 'scheduled' },
    { attempt: 2, status_code: 200, outcome: 'succeeded', status: 'succeeded' },
  ]);
  t.equal((await getSubscription(h.db, subscription.id))!.failingSince, null, 'a success clears the failure run');
});

t.test('Slack: 429 pauses the endpoint for Retry-After; one message at a time, at most one per second', async (t) => {
  const h = await webhookDb(t);
  const rx = await startReceiver(t, { responder: ({ n }) => (n === 1 ? slack.rateLimited(2) : slack.ok()) });
  const { subscription } = await h.subscribe({ kind: 'slack', url: rx.url });
  await h.dispatcher({ retryScheduleMs: [0, 50, 50] });
  await writeUsers(h.db, 3);
  await rx.waitFor((r) => r.filter((x) => x.status === 200).length === 3);
  const at = rx.received.map((r) => r.at);
  for (let i = 1; i < at.length; i++) t.ok(at[i]! - at[i - 1]! >= 950, `request ${i + 1} came ${at[i]! - at[i - 1]!} ms after the previous one (Slack: 1 per second)`);
  t.ok(at[2]! - at[1]! >= 2000, 'after the 429 the endpoint waited for Retry-After');
  t.match(rx.received[0]!.json, { text: /provisioned/, blocks: [{ type: 'section' }, { type: 'context' }] });
  await waitUntil(async () => (await attemptsOf(h, subscription.id)).every((a) => a.outcome !== null), 10_000, 'results recorded');
  const attempts = await attemptsOf(h, subscription.id);
  t.equal(attempts.filter((a) => a.status_code === 429).length, 1);
  t.ok(attempts.every((a) => a.status === 'succeeded'), 'every message got through');
});

t.test('410 and Slack\'s permanent errors disable the subscription at once (audited); the delivery is a dead letter', async (t) => {
  const h = await webhookDb(t);
  const gone = await startReceiver(t, { responder: () => ({ status: 410, body: 'gone' }) });
  const removed = await startReceiver(t, { responder: () => slack.noService() });
  const archived = await startReceiver(t, { responder: () => slack.archived() });
  const a = await h.subscribe({ kind: 'hmac', url: gone.url });
  const b = await h.subscribe({ kind: 'slack', url: removed.url });
  const c = await h.subscribe({ kind: 'slack', url: archived.url });
  const dispatcher = await h.dispatcher();
  await writeUsers(h.db, 1);
  for (const s of [a, b, c]) await waitUntil(async () => !(await getSubscription(h.db, s.subscription.id))!.enabled, 15_000, 'disabled');
  t.match(await getSubscription(h.db, a.subscription.id), { enabled: false, disabledReason: /410 Gone/, failedDeliveries: 1 });
  t.match(await getSubscription(h.db, b.subscription.id), { enabled: false, disabledReason: /no_service/ });
  t.match(await getSubscription(h.db, c.subscription.id), { enabled: false, disabledReason: /channel_is_archived/ });
  t.equal(gone.received.length, 1, 'no retry after 410');
  const audit = await h.db.selectFrom('audit_events').select(['action', 'source', 'resource_id']).where('action', '=', 'webhook.disabled').execute();
  t.equal(audit.length, 3);
  t.ok(audit.every((x) => x.source === 'system'));
  await writeUsers(h.db, 2);
  // Routing happens in the batch's transaction: once the dispatcher has consumed the two new
  // events, any delivery for them would exist.
  await waitUntil(() => dispatcher.stats.events >= 3, 15_000, 'the new events consumed');
  for (const s of [a, b, c]) {
    const { rows } = await h.pool.query('SELECT count(*)::int AS n FROM webhook_delivery_events WHERE subscription_id = $1', [s.subscription.id]);
    t.equal(rows[0].n, 1, 'a disabled subscription is routed nothing new');
  }
  t.equal(gone.received.length, 1, 'and receives nothing new');
});

t.test('exhausted retries become a dead letter; replay sends it again with the same webhook id', async (t) => {
  const h = await webhookDb(t);
  let healthy = false;
  const rx = await startReceiver(t, { responder: () => (healthy ? { status: 204 } : { status: 500, body: 'boom' }) });
  const { subscription, secret } = await h.subscribe({ kind: 'hmac', url: rx.url });
  rx.secrets.push(secret!);
  await h.dispatcher({ retryScheduleMs: [0, 50, 50] });
  await writeUsers(h.db, 1);
  await waitUntil(async () => (await getSubscription(h.db, subscription.id))!.failedDeliveries === 1, 15_000, 'a dead letter');
  t.equal(rx.received.length, 3, 'the whole (test) schedule was used');
  const attempts = await attemptsOf(h, subscription.id);
  t.match(attempts.map((a) => a.outcome), ['retry', 'retry', 'failed']);
  t.match(attempts[2]!.error, /HTTP 500 boom; gave up after 3 attempts/);
  t.ok((await getSubscription(h.db, subscription.id))!.failingSince, 'the failure run is on record');

  healthy = true;
  await replayDelivery(h.db, CLI, attempts[0]!.id);
  await rx.waitFor((r) => r.length === 4);
  await waitUntil(async () => (await attemptsOf(h, subscription.id)).at(-1)!.outcome === 'succeeded');
  t.equal(rx.received[3]!.headers['webhook-id'], rx.received[0]!.headers['webhook-id'], 'the replay keeps the webhook id');
  t.same(rx.received[3]!.verifiedBy, [0]);
  t.match((await attemptsOf(h, subscription.id)).at(-1), { attempt: 4, trigger: 'manual', outcome: 'succeeded', status: 'succeeded' });
  t.equal((await getSubscription(h.db, subscription.id))!.failingSince, null);
});

t.test('sustained failure disables the subscription; a message Slack refuses is dead at once', async (t) => {
  const h = await webhookDb(t);
  const down = await startReceiver(t, { responder: () => ({ status: 502 }) });
  const picky = await startReceiver(t, { responder: () => slack.invalidPayload() });
  const a = await h.subscribe({ kind: 'hmac', url: down.url });
  const b = await h.subscribe({ kind: 'slack', url: picky.url });
  // The failure run started long ago: the next failure crosses the (5-day) threshold.
  await sql`UPDATE webhook_subscriptions SET failing_since = now() - interval '121 hours' WHERE id = ${a.subscription.id}`.execute(h.db);
  await h.dispatcher({ retryScheduleMs: [0, 5000, 5000] });
  await writeUsers(h.db, 1);
  await waitUntil(async () => !(await getSubscription(h.db, a.subscription.id))!.enabled, 15_000, 'auto-disabled');
  t.match(await getSubscription(h.db, a.subscription.id), { disabledReason: /every attempt failed for 120 hours/ });
  await waitUntil(async () => (await getSubscription(h.db, b.subscription.id))!.failedDeliveries === 1, 15_000, 'dead letter');
  t.equal(picky.received.length, 1, 'invalid_payload is not retried');
  t.match(await getSubscription(h.db, b.subscription.id), { enabled: true, disabledReason: null });
});

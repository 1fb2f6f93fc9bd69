import t from 'tap';
import { COALESCE_DEFAULTS } from '../src/coalesce.js';
import { startReceiver } from './helpers/receivers.js';
import { accounting, waitUntil, webhookDb, writeUsers } from './helpers/setup.js';

// Every event a single delivery: the most deliveries to share out.
const NO_FOLDING = { hmac: { ...COALESCE_DEFAULTS.hmac, burst: 100_000 }, slack: COALESCE_DEFAULTS.slack };

t.test('two dispatchers at once share the work and deliver nothing twice', async (t) => {
  const h = await webhookDb(t);
  const second = h.connect();
  const receivers = await Promise.all([0, 1, 2].map(() => startReceiver(t)));
  const subs = [];
  for (const rx of receivers) subs.push(await h.subscribe({ kind: 'hmac', url: rx.url }));
  const a = await h.dispatcher({ coalesce: NO_FOLDING });
  const b = await h.dispatcher({ coalesce: NO_FOLDING }, second.pool, second.db);
  const ids = await writeUsers(h.db, 150, { perTx: 5 });
  for (const rx of receivers) await rx.waitFor((r) => r.length >= ids.length, 60_000);
  await waitUntil(() => a.worker!.stats.inFlight + b.worker!.stats.inFlight === 0);
  for (const [i, rx] of receivers.entries()) {
    const webhookIds = rx.received.map((r) => r.headers['webhook-id']);
    t.equal(new Set(webhookIds).size, webhookIds.length, `subscription ${i}: no webhook-id received twice`);
    const resources = rx.received.map((r) => r.json.data.resource_id);
    t.same(new Set(resources), new Set(ids), `subscription ${i}: every event, once`);
    t.match(await accounting(h.db, subs[i]!.subscription.id), { routed: 150, distinct_events: 150, counted: 150, mismatched: 0 });
  }
  t.ok(a.worker!.stats.attempts > 0 && b.worker!.stats.attempts > 0, `both dispatchers sent (${a.worker!.stats.attempts} + ${b.worker!.stats.attempts})`);
  t.equal(a.worker!.stats.attempts + b.worker!.stats.attempts, 450, 'one attempt per delivery in all');
});

t.test('a hanging endpoint does not hold back another subscription', async (t) => {
  const h = await webhookDb(t);
  const hanging = await startReceiver(t, { responder: () => 'hang' });
  const healthy = await startReceiver(t);
  const stuck = await h.subscribe({ kind: 'hmac', url: hanging.url });
  await h.subscribe({ kind: 'hmac', url: healthy.url });
  await h.dispatcher({ coalesce: NO_FOLDING, timeoutMs: 60_000 });
  for (let i = 1; i <= 8; i++) {
    await writeUsers(h.db, 1);
    await healthy.waitFor((r) => r.length === i);
  }
  t.ok(hanging.hanging >= 1, `the hanging endpoint holds ${hanging.hanging} request(s) open`);
  const finished = await h.db
    .selectFrom('webhook_attempts as a')
    .innerJoin('webhook_deliveries as d', 'd.id', 'a.delivery_id')
    .select('a.id')
    .where('d.subscription_id', '=', stuck.subscription.id)
    .where('a.outcome', 'is not', null)
    .execute();
  t.equal(finished.length, 0, 'not one of its attempts has ended, yet the healthy subscription got all 8 events');
  t.ok(hanging.hanging <= 4, 'at most 4 requests in flight per endpoint');
  hanging.release();
});

import t from 'tap';
import { Registry } from 'prom-client';
import { createKeyRing } from '@scim/db';
import { buildTestApp } from '../../../test/helpers/app.js';
import { newUser, scimClient } from '../../../test/helpers/scim.js';
import { createDispatcher } from '../src/dispatcher.js';
import { createSubscription } from '../src/subscriptions.js';
import { startReceiver } from './helpers/receivers.js';
import { CLI, FAST, accounting, log, waitUntil } from './helpers/setup.js';

const USERS = 2000;
const CONCURRENCY = 32;

t.test(`a ${USERS}-user push through the SCIM API at concurrency ${CONCURRENCY} folds into at most 16 deliveries per subscription`, async (t) => {
  const { app, db, token } = await buildTestApp(t);
  const keyRing = createKeyRing(Buffer.alloc(32, 7).toString('base64'));
  const store = { db: db.db, keyRing, guard: { allowPrivateNetworks: true } };
  const slackRx = await startReceiver(t);
  const hmacRx = await startReceiver(t);
  const { authorization, connectionId } = await token({ connection: 'Okta' });
  const slackSub = await createSubscription(store, CLI, { kind: 'slack', url: slackRx.url, events: ['user.*'] });
  const hmacSub = await createSubscription(store, CLI, { kind: 'hmac', url: hmacRx.url, connection: connectionId });
  hmacRx.secrets.push(hmacSub.secret!);
  const dispatcher = createDispatcher({ pool: db.pool, db: db.db, log, pollIntervalMs: 100, webhooks: { keyRing, allowPrivateNetworks: true, ...FAST, registry: new Registry(), consoleBase: 'https://scim.test' } });
  await dispatcher.start();
  t.teardown(() => dispatcher.stop());

  const scim = scimClient(app, authorization);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < USERS; i = next++) {
        const res = await scim.post('/Users', newUser(`push-${i}@example.com`, { displayName: `Push User ${i}` }));
        if (res.statusCode !== 201) throw new Error(`POST /Users: ${res.statusCode} ${res.body}`);
      }
    }),
  );
  const events = (await db.db.selectFrom('outbox_events').select('event_id').where('type', '=', 'user.created').execute()).map((r) => r.event_id);
  t.equal(events.length, USERS);

  for (const s of [slackSub, hmacSub]) {
    await waitUntil(async () => {
      const a = await accounting(db.db, s.subscription.id);
      const left = await db.db.selectFrom('webhook_deliveries').select('id').where('subscription_id', '=', s.subscription.id).where('status', '<>', 'succeeded').execute();
      return a.routed === USERS && left.length === 0;
    }, 120_000, `the ${s.subscription.kind} subscription drained`);
    t.match(await accounting(db.db, s.subscription.id), { routed: USERS, distinct_events: USERS, counted: USERS, mismatched: 0 }, `${s.subscription.kind}: every event accounted for exactly once`);
    const deliveries = await db.db.selectFrom('webhook_deliveries').select(['kind', 'event_count', 'created_at']).where('subscription_id', '=', s.subscription.id).orderBy('created_at').execute();
    t.ok(deliveries.length <= 16, `${s.subscription.kind}: ${deliveries.length} deliveries (${deliveries.filter((d) => d.kind === 'single').length} singles, summaries of ${deliveries.filter((d) => d.kind === 'summary').map((d) => d.event_count).join(', ')})`);
    const first = await db.db
      .selectFrom('outbox_events as o')
      .innerJoin('webhook_delivery_events as e', (j) => j.onRef('e.event_id', '=', 'o.event_id').on('e.subscription_id', '=', s.subscription.id))
      .innerJoin('webhook_deliveries as d', 'd.id', 'e.delivery_id')
      .select('d.kind')
      .orderBy('o.txid')
      .orderBy('o.id')
      .executeTakeFirstOrThrow();
    t.equal(first.kind, 'single', `${s.subscription.kind}: the first event of the burst went out on its own`);
    t.ok(deliveries.some((d) => d.kind === 'summary'), `${s.subscription.kind}: the burst was summarised`);
  }

  const covered = hmacRx.received.flatMap((r) => (r.json.type === 'provisioning.summary' ? r.json.data.event_ids : [r.json.data.event_id]));
  t.equal(covered.length, USERS, 'the signed receiver saw each event once');
  t.same(new Set(covered), new Set(events));
  t.ok(hmacRx.received.every((r) => r.verifiedBy.length === 1), 'every request verified');
  const summary = hmacRx.received.find((r) => r.json.type === 'provisioning.summary')!.json.data;
  t.same(summary.connections, ['Okta']);
  t.same(Object.keys(summary.counts_by_type), ['user.created']);

  const texts = slackRx.received.map((r) => r.json.text as string);
  t.match(texts[0], /^Okta provisioned push-\d+@example\.com/, 'Slack: the first one by name');
  const folded = texts.filter((x) => /provisioned [\d,]+ users/.test(x));
  t.ok(folded.length > 0, 'Slack: summaries read "Okta provisioned N users"');
  t.match(folded[0], /^Okta provisioned [\d,]+ users · \d\d:\d\d:\d\d(–\d\d:\d\d:\d\d)? UTC$/);
  const blocks = JSON.stringify(slackRx.received.find((r) => /provisioned [\d,]+ users/.test(r.json.text))!.json.blocks);
  t.match(blocks, /<https:\/\/scim\.test\/audit\?from=[^|]+connectionId=[0-9a-f-]{36}\|View in audit log>/, 'Slack: a link to the console audit view');
  t.match(blocks, /push-\d+@example\.com, .* and [\d,]+ more/, 'Slack: a few names');
});

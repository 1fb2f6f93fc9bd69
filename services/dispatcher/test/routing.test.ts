import t from 'tap';
import { sql } from 'kysely';
import { startReceiver } from './helpers/receivers.js';
import { accounting, waitUntil, webhookDb, writeUsers } from './helpers/setup.js';

t.test('routine events go out one by one, signed, with the event id and the outbox data', async (t) => {
  const h = await webhookDb(t);
  await t.rejects(h.subscribe({ kind: 'hmac', url: 'http://placeholder.invalid' }), { code: 'unsafe_url' }, 'a name that does not resolve is refused at subscribe time');
  const rx = await startReceiver(t);
  const created = await h.subscribe({ kind: 'hmac', url: rx.url, events: ['user.*'] });
  rx.secrets.push(created.secret!);
  t.match(created.secret, /^whsec_[A-Za-z0-9+/]{43}=$/, 'a Standard Webhooks secret: whsec_ + base64 of 32 bytes');
  await h.dispatcher();

  for (let i = 0; i < 3; i++) {
    const [id] = await writeUsers(h.db, 1);
    await rx.waitFor((r) => r.length === i + 1);
    const got = rx.received[i]!;
    t.same(got.verifiedBy, [0], 'the signature verifies with standardwebhooks');
    t.equal(got.json.type, 'user.created');
    t.equal(got.json.data.resource_id, id);
    t.equal(got.json.data.resource.id, id, 'data carries the outbox event data (resource, changedFields)');
    t.same(got.json.data.changedFields, []);
    const row = await h.db.selectFrom('outbox_events').select('event_id').where('resource_id', '=', id!).executeTakeFirstOrThrow();
    t.equal(got.json.data.event_id, row.event_id);
    t.match(got.headers['webhook-id'], /^msg_[0-9a-f]{32}$/);
    t.ok(Math.abs(Number(got.headers['webhook-timestamp']) - Date.now() / 1000) < 300, 'a current timestamp');
  }
  await waitUntil(async () => (await h.db.selectFrom('webhook_deliveries').select('id').where('status', '=', 'succeeded').execute()).length === 3, 10_000, 'results recorded');
  const deliveries = await h.db.selectFrom('webhook_deliveries').select(['kind', 'status', 'webhook_id']).execute();
  t.same(deliveries.map((d) => [d.kind, d.status]), [['single', 'succeeded'], ['single', 'succeeded'], ['single', 'succeeded']]);
  t.same(new Set(deliveries.map((d) => d.webhook_id)), new Set(rx.received.map((r) => r.headers['webhook-id'])));
  t.match(await accounting(h.db, created.subscription.id), { routed: 3, distinct_events: 3, counted: 3, mismatched: 0 });
});

t.test('patterns and the connection restriction decide which subscriptions get an event', async (t) => {
  const h = await webhookDb(t);
  const [okta, entra] = await h.db.insertInto('idp_connections').values([{ name: 'Okta' }, { name: 'Entra' }]).returning('id').execute();
  const rxAll = await startReceiver(t);
  const rxGroups = await startReceiver(t);
  const rxOkta = await startReceiver(t);
  const all = await h.subscribe({ kind: 'hmac', url: rxAll.url });
  await h.subscribe({ kind: 'hmac', url: rxGroups.url, events: ['group.*'] });
  const onlyOkta = await h.subscribe({ kind: 'hmac', url: rxOkta.url, events: ['user.created'], connection: 'okta' });
  t.equal(onlyOkta.subscription.connectionName, 'Okta', 'a connection is named case-insensitively');
  await h.dispatcher();
  await writeUsers(h.db, 1, { actor: { source: 'scim', connectionId: okta!.id } });
  await writeUsers(h.db, 1, { actor: { source: 'scim', connectionId: entra!.id } });
  await writeUsers(h.db, 1, { actor: { source: 'admin' } });
  await rxAll.waitFor((r) => r.length === 3);
  await rxOkta.waitFor((r) => r.length === 1);
  t.equal(rxOkta.received[0]!.json.data.connection, 'Okta', 'the connection name travels with the event');
  t.equal(rxGroups.received.length, 0, 'group.* matches no user event');
  t.match(await accounting(h.db, all.subscription.id), { routed: 3, counted: 3 });
});

t.test('a new subscription gets the changes made after it, not the backlog before it', async (t) => {
  const h = await webhookDb(t);
  const rx = await startReceiver(t);
  await writeUsers(h.db, 1);
  const { subscription } = await h.subscribe({ kind: 'hmac', url: rx.url });
  await h.dispatcher();
  const [after] = await writeUsers(h.db, 1);
  await rx.waitFor((r) => r.length >= 1);
  await waitUntil(async () => (await accounting(h.db, subscription.id)).routed >= 1, 10_000, 'routed');
  t.same(rx.received.map((r) => r.json.data.resource_id), [after], 'only the change made after subscribing');
  t.match(await accounting(h.db, subscription.id), { routed: 1, counted: 1 });
});

t.test('a burst folds into summaries that account for every event exactly once', async (t) => {
  const h = await webhookDb(t);
  const rx = await startReceiver(t);
  const { subscription, secret } = await h.subscribe({ kind: 'hmac', url: rx.url });
  rx.secrets.push(secret!);
  await h.dispatcher();
  const ids = await writeUsers(h.db, 300, { perTx: 20 });
  const eventIds = (await h.db.selectFrom('outbox_events').select('event_id').execute()).map((r) => r.event_id);
  await rx.waitFor((r) => r.reduce((n, x) => n + (x.json.type === 'provisioning.summary' ? x.json.data.count : 1), 0) >= ids.length);
  const singles = rx.received.filter((r) => r.json.type === 'user.created');
  const summaries = rx.received.filter((r) => r.json.type === 'provisioning.summary');
  t.ok(singles.length >= 1 && singles.length <= 5, `the first events go out singly (${singles.length})`);
  t.ok(summaries.length >= 1, `the rest is summarised (${summaries.length} summaries)`);
  t.ok(rx.received.every((r) => r.verifiedBy.length === 1), 'every request verifies');
  const covered = [...singles.map((s) => s.json.data.event_id), ...summaries.flatMap((s) => s.json.data.event_ids)];
  t.equal(covered.length, eventIds.length, 'no event twice');
  t.same(new Set(covered), new Set(eventIds), 'no event missing');
  const s = summaries[0]!.json.data;
  t.equal(s.count, s.event_ids.length);
  t.same(Object.values(s.counts_by_type).reduce((a: number, b) => a + (b as number), 0), s.count);
  t.ok(s.sample.length > 0 && s.sample.length <= 10 && s.sample[0].name, 'a few named samples');
  t.ok(s.first_occurred_at <= s.last_occurred_at);
  t.match(await accounting(h.db, subscription.id), { routed: 300, distinct_events: 300, counted: 300, mismatched: 0 });

  // The schema refuses a second accounting of an event for the same subscription.
  const d = await h.db.selectFrom('webhook_deliveries').select('id').where('kind', '=', 'summary').executeTakeFirstOrThrow();
  const e = await h.db.selectFrom('webhook_delivery_events').selectAll().where('delivery_id', '<>', d.id).executeTakeFirstOrThrow();
  await t.rejects(
    sql`INSERT INTO webhook_delivery_events (subscription_id, event_id, delivery_id, event_type, occurred_at, actor_source, resource_type, resource_id)
        VALUES (${subscription.id}, ${e.event_id}, ${d.id}, 'user.created', now(), 'system', 'User', 'x')`.execute(h.db),
    { code: '23505' },
    'the (subscription, event) primary key',
  );
});

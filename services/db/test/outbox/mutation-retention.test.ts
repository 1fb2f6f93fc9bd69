// Retention and lag (outbox/retention.ts; docs/outbox.md): the exact lag report per consumer,
// the purge horizon as the minimum cursor compared as (txid, id), the batch accounting, and
// which consumers a lag override leaves out.
import { sql } from 'kysely';
import t from 'tap';
import { ack, consumerLag, purgeOutbox, readAfter, registerConsumer } from '@scim/db';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { settle, write } from './write-events.js';

const HOUR = 3_600_000;
type Db = Parameters<typeof write>[0];

async function age(db: Db, hours: number) {
  await sql`UPDATE outbox_events SET occurred_at = now() - ${hours} * interval '1 hour'`.execute(db);
}
const remaining = async (db: Db) => (await db.selectFrom('outbox_events').select('resource_id').orderBy('txid').orderBy('id').execute()).map((r) => r.resource_id);

t.test('consumerLag reports each consumer exactly, in name order', async (t) => {
  const { db } = await createTestDatabase(t);
  t.strictSame(await consumerLag(db), [], 'no consumers');
  await registerConsumer(db, 'zeta');
  await registerConsumer(db, 'alpha');
  await write(db, 'e1', 'e2', 'e3');
  await settle(db);
  await sql`UPDATE outbox_events SET occurred_at = now() - interval '2 hours'`.execute(db);
  const events = await readAfter(db, '0:0', 10);
  await ack(db, 'zeta', events[0]!.position);
  const rows = await db.selectFrom('outbox_consumers').selectAll().orderBy('name').execute();
  const occurred = await db.selectFrom('outbox_events').select('occurred_at').orderBy('id').execute();

  const lag = await consumerLag(db);
  t.strictSame(lag.map((l) => l.name), ['alpha', 'zeta']);
  const [alpha, zeta] = lag;
  t.strictSame({ ...alpha, lagSeconds: 0 }, {
    name: 'alpha',
    position: '0:0',
    pendingEvents: 3,
    oldestPendingAt: (occurred[0]!.occurred_at as Date).toISOString(),
    lagSeconds: 0,
    updatedAt: (rows[0]!.updated_at as Date).toISOString(),
  });
  t.strictSame({ ...zeta, lagSeconds: 0 }, {
    name: 'zeta',
    position: events[0]!.position,
    pendingEvents: 2,
    oldestPendingAt: (occurred[1]!.occurred_at as Date).toISOString(),
    lagSeconds: 0,
    updatedAt: (rows[1]!.updated_at as Date).toISOString(),
  });
  for (const l of [alpha!, zeta!]) t.ok(l.lagSeconds >= 7200 && l.lagSeconds < 7200 + 600, `${l.name}: about two hours behind (${l.lagSeconds})`);
  t.type(alpha!.pendingEvents, 'number');

  // Caught up: no pending event, no age. An event stamped in the future is not negative lag.
  await ack(db, 'alpha', events[2]!.position);
  await sql`UPDATE outbox_events SET occurred_at = now() + interval '1 hour'`.execute(db);
  const after = await consumerLag(db);
  t.match(after[0], { name: 'alpha', position: events[2]!.position, pendingEvents: 0, oldestPendingAt: null, lagSeconds: 0 });
  t.match(after[1], { name: 'zeta', pendingEvents: 2, lagSeconds: 0 });
});

t.test('the purge horizon is the smallest cursor, compared as (txid, id)', async (t) => {
  const { db } = await createTestDatabase(t);
  // Cursors set by hand; no event is old enough to go, so only the horizon is computed.
  const horizonOf = async (cursors: Record<string, string>) => {
    await db.deleteFrom('outbox_consumers').execute();
    for (const [name, position] of Object.entries(cursors)) {
      await registerConsumer(db, name);
      if (position !== '0:0') await ack(db, name, position);
    }
    return (await purgeOutbox(db, { olderThanMs: HOUR })).horizon;
  };
  t.equal(await horizonOf({}), null, 'no consumer, no horizon');
  t.equal(await horizonOf({ a: '10:5' }), '10:5');
  t.equal(await horizonOf({ a: '10:5', b: '10:3' }), '10:3', 'same txid: the lower id');
  t.equal(await horizonOf({ a: '10:3', b: '10:5' }), '10:3');
  t.equal(await horizonOf({ a: '10:5', b: '9:100' }), '9:100', 'the lower txid, whatever its id');
  t.equal(await horizonOf({ a: '9:100', b: '10:5' }), '9:100');
  t.equal(await horizonOf({ a: '11:1', b: '10:7', c: '10:2', d: '12:0' }), '10:2');
  t.equal(await horizonOf({ a: '10:2', b: '10:2' }), '10:2');
});

t.test('purge: batches, the age bound, the horizon bound, no consumers', async (t) => {
  const { db } = await createTestDatabase(t);
  await write(db, 'e1', 'e2', 'e3', 'e4');
  await age(db, 10);
  await write(db, 'young');
  await settle(db);
  // No consumer registered: the age alone decides.
  t.strictSame(await purgeOutbox(db, { olderThanMs: 11 * HOUR }), { deleted: 0, batches: 0, horizon: null, ignored: [] }, 'nothing older than 11 hours');
  t.strictSame(await purgeOutbox(db, { olderThanMs: 9 * HOUR, batchSize: 2 }), { deleted: 4, batches: 2, horizon: null, ignored: [] }, 'two full batches, then an empty DELETE');
  t.strictSame(await remaining(db), ['young']);

  await write(db, 'f1', 'f2', 'f3');
  await age(db, 10);
  await settle(db);
  t.strictSame(await purgeOutbox(db, { olderThanMs: 9 * HOUR, batchSize: 2 }), { deleted: 4, batches: 2, horizon: null, ignored: [] }, 'a short batch ends the purge');
  t.strictSame(await remaining(db), []);

  // Default batch size: 1000 rows per DELETE.
  await db.transaction().execute(async (trx) => {
    await sql`INSERT INTO outbox_events (event_id, type, schema_version, resource_type, resource_id, payload, actor, occurred_at)
      SELECT gen_random_uuid(), 'user.created', 1, 'User', 'bulk-' || i, '{}'::jsonb, '{}'::jsonb, now() - interval '10 hours'
        FROM generate_series(1, 1001) AS i`.execute(trx);
  });
  await settle(db);
  t.strictSame(await purgeOutbox(db, { olderThanMs: 9 * HOUR }), { deleted: 1001, batches: 2, horizon: null, ignored: [] });

  // A registered consumer bounds the purge at its cursor, inclusive.
  await write(db, 'g1', 'g2', 'g3');
  await age(db, 10);
  await settle(db);
  await registerConsumer(db, 'c');
  const events = await readAfter(db, '0:0', 10);
  await ack(db, 'c', events[1]!.position);
  t.strictSame(await purgeOutbox(db, { olderThanMs: 9 * HOUR }), { deleted: 2, batches: 1, horizon: events[1]!.position, ignored: [] });
  t.strictSame(await remaining(db), ['g3']);
});

t.test('ignoreConsumersLaggingMoreThanMs: measured in milliseconds against each consumer\'s lag', async (t) => {
  const { db } = await createTestDatabase(t);
  await registerConsumer(db, 'behind');
  await registerConsumer(db, 'current');
  await write(db, 'old1', 'old2');
  await age(db, 10);
  await settle(db);
  const events = await readAfter(db, '0:0', 10);
  await ack(db, 'current', events[1]!.position);
  // 'behind' is 10 hours behind: an 11-hour override keeps it, a 9-hour one leaves it out.
  t.strictSame(await purgeOutbox(db, { olderThanMs: HOUR, ignoreConsumersLaggingMoreThanMs: 11 * HOUR }), { deleted: 0, batches: 0, horizon: '0:0', ignored: [] });
  t.strictSame(await purgeOutbox(db, { olderThanMs: HOUR, ignoreConsumersLaggingMoreThanMs: 9 * HOUR }), { deleted: 2, batches: 1, horizon: events[1]!.position, ignored: ['behind'] });
  t.strictSame(await remaining(db), []);
});

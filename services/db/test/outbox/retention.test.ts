import { sql } from 'kysely';
import t from 'tap';
import { ack, consumerLag, purgeOutbox, readBatch, registerConsumer, unregisterConsumer } from '@scim/db';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { settle, write } from './write-events.js';

const HOUR = 3_600_000;

async function age(db: Parameters<typeof write>[0], hours: number) {
  await sql`UPDATE outbox_events SET occurred_at = now() - ${hours} * interval '1 hour'`.execute(db);
}
const remaining = async (db: Parameters<typeof write>[0]) =>
  (await db.selectFrom('outbox_events').select('resource_id').orderBy('txid').orderBy('id').execute()).map((r) => r.resource_id);

t.test('purge deletes only what every cursor has passed and what is old enough', async (t) => {
  const { db } = await createTestDatabase(t);
  await registerConsumer(db, 'fast');
  await registerConsumer(db, 'slow');
  await write(db, 'e1', 'e2', 'e3', 'e4', 'e5');
  await age(db, 200);
  await settle(db);
  const fast = await readBatch(db, 'fast', 10);
  await ack(db, 'fast', fast.at(-1)!.position);
  const slow = await readBatch(db, 'slow', 2);
  await ack(db, 'slow', slow.at(-1)!.position);

  t.match(await purgeOutbox(db, { olderThanMs: 500 * HOUR }), { deleted: 0 }, 'too young');
  const r = await purgeOutbox(db, { olderThanMs: 168 * HOUR, batchSize: 1 });
  t.match(r, { deleted: 2, batches: 2, horizon: slow.at(-1)!.position, ignored: [] });
  t.same(await remaining(db), ['e3', 'e4', 'e5'], 'the slow consumer keeps what it has not acked');
  t.same((await readBatch(db, 'slow', 10)).map((e) => e.resourceId), ['e3', 'e4', 'e5']);

  const lag = await consumerLag(db);
  t.match(lag, [
    { name: 'fast', pendingEvents: 0, lagSeconds: 0, oldestPendingAt: null },
    { name: 'slow', pendingEvents: 3, oldestPendingAt: String },
  ]);
  t.ok(lag[1]!.lagSeconds > 199 * 3600, 'lag is the age of the oldest pending event');

  // An explicit override lets a consumer that is far behind lose events to the purge.
  t.match(await purgeOutbox(db, { olderThanMs: 168 * HOUR, ignoreConsumersLaggingMoreThanMs: 300 * HOUR }), { deleted: 0, ignored: [] });
  t.match(await purgeOutbox(db, { olderThanMs: 168 * HOUR, ignoreConsumersLaggingMoreThanMs: 24 * HOUR }), { deleted: 3, ignored: ['slow'] });
  t.same(await readBatch(db, 'slow', 10), [], 'the lagging consumer continues after the gap');
});

t.test('young events stay even when every consumer acked them; unregistering releases a cursor', async (t) => {
  const { db } = await createTestDatabase(t);
  await registerConsumer(db, 'c');
  await registerConsumer(db, 'abandoned');
  await write(db, 'old');
  await age(db, 200);
  await write(db, 'new');
  await settle(db);
  const all = await readBatch(db, 'c', 10);
  await ack(db, 'c', all.at(-1)!.position);
  t.match(await purgeOutbox(db, { olderThanMs: 168 * HOUR }), { deleted: 0, horizon: '0:0' });
  t.equal(await unregisterConsumer(db, 'abandoned'), true);
  t.match(await purgeOutbox(db, { olderThanMs: 168 * HOUR }), { deleted: 1 });
  t.same(await remaining(db), ['new']);
});

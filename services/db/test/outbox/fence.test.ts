import t from 'tap';
import { ack, consumeBatch, readBatch, registerConsumer, consumerPosition } from '@scim/db';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { openTransaction, settle, write, writeInTx } from './write-events.js';

const ids = (events: { resourceId: string }[]) => events.map((e) => e.resourceId);

t.test('a late-committing transaction is never skipped', async (t) => {
  const { db } = await createTestDatabase(t);
  await registerConsumer(db, 'main-app');
  await write(db, 'before');
  await settle(db);
  t.same(ids(await readBatch(db, 'main-app', 100)), ['before']);

  const late = openTransaction(db);
  await writeInTx(await late.trx, ['late-a1', 'late-a2']); // gets the lower txid and the lower ids
  await write(db, 'early-b'); // commits first

  // B is committed, but A's lower txid is still running: the fence holds B back.
  const page = await readBatch(db, 'main-app', 100);
  t.same(ids(page), ['before'], 'nothing past the running transaction is visible');
  await ack(db, 'main-app', page.at(-1)!.position);
  t.same(await readBatch(db, 'main-app', 100), []);

  await late.commit();
  await settle(db);
  const after = await readBatch(db, 'main-app', 100);
  t.same(ids(after), ['late-a1', 'late-a2', 'early-b'], 'A first (lower txid), in insert order, then B');
  const [a1, , b] = after;
  t.ok(BigInt(a1!.position.split(':')[0]!) < BigInt(b!.position.split(':')[0]!));
});

t.test('a crash between read and ack redelivers; a thrown handler rolls the ack back', async (t) => {
  const { db } = await createTestDatabase(t);
  await registerConsumer(db, 'c');
  await write(db, 'e1', 'e2');
  await settle(db);
  const first = await readBatch(db, 'c', 10);
  // "crash": nothing acked
  t.same(ids(await readBatch(db, 'c', 10)), ids(first), 'redelivered as is');
  t.equal((await readBatch(db, 'c', 10))[0]!.id, first[0]!.id, 'with the same stable event id');

  await t.rejects(
    consumeBatch(db, 'c', 10, async () => {
      throw new Error('handler crashed');
    }),
    /handler crashed/,
  );
  t.equal(await consumerPosition(db, 'c'), '0:0', 'cursor did not move');
  const seen: string[] = [];
  const r = await consumeBatch(db, 'c', 10, async (events) => void seen.push(...ids(events)));
  t.same(seen, ['e1', 'e2']);
  t.match(r, { status: 'done', count: 2 });
  t.same(await readBatch(db, 'c', 10), []);
});

t.test('two consumers progress independently', async (t) => {
  const { db } = await createTestDatabase(t);
  await registerConsumer(db, 'dispatcher');
  await registerConsumer(db, 'main-app');
  await write(db, 'a', 'b', 'c');
  await settle(db);
  const d = await readBatch(db, 'dispatcher', 2);
  await ack(db, 'dispatcher', d.at(-1)!.position);
  t.same(ids(await readBatch(db, 'dispatcher', 10)), ['c']);
  t.same(ids(await readBatch(db, 'main-app', 10)), ['a', 'b', 'c'], 'the other cursor has not moved');
  const m = await readBatch(db, 'main-app', 10);
  await ack(db, 'main-app', m.at(-1)!.position);
  t.same(await readBatch(db, 'main-app', 10), []);
  t.same(ids(await readBatch(db, 'dispatcher', 10)), ['c']);
});

t.test('ack is monotonic; registration is idempotent; from now skips the past', async (t) => {
  const { db } = await createTestDatabase(t);
  t.match(await registerConsumer(db, 'c'), { created: true, position: '0:0' });
  await write(db, 'x', 'y');
  await settle(db);
  const [x, y] = await readBatch(db, 'c', 10);
  t.equal(await ack(db, 'c', y!.position), true);
  t.equal(await ack(db, 'c', x!.position), false, 'an older position does not move the cursor back');
  t.equal(await consumerPosition(db, 'c'), y!.position);
  t.match(await registerConsumer(db, 'c', { from: 'now' }), { created: false, position: y!.position }, 'an existing cursor is kept');

  const late = openTransaction(db);
  await writeInTx(await late.trx, ['in-flight']);
  await registerConsumer(db, 'newcomer', { from: 'now' });
  await write(db, 'z');
  await late.commit();
  await settle(db);
  t.same(ids(await readBatch(db, 'newcomer', 10)), ['in-flight', 'z'], 'committed-before rows skipped, in-flight ones kept');

  await t.rejects(readBatch(db, 'nobody', 10), { name: 'OutboxConsumerError' });
  await t.rejects(ack(db, 'nobody', '1:1'), { name: 'OutboxConsumerError' });
  await t.rejects(ack(db, 'c', 'garbage'), { name: 'OutboxConsumerError' });
});

t.test('the cursor row lock makes a second reader of the same consumer stand by', async (t) => {
  const { db } = await createTestDatabase(t);
  await registerConsumer(db, 'c');
  await write(db, 'only');
  await settle(db);
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const inHandler = new Promise<void>((r) => (entered = r));
  const active = consumeBatch(db, 'c', 10, async () => {
    entered();
    await held;
  });
  await inHandler;
  t.same(await consumeBatch(db, 'c', 10, async () => void t.fail('must not run')), { status: 'standby' });
  release();
  t.match(await active, { status: 'done', count: 1 });
  t.match(await consumeBatch(db, 'c', 10, async () => void t.fail('nothing left')), { status: 'done', count: 0 });
});

// The consumer library's exact contract (outbox/consumer.ts; docs/outbox.md, "Ordering and
// delivery guarantees"): position syntax, the envelope built from a row, name limits, page
// sizes, what ack and consumeBatch return, and the errors they throw, value by value.
import { sql } from 'kysely';
import t from 'tap';
import { ack, consumeBatch, consumerPosition, OutboxConsumerError, parsePosition, readAfter, readBatch, registerConsumer, START_POSITION, unregisterConsumer } from '@scim/db';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { settle, write, writeInTx } from './write-events.js';

const ids = (events: { resourceId: string }[]) => events.map((e) => e.resourceId);

t.test('parsePosition: "<txid>:<id>", decimal, at most 20 and 19 digits', async (t) => {
  t.equal(START_POSITION, '0:0');
  t.strictSame(parsePosition('0:0'), { txid: '0', id: '0' });
  t.strictSame(parsePosition('1042:17'), { txid: '1042', id: '17' });
  t.strictSame(parsePosition(`${'9'.repeat(20)}:${'8'.repeat(19)}`), { txid: '9'.repeat(20), id: '8'.repeat(19) });
  for (const bad of ['', ':', '1:', ':1', '1', '1:2:3', ' 1:2', '1:2 ', 'x1:2', '1:2x', '-1:2', '1:-2', '1.5:2', `${'9'.repeat(21)}:1`, `1:${'9'.repeat(20)}`]) {
    t.throws(() => parsePosition(bad), { name: 'OutboxConsumerError', message: `invalid outbox position "${bad}" (expected "<txid>:<id>")` }, JSON.stringify(bad));
  }
  const err = new OutboxConsumerError('m');
  t.equal(err.name, 'OutboxConsumerError');
  t.ok(err instanceof Error);
});

t.test('registration: name limits, created or kept, unregister', async (t) => {
  const { db } = await createTestDatabase(t);
  const tooLong = 'n'.repeat(201);
  for (const name of ['', tooLong]) {
    await t.rejects(registerConsumer(db, name), { name: 'OutboxConsumerError', message: 'a consumer name is 1..200 characters' });
  }
  t.strictSame(await registerConsumer(db, 'n'.repeat(200)), { created: true, position: '0:0' });
  t.strictSame(await registerConsumer(db, 'c'), { created: true, position: '0:0' });
  t.strictSame(await registerConsumer(db, 'c'), { created: false, position: '0:0' });
  t.equal(await ack(db, 'c', '5:7'), true);
  t.strictSame(await registerConsumer(db, 'c', { from: 'beginning' }), { created: false, position: '5:7' }, 'an existing cursor is kept');
  t.equal(await consumerPosition(db, 'c'), '5:7');
  t.equal(await consumerPosition(db, 'nobody'), undefined);

  // from 'now': the cursor starts at the current fence, (xmin, 0).
  const { rows } = await sql<{ xmin: string }>`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`.execute(db);
  const now = await registerConsumer(db, 'late', { from: 'now' });
  t.equal(now.created, true);
  t.match(now.position, /^\d+:0$/);
  t.ok(BigInt(now.position.split(':')[0]!) >= BigInt(rows[0]!.xmin), `${now.position} is at or after the fence ${rows[0]!.xmin}`);

  t.equal(await unregisterConsumer(db, 'c'), true);
  t.equal(await unregisterConsumer(db, 'c'), false, 'already gone');
  t.equal(await consumerPosition(db, 'c'), undefined);
  t.strictSame(await registerConsumer(db, 'c'), { created: true, position: '0:0' }, 'registered anew from the beginning');
});

t.test('the envelope carries every column of the row', async (t) => {
  const { db } = await createTestDatabase(t);
  await registerConsumer(db, 'c');
  await write(db, 'u1');
  await settle(db);
  const row = await db.selectFrom('outbox_events').selectAll().executeTakeFirstOrThrow();
  const [event] = await readBatch(db, 'c', 10);
  t.strictSame(event, {
    id: row.event_id,
    position: `${row.txid}:${row.id}`,
    type: 'user.created',
    schemaVersion: 1,
    occurredAt: (row.occurred_at as Date).toISOString(),
    resourceType: 'User',
    resourceId: 'u1',
    actor: { source: 'system', connectionId: null, tokenId: null, adminId: null },
    requestId: 'test',
    data: row.payload,
  });
  t.equal((event!.data as { resource: { id: string } }).resource.id, 'u1');
});

t.test('page sizes, positions and errors of readAfter, readBatch, ack', async (t) => {
  const { db } = await createTestDatabase(t);
  await registerConsumer(db, 'c');
  await write(db, 'a', 'b', 'c', 'd');
  await settle(db);
  const all = await readAfter(db, '0:0', 100);
  t.strictSame(ids(all), ['a', 'b', 'c', 'd']);
  t.strictSame(ids(await readAfter(db, '0:0', 2.9)), ['a', 'b'], 'a fractional limit is floored');
  t.strictSame(ids(await readAfter(db, '0:0', 0)), ['a'], 'at least one row');
  t.strictSame(ids(await readAfter(db, '0:0', -5)), ['a']);
  t.strictSame(ids(await readAfter(db, all[1]!.position, 100)), ['c', 'd'], 'strictly after the position');
  const [txid, id] = all[1]!.position.split(':');
  t.strictSame(ids(await readAfter(db, `${txid}:${BigInt(id!) - 1n}`, 100)), ['b', 'c', 'd'], 'same txid, lower id: that row is next');
  t.strictSame(ids(await readAfter(db, `${BigInt(txid!) - 1n}:999999999`, 100)), ['a', 'b', 'c', 'd'], 'an earlier txid sorts first whatever its id');
  t.strictSame(await readAfter(db, all[3]!.position, 100), []);
  await t.rejects(readAfter(db, 'nope', 10), { name: 'OutboxConsumerError', message: 'invalid outbox position "nope" (expected "<txid>:<id>")' });

  await t.rejects(readBatch(db, 'ghost', 10), { name: 'OutboxConsumerError', message: 'outbox consumer "ghost" is not registered' });
  await t.rejects(ack(db, 'ghost', '1:1'), { name: 'OutboxConsumerError', message: 'outbox consumer "ghost" is not registered' });

  t.equal(await ack(db, 'c', all[1]!.position), true);
  t.equal(await ack(db, 'c', all[1]!.position), false, 'the same position again does not advance');
  t.equal(await ack(db, 'c', `${txid}:${BigInt(id!) - 1n}`), false, 'a lower id of the same txid is behind');
  t.equal(await consumerPosition(db, 'c'), all[1]!.position);
  t.strictSame(ids(await readBatch(db, 'c', 10)), ['c', 'd']);
  t.equal(await ack(db, 'c', `${txid}:${BigInt(id!) + 1n}`), true, 'a higher id of the same txid is ahead');
  t.equal(await ack(db, 'c', `${BigInt(txid!) + 1n}:0`), true, 'a higher txid is ahead whatever its id');
  t.equal(await consumerPosition(db, 'c'), `${BigInt(txid!) + 1n}:0`);
});

t.test('consumeBatch: what it returns, what the handler gets, what commits with the ack', async (t) => {
  const { db } = await createTestDatabase(t);
  await t.rejects(consumeBatch(db, 'ghost', 10, async () => void t.fail('no handler for an unknown consumer')), {
    name: 'OutboxConsumerError',
    message: 'outbox consumer "ghost" is not registered',
  });
  await registerConsumer(db, 'c');
  t.strictSame(await consumeBatch(db, 'c', 10, async () => void t.fail('no handler for an empty page')), { status: 'done', count: 0, position: '0:0' });

  await write(db, 'a', 'b', 'c');
  await settle(db);
  const all = await readAfter(db, '0:0', 10);
  const seen: string[][] = [];
  const first = await consumeBatch(db, 'c', 2, async (events, { trx }) => {
    seen.push(ids(events));
    // A side effect in the handler's transaction commits with the ack.
    await writeInTx(trx, ['side-effect']);
  });
  t.strictSame(first, { status: 'done', count: 2, position: all[1]!.position });
  t.equal(await consumerPosition(db, 'c'), all[1]!.position);
  t.equal((await db.selectFrom('outbox_events').select('id').where('resource_id', '=', 'side-effect').execute()).length, 1);

  await t.rejects(consumeBatch(db, 'c', 10, async (_events, { trx }) => {
    await writeInTx(trx, ['rolled-back']);
    throw new Error('boom');
  }), { message: 'boom' });
  t.equal((await db.selectFrom('outbox_events').select('id').where('resource_id', '=', 'rolled-back').execute()).length, 0, 'the handler\'s writes roll back with the ack');
  t.equal(await consumerPosition(db, 'c'), all[1]!.position);

  await settle(db);
  const second = await consumeBatch(db, 'c', 10, async (events) => void seen.push(ids(events)));
  t.equal(second.status, 'done');
  t.strictSame(seen, [['a', 'b'], ['c', 'side-effect']]);
  const last = (await readAfter(db, '0:0', 10)).at(-1)!.position;
  t.strictSame(second, { status: 'done', count: 2, position: last });
  t.strictSame(await consumeBatch(db, 'c', 10, async () => void t.fail('caught up')), { status: 'done', count: 0, position: last });
});

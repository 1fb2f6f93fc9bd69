// The consumer loop (outbox/consumer-loop.ts): its defaults, the batch size it asks for, the
// stats it keeps, what it logs on failure, standby and a lost LISTEN, how a NOTIFY or a nudge
// wakes it, and that stop() gives its LISTEN connection back destroyed.
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { createOutboxConsumer, createOutboxNotifier, consumerPosition, registerConsumer, type OutboxEvent } from '@scim/db';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { waitFor } from '../../../../test/helpers/pg-locks.js';
import { settle, write } from './write-events.js';

// A bound only for a broken run: a loaded machine takes longer, it does not fail.
async function until(cond: () => boolean, ms = 30_000) {
  for (const end = Date.now() + ms; !cond() && Date.now() < end; ) await sleep(10);
}

function recorder() {
  const lines: { level: string; obj: Record<string, unknown>; msg: string | undefined }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj: obj as Record<string, unknown>, msg });
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error') } };
}

t.test('defaults: 500 events a batch, registered from the beginning, stats per non-empty batch', async (t) => {
  const { db } = await createTestDatabase(t);
  await write(db, ...Array.from({ length: 501 }, (_, i) => `e${i}`));
  await settle(db);
  const batches: number[] = [];
  const c = createOutboxConsumer({ db, name: 'defaults', handler: async (events) => void batches.push(events.length) });
  t.strictSame(c.stats, { batches: 0, events: 0, failures: 0, standby: false });
  await c.start();
  await until(() => c.stats.events >= 501);
  await c.stop();
  t.strictSame(batches, [500, 1], 'a full batch is followed at once by the rest');
  t.strictSame(c.stats, { batches: 2, events: 501, failures: 0, standby: false }, 'empty polls are not counted');
});

t.test('a batch-size function is asked before every batch, and never gets less than 1', async (t) => {
  const { db } = await createTestDatabase(t);
  await write(db, 'a', 'b', 'c');
  await settle(db);
  const sizes = [0, 2, -4];
  const batches: string[][] = [];
  const c = createOutboxConsumer({ db, name: 'sized', pollIntervalMs: 10, batchSize: () => sizes.shift() ?? 100, handler: async (events) => void batches.push(events.map((e) => e.resourceId)) });
  await c.start();
  await until(() => c.stats.events >= 3);
  await c.stop();
  t.strictSame(batches, [['a'], ['b', 'c']]);
});

t.test('a failing handler: counted, logged, retried after retryDelayMs, then delivered', async (t) => {
  const { db } = await createTestDatabase(t);
  await write(db, 'x');
  await settle(db);
  const { lines, log } = recorder();
  let calls = 0;
  const seen: OutboxEvent[] = [];
  const c = createOutboxConsumer({
    db,
    name: 'flaky',
    pollIntervalMs: 60_000,
    retryDelayMs: 50,
    log,
    handler: async (events) => {
      if (++calls <= 2) throw new Error(`failure ${calls}`);
      seen.push(...events);
    },
  });
  await c.start();
  await until(() => seen.length >= 1);
  await c.stop();
  t.equal(calls, 3);
  t.strictSame(seen.map((e) => e.resourceId), ['x'], 'redelivered after the failures');
  t.strictSame(c.stats, { batches: 1, events: 1, failures: 2, standby: false });
  const errors = lines.filter((l) => l.level === 'error');
  t.strictSame(errors.map((l) => [l.msg, l.obj.consumer, (l.obj.err as Error).message]), [
    ['outbox batch failed; it will be redelivered', 'flaky', 'failure 1'],
    ['outbox batch failed; it will be redelivered', 'flaky', 'failure 2'],
  ]);
  t.equal(await consumerPosition(db, 'flaky'), `${(await db.selectFrom('outbox_events').select(['txid', 'id']).executeTakeFirstOrThrow()).txid}:${(await db.selectFrom('outbox_events').select('id').executeTakeFirstOrThrow()).id}`);
});

t.test('from "now" skips the past; a second loop of the same name stands by and logs it once', async (t) => {
  const { db } = await createTestDatabase(t);
  await write(db, 'past');
  await settle(db);
  const { lines, log } = recorder();
  const seen: string[] = [];
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const inHandler = new Promise<void>((r) => (entered = r));
  const active = createOutboxConsumer({
    db,
    name: 'shared',
    from: 'now',
    pollIntervalMs: 10,
    handler: async (events) => {
      seen.push(...events.map((e) => e.resourceId));
      entered();
      await held;
    },
  });
  await active.start();
  await write(db, 'future');
  await inHandler;
  const standby = createOutboxConsumer({ db, name: 'shared', pollIntervalMs: 10, log, handler: async () => void t.fail('the standby must not consume') });
  await standby.start();
  await until(() => lines.length > 0);
  await sleep(100); // several more polls while standing by
  t.equal(standby.stats.standby, true);
  t.strictSame(lines, [{ level: 'info', obj: { consumer: 'shared' }, msg: 'outbox consumer is active in another process; standing by' }], 'logged once, not per poll');
  release();
  await active.stop();
  await until(() => standby.stats.standby === false);
  t.equal(standby.stats.standby, false, 'takes over when the active loop stops');
  await standby.stop();
  t.strictSame(seen, ['future']);
  t.strictSame(active.stats, { batches: 1, events: 1, failures: 0, standby: false });
});

t.test('a NOTIFY wakes a LISTENing loop; nudge() wakes one without a pool; stop() destroys the LISTEN connection', async (t) => {
  const { db, pool } = await createTestDatabase(t, { pool: 5 });
  await registerConsumer(db, 'listening');
  await registerConsumer(db, 'polling');
  const notifier = createOutboxNotifier(db, 10);
  t.teardown(() => notifier.close());
  const got: Record<string, string[]> = { listening: [], polling: [] };
  const mk = (name: string, withPool: boolean) =>
    createOutboxConsumer({ db, ...(withPool ? { pool } : {}), name, pollIntervalMs: 600_000, handler: async (events) => void got[name]!.push(...events.map((e) => e.resourceId)) });
  const listening = mk('listening', true);
  const polling = mk('polling', false);
  await listening.start();
  await polling.start();
  await sleep(200); // both have polled once and sleep for ten minutes
  t.equal(pool.totalCount >= 1, true, 'the LISTEN connection is open');

  await write(db, 'n1');
  await settle(db);
  notifier.nudge();
  await until(() => got.listening!.length >= 1);
  t.strictSame(got.listening, ['n1'], 'the NOTIFY woke the listening loop');
  t.strictSame(got.polling, [], 'the loop without a pool did not LISTEN');
  polling.nudge();
  await until(() => got.polling!.length >= 1);
  t.strictSame(got.polling, ['n1'], 'nudge() woke it');

  const before = pool.totalCount;
  await listening.stop();
  await polling.stop();
  t.equal(pool.totalCount, before - 1, 'the LISTEN connection was destroyed, not returned to the pool');
});

t.test('a pool that cannot connect: LISTEN fails, logged, the loop polls on', async (t) => {
  const { db } = await createTestDatabase(t);
  await write(db, 'p1');
  await settle(db);
  const { lines, log } = recorder();
  let connects = 0;
  const broken = { connect: async () => { connects++; throw new Error('no connection'); } };
  const got: string[] = [];
  const c = createOutboxConsumer({ db, pool: broken as never, name: 'no-listen', pollIntervalMs: 20, log, handler: async (events) => void got.push(...events.map((e) => e.resourceId)) });
  await c.start();
  await until(() => got.length >= 1);
  await sleep(200); // many polls: LISTEN is retried at most every 5 seconds
  await c.stop();
  t.strictSame(got, ['p1']);
  t.equal(connects, 1, 'not retried on every poll');
  t.strictSame(lines, [{ level: 'warn', obj: { consumer: 'no-listen', err: 'no connection' }, msg: 'outbox LISTEN failed; polling only' }]);
});

t.test('full batches drain back to back; a nudge during a failing batch does not cut the retry delay', async (t) => {
  const { db } = await createTestDatabase(t);
  await write(db, 'd1', 'd2', 'd3', 'd4', 'd5');
  await settle(db);
  const batches: string[][] = [];
  // A ten-minute poll: only the "more is waiting" rule can deliver the rest in time.
  const drain = createOutboxConsumer({ db, name: 'drain', batchSize: 2, pollIntervalMs: 600_000, handler: async (events) => void batches.push(events.map((e) => e.resourceId)) });
  await drain.start();
  await until(() => batches.length >= 3);
  await drain.stop();
  t.strictSame(batches, [['d1', 'd2'], ['d3', 'd4'], ['d5']]);

  let calls = 0;
  const failing = createOutboxConsumer({
    db,
    name: 'failing',
    pollIntervalMs: 10,
    retryDelayMs: 600_000,
    handler: async () => {
      calls++;
      failing.nudge(); // as a NOTIFY arriving while the batch runs
      throw new Error('always');
    },
  });
  await failing.start();
  await until(() => calls >= 1);
  await sleep(300);
  await failing.stop();
  t.equal(calls, 1, 'waits retryDelayMs, not woken into a hot loop');
  t.equal(failing.stats.failures, 1);
});

t.test('a LISTEN connection that dies: logged, destroyed, the loop polls on and LISTENs again', async (t) => {
  const { db, pool } = await createTestDatabase(t, { pool: 5 });
  await registerConsumer(db, 'lost');
  const { lines, log } = recorder();
  const got: string[] = [];
  const c = createOutboxConsumer({ db, pool, name: 'lost', pollIntervalMs: 50, log, handler: async (events) => void got.push(...events.map((e) => e.resourceId)) });
  await c.start();
  const { rows } = await pool.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`);
  t.equal(rows.length, 1, 'one LISTEN connection');
  await pool.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
  await until(() => lines.length > 0);
  t.equal(lines.length, 1);
  t.equal(lines[0]!.level, 'warn');
  t.equal(lines[0]!.msg, 'outbox listener connection lost; polling continues');
  t.equal(lines[0]!.obj.consumer, 'lost');
  t.type(lines[0]!.obj.err, 'string');
  await write(db, 'after');
  await settle(db);
  await until(() => got.length >= 1);
  t.strictSame(got, ['after'], 'polling still delivers');
  // The lost listener is forgotten, so the loop LISTENs again (at most every 5 s): a new session.
  const listening = async () => (await pool.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND state = 'idle' AND pid <> pg_backend_pid()`)).rows.map((r) => r.pid as number);
  let again: number[] = [];
  // The bound running out is the assertion below failing, so the loop is still stopped after it.
  await waitFor(async () => (again = await listening()).length > 0, 30_000).catch(() => undefined);
  t.equal(again.length, 1, 'LISTENing again on a new connection');
  t.not(again[0], rows[0].pid, 'not the terminated one');
  await c.stop();
});

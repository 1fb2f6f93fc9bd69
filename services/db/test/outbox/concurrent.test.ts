import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { createOutboxConsumer, createOutboxNotifier, type OutboxEvent } from '@scim/db';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { writeInTx } from './write-events.js';

const WRITERS = 8;
const PER_WRITER = 200;

function comparePositions(a: string, b: string): number {
  const [at, ai] = a.split(':').map(BigInt) as [bigint, bigint];
  const [bt, bi] = b.split(':').map(BigInt) as [bigint, bigint];
  return at !== bt ? (at < bt ? -1 : 1) : ai === bi ? 0 : ai < bi ? -1 : 1;
}

t.test('8 writers x 200 events with random commit delays: every consumer sees each event once, in (txid, id) order', async (t) => {
  const { db, pool } = await createTestDatabase(t, { pool: 20 });
  const notifier = createOutboxNotifier(db, 10);
  const seen: Record<string, OutboxEvent[]> = { a: [], b: [], 'b-standby': [] };
  const mk = (name: string, bucket: string, batchSize: number) =>
    createOutboxConsumer({ db, pool, name, batchSize, pollIntervalMs: 50, handler: async (events) => void seen[bucket]!.push(...events) });
  const consumers = [mk('a', 'a', 37), mk('b', 'b', 100), mk('b', 'b-standby', 100)];
  for (const c of consumers) await c.start();

  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; i < PER_WRITER; ) {
        const n = Math.min(PER_WRITER - i, 1 + Math.floor(Math.random() * 4));
        const tags = Array.from({ length: n }, (_, k) => `w${w}-${i + k}`);
        await db.transaction().execute(async (trx) => {
          await writeInTx(trx, tags.slice(0, 1));
          await sleep(Math.random() * 15); // commit late, while others commit
          await writeInTx(trx, tags.slice(1));
        });
        notifier.nudge();
        i += n;
      }
    }),
  );
  const total = WRITERS * PER_WRITER;
  // Until every event has been seen: the bound only ends a broken run (a slow machine waits
  // longer, it does not fail); an undercount then fails the checks below.
  const deadline = Date.now() + 120_000;
  while ((seen.a!.length < total || seen.b!.length + seen['b-standby']!.length < total) && Date.now() < deadline) await sleep(50);
  for (const c of consumers) await c.stop();
  t.same(consumers.map((c) => c.stats.failures), [0, 0, 0], 'no failed batches');
  await notifier.close();

  const check = (name: string, events: OutboxEvent[]) => {
    t.equal(events.length, total, `${name}: every event`);
    t.equal(new Set(events.map((e) => e.id)).size, total, `${name}: no duplicates`);
    t.ok(events.every((e, i) => i === 0 || comparePositions(events[i - 1]!.position, e.position) < 0), `${name}: strictly increasing (txid, id)`);
    for (let w = 0; w < WRITERS; w++) {
      const mine = events.filter((e) => e.resourceId.startsWith(`w${w}-`)).map((e) => e.resourceId);
      t.same(mine, Array.from({ length: PER_WRITER }, (_, i) => `w${w}-${i}`), `${name}: writer ${w} in its commit order, no gaps`);
    }
  };
  check('a', seen.a!);
  // Same consumer name in two loops: the row lock makes them share the work, never repeat it.
  const b = [...seen.b!, ...seen['b-standby']!].sort((x, y) => comparePositions(x.position, y.position));
  check('b (two processes)', b);
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM outbox_events`);
  t.equal(rows[0].n, total);
});

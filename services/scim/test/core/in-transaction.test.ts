// inTransaction (scim/resources/context.ts) against a real PostgreSQL: a deadlock or
// serialization victim runs again from the start, its first attempt rolled back; any other
// error, or a third failure, reaches the caller.
import { sql, type Kysely } from 'kysely';
import t from 'tap';
import type { Database } from '@scim/db';
import { inTransaction } from '../../src/scim/resources/context.js';
import { createTestDatabase } from '../../../../test/helpers/db.js';

const { db: typed, pool } = await createTestDatabase(t);
// A scratch table in this file's own database: rows the attempts write, to see which survived.
const db = typed as unknown as Kysely<any>;
await pool.query(`CREATE TABLE attempts (id serial PRIMARY KEY, run text NOT NULL);
  CREATE TABLE pair (id int PRIMARY KEY, n int NOT NULL); INSERT INTO pair VALUES (1, 0), (2, 0)`);
const asDb = (k: Kysely<any>) => k as unknown as Kysely<Database>;

/** Makes PostgreSQL itself raise `code` (a real server error, as the driver reports it). */
const raise = (code: string) => sql`DO $$ BEGIN RAISE EXCEPTION 'raised %', ${sql.lit(code)} USING ERRCODE = ${sql.lit(code)}; END $$`;

t.test('retries deadlock and serialization failures, then gives up', async (t) => {
  const cases: [string, (string | undefined)[], 'ok' | string, number][] = [
    ['no failure', [undefined], 'ok', 1],
    ['one deadlock', ['40P01', undefined], 'ok', 2],
    ['one serialization failure', ['40001', undefined], 'ok', 2],
    ['two deadlocks', ['40P01', '40P01', undefined], 'ok', 3],
    ['three deadlocks: the third reaches the caller', ['40P01', '40P01', '40P01'], '40P01', 3],
    ['unique violation is not retried', ['23505', undefined], '23505', 1],
    ['lock timeout is not retried', ['55P03', undefined], '55P03', 1],
  ];
  for (const [what, failures, want, runs] of cases) {
    await pool.query('TRUNCATE attempts');
    let i = 0;
    const result = await inTransaction(asDb(db), async (trx) => {
      const code = failures[i++];
      await (trx as unknown as Kysely<any>).insertInto('attempts').values({ run: `${i}` }).execute();
      if (code) await raise(code).execute(trx);
      return 'ok';
    }).catch((err: { code: string }) => err.code);
    t.equal(result, want, what);
    t.equal(i, runs, `${what}: runs`);
    const kept = (await pool.query('SELECT run FROM attempts ORDER BY id')).rows.map((r) => r.run);
    t.same(kept, want === 'ok' ? [String(runs)] : [], `${what}: only a committed attempt's write remains`);
  }
});

/** Resolves when `n` parties have arrived: both transactions hold their first lock. */
function barrier(n: number) {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return async () => {
    if (++arrived === n) open();
    await opened;
  };
}

t.test('a real deadlock: the victim runs again and both writes commit', async (t) => {
  const bothLocked = barrier(2);
  const runs = { a: 0, b: 0 };
  const errors: string[] = [];
  // a locks row 1 then 2, b locks row 2 then 1: a cycle PostgreSQL must break by aborting one.
  const write = (name: 'a' | 'b', first: number, second: number) =>
    inTransaction(asDb(db), async (trx) => {
      const k = trx as unknown as Kysely<any>;
      runs[name]++;
      await k.updateTable('pair').set({ n: sql`n + 1` }).where('id', '=', first).execute();
      if (runs[name] === 1) await bothLocked();
      try {
        await k.updateTable('pair').set({ n: sql`n + 1` }).where('id', '=', second).execute();
      } catch (err) {
        errors.push((err as { code: string }).code);
        throw err;
      }
    });
  await Promise.all([write('a', 1, 2), write('b', 2, 1)]);
  t.same(errors, ['40P01'], 'PostgreSQL aborted exactly one of the two as a deadlock victim');
  t.same([runs.a, runs.b].sort(), [1, 2], 'the victim ran a second time, the other once');
  const { rows } = await pool.query('SELECT n FROM pair ORDER BY id');
  t.same(rows.map((r) => r.n), [2, 2], 'both transactions committed once each: the victim\'s first attempt was rolled back');
});

t.test('a real serialization failure under REPEATABLE READ: the loser runs again on fresh data', async (t) => {
  await pool.query('UPDATE pair SET n = 0');
  const bothRead = barrier(2);
  const seen: number[][] = [[], []];
  const errors: string[] = [];
  let firstWrote!: () => void;
  const firstWroteP = new Promise<void>((r) => (firstWrote = r));
  // Both read row 1 in their snapshot; the first commits n+1; the second's update of the row
  // changed since its snapshot fails with 40001 and, run again, reads the new value.
  const increment = (who: 0 | 1) =>
    inTransaction(asDb(db), async (trx) => {
      const k = trx as unknown as Kysely<any>;
      await sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`.execute(trx);
      const { n } = await k.selectFrom('pair').select('n').where('id', '=', 1).executeTakeFirstOrThrow();
      seen[who]!.push(n);
      if (seen[who]!.length === 1) await bothRead();
      if (who === 1 && seen[1]!.length === 1) await firstWroteP;
      try {
        await k.updateTable('pair').set({ n: n + 1 }).where('id', '=', 1).execute();
      } catch (err) {
        errors.push((err as { code: string }).code);
        throw err;
      }
    });
  const first = increment(0).then(() => firstWrote());
  await Promise.all([first, increment(1)]);
  t.same(errors, ['40001'], 'the second writer was a serialization victim');
  t.same(seen, [[0], [0, 1]], 'it ran again and read the committed value');
  t.equal((await pool.query('SELECT n FROM pair WHERE id = 1')).rows[0].n, 2, 'no lost update');
});

// inTransaction (scim/resources/context.ts): a deadlock or serialization victim runs again
// from the start; any other error, or a third failure, reaches the caller.
import t from 'tap';
import type { Kysely } from 'kysely';
import type { Database } from '@scim/db';
import { inTransaction } from '../../src/scim/resources/context.js';

/** Just enough of Kysely: transaction().execute(fn) calls fn with a dummy transaction. */
function fakeDb(): { db: Kysely<Database>; runs: () => number } {
  let runs = 0;
  const db = { transaction: () => ({ execute: async (fn: (trx: unknown) => Promise<unknown>) => { runs++; return fn({}); } }) };
  return { db: db as unknown as Kysely<Database>, runs: () => runs };
}

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

t.test('retries deadlock and serialization failures, then gives up', async (t) => {
  const cases: [string, (string | undefined)[], 'ok' | string, number][] = [
    ['no failure', [undefined], 'ok', 1],
    ['one deadlock', ['40P01', undefined], 'ok', 2],
    ['one serialization failure', ['40001', undefined], 'ok', 2],
    ['two deadlocks', ['40P01', '40P01', undefined], 'ok', 3],
    ['three deadlocks: the third reaches the caller', ['40P01', '40P01', '40P01'], '40P01', 3],
    ['unique violation is not retried', ['23505', undefined], '23505', 1],
  ];
  for (const [what, failures, want, runs] of cases) {
    const { db, runs: count } = fakeDb();
    let i = 0;
    const result = await inTransaction(db, async () => {
      const code = failures[i++];
      if (code) throw pgError(code);
      return 'ok';
    }).catch((err: { code: string }) => err.code);
    t.equal(result, want, what);
    t.equal(count(), runs, `${what}: runs`);
  }
});

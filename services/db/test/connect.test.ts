// The pool's session settings (connect.ts): statement_timeout and
// idle_in_transaction_session_timeout are set on every connection, and PostgreSQL enforces the
// latter: a transaction left idle is ended, its locks released, and the pool goes on working.
import t from 'tap';
import { CallbackClient, connectDb } from '@scim/db';
import { createTestDatabase } from '../../../test/helpers/db.js';

t.test('every pooled connection carries the timeouts', async (t) => {
  const { url } = await createTestDatabase(t);
  const h = connectDb({ connectionString: url, max: 2 });
  t.teardown(() => h.close());
  const clients = await Promise.all([h.pool.connect(), h.pool.connect()]);
  for (const c of clients) {
    const { rows } = await c.query(`SELECT current_setting('idle_in_transaction_session_timeout') AS idle, current_setting('statement_timeout') AS stmt`);
    t.same(rows[0], { idle: '1min', stmt: '30s' }, 'docs/outbox.md "Fence caveats": 60 s idle in transaction');
    c.release();
  }
});

t.test('PostgreSQL ends a transaction left idle; its lock is released; the pool recovers', async (t) => {
  const { url, pool: other } = await createTestDatabase(t);
  await other.query('CREATE TABLE probe (id int PRIMARY KEY); INSERT INTO probe VALUES (1)');
  const h = connectDb({ connectionString: url, max: 1, idleInTransactionTimeoutMs: 300 });
  t.teardown(() => h.close());
  const stuck = await h.pool.connect();
  const ended = new Promise<Error>((resolve) => stuck.once('error', resolve));
  await stuck.query('BEGIN');
  await stuck.query('SELECT 1 FROM probe WHERE id = 1 FOR UPDATE');
  // Left idle: the other session's lock wait ends when the server terminates the idle one.
  const { rows } = await other.query('SELECT id FROM probe WHERE id = 1 FOR UPDATE');
  t.same(rows, [{ id: 1 }], 'the row lock was released');
  t.match((await ended).message, /idle-in-transaction timeout|terminat/i, 'the idle session was terminated by the server');
  stuck.release(true);
  const { rows: again } = await h.pool.query('SELECT 1 AS ok');
  t.same(again, [{ ok: 1 }], 'the pool opens a fresh connection');
});

t.test("the pool's clients answer pg's promise form through its callback form, with the same results and errors", async (t) => {
  const { url } = await createTestDatabase(t);
  const h = connectDb({ connectionString: url, max: 1 });
  t.teardown(() => h.close());
  const c = await h.pool.connect();
  t.ok(c instanceof CallbackClient, 'connect.ts: results of the promise form were promoted by V8 (BENCHMARKS.md)');
  t.same((await c.query('SELECT $1::int + 1 AS n', [41])).rows, [{ n: 42 }], 'text and values');
  t.same((await c.query('SELECT 7 AS n')).rows, [{ n: 7 }], 'text alone');
  t.same((await c.query({ text: 'SELECT $1::text AS s', values: ['x'] })).rows, [{ s: 'x' }], 'a config object');
  t.same((await c.query({ name: 'callback-client-probe', text: 'SELECT $1::int AS n', values: [3] })).rows, [{ n: 3 }], 'a named statement');
  await t.rejects(c.query('SELECT * FROM no_such_table'), { code: '42P01' }, 'an error rejects with the server error');
  const viaCallback = await new Promise((resolve, reject) => c.query('SELECT 5 AS n', [], (err: Error | null, res: { rows: unknown[] }) => (err ? reject(err) : resolve(res.rows))));
  t.same(viaCallback, [{ n: 5 }], 'the callback form is untouched');
  c.release();
  t.same((await h.db.selectNoFrom((eb) => eb.val(9).as('n')).execute()), [{ n: 9 }], 'Kysely over it');
});

// named-query.ts: one name per SQL text for the life of the process, at most 64 names (a client
// sending endless filter shapes cannot grow every connection's prepared statements without
// bound), and a query past the cap still runs, unnamed.
import t from 'tap';
import { CompiledQuery } from 'kysely';
import { connectDb, queryNamed, statementName } from '@scim/db';
import { createTestDatabase } from '../../../test/helpers/db.js';

t.test('a text keeps its name; names stop at 64 and later texts run unnamed', async (t) => {
  const first = statementName('SELECT 1 AS a');
  t.match(first, /^scim-read-\d+$/);
  t.equal(statementName('SELECT 1 AS a'), first, 'the same text, the same name');
  const names = new Set([first]);
  for (let i = 2; names.size < 64; i++) {
    const n = statementName(`SELECT ${i} AS a`);
    t.ok(n !== undefined && !names.has(n), `text ${i} gets a name of its own`);
    names.add(n);
  }
  t.equal(statementName('SELECT 65 AS a'), undefined, 'the 65th text is not named');
  t.equal(statementName('SELECT 1 AS a'), first, 'a named text keeps its name past the cap');

  const { url } = await createTestDatabase(t);
  const h = connectDb({ connectionString: url, max: 1 });
  t.teardown(() => h.close());
  const named = await queryNamed(h.pool, CompiledQuery.raw('SELECT 1 AS a'));
  const unnamed = await queryNamed(h.pool, CompiledQuery.raw('SELECT $1::int + 1 AS a', [1]));
  t.same([named.rows, unnamed.rows], [[{ a: 1 }], [{ a: 2 }]], 'both run');
  const { rows } = await h.pool.query(`SELECT name, statement FROM pg_prepared_statements ORDER BY name`);
  t.same(rows, [{ name: first, statement: 'SELECT 1 AS a' }], 'only the named text is prepared on the connection');
});

// Issue 17: an IdP's equality lookup, GET by id and a plain listing run as named prepared
// statements (db/src/named-query.ts), parsed once per connection and, after five runs, no
// longer planned. What must hold: every run answers for its own values (the generic plan too),
// and a range or substring filter is never prepared (a generic plan cannot know how many rows
// it matches: core/filter/shape.ts).
import t from 'tap';
import { buildApp } from '@scim/scim';
import { loadScimConfig } from '../../src/config.js';
import { createToken } from '../../src/tokens/token-store.js';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { TEST_SIGNING_KEY } from '../../../../test/helpers/app.js';
import { GROUP, USER } from '../../../../test/helpers/scim.js';
import { q } from '../conformance.js';

t.test('lookups are prepared once and answer for each value; ranges and substrings are not prepared', async (t) => {
  // One connection: pg_prepared_statements (per session) then shows everything the app prepared.
  const db = await createTestDatabase(t, { pool: 1 });
  const config = loadScimConfig({ LOG_LEVEL: 'silent', SCIM_RATE_LIMIT_PER_SECOND: '0', SERVE_WEB: 'false', PUBLIC_BASE_URL: 'https://scim.test' });
  const app = await buildApp({ config, db: db.db, pool: db.pool, secrets: { signingKey: TEST_SIGNING_KEY, encryptionKey: Buffer.alloc(32, 7).toString('base64') } });
  t.teardown(() => app.close());
  const { token } = await createToken(db.db, { source: 'cli' }, { name: 't', connection: 'idp' });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url: `/scim/v2${url}`, headers });
    t.equal(r.statusCode, 200, `GET ${url} → 200 (${r.body.slice(0, 200)})`);
    return r.json();
  };
  const users: { id: string; userName: string }[] = [];
  for (let i = 0; i < 8; i++) {
    const r = await app.inject({ method: 'POST', url: '/scim/v2/Users', headers, payload: { schemas: [USER], userName: `u${i}@example.com`, externalId: `x${i}`, emails: [{ value: `m${i}@example.com`, type: 'work' }] } });
    users.push(r.json());
  }
  const group = (await app.inject({ method: 'POST', url: '/scim/v2/Groups', headers, payload: { schemas: [GROUP], displayName: 'g', members: [{ value: users[3]!.id }] } })).json();

  // More runs than PostgreSQL's five custom plans: later runs may use the generic plan.
  for (let round = 0; round < 2; round++) {
    for (const u of users) {
      const i = users.indexOf(u);
      for (const filter of [`userName eq "U${i}@EXAMPLE.com"`, `externalId eq "x${i}"`, `emails[value eq "m${i}@example.com"]`]) {
        const body = await get(`/Users?filter=${q(filter)}`);
        t.same([body.totalResults, body.Resources.map((r: { id: string }) => r.id)], [1, [u.id]], `${filter} finds its user only`);
      }
      t.equal((await get(`/Users/${u.id}`)).userName, u.userName, 'GET by id answers for its id');
    }
    t.same((await get(`/Users?filter=${q('userName eq "nobody@example.com"')}`)).totalResults, 0, 'no match: none');
    t.same((await get(`/Groups/${group.id}`)).members.map((m: { value: string }) => m.value), [users[3]!.id], 'GET /Groups/{id}');
    t.equal((await get('/Users?count=3')).totalResults, 8, 'a plain listing');
  }
  t.equal((await get(`/Users?filter=${q('meta.lastModified gt "2000-01-01T00:00:00Z"')}`)).totalResults, 8, 'a range');
  t.equal((await get(`/Users?filter=${q('userName co "example"')}`)).totalResults, 8, 'a substring');
  t.equal((await get(`/Users?filter=${q('userName eq "u1@example.com" or externalId eq "x2"')}`)).totalResults, 2, 'an or');

  const { rows } = await db.pool.query<{ name: string; statement: string }>(`SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'scim-read-%'`);
  const prepared = (re: RegExp) => rows.filter((r) => re.test(r.statement)).length;
  t.equal(prepared(/lower\("u"\."user_name"\) = lower\(\$\d+\)/), 1, 'the userName lookup is one prepared statement');
  t.equal(prepared(/"u"\."external_id" = \$\d+/), 1, 'the externalId lookup');
  t.equal(prepared(/user_emails/), 1, 'the emails lookup');
  t.equal(prepared(/LEFT JOIN "users" r ON/), 1, 'GET /Users/{id}');
  t.equal(prepared(/LEFT JOIN "groups" r ON/), 1, 'GET /Groups/{id}');
  // The page's WHERE (the token check before it has an OR of its own).
  const wheres = rows.map((r) => /FROM "users" AS "u" WHERE (.*?) ORDER BY/s.exec(r.statement)?.[1] ?? '');
  t.same(wheres.filter((w) => /updated_at|LIKE|\bOR\b/i.test(w)), [], 'no range, substring or or-filter is prepared');
  t.equal(rows.length, 6, 'nothing else: the three lookups, the two GETs by id, the listing');
});

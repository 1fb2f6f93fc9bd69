// Issue 14 finding 7: NUL characters, lone surrogates, strings too long for an index row and
// out-of-range numbers gave 500s (PostgreSQL refused them), and the 500's log line carried the
// request data PostgreSQL echoed. Each must be a 400 in the surface's error shape, change
// nothing, and a database error must be logged by its code only.
import t from 'tap';
import { Writable } from 'node:stream';
import pino from 'pino';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { GROUP, newUser, PATCHOP, scimClient, SCIM, USER } from '../../../../test/helpers/scim.js';
import { assertScimError, q } from '../conformance.js';
import { signIn } from '../admin-api/helpers.js';
import { loggerOptions } from '../../src/logger.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const LONG = 'x'.repeat(20_000);

t.test('SCIM: NUL and lone surrogates anywhere are a 400, never stored', async (t) => {
  const { app, token, db } = await buildTestApp(t);
  const { authorization } = await token();
  const c = scimClient(app, authorization);
  const raw = (url: string, body: string, method = 'POST') => app.inject({ method: method as 'POST', url: `/scim/v2${url}`, headers: { authorization, 'content-type': SCIM }, payload: body });
  assertScimError(t, await raw('/Users', `{"schemas":["${USER}"],"userName":"a\\u0000b"}`), 400, 'invalidValue', 'NUL in userName');
  assertScimError(t, await raw('/Users', `{"schemas":["${USER}"],"userName":"ok","title":"\\ud800"}`), 400, 'invalidValue', 'lone surrogate in title');
  assertScimError(t, await c.get(`/Users?filter=${q('userName eq "a')}%00${q('b"')}`), 400, 'invalidFilter', 'raw NUL in a filter');
  assertScimError(t, await c.get(`/Users?filter=${q('userName eq "a\\u0000b"')}`), 400, 'invalidFilter', 'escaped NUL in a filter literal');
  assertScimError(t, await c.get(`/Users?filter=${q('displayName eq "\\udc00"')}`), 400, 'invalidFilter', 'lone surrogate in a filter literal');
  assertScimError(t, await c.post('/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName eq "a\\u0000"' }), 400, 'invalidFilter', 'NUL in a POST /.search filter');
  assertScimError(t, await c.get('/Users?attributes=user%00Name'), 400, undefined, 'NUL in attributes');
  const u = await c.post('/Users', newUser('clean@example.com'));
  t.equal(u.statusCode, 201);
  const id = u.json().id;
  assertScimError(t, await raw(`/Users/${id}`, `{"schemas":["${PATCHOP}"],"Operations":[{"op":"replace","path":"displayName","value":"\\u0000"}]}`, 'PATCH'), 400, 'invalidValue', 'NUL through PATCH');
  const { n } = await db.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  t.equal(Number(n), 1, 'nothing else was stored');
});

t.test('SCIM: strings too long for an index row are a 400 invalidValue naming the attribute and its limit', async (t) => {
  const { app, token } = await buildTestApp(t);
  const { authorization } = await token();
  const c = scimClient(app, authorization);
  const cases: [string, unknown][] = [
    ['userName', newUser(LONG)],
    ['externalId', newUser('ext@example.com', { externalId: LONG })],
    ['emails.value', newUser('mail@example.com', { emails: [{ value: `${LONG}@example.com` }] })],
    ['displayName', newUser('dn@example.com', { displayName: LONG })],
    ['name.familyName', newUser('fn@example.com', { name: { familyName: LONG } })],
    ['manager.value', newUser('mgr@example.com', { schemas: [USER, ENT], [ENT]: { manager: { value: LONG } } })],
  ];
  for (const [attr, body] of cases) {
    const res = await c.post('/Users', body);
    assertScimError(t, res, 400, 'invalidValue', `a 20,000-character ${attr}`);
    t.match(res.json().detail, attr.split('.').at(-1)!, `${attr}: the detail names the attribute`);
    t.match(res.json().detail, /at most \d+ characters/, `${attr}: and the limit`);
    t.notMatch(res.body, /xxxxxxxxxx/, `${attr}: without echoing the value`);
  }
  assertScimError(t, await c.post('/Groups', { schemas: [GROUP], displayName: LONG }), 400, 'invalidValue', 'a 20,000-character group displayName');
  const ok = await c.post('/Users', newUser(`${'é'.repeat(250)}@example.com`, { displayName: '😀'.repeat(256) }));
  t.equal(ok.statusCode, 201, 'the longest accepted values fit their indexes, multibyte characters included');
  const id = ok.json().id;
  assertScimError(t, await c.patchOps(`/Users/${id}`, [{ op: 'replace', path: 'userName', value: LONG }]), 400, 'invalidValue', 'PATCH userName');
  assertScimError(t, await c.patchOps(`/Users/${id}`, [{ op: 'replace', value: { externalId: LONG } }]), 400, 'invalidValue', 'pathless PATCH externalId');
  assertScimError(t, await c.put(`/Users/${id}`, newUser('put@example.com', { displayName: LONG })), 400, 'invalidValue', 'PUT displayName');
  assertScimError(t, await c.post('/Users', newUser('pw@example.com', { password: LONG })), 400, 'invalidValue', 'a 20,000-character password');
  const filtered = await c.get(`/Users?filter=${q(`userName eq "${LONG.slice(0, 4000)}"`)}`);
  t.equal(filtered.statusCode, 200, 'a long filter value (within the 4,096-character filter limit) simply matches nothing');
});

t.test('SCIM: numeric query parameters out of range are a 400, not a 500', async (t) => {
  const { app, token } = await buildTestApp(t);
  const { authorization } = await token();
  const c = scimClient(app, authorization);
  for (const qs of ['startIndex=1e20', 'startIndex=99999999999', 'startIndex=9007199254740993']) {
    assertScimError(t, await c.get(`/Users?${qs}`), 400, 'invalidValue', qs);
  }
  const big = await c.get('/Users?count=1e20');
  t.equal(big.statusCode, 200, 'a huge count is clamped to maxResults (RFC 7644 §3.4.2.4)');
  assertScimError(t, await c.post('/Groups/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], startIndex: 1e300 }), 400, 'invalidValue', 'startIndex 1e300 in a SearchRequest');
  assertScimError(t, await c.get('/Users?startIndex=2147483648'), 400, 'invalidValue', 'one past the largest startIndex');
  t.equal((await c.get('/Users?startIndex=2147483647')).statusCode, 200, 'the largest startIndex is fine (an empty page)');
});

t.test('admin API: NUL in bodies and query strings is a 400 in the admin shape', async (t) => {
  const { app, db } = await buildTestApp(t);
  const { cookie } = await signIn(app, db.db);
  const body = await app.inject({ method: 'POST', url: '/api/admin/connections', headers: { cookie, 'content-type': 'application/json' }, payload: '{"name":"a\\u0000b"}' });
  t.equal(body.statusCode, 400);
  t.equal(body.json().code, 'validation_failed');
  for (const url of ['/api/admin/users?q=a%00b', '/api/admin/groups?q=%00', '/api/admin/audit?action=a%00']) {
    const res = await app.inject({ url, headers: { cookie } });
    t.equal(res.statusCode, 400, `${url} → 400`);
    t.same(Object.keys(res.json()).sort(), ['code', 'message', 'statusCode']);
  }
});

t.test('a database error is logged by its code, never its detail (which echoes request data)', async (t) => {
  const { db } = await buildTestApp(t);
  await db.pool.query("INSERT INTO admins (email, password_hash) VALUES ('secret-person@example.com', 'x')");
  const err = await db.pool.query("INSERT INTO admins (email, password_hash) VALUES ('secret-person@example.com', 'x')").catch((e: Error) => e);
  t.match(String((err as { detail?: string }).detail), /secret-person/, 'PostgreSQL put the value in the detail');
  const lines: string[] = [];
  const log = pino(loggerOptions('info') as object, new Writable({ write(chunk, _e, done) { lines.push(String(chunk)); done(); } }));
  log.error({ err }, 'request failed');
  const line = JSON.parse(lines.join(''));
  t.equal(line.err.code, '23505', 'the SQLSTATE is logged');
  t.equal(line.err.constraint, 'admins_email_key', 'and the constraint');
  t.notMatch(lines.join(''), /secret-person/, 'the value is not');
});

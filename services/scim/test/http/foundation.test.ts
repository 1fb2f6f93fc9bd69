import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';

t.test('health and readiness', async (t) => {
  const { app } = await buildTestApp(t);
  const h = await app.inject('/healthz');
  t.equal(h.statusCode, 200);
  const r = await app.inject('/readyz');
  t.equal(r.statusCode, 200);
  t.same(r.json(), { status: 'ready' });
  t.ok(h.headers['x-request-id'], 'every response carries its request id');
});

t.test('/readyz answers 503 while a migration is pending, 200 once it is applied', async (t) => {
  const { app, db } = await buildTestApp(t);
  // The newest migration "not yet applied": its row leaves schema_migrations.
  const { rows } = await db.pool.query<{ version: string; checksum: string }>('DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations) RETURNING *');
  t.equal(rows.length, 1);
  const pending = await app.inject('/readyz');
  t.equal(pending.statusCode, 503);
  t.same(pending.json(), { status: 'migrations pending' });
  t.equal((await app.inject('/healthz')).statusCode, 200, 'the process is still alive');
  const cols = Object.keys(rows[0]!);
  await db.pool.query(`INSERT INTO schema_migrations (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, cols.map((c) => (rows[0] as Record<string, unknown>)[c]));
  t.equal((await app.inject('/readyz')).statusCode, 200, 'ready again once the migration is recorded');
});

t.test('ServiceProviderConfig needs a token and answers a SCIM 401 without one', async (t) => {
  const { app, token } = await buildTestApp(t);
  const anon = await app.inject('/scim/v2/ServiceProviderConfig');
  t.equal(anon.statusCode, 401);
  t.match(anon.headers['content-type'], /application\/scim\+json/);
  t.match(anon.headers['www-authenticate'], /^Bearer/);
  t.match(anon.json(), { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: /bearer/ });

  // Okta's Runscope test sends `Authorization: non-token`.
  const junk = await app.inject({ url: '/scim/v2/Users', headers: { authorization: 'non-token' } });
  t.equal(junk.statusCode, 401);
  t.equal(junk.json().status, '401');

  const { authorization } = await token();
  const ok = await app.inject({ url: '/scim/v2/ServiceProviderConfig', headers: { authorization } });
  t.equal(ok.statusCode, 200);
  t.match(ok.json(), { patch: { supported: true }, bulk: { supported: true }, etag: { supported: true } });
});

t.test('unknown SCIM routes are SCIM 404s; other unknown routes are admin-style 404s', async (t) => {
  const { app, token } = await buildTestApp(t);
  const { authorization } = await token();
  const res = await app.inject({ url: '/scim/v2/Nope', headers: { authorization } });
  t.equal(res.statusCode, 404);
  t.match(res.json(), { status: '404', schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'] });
  const other = await app.inject('/api/nope');
  t.equal(other.statusCode, 404);
  t.match(other.json(), { statusCode: 404, code: 'not_found' });
});

t.test('a client-supplied X-Request-Id is echoed back', async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'okta-abc-123' } });
  t.equal(res.headers['x-request-id'], 'okta-abc-123');
});

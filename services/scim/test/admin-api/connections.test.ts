import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { signIn } from './helpers.js';

t.test('connections and tokens through the admin API', async (t) => {
  const { app, db } = await buildTestApp(t);
  const { cookie } = await signIn(app, db.db);
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => app.inject({ method, url: `/api/admin${url}`, headers: { cookie }, payload });

  const created = await call('POST', '/connections', { name: 'Okta', kind: 'okta', rateLimitPerSecond: 40 });
  t.equal(created.statusCode, 201);
  const conn = created.json();
  t.match(conn, { name: 'Okta', kind: 'okta', rateLimitPerSecond: 40, activeTokens: 0 });
  t.equal((await call('POST', '/connections', { name: 'okta' })).json().code, 'conflict');
  t.equal((await call('POST', '/connections', { name: 'x', kind: 'ldap' })).json().code, 'validation_failed');

  const patched = await call('PATCH', `/connections/${conn.id}`, { kind: 'entra', rateLimitPerSecond: null });
  t.match(patched.json(), { kind: 'entra', rateLimitPerSecond: null });
  t.equal((await call('PATCH', '/connections/00000000-0000-4000-8000-000000000000', { name: 'y' })).statusCode, 404);

  const minted = await call('POST', `/connections/${conn.id}/tokens`, { name: 'gallery app', expiresInDays: 90 });
  t.equal(minted.statusCode, 201);
  t.equal(minted.headers['cache-control'], 'no-store');
  const tok = minted.json();
  t.match(tok.token, /^scim_/);
  t.ok(Date.parse(tok.expiresAt) > Date.now() + 89 * 86400_000);
  const listed = (await call('GET', `/connections/${conn.id}/tokens`)).json().items;
  t.equal(listed.length, 1);
  t.notOk('token' in listed[0], 'lists never carry the secret');

  const rotated = await call('POST', `/tokens/${tok.id}/rotate`, { overlapSeconds: 3600 });
  t.equal(rotated.statusCode, 201);
  t.match(rotated.json(), { old: { id: tok.id }, token: { rotatedFromId: tok.id, token: /^scim_/ } });
  const revoked = await call('POST', `/tokens/${rotated.json().token.id}/revoke`);
  t.ok(revoked.json().revokedAt);
  t.equal((await call('POST', `/tokens/${rotated.json().token.id}/revoke`)).json().code, 'already_revoked');
  t.equal((await call('POST', `/tokens/${rotated.json().token.id}/rotate`, {})).json().code, 'already_revoked');

  const list = (await call('GET', '/connections')).json();
  t.match(list, { items: [{ id: conn.id, activeTokens: 1 }], defaultRateLimitPerSecond: 0 });

  const actions = (await db.db.selectFrom('audit_events').select(['action', 'source']).where('source', '=', 'admin').orderBy('id').execute()).map((a) => a.action);
  t.same(actions, ['admin.signed_in', 'connection.created', 'connection.updated', 'token.created', 'token.rotated', 'token.created', 'token.revoked']);
});

t.test('the outbox consumers view sits behind the session', async (t) => {
  const { app, db } = await buildTestApp(t);
  t.equal((await app.inject('/api/admin/outbox/consumers')).statusCode, 401);
  const { cookie } = await signIn(app, db.db);
  t.equal((await app.inject({ url: '/api/admin/outbox/consumers', headers: { cookie } })).statusCode, 200);
});

// Issue 14 finding 5: CSRF relied on SameSite alone, and a text/plain POST with a foreign
// Origin revoked a token. State-changing admin requests now need a same-origin browser context
// (Sec-Fetch-Site, else Origin) and JSON bodies. Clients that send neither header (curl, the
// CLI, app.inject) are not browsers and cannot carry a victim's cookie cross-site: allowed.
import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { signIn } from '../admin-api/helpers.js';

t.test('state-changing admin requests from another site are refused; same-origin and non-browser ones pass', async (t) => {
  const { app, db, token } = await buildTestApp(t); // PUBLIC_BASE_URL https://scim.test
  const { cookie } = await signIn(app, db.db);
  const tok = await token();
  const revoked = async () => (await db.db.selectFrom('scim_tokens').select('revoked_at').where('id', '=', tok.id).executeTakeFirstOrThrow()).revoked_at !== null;
  const revoke = (headers: Record<string, string>, payload?: string) =>
    app.inject({ method: 'POST', url: `/api/admin/tokens/${tok.id}/revoke`, headers: { cookie, ...headers }, ...(payload !== undefined ? { payload } : {}) });

  const forged = await revoke({ origin: 'https://evil.example', 'content-type': 'text/plain' }, 'x');
  t.equal(forged.statusCode, 403, 'the review\'s request: text/plain with a foreign Origin');
  t.same(Object.keys(forged.json()).sort(), ['code', 'message', 'statusCode']);
  t.equal(forged.json().code, 'cross_site_request');
  t.equal((await revoke({ origin: 'https://evil.example' })).statusCode, 403, 'a foreign Origin without a body');
  t.equal((await revoke({ 'sec-fetch-site': 'cross-site' })).statusCode, 403, 'Sec-Fetch-Site: cross-site');
  t.equal((await revoke({ 'sec-fetch-site': 'same-site', origin: 'https://other.scim.test' })).statusCode, 403, 'a sibling subdomain is another origin');
  t.equal((await revoke({ origin: 'null' })).statusCode, 403, 'an opaque origin (sandboxed frame, data: URL)');
  t.equal((await revoke({ 'content-type': 'text/plain' }, 'x')).statusCode, 415, 'without Origin a body must still be JSON');
  t.equal((await revoke({ 'content-type': 'application/x-www-form-urlencoded' }, 'a=b')).statusCode, 415, 'a form body is refused');
  t.notOk(await revoked(), 'nothing above revoked the token');
  t.equal((await app.inject({ url: '/api/admin/connections', headers: { cookie, origin: 'https://evil.example' } })).statusCode, 200, 'reads are not state-changing');

  const out = await app.inject({ method: 'DELETE', url: '/api/admin/session', headers: { cookie, 'sec-fetch-site': 'cross-site' } });
  t.equal(out.statusCode, 403, 'sign-out from another site is refused too');
  const signInForged = await app.inject({ method: 'POST', url: '/api/admin/session', headers: { origin: 'https://evil.example' }, payload: { email: 'a@example.com', password: 'x' } });
  t.equal(signInForged.statusCode, 403, 'sign-in too (login CSRF)');

  t.equal((await revoke({ origin: 'https://scim.test', 'sec-fetch-site': 'same-origin' })).statusCode, 200, 'the console: same-origin');
  t.ok(await revoked());
});

t.test('the console, served or proxied, and non-browser clients', async (t) => {
  const { app, db } = await buildTestApp(t);
  const { cookie } = await signIn(app, db.db);
  const create = (name: string, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/admin/connections', headers: { cookie, 'content-type': 'application/json', ...headers }, payload: JSON.stringify({ name }) });
  t.equal((await create('a', { origin: 'https://scim.test' })).statusCode, 201, 'Origin is PUBLIC_BASE_URL (a browser without Fetch Metadata)');
  t.equal((await create('b', { origin: 'http://localhost:5173', 'sec-fetch-site': 'same-origin' })).statusCode, 201,
    'the Vite dev server proxying /api: the browser says same-origin');
  t.equal((await create('c', { host: 'scim.internal:8080', origin: 'http://scim.internal:8080' })).statusCode, 201, 'Origin matches the Host the browser used');
  t.equal((await create('d', {})).statusCode, 201, 'no Origin, no Sec-Fetch-Site: curl, the CLI, tests');
  t.equal((await create('e', { 'content-type': 'application/json; charset=utf-8' })).statusCode, 201, 'JSON with a charset');
  t.equal((await create('f', { origin: 'http://scim.test' })).statusCode, 403, 'the same host over another scheme is another origin');
});

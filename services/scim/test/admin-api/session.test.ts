import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import t from 'tap';
import { buildTestApp, TEST_SIGNING_KEY } from '../../../../test/helpers/app.js';
import { SESSION_COOKIE } from '../../src/admin-api/session.js';
import { createAdmin } from '../../src/admin-accounts/admin-store.js';
import { ADMIN_PASSWORD, signIn } from './helpers.js';

t.test('sign-in sets a locked-down cookie; the session works until sign-out', async (t) => {
  const { app, db } = await buildTestApp(t);
  const anon = await app.inject('/api/admin/session');
  t.equal(anon.statusCode, 401);
  t.same(anon.json(), { statusCode: 401, code: 'unauthenticated', message: 'sign in first' });

  const { cookie, setCookie, admin } = await signIn(app, db.db, 'Root@Example.com');
  t.match(setCookie, /HttpOnly/);
  t.match(setCookie, /SameSite=Strict/);
  t.match(setCookie, /Secure/, 'Secure because PUBLIC_BASE_URL is https');
  t.match(setCookie, /Path=\/api\/admin/);

  const me = await app.inject({ url: '/api/admin/session', headers: { cookie } });
  t.equal(me.statusCode, 200);
  t.match(me.json(), { admin: { id: admin.id, email: 'Root@Example.com' } });

  const out = await app.inject({ method: 'DELETE', url: '/api/admin/session', headers: { cookie } });
  t.equal(out.statusCode, 204);
  const after = await app.inject({ url: '/api/admin/connections', headers: { cookie } });
  t.equal(after.statusCode, 401, 'the same cookie is refused after sign-out (server-side)');
  t.equal(after.json().code, 'session_expired');

  const audit = await db.db.selectFrom('audit_events').select(['action', 'admin_id']).where('source', '=', 'admin').orderBy('id').execute();
  t.same(audit.map((a) => a.action), ['admin.signed_in', 'admin.signed_out']);
  t.ok(audit.every((a) => a.admin_id === admin.id));
});

t.test('no Secure flag on plain-http deployments; a forged cookie is refused', async (t) => {
  const { app, db } = await buildTestApp(t, { PUBLIC_BASE_URL: 'http://localhost:8080' });
  const { setCookie, cookie } = await signIn(app, db.db);
  t.notMatch(setCookie, /Secure/);
  // Flip a character inside the signature (the last one may only carry base64 padding bits).
  const i = cookie.length - 10;
  const forged = cookie.slice(0, i) + (cookie[i] === 'A' ? 'B' : 'A') + cookie.slice(i + 1);
  const res = await app.inject({ url: '/api/admin/session', headers: { cookie: forged } });
  t.equal(res.statusCode, 401);
});

t.test('sessions expire: the row\'s expires_at and the JWT\'s exp both end them', async (t) => {
  const { app, db } = await buildTestApp(t, { ADMIN_SESSION_TTL_SECONDS: '3600' });
  const { cookie, setCookie, admin } = await signIn(app, db.db);
  t.match(setCookie, /Max-Age=3600/);
  const me = await app.inject({ url: '/api/admin/session', headers: { cookie } });
  t.equal(me.statusCode, 200);
  // The lifetime is set by the database's clock; an hour, give or take anything but a broken TTL.
  const left = (Date.parse(me.json().expiresAt) - Date.now()) / 1000;
  t.ok(left > 3000 && left <= 3700, `expires in about an hour (${Math.round(left)} s)`);
  const claims = JSON.parse(Buffer.from(cookie.split('=')[1]!.split('.')[1]!, 'base64url').toString());
  t.equal(claims.exp - claims.iat, 3600, 'the JWT lives as long as the session row');

  // Expiry is `expires_at > now()` in SQL: moving expires_at into the past ends the session on
  // its next request, with no wait.
  await db.db.updateTable('admin_sessions').set({ expires_at: sql<Date>`now() - interval '1 second'` as never }).execute();
  const res = await app.inject({ url: '/api/admin/session', headers: { cookie } });
  t.equal(res.statusCode, 401);
  t.equal(res.json().code, 'session_expired');

  // A live row with an expired JWT is refused too (the signature is checked with its exp).
  const fresh = await db.db.insertInto('admin_sessions').values({ admin_id: admin.id, expires_at: sql<Date>`now() + interval '1 hour'` as never }).returning('id').executeTakeFirstOrThrow();
  const now = Math.floor(Date.now() / 1000);
  const stale = signJwt({ sid: fresh.id, sub: admin.id, iat: now - 7200, exp: now - 3600 });
  const valid = signJwt({ sid: fresh.id, sub: admin.id, iat: now, exp: now + 3600 });
  t.equal((await app.inject({ url: '/api/admin/session', headers: { cookie: `${SESSION_COOKIE}=${valid}` } })).statusCode, 200, 'the hand-made token is accepted while unexpired');
  const expired = await app.inject({ url: '/api/admin/session', headers: { cookie: `${SESSION_COOKIE}=${stale}` } });
  t.equal(expired.statusCode, 401);
  t.equal(expired.json().code, 'session_expired');
});

/** HS256 JWT signed with the test app's signing key (test/helpers/app.ts). */
function signJwt(payload: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  return `${body}.${createHmac('sha256', TEST_SIGNING_KEY).update(body).digest('base64url')}`;
}

t.test('failed sign-ins are throttled per email and IP, in the database', async (t) => {
  const { app, db } = await buildTestApp(t);
  await createAdmin(db.db, { source: 'cli' }, 'ops@example.com', ADMIN_PASSWORD);
  const attempt = (password: string, ip = '10.0.0.1', email = 'ops@example.com') =>
    app.inject({ method: 'POST', url: '/api/admin/session', payload: { email, password }, remoteAddress: ip });

  for (let i = 0; i < 5; i++) {
    const res = await attempt('wrong password');
    t.equal(res.statusCode, 401);
    t.equal(res.json().code, 'invalid_credentials');
  }
  const blocked = await attempt(ADMIN_PASSWORD);
  t.equal(blocked.statusCode, 429, 'even the right password is refused while throttled');
  t.equal(blocked.json().code, 'too_many_login_attempts');
  t.ok(Number(blocked.headers['retry-after']) > 0);
  t.equal((await attempt(ADMIN_PASSWORD, '10.0.0.2')).statusCode, 200, 'another IP is not locked out');

  const unknown = await attempt('whatever', '10.0.0.3', 'nobody@example.com');
  t.equal(unknown.statusCode, 401);
  t.equal(unknown.json().code, 'invalid_credentials', 'an unknown email looks like a wrong password');

  // The window is in the database: age the failures past 15 minutes and the pair is free again.
  await db.db.updateTable('admin_login_failures').set({ failed_at: new Date(Date.now() - 16 * 60_000) }).execute();
  t.equal((await attempt(ADMIN_PASSWORD)).statusCode, 200);
});

t.test('a successful sign-in clears the pair\'s failure count', async (t) => {
  const { app, db } = await buildTestApp(t);
  await createAdmin(db.db, { source: 'cli' }, 'ops@example.com', ADMIN_PASSWORD);
  const attempt = (password: string) =>
    app.inject({ method: 'POST', url: '/api/admin/session', payload: { email: 'ops@example.com', password }, remoteAddress: '10.0.0.9' });
  // Four wrong and one right: the right one would be the fifth counted attempt if the success
  // did not clear the count, and the next wrong password would be refused with 429.
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 4; i++) t.equal((await attempt('wrong password')).statusCode, 401, `round ${round}: wrong password ${i + 1} is checked`);
    t.equal((await attempt(ADMIN_PASSWORD)).statusCode, 200, `round ${round}: the right password signs in`);
  }
  const rows = await db.db.selectFrom('admin_login_failures').select('id').execute();
  t.equal(rows.length, 0, 'no failure rows are left for the pair after a success');
});

t.test('validation errors use the admin error shape', async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ method: 'POST', url: '/api/admin/session', payload: { email: 'x@example.com' } });
  t.equal(res.statusCode, 400);
  t.match(res.json(), { statusCode: 400, code: 'validation_failed' });
  const nope = await app.inject('/api/admin/nope');
  t.equal(nope.statusCode, 404);
  t.equal(nope.json().code, 'not_found');
});

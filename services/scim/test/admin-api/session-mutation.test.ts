// Exact behaviour of admin sign-in, sessions and the sign-in throttle (admin-api/session.ts,
// admin-api/login-throttle.ts), pinned value by value: what the response, the cookie, the
// session row and the audit row carry; which JWTs are refused with which code; which failure
// rows a sign-in counts, prunes, clears or releases; the Retry-After it answers.
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import t from 'tap';
import { buildTestApp, TEST_SIGNING_KEY } from '../../../../test/helpers/app.js';
import { adminActor, SESSION_COOKIE } from '../../src/admin-api/session.js';
import { clientKey } from '../../src/admin-api/login-throttle.js';
import { createAdmin } from '../../src/admin-accounts/admin-store.js';
import { passwordHashing } from '../../src/admin-accounts/password.js';
import { ADMIN_PASSWORD } from './helpers.js';

type App = Awaited<ReturnType<typeof buildTestApp>>['app'];

function signInWith(app: App, email: string, password: string, remoteAddress = '10.0.0.1', headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/api/admin/session', payload: { email, password }, remoteAddress, headers });
}

/** HS256 JWT signed with the test app's signing key (test/helpers/app.ts). */
function signJwt(payload: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  return `${body}.${createHmac('sha256', TEST_SIGNING_KEY).update(body).digest('base64url')}`;
}

t.test('clientKey: IPv4 as is, IPv4-mapped IPv6 unwrapped, IPv6 by its /64, anything else as given', async (t) => {
  const cases: [string | undefined, string][] = [
    [undefined, 'unknown'],
    ['', 'unknown'],
    ['10.0.0.1', '10.0.0.1'],
    ['::ffff:10.20.30.40', '10.20.30.40'],
    ['::FFFF:192.0.2.1', '192.0.2.1'],
    // Not an address: returned unchanged, even when an address is embedded in it.
    ['x::ffff:10.20.30.40', 'x::ffff:10.20.30.40'],
    ['::ffff:10.20.30.40x', '::ffff:10.20.30.40x'],
    ['unix-socket', 'unix-socket'],
    ['2001:db8:1:2::5', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:0003:0004:0005:0006', '2001:db8:1:2::/64'],
    ['2001:DB8:A:B:C:D:E:F', '2001:db8:a:b::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::', 'fe80:0:0:0::/64'],
    ['1::2:3:4:5:6:7', '1:0:2:3::/64'],
    ['1:2::8', '1:2:0:0::/64'],
    ['::ffff:7f00:1', '0:0:0:0::/64'],
  ];
  for (const [ip, key] of cases) t.equal(clientKey(ip), key, String(ip));
});

t.test('sign-in: the response, cookie, session row, last login and audit row, exactly', async (t) => {
  const { app, db } = await buildTestApp(t, { ADMIN_SESSION_TTL_SECONDS: '1234' });
  const admin = await createAdmin(db.db, { source: 'cli' }, 'Mixed.Case@Example.com', ADMIN_PASSWORD);
  const before = await db.db.selectFrom('admins').select('last_login_at').where('id', '=', admin.id).executeTakeFirstOrThrow();
  t.equal(before.last_login_at, null);

  const ua = 'u'.repeat(600);
  // The email is trimmed and compared case-insensitively.
  const res = await signInWith(app, '  mixed.case@EXAMPLE.com ', ADMIN_PASSWORD, '10.1.2.3', { 'user-agent': ua, 'x-request-id': 'req-sign-in-1' });
  t.equal(res.statusCode, 200);
  const row = await db.db.selectFrom('admin_sessions').selectAll().executeTakeFirstOrThrow();
  t.strictSame(res.json(), { admin: { id: admin.id, email: 'Mixed.Case@Example.com' }, expiresAt: row.expires_at.toISOString() });
  t.equal(row.admin_id, admin.id);
  t.equal(row.ip, '10.1.2.3');
  t.equal(row.user_agent, 'u'.repeat(512), 'the User-Agent is cut to 512 characters');
  t.equal(row.revoked_at, null);
  const ttl = (row.expires_at.getTime() - row.created_at.getTime()) / 1000;
  t.ok(Math.abs(ttl - 1234) < 1, `expires ADMIN_SESSION_TTL_SECONDS after creation (${ttl})`);

  const setCookie = res.headers['set-cookie'] as string;
  const token = setCookie.split(';')[0]!.slice(`${SESSION_COOKIE}=`.length);
  t.equal(setCookie, `${SESSION_COOKIE}=${token}; Max-Age=1234; Path=/api/admin; HttpOnly; Secure; SameSite=Strict`);
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
  t.equal(claims.sid, row.id);
  t.equal(claims.sub, admin.id);
  t.equal(claims.exp - claims.iat, 1234);

  const after = await db.db.selectFrom('admins').select('last_login_at').where('id', '=', admin.id).executeTakeFirstOrThrow();
  t.type(after.last_login_at, Date, 'last_login_at is set');

  const audit = await db.db.selectFrom('audit_events').selectAll().where('action', '=', 'admin.signed_in').execute();
  t.equal(audit.length, 1);
  const pick = (r: Record<string, unknown>) => ({ source: r.source, admin_id: r.admin_id, resource_type: r.resource_type, resource_id: r.resource_id, request_id: r.request_id, ip: r.ip, user_agent: r.user_agent, diff: r.diff });
  t.strictSame(pick(audit[0]!), { source: 'admin', admin_id: admin.id, resource_type: 'Admin', resource_id: admin.id, request_id: 'req-sign-in-1', ip: '10.1.2.3', user_agent: 'u'.repeat(512), diff: null });

  // GET /session answers from the row; DELETE revokes only this session and audits it.
  const cookie = `${SESSION_COOKIE}=${token}`;
  const me = await app.inject({ url: '/api/admin/session', headers: { cookie } });
  t.strictSame(me.json(), { admin: { id: admin.id, email: 'Mixed.Case@Example.com' }, expiresAt: row.expires_at.toISOString() });
  const second = await signInWith(app, 'Mixed.Case@Example.com', ADMIN_PASSWORD, '10.1.2.4');
  const cookie2 = (second.headers['set-cookie'] as string).split(';')[0]!;
  const out = await app.inject({ method: 'DELETE', url: '/api/admin/session', remoteAddress: '10.1.2.5', headers: { cookie, 'user-agent': 'sign-out-agent', 'x-request-id': 'req-sign-out-1' } });
  t.equal(out.statusCode, 204);
  t.equal(out.body, '');
  t.equal(out.headers['set-cookie'], `${SESSION_COOKIE}=; Max-Age=0; Path=/api/admin; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax`);
  const sessions = await db.db.selectFrom('admin_sessions').select(['id', 'revoked_at']).orderBy('created_at').execute();
  t.equal(sessions.length, 2);
  t.type(sessions.find((s) => s.id === row.id)!.revoked_at, Date, 'the signed-out session is revoked');
  t.equal(sessions.find((s) => s.id !== row.id)!.revoked_at, null, 'the other session is not');
  t.equal((await app.inject({ url: '/api/admin/session', headers: { cookie: cookie2 } })).statusCode, 200, 'the other session still works');
  const outAudit = await db.db.selectFrom('audit_events').selectAll().where('action', '=', 'admin.signed_out').execute();
  t.equal(outAudit.length, 1);
  t.strictSame(pick(outAudit[0]!), { source: 'admin', admin_id: admin.id, resource_type: 'Admin', resource_id: admin.id, request_id: 'req-sign-out-1', ip: '10.1.2.5', user_agent: 'sign-out-agent', diff: null });
});

t.test('sign-in without a User-Agent: the session and audit rows have none', async (t) => {
  const { app, db } = await buildTestApp(t);
  const admin = await createAdmin(db.db, { source: 'cli' }, 'no.agent@example.com', ADMIN_PASSWORD);
  // light-my-request sends its own User-Agent unless the header is set to undefined.
  const res = await app.inject({ method: 'POST', url: '/api/admin/session', payload: { email: 'no.agent@example.com', password: ADMIN_PASSWORD }, headers: { 'user-agent': undefined } });
  t.equal(res.statusCode, 200);
  const row = await db.db.selectFrom('admin_sessions').select(['user_agent']).where('admin_id', '=', admin.id).executeTakeFirstOrThrow();
  t.equal(row.user_agent, null);
  const audit = await db.db.selectFrom('audit_events').select(['user_agent']).where('action', '=', 'admin.signed_in').executeTakeFirstOrThrow();
  t.equal(audit.user_agent, null);
});

t.test('which session cookies are refused, and with which code', async (t) => {
  const { app, db } = await buildTestApp(t);
  const a = await createAdmin(db.db, { source: 'cli' }, 'a@example.com', ADMIN_PASSWORD);
  const b = await createAdmin(db.db, { source: 'cli' }, 'b@example.com', ADMIN_PASSWORD);
  const session = await db.db.insertInto('admin_sessions').values({ admin_id: a.id, expires_at: sql<Date>`now() + interval '1 hour'` as never }).returning('id').executeTakeFirstOrThrow();
  const now = Math.floor(Date.now() / 1000);
  const get = (value: string) => app.inject({ url: '/api/admin/session', headers: { cookie: `${SESSION_COOKIE}=${value}` } });
  const unauthenticated = { statusCode: 401, code: 'unauthenticated', message: 'sign in first' };
  const expired = { statusCode: 401, code: 'session_expired', message: 'the session has expired or was signed out; sign in again' };

  t.strictSame((await get('')).json(), unauthenticated, 'an empty cookie');
  t.strictSame((await get('not-a-jwt')).json(), expired, 'a cookie that is not a JWT');
  t.strictSame((await get(signJwt({ sub: a.id, iat: now, exp: now + 60 }))).json(), unauthenticated, 'a JWT without sid');
  t.strictSame((await get(signJwt({ sid: session.id, iat: now, exp: now + 60 }))).json(), unauthenticated, 'a JWT without sub');
  t.strictSame((await get(signJwt({ sid: session.id, sub: b.id, iat: now, exp: now + 60 }))).json(), expired, 'another admin\'s id in sub');
  const ok = await get(signJwt({ sid: session.id, sub: a.id, iat: now, exp: now + 60 }));
  t.equal(ok.statusCode, 200);
  t.same(ok.json().admin, { id: a.id, email: 'a@example.com' });
  await db.db.updateTable('admin_sessions').set({ revoked_at: sql`now()` as never }).execute();
  t.strictSame((await get(signJwt({ sid: session.id, sub: a.id, iat: now, exp: now + 60 }))).json(), expired, 'a revoked session');
});

t.test('sign-in body limits', async (t) => {
  const { app, db } = await buildTestApp(t);
  await createAdmin(db.db, { source: 'cli' }, 'limits@example.com', ADMIN_PASSWORD);
  const post = (payload: unknown) => app.inject({ method: 'POST', url: '/api/admin/session', payload: payload as object, remoteAddress: '10.3.0.1' });
  t.equal((await post({ email: '', password: 'x' })).statusCode, 400, 'empty email');
  t.equal((await post({ email: 'limits@example.com', password: '' })).statusCode, 400, 'empty password');
  t.equal((await post({ email: `${'e'.repeat(309)}@example.com`, password: 'x' })).statusCode, 400, '321-character email');
  t.equal((await post({ email: 'limits@example.com', password: 'p'.repeat(1025) })).statusCode, 400, '1025-character password');
  // 320 + 1024 three-byte characters: about 3.4 KiB, under the 4 KiB limit, so it is checked.
  const big = await post({ email: `${'e'.repeat(308)}@example.com`, password: '€'.repeat(1024) });
  t.equal(big.statusCode, 401);
  t.equal(big.json().code, 'invalid_credentials');
  const tooBig = await post({ email: 'limits@example.com', password: ADMIN_PASSWORD, padding: 'x'.repeat(4096) });
  t.equal(tooBig.statusCode, 413, 'a body over 4 KiB is not read');
});

t.test('failure rows: counted case-insensitively, pruned after twice the window, cleared per pair only', async (t) => {
  const { app, db } = await buildTestApp(t);
  await createAdmin(db.db, { source: 'cli' }, 'ops@example.com', ADMIN_PASSWORD);
  const rows = async () => (await db.db.selectFrom('admin_login_failures').select(['email', 'ip']).orderBy('id').execute()).map((r) => `${r.email}@${r.ip}`);

  // Other pairs' rows, and rows of this pair past the prune horizon (twice the 15-minute window).
  await db.db.insertInto('admin_login_failures').values([
    { email: 'ops@example.com', ip: '10.4.0.2', failed_at: sql`now() - interval '1 minute'` as never },
    { email: 'other@example.com', ip: '10.4.0.1', failed_at: sql`now() - interval '1 minute'` as never },
    { email: 'old@example.com', ip: '10.4.0.9', failed_at: sql`now() - interval '31 minutes'` as never },
    { email: 'recent@example.com', ip: '10.4.0.9', failed_at: sql`now() - interval '29 minutes'` as never },
  ]).execute();

  // A wrong password records the attempt (its email lower-cased) and prunes rows older than 30 minutes.
  t.equal((await signInWith(app, 'OPS@Example.COM', 'wrong', '10.4.0.1')).statusCode, 401);
  t.strictSame(await rows(), ['ops@example.com@10.4.0.2', 'other@example.com@10.4.0.1', 'recent@example.com@10.4.0.9', 'ops@example.com@10.4.0.1']);

  // Four more in other cases of the same email: the pair is at MAX_FAILURES whatever the case.
  for (const email of ['ops@EXAMPLE.com', 'Ops@example.com', 'ops@example.com', 'OPS@EXAMPLE.COM']) t.equal((await signInWith(app, email, 'wrong', '10.4.0.1')).statusCode, 401);
  const blocked = await signInWith(app, 'ops@example.com', ADMIN_PASSWORD, '10.4.0.1');
  t.equal(blocked.statusCode, 429);
  t.equal(blocked.json().code, 'too_many_login_attempts');

  // Age them out of the window (not of the prune horizon): the right password clears only
  // this pair's rows; the same email from another address and another email here stay.
  await db.db.updateTable('admin_login_failures').set({ failed_at: sql`now() - interval '16 minutes'` as never }).where('ip', '=', '10.4.0.1').where('email', '=', 'ops@example.com').execute();
  t.equal((await signInWith(app, 'Ops@Example.com', ADMIN_PASSWORD, '10.4.0.1')).statusCode, 200);
  t.strictSame(await rows(), ['ops@example.com@10.4.0.2', 'other@example.com@10.4.0.1', 'recent@example.com@10.4.0.9']);
});

t.test('Retry-After: the seconds until the oldest counted failure leaves the window, pair or address', async (t) => {
  const { app, db } = await buildTestApp(t);
  // Bracket the answer between the database's clock before and after the request.
  const waitFor = async (filter: ReturnType<typeof sql>) =>
    (await sql<{ s: number }>`SELECT ceil(extract(epoch FROM min(failed_at) + interval '15 minutes' - now()))::int AS s FROM admin_login_failures WHERE ${filter}`.execute(db.db)).rows[0]!.s;
  const check = async (email: string, ip: string, filter: ReturnType<typeof sql>, what: string) => {
    const hi = await waitFor(filter);
    const res = await signInWith(app, email, ADMIN_PASSWORD, ip);
    const lo = await waitFor(filter);
    t.equal(res.statusCode, 429, what);
    const retry = Number(res.headers['retry-after']);
    t.ok(retry >= lo && retry <= hi, `${what}: Retry-After ${retry} is ${lo}..${hi}`);
    t.equal(res.json().message, `too many failed sign-ins; try again in ${retry} s`);
    return retry;
  };

  // The pair at its limit, its oldest failure 10 minutes old: about 5 minutes to wait.
  const pairRows = Array.from({ length: 5 }, (_, i) => ({ email: 'pair@example.com', ip: '10.5.0.1', failed_at: sql`now() - make_interval(secs => ${600 - i})` as never }));
  await db.db.insertInto('admin_login_failures').values(pairRows).execute();
  const pairWait = await check('Pair@Example.com', '10.5.0.1', sql`ip = '10.5.0.1'`, 'the pair is limited');
  t.ok(pairWait > 250, `well over a second (${pairWait})`);

  // The address at its limit with old failures of other emails (14 minutes: about 1 minute
  // left), and a pair whose own failures are newer (5 minutes: about 10 left): the longer wait wins.
  const addressRows = Array.from({ length: 15 }, (_, i) => ({ email: `other-${i}@example.com`, ip: '10.5.0.2', failed_at: sql`now() - make_interval(secs => ${840 - i})` as never }));
  const newer = Array.from({ length: 5 }, (_, i) => ({ email: 'both@example.com', ip: '10.5.0.2', failed_at: sql`now() - make_interval(secs => ${300 - i})` as never }));
  await db.db.insertInto('admin_login_failures').values([...addressRows, ...newer]).execute();
  const both = await check('both@example.com', '10.5.0.2', sql`ip = '10.5.0.2' AND email = 'both@example.com'`, 'pair and address both limited');
  t.ok(both > 500, `the pair's wait, not the address's (${both})`);
  const addressOnly = await check('someone@example.com', '10.5.0.2', sql`ip = '10.5.0.2'`, 'only the address is limited');
  t.ok(addressOnly > 1 && addressOnly < 120, `the address's wait (${addressOnly})`);
  t.equal(Number((await db.db.selectFrom('admin_login_failures').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), 25, 'refused attempts leave no row');
});

t.test('an attempt that finds its address locked, or no hashing slot, leaves no row', async (t) => {
  const { app, db } = await buildTestApp(t);
  await createAdmin(db.db, { source: 'cli' }, 'busy@example.com', ADMIN_PASSWORD);
  const count = async () => Number((await db.db.selectFrom('admin_login_failures').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  // Another sign-in of the same address holds its advisory lock: refused at once, Retry-After 1.
  const holder = new pg.Client({ connectionString: db.url });
  await holder.connect();
  t.teardown(() => holder.end());
  await holder.query(`SELECT pg_advisory_lock(hashtextextended('admin-sign-in:10.6.0.1', 0))`);
  const locked = await signInWith(app, 'busy@example.com', ADMIN_PASSWORD, '10.6.0.1');
  t.equal(locked.statusCode, 429);
  t.equal(locked.headers['retry-after'], '1');
  t.equal((await signInWith(app, 'busy@example.com', 'wrong', '10.6.0.2')).statusCode, 401, 'another address is not locked');
  await holder.query(`SELECT pg_advisory_unlock(hashtextextended('admin-sign-in:10.6.0.1', 0))`);
  t.equal(await count(), 1, 'only the checked attempt left a row');

  // Every hashing slot and queue place taken: 503, and the claimed attempt is released.
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const held = Array.from({ length: 2 + 32 }, () => passwordHashing.run(() => gate));
  const busy = await signInWith(app, 'busy@example.com', 'wrong', '10.6.0.3');
  release();
  await Promise.all(held);
  t.equal(busy.statusCode, 503);
  t.equal(busy.json().code, 'busy');
  t.equal(await count(), 1, 'the busy attempt did not count');
  t.equal((await signInWith(app, 'busy@example.com', ADMIN_PASSWORD, '10.6.0.1')).statusCode, 200, 'the unlocked address signs in');
});

t.test('plain-http deployments, expired rows and JWTs, and how the session routes are documented', async (t) => {
  const { app, db } = await buildTestApp(t, { PUBLIC_BASE_URL: 'http://localhost:8080', ADMIN_SESSION_TTL_SECONDS: '60' });
  const admin = await createAdmin(db.db, { source: 'cli' }, 'http@example.com', ADMIN_PASSWORD);
  const res = await signInWith(app, 'http@example.com', ADMIN_PASSWORD);
  const setCookie = res.headers['set-cookie'] as string;
  const token = setCookie.split(';')[0]!.slice(`${SESSION_COOKIE}=`.length);
  t.equal(setCookie, `${SESSION_COOKIE}=${token}; Max-Age=60; Path=/api/admin; HttpOnly; SameSite=Strict`, 'no Secure flag without https');
  const get = (value: string) => app.inject({ url: '/api/admin/session', headers: { cookie: `${SESSION_COOKIE}=${value}` } });
  const expired = { statusCode: 401, code: 'session_expired', message: 'the session has expired or was signed out; sign in again' };
  t.equal((await get(token)).statusCode, 200);
  // expires_at > now() is checked in SQL on every request.
  await db.db.updateTable('admin_sessions').set({ expires_at: sql<Date>`now() - interval '1 second'` as never }).execute();
  t.strictSame((await get(token)).json(), expired, 'a row past its expiry');
  // A live row with an expired JWT: the signature check includes exp.
  const fresh = await db.db.insertInto('admin_sessions').values({ admin_id: admin.id, expires_at: sql<Date>`now() + interval '1 hour'` as never }).returning('id').executeTakeFirstOrThrow();
  const now = Math.floor(Date.now() / 1000);
  t.strictSame((await get(signJwt({ sid: fresh.id, sub: admin.id, iat: now - 120, exp: now - 60 }))).json(), expired, 'an expired JWT');

  const doc = (await app.inject({ url: '/api/admin/openapi.json' })).json();
  const session = doc.paths['/api/admin/session'];
  t.strictSame(Object.keys(session).sort(), ['delete', 'get', 'post']);
  for (const method of ['get', 'post', 'delete']) t.strictSame(session[method].tags, ['session'], `${method} is tagged session`);
  t.strictSame(Object.keys(session.post.responses).filter((c: string) => /^2/.test(c)), ['200']);
  t.strictSame(Object.keys(session.get.responses).filter((c: string) => /^2/.test(c)), ['200']);
  t.strictSame(Object.keys(session.delete.responses).filter((c: string) => /^2/.test(c)), ['204']);
  const body = session.post.requestBody.content['application/json'].schema;
  t.match(body.properties, { email: { type: 'string', minLength: 1, maxLength: 320 }, password: { type: 'string', minLength: 1, maxLength: 1024 } });
});

t.test('adminActor: a request without an admin, address or User-Agent', async (t) => {
  const req = { admin: null, id: 'req-1', ip: undefined, headers: {} } as unknown as Parameters<typeof adminActor>[0];
  t.strictSame(adminActor(req), { source: 'admin', adminId: null, requestId: 'req-1', ip: null, userAgent: null });
  const long = { admin: { id: 'a1', email: 'a@example.com', sessionId: 's1' }, id: 'req-2', ip: '10.0.0.1', headers: { 'user-agent': 'x'.repeat(513) } } as unknown as Parameters<typeof adminActor>[0];
  t.strictSame(adminActor(long), { source: 'admin', adminId: 'a1', requestId: 'req-2', ip: '10.0.0.1', userAgent: 'x'.repeat(512) });
});

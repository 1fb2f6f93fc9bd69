// Issue 14 finding 1: a large, deeply nested JSON body froze the event loop for anyone who
// could reach the port. Each hostile body here must be refused by its size or by the linear
// pre-scan (depth, value count) before JSON.parse ever sees it, or never be read at all
// (unknown routes, unauthenticated SCIM requests).
import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { SCIM, USER } from '../../../../test/helpers/scim.js';
import { assertScimError } from '../conformance.js';
import { signIn } from '../admin-api/helpers.js';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

t.test('sign-in and other admin routes take small bodies only; the size is checked before reading', async (t) => {
  const { app, db } = await buildTestApp(t);
  const bomb = nested(3_500_000);
  const res = await app.inject({ method: 'POST', url: '/api/admin/session', headers: { 'content-type': 'application/json' }, payload: bomb });
  t.equal(res.statusCode, 413, 'a 7 MB sign-in body is refused by its Content-Length');
  t.equal(res.json().code, 'payload_too_large');
  const big = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(8 * 1024) });
  t.equal((await app.inject({ method: 'POST', url: '/api/admin/session', headers: { 'content-type': 'application/json' }, payload: big })).statusCode, 413,
    'sign-in needs a few hundred bytes: 8 KB is refused');
  const anon = await app.inject({ method: 'POST', url: '/api/admin/connections', headers: { 'content-type': 'application/json' }, payload: '{"not json' });
  t.equal(anon.statusCode, 401, 'without a session an admin body is never parsed');
  const { cookie } = await signIn(app, db.db);
  const admin = await app.inject({ method: 'POST', url: '/api/admin/connections', headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(1024 * 1024) }) });
  t.equal(admin.statusCode, 413, 'a signed-in admin route refuses 1 MB as well');
});

t.test('routes that do not exist never parse a body', async (t) => {
  const { app } = await buildTestApp(t);
  // Unknown routes answer 404 before any body or token is looked at.
  for (const [url, status] of [['/nope', 404], ['/api/admin/nope', 404], ['/scim/v2/Nope', 404]] as const) {
    // Invalid JSON: a 400 would prove the body was parsed; a 404 that it never was.
    const res = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"not json' });
    t.not(res.statusCode, 400, `${url}: the body of an unknown route is not parsed`);
    t.equal(res.statusCode, status, `${url} → ${status}`);
  }
  const big = await app.inject({ method: 'POST', url: '/nope', headers: { 'content-type': 'application/json' }, payload: nested(3_500_000) });
  t.equal(big.statusCode, 404, 'a 7 MB body to an unknown path is a 404, not a parse');
  t.equal(big.json().code, 'not_found');
});

t.test('SCIM: unauthenticated bodies are never read; authenticated ones are bounded by size, depth and value count', async (t) => {
  const { app, token, config } = await buildTestApp(t);
  const { authorization } = await token();
  const anon = await app.inject({ method: 'POST', url: '/scim/v2/Users', headers: { 'content-type': SCIM }, payload: '{"not json' });
  assertScimError(t, anon, 401, undefined, 'a body without a token');

  t.equal(config.SCIM_MAX_BODY_BYTES, 8 * 1024 * 1024, 'the SCIM default is 8 MiB (a 50,000-member group PUT is about 4.8 MB)');
  const deep = await app.inject({ method: 'POST', url: '/scim/v2/Users', headers: { authorization, 'content-type': SCIM }, payload: nested(3_500_000) });
  assertScimError(t, deep, 400, 'invalidSyntax', '7 MB of nested arrays');
  t.match(deep.json().detail, /nest/);
  const tooBig = await app.inject({ method: 'POST', url: '/scim/v2/Users', headers: { authorization, 'content-type': SCIM }, payload: 'x'.repeat(config.SCIM_MAX_BODY_BYTES + 1) });
  assertScimError(t, tooBig, 413, undefined, 'one byte over SCIM_MAX_BODY_BYTES');
  const wide = await app.inject({ method: 'POST', url: '/scim/v2/Users', headers: { authorization, 'content-type': 'application/json' }, payload: `[${'{},'.repeat(1_000_000)}{}]` });
  assertScimError(t, wide, 400, 'invalidSyntax', 'a million empty objects');
  const bulk = await app.inject({
    method: 'POST', url: '/scim/v2/Bulk', headers: { authorization, 'content-type': SCIM }, payload: JSON.stringify({ x: 'y'.repeat(config.SCIM_BULK_MAX_PAYLOAD_BYTES) }),
  });
  assertScimError(t, bulk, 413, undefined, 'Bulk keeps its own maxPayloadSize');
  const ok = await app.inject({ method: 'POST', url: '/scim/v2/Users', headers: { authorization, 'content-type': SCIM }, payload: JSON.stringify({ schemas: [USER], userName: 'depth-ok' }) });
  t.equal(ok.statusCode, 201, 'an ordinary body still works');
});

t.test('SCIM_MAX_BODY_BYTES stays configurable', async (t) => {
  const { app, token } = await buildTestApp(t, { SCIM_MAX_BODY_BYTES: '2048' });
  const { authorization } = await token();
  const res = await app.inject({ method: 'POST', url: '/scim/v2/Users', headers: { authorization, 'content-type': SCIM }, payload: JSON.stringify({ schemas: [USER], userName: 'x'.repeat(3000) }) });
  assertScimError(t, res, 413);
});

t.test('/healthz answers while hostile bodies are refused on a real socket', async (t) => {
  const { app } = await buildTestApp(t);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const bomb = nested(3_500_000);
  const hostile = ['/api/admin/session', '/nope', '/scim/v2/Users', '/api/admin/session'].map((p) =>
    fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bomb }).then((r) => r.status, () => 'reset'));
  const health = await fetch(`${base}/healthz`);
  t.equal(health.status, 200);
  const statuses = await Promise.all(hostile);
  t.same(statuses, [413, 404, 401, 413], 'each hostile body is refused without a parse');
});

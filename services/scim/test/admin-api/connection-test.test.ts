import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { revokeToken } from '../../src/tokens/token-store.js';
import { signIn } from './helpers.js';

type Step = { id: string; status: string; detail: string; limit?: number; remaining?: number };
const byId = (steps: Step[]) => Object.fromEntries(steps.map((s) => [s.id, s]));

t.test('Test SCIM against the real network address: all green, then the activity panel', async (t) => {
  const { app, db, token, config } = await buildTestApp(t, { SCIM_RATE_LIMIT_PER_SECOND: '5' });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  config.publicBaseUrl = address; // what an operator sets PUBLIC_BASE_URL to
  const { cookie } = await signIn(app, db.db);
  const tok = await token({ connection: 'okta' });

  // Real IdP traffic first, including one error, for the activity panel.
  const ua = 'Okta SCIM Client 1.0.0';
  await app.inject({ url: '/scim/v2/ServiceProviderConfig', headers: { authorization: tok.authorization, 'user-agent': ua } });
  await app.inject({ url: '/scim/v2/Nope', headers: { authorization: tok.authorization, 'user-agent': ua } });

  const res = await app.inject({ method: 'POST', url: `/api/admin/connections/${tok.connectionId}/test`, headers: { cookie }, payload: { token: tok.token } });
  t.equal(res.statusCode, 200, res.body);
  const body = res.json();
  const steps = byId(body.steps);
  t.same(body.steps.map((s: Step) => s.id), ['reachable', 'discovery', 'token', 'probe', 'rate_limit']);
  for (const s of body.steps as Step[]) t.equal(s.status, 'pass', `${s.id}: ${s.detail}`);
  t.equal(body.ok, true, 'every step passed');
  t.match(steps.reachable!.detail, new RegExp(`${address}/healthz answered 200`));
  t.equal(steps.rate_limit!.limit, 50);
  t.ok(steps.rate_limit!.remaining! > 0 && steps.rate_limit!.remaining! < 50, 'the headroom left is reported');
  t.match(body.activity, { requestsLast24h: 2, errorsLast24h: 1, lastUserAgent: ua, lastError: { status: 404, detail: /no SCIM endpoint/ } });
  t.ok(body.activity.lastRequestAt);
  const later = (await app.inject({ url: `/api/admin/connections/${tok.connectionId}/activity`, headers: { cookie } })).json();
  t.ok(later.requestsLast24h >= 4, 'the test’s own requests are counted afterwards');
  t.notOk(JSON.stringify(body).includes(tok.token), 'the token is not echoed');

  const stats = await db.db.selectFrom('scim_request_stats').selectAll().execute();
  t.equal(stats.length, 1, 'one row per connection and hour');
  t.equal(stats[0]!.connection_id, tok.connectionId);
});

t.test('red steps: unreachable public URL, token of another connection, revoked token', async (t) => {
  const { app, db, token } = await buildTestApp(t, { PUBLIC_BASE_URL: 'http://127.0.0.1:9' });
  const { cookie } = await signIn(app, db.db);
  const tok = await token({ connection: 'entra' });
  const other = await token({ connection: 'okta' });
  const run = async (connectionId: string, value: string) =>
    (await app.inject({ method: 'POST', url: `/api/admin/connections/${connectionId}/test`, headers: { cookie }, payload: { token: value } })).json();

  const unreachable = await run(tok.connectionId, tok.token);
  t.equal(unreachable.ok, false);
  const s = byId(unreachable.steps);
  t.equal(s.reachable!.status, 'fail');
  t.match(s.reachable!.detail, /not reachable from the server \(ECONNREFUSED/);
  t.equal(s.discovery!.status, 'pass', 'still checked, in-process');
  t.match(s.discovery!.detail, /checked in-process/);
  t.equal(s.token!.status, 'pass');
  t.equal(s.rate_limit!.status, 'pass');
  t.match(s.rate_limit!.detail, /off/);

  const wrong = byId((await run(tok.connectionId, other.token)).steps);
  t.equal(wrong.token!.status, 'fail');
  t.match(wrong.token!.detail, /belongs to connection "okta"/);
  t.equal(wrong.probe!.status, 'skip');

  await revokeToken(db.db, { source: 'cli' }, tok.id);
  const revoked = byId((await run(tok.connectionId, tok.token)).steps);
  t.equal(revoked.token!.status, 'fail');
  t.match(revoked.token!.detail, /revoked/);
  t.equal(revoked.discovery!.status, 'fail');
  t.match(revoked.discovery!.detail, /HTTP 401: the bearer token has been revoked/);

  const junk = byId((await run(tok.connectionId, 'not-a-token')).steps);
  t.match(junk.token!.detail, /not a token issued by this service/);

  const missing = await app.inject({ method: 'POST', url: '/api/admin/connections/00000000-0000-4000-8000-000000000000/test', headers: { cookie }, payload: { token: 'x' } });
  t.equal(missing.statusCode, 404);
});

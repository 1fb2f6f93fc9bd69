// GET /metrics on the production app: request counts and latency by route pattern, status and IdP
// connection, rate-limit rejections, token-auth failures, pool usage, process metrics, and the
// optional METRICS_TOKEN.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { newUser } from '../../../../test/helpers/scim.js';

/** The value of one series, found by its exact label set (order as prom-client prints it). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2] ? m[2].split(/,(?=[a-z_]+=")/) : [];
    if (have.length === wanted.length && wanted.every((w) => have.includes(w))) return Number(m[3]);
  }
  return undefined;
}

t.test('requests by route pattern, status and connection; auth failures; unmatched routes', async (t) => {
  const { app, token, db } = await buildTestApp(t);
  const connection = `okta-${randomUUID().slice(0, 8)}`;
  const tok = await token({ connection });
  const headers = { authorization: tok.authorization, 'content-type': 'application/scim+json' };
  const created = await app.inject({ method: 'POST', url: '/scim/v2/Users', headers, payload: newUser('ada@example.com') });
  t.equal(created.statusCode, 201);
  const id = created.json().id as string;
  for (let i = 0; i < 2; i++) t.equal((await app.inject({ url: `/scim/v2/Users/${id}`, headers })).statusCode, 200);
  t.equal((await app.inject({ url: `/scim/v2/Users/${randomUUID()}`, headers })).statusCode, 404);
  t.equal((await app.inject({ url: '/scim/v2/Users' })).statusCode, 401, 'no token');
  t.equal((await app.inject({ url: '/scim/v2/Users', headers: { authorization: 'Bearer scim_nope' } })).statusCode, 401, 'a malformed token');
  t.equal((await app.inject({ url: `/no-such-page/${randomUUID()}` })).statusCode, 404);

  const res = await app.inject('/metrics');
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4/);
  const body = res.body;
  const conn = { connection_id: tok.connectionId, connection };
  const route = (method: string, r: string, status: number, c: Record<string, string> = conn) => ({ method, route: r, status_code: String(status), ...c });
  t.equal(sample(body, 'scim_http_requests_total', route('POST', '/scim/v2/Users', 201)), 1, 'the create, labelled with its connection');
  t.equal(sample(body, 'scim_http_requests_total', route('GET', '/scim/v2/Users/:id', 200)), 2, 'reads of one user under the route pattern');
  t.equal(sample(body, 'scim_http_requests_total', route('GET', '/scim/v2/Users/:id', 404)), 1, 'status is a label');
  t.equal(sample(body, 'scim_http_requests_total', route('GET', '/scim/v2/Users', 401, { connection_id: '', connection: '' })), 2, 'no connection without a valid token');
  t.equal(sample(body, 'scim_http_requests_total', route('GET', 'unmatched', 404, { connection_id: '', connection: '' })), 1, 'unknown URLs share one series');
  t.equal(sample(body, 'scim_http_request_duration_seconds_count', route('GET', '/scim/v2/Users/:id', 200)), 2, 'latency histogram, same labels');
  t.ok(sample(body, 'scim_http_request_duration_seconds_bucket', { ...route('GET', '/scim/v2/Users/:id', 200), le: '+Inf' }) === 2);
  t.equal(sample(body, 'scim_token_auth_failures_total'), 2, 'token-auth failures');
  t.notOk(body.includes(id), 'no resource id in any label');
  t.notOk(body.includes('ada@example.com'), 'no user data');
  t.notOk(body.includes(tok.token.slice(0, 12)), 'no token');

  t.equal(sample(body, 'scim_db_pool_max_connections'), db.pool.options.max, 'the pool size');
  t.ok((sample(body, 'scim_db_pool_connections', { state: 'idle' }) ?? -1) >= 0, 'idle pool connections');
  t.ok((sample(body, 'scim_db_pool_connections', { state: 'active' }) ?? -1) >= 0, 'active pool connections');
  t.equal(sample(body, 'scim_db_pool_waiting_clients'), 0, 'nobody waits for a connection');
  for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
    t.match(body, new RegExp(`^${name} [0-9.e+-]+$`, 'm'), `Node process metric ${name}`);
  }
  t.match(body, /^# TYPE scim_outbox_consumer_lag_events gauge$/m, 'the outbox gauges');
});

t.test('rate-limit rejections by connection', async (t) => {
  const { app, token } = await buildTestApp(t, { SCIM_RATE_LIMIT_PER_SECOND: '1' });
  const connection = `entra-${randomUUID().slice(0, 8)}`;
  const tok = await token({ connection });
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) statuses.push((await app.inject({ url: '/scim/v2/ServiceProviderConfig', headers: { authorization: tok.authorization } })).statusCode);
  const rejected = statuses.filter((s) => s === 429).length;
  t.ok(rejected > 0, `${rejected} of 12 refused with 429`);
  const body = (await app.inject('/metrics')).body;
  t.equal(sample(body, 'scim_rate_limit_rejections_total', { connection_id: tok.connectionId, connection }), rejected, 'each 429 counted for its connection');
  t.equal(sample(body, 'scim_token_auth_failures_total'), 0, 'a 429 is not an auth failure');
});

t.test('METRICS_TOKEN: /metrics needs the bearer token when set', async (t) => {
  const metricsToken = 'm'.repeat(32);
  const { app } = await buildTestApp(t, { METRICS_TOKEN: metricsToken });
  const none = await app.inject('/metrics');
  t.equal(none.statusCode, 401);
  t.equal(none.headers['www-authenticate'], 'Bearer realm="metrics"');
  t.match(none.json(), { statusCode: 401, code: 'unauthenticated' });
  t.equal((await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${'x'.repeat(32)}` } })).statusCode, 401, 'a wrong token');
  const ok = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${metricsToken}` } });
  t.equal(ok.statusCode, 200);
  t.match(ok.body, /^scim_http_requests_total\{/m);
});

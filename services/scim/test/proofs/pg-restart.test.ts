// Issue 14, faults: PostgreSQL restarted while the service serves. A private embedded
// PostgreSQL (never the machine's shared server) is stopped in the middle of a burst and
// started again; the app keeps running throughout. While the database is away every SCIM
// request fails at once with a 503 SCIM error (admin requests with the admin error shape),
// /readyz says so and /healthz does not; once it is back the same process serves again, and
// every user that exists has its audit row and outbox event (docs/architecture.md invariant 1).
import t from 'tap';
import { buildApp } from '@scim/scim';
import { connectDb, migrate, startEmbedded } from '@scim/db';
import { newUser } from '../../../../test/helpers/scim.js';
import { tempDir } from '../../../../test/helpers/process.js';
import { loadScimConfig } from '../../src/config.js';
import { createToken } from '../../src/tokens/token-store.js';
import { pool } from './listen.js';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

t.test('PostgreSQL stopped and restarted while serving: 503 at once, then recovery without a restart', async (t) => {
  const dir = await tempDir(t, 'scim-pg-restart-');
  let pgServer = await startEmbedded({ dataDir: dir, role: 'server' });
  t.teardown(() => pgServer.stop());
  const handle = connectDb({ connectionString: pgServer.url, max: 10, applicationName: 'scim' });
  t.teardown(() => handle.close());
  await migrate(handle.pool);
  const config = loadScimConfig({ LOG_LEVEL: 'silent', SCIM_RATE_LIMIT_PER_SECOND: '0', SERVE_WEB: 'false', PUBLIC_BASE_URL: 'https://scim.test' });
  const app = await buildApp({ config, db: handle.db, pool: handle.pool, secrets: { signingKey: 'test-signing-key-0123456789abcdef0123', encryptionKey: Buffer.alloc(32, 7).toString('base64') } });
  t.teardown(() => app.close());
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const { token } = await createToken(handle.db, { source: 'cli' }, { name: 'restart', connection: 'okta' });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
  const post = async (i: number) => {
    const res = await fetch(`${base}/scim/v2/Users`, { method: 'POST', headers, body: JSON.stringify(newUser(`r${i}@example.com`)) });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
  };
  const get = async (path: string, h: Record<string, string> = headers) => {
    const started = performance.now();
    const res = await fetch(base + path, { headers: h });
    return { status: res.status, type: res.headers.get('content-type') ?? '', retryAfter: res.headers.get('retry-after'), body: await res.text(), ms: performance.now() - started };
  };

  t.equal((await post(0)).status, 201, 'serving before the outage');
  t.equal((await get('/readyz')).status, 200);

  // A burst in flight while the server stops (fast shutdown: sessions are terminated); the
  // writers go on until each has met the outage.
  let next = 1;
  let stopping = false;
  const during: Awaited<ReturnType<typeof post>>[] = [];
  const writers = Array.from({ length: 8 }, async () => {
    for (let met = false; !met;) {
      const r = await post(next++);
      during.push(r);
      met = stopping && r.status === 503;
    }
  });
  while (during.length < 40) await new Promise((r) => setTimeout(r, 20));
  stopping = true;
  await pgServer.stop();
  await Promise.all(writers);
  const statuses = new Set(during.map((r) => r.status));
  t.same([...statuses].filter((s) => s !== 201 && s !== 503), [], `only 201 and 503 in the burst (${[...statuses]})`);
  t.ok(during.some((r) => r.status === 503), 'the burst met the outage');
  const notScim = during.filter((r) => r.status === 503).filter((r) => {
    const body = JSON.parse(r.body);
    return !/^application\/scim\+json/.test(r.type) || body.schemas?.[0] !== ERROR || body.status !== '503' || !/database/.test(body.detail);
  });
  t.same(notScim.map((r) => r.body), [], 'every 503 is a SCIM error naming the database');

  // The database is down: every kind of request answers at once.
  const list = await get('/scim/v2/Users');
  t.equal(list.status, 503, 'a SCIM read: 503');
  t.match(JSON.parse(list.body), { schemas: [ERROR], status: '503' });
  t.equal(list.retryAfter, '1', 'with Retry-After');
  t.equal((await post(9999)).status, 503, 'a SCIM write: 503');
  const admin = await get('/api/admin/session', { cookie: 'scim_session=x' });
  t.ok([401, 503].includes(admin.status), `an admin request: ${admin.status} (a cookie that is not a session needs no database)`);
  const ready = await get('/readyz');
  t.equal(ready.status, 503, '/readyz shows the outage');
  t.match(JSON.parse(ready.body), { status: 'database unreachable' });
  t.equal((await get('/healthz')).status, 200, '/healthz: the process itself is fine');
  t.comment(`answer times while the database was down: SCIM GET ${list.ms.toFixed(1)} ms, /readyz ${ready.ms.toFixed(1)} ms`);

  pgServer = await startEmbedded({ dataDir: dir, role: 'server' });
  // Recovery is the pool's own: no restart of the app, the first requests after the database
  // is back may still meet a connection the shutdown closed.
  let recovered = false;
  for (let i = 0; i < 50 && !recovered; i++) {
    recovered = (await get('/readyz')).status === 200;
    if (!recovered) await new Promise((r) => setTimeout(r, 100));
  }
  t.ok(recovered, '/readyz is ready again');
  const after = await pool(Array.from({ length: 20 }, (_, i) => () => post(10_000 + i)), 8);
  t.same(after.map((r) => r.status), Array(20).fill(201), 'the same process serves writes again');
  t.equal((await get('/scim/v2/Users?count=1')).status, 200, 'and reads');

  const created = during.filter((r) => r.status === 201).length + 1 + 20;
  const { rows } = await handle.pool.query(`
    SELECT (SELECT count(*) FROM users) AS users,
           (SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.resource_id = u.id::text AND a.action = 'user.created')) AS no_audit,
           (SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM outbox_events e WHERE e.resource_id = u.id::text AND e.type = 'user.created')) AS no_event`);
  t.equal(Number(rows[0].users), created, 'every 201 is a user, and no 503 left one');
  t.equal(Number(rows[0].no_audit), 0, 'no user without its audit row');
  t.equal(Number(rows[0].no_event), 0, 'no user without its outbox event');
});

// `pnpm start` as a process: embedded PostgreSQL (no DATABASE_URL), the CLI attaching to it while
// it runs, graceful SIGTERM, restart, and restart after a SIGKILL left the postmaster orphaned.
import t from 'tap';
import { existsSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import path from 'node:path';
import { closeGracefully } from '../services/scim/src/runtime.js';
import pg from 'pg';
import { createToken } from '../services/scim/src/tokens/token-store.js';
import { buildTestApp } from './helpers/app.js';
import { createTestDatabase } from './helpers/db.js';
import {
  cleanEnv, freePort, lastLine, pidAlive, postmasterPid, runCli, runEntry, startEntry, tempDir, waitForStatus, waitUntil, type Started,
} from './helpers/process.js';

const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const TOKEN = /^scim_[0-9A-Za-z]{40}$/;

t.test('pnpm start: embedded default, CLI attached, SIGTERM, restart, SIGKILL orphan', async (t) => {
  const dataDir = await tempDir(t, 'scim-start-');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // No DATABASE_URL: the embedded default. SERVE_WEB stays at its default (true): whether
  // web/dist is built or not, the API routes below behave the same.
  const env = cleanEnv({ DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' });
  const cliEnv = cleanEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  t.teardown(async () => {
    // Whatever happened above, never leave a postmaster running on a deleted folder.
    const pid = await postmasterPid(dataDir);
    if (pid && pidAlive(pid)) process.kill(pid, 'SIGINT');
  });

  const start = async (): Promise<Started> => {
    const s = startEntry(t, 'services/scim/src/cli/start.ts', env);
    await waitForStatus(`${base}/healthz`, 200, { started: s });
    // The banner is written once listen() resolves, which can trail the first /healthz answer
    // on a loaded machine.
    await waitUntil(() => s.output().includes('SCIM base URL'));
    return s;
  };
  const spc = (token?: string) =>
    fetch(`${base}/scim/v2/ServiceProviderConfig`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const mint = async (name: string) => {
    const r = await runCli(['tokens', 'create', '--name', name], cliEnv);
    t.equal(r.code, 0, `tokens create ${name} exits 0`, { stderr: r.stderr });
    const token = lastLine(r.stdout);
    t.match(token, TOKEN, 'the token is alone on the last line of stdout');
    return token;
  };

  // --- first start: fresh DATA_DIR ------------------------------------------------------
  const first = await start();
  t.match(first.output(), /SCIM base URL\s+http:\/\/127\.0\.0\.1:\d+\/scim\/v2/, 'prints where to go next');
  t.match(first.output(), /pnpm scim tokens create/, 'and how to mint a token');
  const ready = await fetch(`${base}/readyz`);
  t.equal(ready.status, 200, '/readyz: database reachable and migrations current');
  t.same(await ready.json(), { status: 'ready' });

  const anon = await spc();
  t.equal(anon.status, 401);
  t.match(anon.headers.get('content-type'), /application\/scim\+json/);
  t.match(await anon.json(), { schemas: [SCIM_ERROR], status: '401' }, 'a SCIM error body');

  const pmPid = await postmasterPid(dataDir);
  t.ok(pmPid && pidAlive(pmPid), 'the embedded postmaster runs under DATA_DIR/pg');

  const tokenA = await mint('x');
  t.equal((await postmasterPid(dataDir)), pmPid, 'the CLI attached to the running server (same postmaster)');
  const okA = await spc(tokenA);
  t.equal(okA.status, 200, 'the minted token is accepted at ServiceProviderConfig');
  t.match(await okA.json(), { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'] });

  const listed = await runCli(['tokens', 'list', '--json'], cliEnv);
  t.equal(listed.code, 0, 'tokens list --json exits 0', { stderr: listed.stderr });
  const tokens = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
  t.equal(tokens.length, 1);
  const [row] = tokens;
  t.match(row, { id: String, name: 'x', prefix: String, createdAt: String, expiresAt: null, revokedAt: null });
  t.ok(row && 'lastUsedAt' in row, 'lastUsedAt is listed');
  t.ok(tokenA.startsWith(String(row!.prefix)), 'the prefix is the start of the token');
  t.notOk(listed.stdout.includes(tokenA), 'the secret is never listed');

  const revoked = await runCli(['tokens', 'revoke', String(row!.id)], cliEnv);
  t.equal(revoked.code, 0, 'tokens revoke exits 0', { stderr: revoked.stderr });
  const afterRevoke = await spc(tokenA);
  t.equal(afterRevoke.status, 401, 'a revoked token is refused on the very next request');
  t.match(await afterRevoke.json(), { schemas: [SCIM_ERROR], status: '401' });

  const tokenB = await mint('kept');
  t.equal((await spc(tokenB)).status, 200);
  t.ok(first.child.exitCode === null, 'pnpm start kept running while the CLI came and went');
  t.ok(pidAlive(pmPid!), 'the CLI never stopped the server it attached to');

  // --- SIGTERM: graceful, exit 0, embedded server stopped -------------------------------
  first.child.kill('SIGTERM');
  const firstExit = await first.exited;
  t.same(firstExit, { code: 0, signal: null }, 'SIGTERM exits 0', { output: first.output() });
  t.notOk(existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), 'postmaster.pid removed');
  t.ok(await waitUntil(() => !pidAlive(pmPid!)), 'the postmaster is gone');

  // --- restart: same data ---------------------------------------------------------------
  const second = await start();
  t.notMatch(second.output(), /initialising embedded PostgreSQL/, 'an existing cluster is never re-initialised');
  t.equal((await spc(tokenB)).status, 200, 'the token survives a restart');
  t.equal((await spc(tokenA)).status, 401, 'and the revocation too');
  const orphan = await postmasterPid(dataDir);

  // --- SIGKILL: the postmaster outlives its owner, the next start replaces it -----------
  second.child.kill('SIGKILL');
  await second.exited;
  t.ok(orphan && pidAlive(orphan), 'after SIGKILL the postmaster is orphaned (still running)');

  const third = await start();
  t.match(third.output(), /orphaned embedded PostgreSQL/, 'the orphan was detected');
  t.equal((await spc(tokenB)).status, 200, 'same data after the orphan was replaced');
  t.equal((await fetch(`${base}/readyz`)).status, 200);
  const thirdPm = await postmasterPid(dataDir);
  t.not(thirdPm, orphan, 'a postmaster owned by the new process');
  t.notOk(pidAlive(orphan!), 'the orphan was stopped');

  third.child.kill('SIGINT');
  t.same(await third.exited, { code: 0, signal: null }, 'SIGINT exits 0 too', { output: third.output() });
  t.ok(await waitUntil(() => !pidAlive(thirdPm!)), 'and stops the embedded server');
});

t.test('a DATA_DIR the server user cannot use: one line on stderr, exit 1, nothing started', async (t) => {
  const parent = await tempDir(t, 'scim-start-blocked-');
  const dataDir = path.join(parent, 'data');
  // As root the cluster runs as `postgres`, which cannot enter a 0700 root folder (what mktemp
  // makes); as anyone else the server runs as that user, who cannot create a folder in a 0500 one.
  const asRoot = process.getuid?.() === 0;
  await chmod(parent, asRoot ? 0o700 : 0o500);
  const r = await runEntry('services/scim/src/cli/start.ts', [], cleanEnv({ DATA_DIR: dataDir, PORT: String(await freePort()), LOG_LEVEL: 'silent' }));
  await chmod(parent, 0o700);
  t.equal(r.code, 1, 'exit 1', { stderr: r.stderr });
  const lines = r.stderr.trimEnd().split('\n');
  t.equal(lines.length, 1, 'one line, no stack trace', { stderr: r.stderr });
  t.match(lines[0], asRoot ? `start failed: DATA_DIR ${dataDir} cannot hold the embedded PostgreSQL` : `start failed: DATA_DIR ${dataDir} is not usable by user`);
  t.match(lines[0], asRoot ? `cannot enter ${parent} (mode 0700` : /EACCES/, 'names what blocks it');
  t.notOk(existsSync(path.join(dataDir, 'pg')), 'no cluster was initialised');
});

t.test('graceful close: an in-flight request completes, then the server closes at once', async (t) => {
  const { app } = await buildTestApp(t);
  let entered!: () => void;
  let release!: () => void;
  const inFlight = new Promise<void>((r) => (entered = r));
  const gate = new Promise<void>((r) => (release = r));
  let finished = false;
  app.get('/test-slow', async () => {
    entered();
    await gate;
    finished = true;
    return { done: true };
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const pending = fetch(`${address}/test-slow`);
  await inFlight;
  let closed = false;
  const closing = closeGracefully(app).then(() => (closed = true));
  // The close has begun and waits for the request, which is still held by the test.
  t.ok(await waitUntil(() => !app.server.listening), 'the server stops accepting connections');
  t.notOk(closed, 'the close waits for the request in flight');
  t.notOk(finished);
  release();
  const res = await pending;
  t.equal(res.status, 200, 'the request that was in flight when the close began finished');
  t.same(await res.json(), { done: true });
  // The client keeps its socket alive (Fastify's keep-alive is 72 s): the close must not wait
  // for it. The bound is wide, far above a working close and far below the keep-alive.
  const outcome = await Promise.race([closing.then(() => 'closed'), new Promise((r) => setTimeout(() => r('held open by keep-alive'), 30_000).unref())]);
  t.equal(outcome, 'closed', 'the close completes once the response is sent');
  await t.rejects(fetch(`${address}/healthz`), 'no new connections once closed');
});

// The same at the process level: `pnpm start`'s entry with DATABASE_URL gets SIGTERM while a
// SCIM write is in flight. The write is held by a row lock the test owns, so it is certainly
// in flight when the signal arrives; it must still commit and answer, then the process exits 0.
t.test('SIGTERM to the service process: the write in flight finishes, then it exits 0', async (t) => {
  const db = await createTestDatabase(t);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = cleanEnv({ DATABASE_URL: db.url, DATA_DIR: await tempDir(t, 'scim-sigterm-'), PORT: String(port), LOG_LEVEL: 'info', SERVE_WEB: 'false', RUN_DISPATCHER: 'false' });
  const service = startEntry(t, 'services/scim/src/cli/start.ts', env);
  await waitForStatus(`${base}/readyz`, 200, { started: service });
  const { token } = await createToken(db.db, { source: 'cli' }, { name: 'sigterm', connection: 'okta' });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
  const created = await fetch(`${base}/scim/v2/Users`, { method: 'POST', headers, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'inflight@example.com' }) });
  t.equal(created.status, 201);
  const { id } = (await created.json()) as { id: string };

  const holder = new pg.Client({ connectionString: db.url });
  await holder.connect();
  t.teardown(() => holder.end());
  await holder.query('BEGIN');
  await holder.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [id]);
  const patch = fetch(`${base}/scim/v2/Users/${id}`, {
    method: 'PATCH', headers,
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'displayName', value: 'finished after SIGTERM' }] }),
  });
  // The PATCH waits for the row lock inside its transaction.
  t.ok(await waitUntil(async () => (await db.pool.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'scim' AND wait_event_type = 'Lock'`)).rows[0].n === 1, 30_000), 'the PATCH is in flight, waiting for the row');

  service.child.kill('SIGTERM');
  // The close has begun: the listening socket is gone, while the PATCH still waits.
  t.ok(await waitUntil(() => fetch(`${base}/healthz`).then(() => false, () => true), 30_000), 'no new connections after SIGTERM');
  t.equal(service.child.exitCode, null, 'the process waits for the request in flight');
  await holder.query('COMMIT');

  const res = await patch;
  t.equal(res.status, 200, 'the in-flight PATCH answered');
  t.equal(((await res.json()) as { displayName: string }).displayName, 'finished after SIGTERM');
  t.same(await service.exited, { code: 0, signal: null }, 'then the process exits 0', { output: service.output() });
  const { rows } = await db.pool.query(`SELECT doc->>'displayName' AS name FROM users WHERE id = $1`, [id]);
  t.equal(rows[0].name, 'finished after SIGTERM', 'and its write is committed');
});

// Issue 14: the logs of a full run of the real server process (LOG_LEVEL=trace, every line it
// writes to stdout and stderr, start to graceful stop) hold no token, password, session
// cookie, signing key, encryption key or database password.
import t from 'tap';
import { createTestDatabase } from './helpers/db.js';
import { cleanEnv, freePort, startEntry, tempDir, waitForStatus } from './helpers/process.js';
import { createAdmin } from '../services/scim/src/admin-accounts/admin-store.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCHOP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

t.test('a full run logs no secret', async (t) => {
  const db = await createTestDatabase(t);
  const url = new URL(db.url);
  const secrets = {
    // The embedded server's generated password, or (a server trusting loopback, where any
    // password connects) one made up for this run.
    dbPassword: decodeURIComponent(url.password) || 'Db-Pa55word-7c1e9f',
    sessionSecret: 'session-signing-key-8d2f4a6b0c1e3f5a7b9d',
    encryptionKey: Buffer.alloc(32, 9).toString('base64'),
    adminPassword: 'Admin-Pa55word-44e1',
    wrongPassword: 'Wrong-Pa55word-91aa',
    scimPassword: 'Scim-User-Pa55word-0b7',
    patchedPassword: 'Patched-Pa55word-3c3',
    wrongToken: `scim_${'Q'.repeat(43)}`,
  };
  await createAdmin(db.db, { source: 'cli' }, 'ops@example.com', secrets.adminPassword);
  url.password = encodeURIComponent(secrets.dbPassword);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startEntry(t, 'services/scim/src/server.ts', cleanEnv({
    DATABASE_URL: url.toString(), DATA_DIR: await tempDir(t, 'scim-logs-'), PORT: String(port), LOG_LEVEL: 'trace',
    SESSION_SECRET: secrets.sessionSecret, ENCRYPTION_KEY: secrets.encryptionKey, SERVE_WEB: 'false', PUBLIC_BASE_URL: base,
  }));
  await waitForStatus(`${base}/healthz`, 200, { started: server });

  const json = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(base + path, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  t.equal((await json('POST', '/api/admin/session', { email: 'ops@example.com', password: secrets.wrongPassword })).status, 401);
  const signedIn = await json('POST', '/api/admin/session', { email: 'ops@example.com', password: secrets.adminPassword });
  t.equal(signedIn.status, 200);
  const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
  const cookieValue = cookie.split('=')[1]!;
  const admin = { cookie };
  const conn = await (await json('POST', '/api/admin/connections', { name: 'okta' }, admin)).json() as { id: string };
  const minted = await json('POST', `/api/admin/connections/${conn.id}/tokens`, { name: 'push' }, admin);
  t.equal(minted.status, 201);
  const { token } = await minted.json() as { token: string };
  t.match(token, /^scim_/);
  const scim = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
  const created = await fetch(`${base}/scim/v2/Users`, { method: 'POST', headers: scim, body: JSON.stringify({ schemas: [USER], userName: 'ada@example.com', password: secrets.scimPassword }) });
  t.equal(created.status, 201);
  const id = ((await created.json()) as { id: string }).id;
  t.equal((await fetch(`${base}/scim/v2/Users/${id}`, { method: 'PATCH', headers: scim, body: JSON.stringify({ schemas: [PATCHOP], Operations: [{ op: 'replace', path: 'password', value: secrets.patchedPassword }] }) })).status, 200);
  t.equal((await fetch(`${base}/scim/v2/Users?filter=${encodeURIComponent('userName eq "ada@example.com"')}`, { headers: scim })).status, 200);
  t.equal((await fetch(`${base}/scim/v2/Users`, { method: 'POST', headers: scim, body: `{"password":"${secrets.scimPassword}", broken` })).status, 400, 'an invalid body');
  t.equal((await fetch(`${base}/scim/v2/Users`, { headers: { authorization: `Bearer ${secrets.wrongToken}` } })).status, 401);
  t.equal((await json('POST', '/nope', { password: secrets.adminPassword })).status, 404);
  t.equal((await json('DELETE', '/api/admin/session', undefined, admin)).status, 204);
  t.equal((await json('GET', '/api/admin/session', undefined, admin)).status, 401, 'a signed-out cookie, logged as a refused request');

  server.child.kill('SIGTERM');
  t.equal((await server.exited).code, 0, 'stopped gracefully');
  const logs = server.output();
  t.match(logs, /scim listening/, 'the start was captured');
  t.ok(logs.split('\n').filter((l) => l.includes('"reqId"')).length >= 20, 'request lines were captured');

  for (const [what, secret] of [
    ['the SCIM token', token],
    ['the SCIM token without its prefix', token.slice(5)],
    ['a wrong token', secrets.wrongToken],
    ['the session cookie', cookieValue],
    ['the session JWT signature', cookieValue.split('.').at(-1)!],
    ['the admin password', secrets.adminPassword],
    ['a wrong admin password', secrets.wrongPassword],
    ['a SCIM user password', secrets.scimPassword],
    ['a PATCHed password', secrets.patchedPassword],
    ['the session signing key', secrets.sessionSecret],
    ['the encryption key', secrets.encryptionKey],
    ['the database password', secrets.dbPassword],
  ] as const) {
    t.notOk(logs.includes(secret), `${what} is not in the logs`);
  }
});

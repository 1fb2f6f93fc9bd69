import { spawn } from 'node:child_process';
import t from 'tap';
import { createTestDatabase } from '../../../../test/helpers/db.js';

const ROOT = new URL('../../../../', import.meta.url).pathname;

/** stdout as JSON, failing with stderr in the message when the command did not print JSON. */
function json(r: { stdout: string; stderr: string }) {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`not JSON: ${r.stdout} / ${r.stderr}`);
  }
}

function cli(url: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', '--conditions=development', 'services/scim/src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

t.test('connections create/list and tokens create/rotate/list via the CLI', async (t) => {
  const db = await createTestDatabase(t);
  const created = await cli(db.url, ['connections', 'create', '--name', 'Okta prod', '--kind', 'okta', '--rate-limit', '50']);
  t.equal(created.code, 0, created.stderr);
  t.match(created.stdout, /created connection [0-9a-f-]{36} "Okta prod" \(okta, 50 req\/s\)/);

  const dup = await cli(db.url, ['connections', 'create', '--name', 'okta PROD']);
  t.equal(dup.code, 1);
  t.match(dup.stderr, /already exists/);
  const badKind = await cli(db.url, ['connections', 'create', '--name', 'x', '--kind', 'ldap']);
  t.equal(badKind.code, 2);

  const list = await cli(db.url, ['connections', 'list', '--json']);
  t.equal(list.code, 0, list.stderr);
  const conns = json(list);
  t.match(conns, [{ name: 'Okta prod', kind: 'okta', rateLimitPerSecond: 50, activeTokens: 0 }]);

  const tok = await cli(db.url, ['tokens', 'create', '--name', 'primary', '--connection', 'Okta prod']);
  t.equal(tok.code, 0, tok.stderr);
  const token = tok.stdout.trim().split('\n').at(-1)!;
  t.match(token, /^scim_[0-9A-Za-z]{40}$/);
  const tokens = json(await cli(db.url, ['tokens', 'list', '--json']));
  t.equal(tokens.length, 1);
  t.equal(tokens[0].connectionId, conns[0].id, 'the token joined the existing connection');

  const rot = await cli(db.url, ['tokens', 'rotate', tokens[0].id, '--overlap-hours', '2']);
  t.equal(rot.code, 0, rot.stderr);
  const next = rot.stdout.trim().split('\n').at(-1)!;
  t.match(next, /^scim_[0-9A-Za-z]{40}$/);
  t.not(next, token);
  const after = json(await cli(db.url, ['tokens', 'list', '--json'])) as { id: string; expiresAt: string | null; rotatedFromId: string | null }[];
  const old = after.find((x) => x.id === tokens[0].id)!;
  const fresh = after.find((x) => x.rotatedFromId === tokens[0].id)!;
  t.ok(fresh, 'the new token records rotated_from_id');
  const hours = (Date.parse(old.expiresAt!) - Date.now()) / 3_600_000;
  t.ok(hours > 1.9 && hours <= 2, `old token expires in ~2 h (${hours.toFixed(2)})`);

  const human = await cli(db.url, ['connections', 'list']);
  t.match(human.stdout, /okta\s+Okta prod\s+50 req\/s\s+2 active token\(s\)/);

  const bad = await cli(db.url, ['tokens', 'rotate', '00000000-0000-0000-0000-000000000000']);
  t.equal(bad.code, 1);
  t.match(bad.stderr, /no token/);

  const audit = await db.db.selectFrom('audit_events').select(['action', 'source']).orderBy('id').execute();
  t.same(
    audit.map((a) => a.action),
    ['connection.created', 'token.created', 'token.rotated', 'token.created'],
  );
  t.ok(audit.every((a) => a.source === 'cli'));

  const help = await cli(db.url, ['--help']);
  t.match(help.stdout, /tokens rotate ID \[--overlap-hours N\]/);
  t.match(help.stdout, /connections create --name NAME/);
});

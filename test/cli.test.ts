// `pnpm scim <command>` as a process against a real database (DATABASE_URL): output contracts
// (token alone on the last line, --json shapes), errors as one clear line and a non-zero exit.
import t, { type Test } from 'tap';
import { buildApp } from '@scim/scim';
import { loadScimConfig } from '../services/scim/src/config.js';
import { createTestDatabase } from './helpers/db.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { cleanEnv, lastLine, pidAlive, runCli, tempDir, type RunResult } from './helpers/process.js';

const TOKEN = /^scim_[0-9A-Za-z]{40}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One clear line on stderr (plus, for usage errors, the pointer to --help), nothing on stdout. */
function assertCleanError(t: Test, r: RunResult, pattern: RegExp, what: string) {
  t.not(r.code, 0, `${what}: non-zero exit`);
  const lines = r.stderr.trimEnd().split('\n');
  t.match(lines[0], /^error: /, `${what}: the first stderr line says what went wrong`);
  t.match(lines[0], pattern, what);
  t.ok(lines.length <= 2 && lines.slice(1).every((l) => /pnpm scim --help/.test(l)), `${what}: no stack trace`, { stderr: r.stderr });
  t.notMatch(r.stderr, /\n\s+at /, `${what}: no stack frames`);
}

t.test('the CLI against DATABASE_URL', async (t) => {
  const db = await createTestDatabase(t);
  const env = cleanEnv({ DATABASE_URL: db.url, DATA_DIR: await tempDir(t, 'scim-cli-'), LOG_LEVEL: 'silent' });
  const cli = (args: string[], stdin?: string) => runCli(args, env, stdin);
  // The same app as the service, on the same database: tokens the CLI prints must work there.
  const app = await buildApp(
    {
      config: loadScimConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', SERVE_WEB: 'false', SCIM_RATE_LIMIT_PER_SECOND: '0' }),
      db: db.db,
      pool: db.pool,
      secrets: { signingKey: 'test-signing-key-0123456789abcdef0123', encryptionKey: Buffer.alloc(32, 7).toString('base64') },
    },
    { logger: false },
  );
  t.teardown(() => app.close());
  const spc = (token: string) => app.inject({ url: '/scim/v2/ServiceProviderConfig', headers: { authorization: `Bearer ${token}` } });

  t.test('migrate on a migrated database is a no-op', async (t) => {
    const r = await cli(['migrate']);
    t.equal(r.code, 0, 'exit 0', { stderr: r.stderr });
    t.match(r.stdout, /^up to date \(\S+\)\n$/);
  });

  const [plain, expiring, forOkta] = await Promise.all([
    cli(['tokens', 'create', '--name', 'plain']),
    cli(['tokens', 'create', '--name', 'expiring', '--expires-in-days', '30']),
    cli(['tokens', 'create', '--name', 'okta-prod', '--connection', 'okta']),
  ]);

  t.test('tokens create prints the token alone on the last line', async (t) => {
    for (const r of [plain, expiring, forOkta]) {
      t.equal(r.code, 0, 'exit 0', { stderr: r.stderr });
      t.match(lastLine(r.stdout), TOKEN);
      t.equal(r.stderr, '', 'nothing on stderr');
    }
    t.match(plain.stdout, /connection "default"/, 'without --connection: the default connection');
    t.match(forOkta.stdout, /connection "okta"/);
    t.match(expiring.stdout, /expires \d{4}-\d\d-\d\dT/);
    const res = await spc(lastLine(plain.stdout));
    t.equal(res.statusCode, 200, 'the printed token authenticates against the app');
    t.equal((await spc(lastLine(forOkta.stdout))).statusCode, 200);
    t.equal((await spc(lastLine(expiring.stdout))).statusCode, 200);
  });

  t.test('tokens list --json: the shape, never the secret', async (t) => {
    const r = await cli(['tokens', 'list', '--json']);
    t.equal(r.code, 0, 'exit 0', { stderr: r.stderr });
    const list = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    t.equal(list.length, 3);
    for (const row of list) {
      t.match(row, { id: UUID, name: String, prefix: /^scim_/, createdAt: /^\d{4}-/ });
      for (const key of ['expiresAt', 'revokedAt', 'lastUsedAt']) t.ok(key in row, `${key} is present`);
      t.notOk(Object.keys(row).some((k) => /hash|secret|^token$/i.test(k)), 'no secret or hash field');
    }
    for (const created of [plain, expiring, forOkta]) t.notOk(r.stdout.includes(lastLine(created.stdout)), 'no token in the output');
    const byName = Object.fromEntries(list.map((row) => [row.name, row]));
    t.match(byName.expiring, { expiresAt: /^\d{4}-/ });
    t.equal(byName.plain!.expiresAt, null);
    t.match(byName['okta-prod'], { connectionName: 'okta' });
    const days = (Date.parse(String(byName.expiring!.expiresAt)) - Date.parse(String(byName.expiring!.createdAt))) / 86_400_000;
    t.ok(Math.abs(days - 30) < 0.01, '--expires-in-days 30 expires 30 days after creation');
    t.ok(String(byName.plain!.lastUsedAt).startsWith('20'), 'lastUsedAt recorded after the token was used');

    const text = await cli(['tokens', 'list']);
    t.equal(text.code, 0);
    t.equal(text.stdout.trimEnd().split('\n').length, 3, 'one line per token in the text form');
  });

  t.test('tokens revoke: refused from the next request on', async (t) => {
    const row = await db.db.selectFrom('scim_tokens').select('id').where('name', '=', 'plain').executeTakeFirstOrThrow();
    const r = await cli(['tokens', 'revoke', row.id]);
    t.equal(r.code, 0, 'exit 0', { stderr: r.stderr });
    t.match(r.stdout, new RegExp(`revoked token ${row.id}`));
    t.equal((await spc(lastLine(plain.stdout))).statusCode, 401);
    t.equal((await spc(lastLine(forOkta.stdout))).statusCode, 200, 'other tokens keep working');
    const stored = await db.db.selectFrom('scim_tokens').select('revoked_at').where('id', '=', row.id).executeTakeFirstOrThrow();
    t.ok(stored.revoked_at, 'revoked_at is set');

    const [again, unknown] = await Promise.all([
      cli(['tokens', 'revoke', row.id]),
      cli(['tokens', 'revoke', '00000000-0000-4000-8000-000000000000']),
    ]);
    assertCleanError(t, again, /already revoked/, 'revoking twice');
    assertCleanError(t, unknown, /no token with id 00000000-0000-4000-8000-000000000000/, 'unknown id');
  });

  t.test('usage errors: one clear line, non-zero exit', async (t) => {
    const cases: Array<[string[], RegExp, string]> = [
      [['frobnicate'], /unknown command "frobnicate"/, 'unknown command'],
      [['tokens', 'create'], /--name/, 'missing --name'],
      [['tokens', 'create', '--name', 'x', '--bogus'], /unknown option --bogus/, 'unknown flag'],
      [['tokens', 'create', '--name', 'x', '--expires-in-days', 'soon'], /--expires-in-days must be a positive number/, 'non-numeric days'],
    ];
    const results = await Promise.all(cases.map(([args]) => cli(args)));
    cases.forEach(([args, pattern, what], i) => {
      const r = results[i]!;
      t.equal(r.stdout.includes('scim_'), false, `${what}: nothing minted`);
      // The unknown-command message is followed by the usage text; the others by a --help pointer.
      if (what === 'unknown command') {
        t.not(r.code, 0, `${what}: non-zero exit`);
        t.match(r.stderr.split('\n')[0], pattern, `${what} (${args.join(' ')})`);
      } else assertCleanError(t, r, pattern, `${what} (${args.join(' ')})`);
    });
    const count = await db.db.selectFrom('scim_tokens').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    t.equal(Number(count.n), 3, 'no token was created by a failed command');

    const help = await cli(['--help']);
    t.equal(help.code, 0);
    t.match(help.stdout, /tokens create --name NAME/);
  });

  t.test('admin create', async (t) => {
    const withStdin = await cli(['admin', 'create', '--email', 'a@b.c', '--password-stdin'], 'correct horse battery staple\n');
    t.equal(withStdin.code, 0, 'exit 0', { stderr: withStdin.stderr });
    t.match(withStdin.stdout, /created admin a@b\.c \(/);
    t.notMatch(withStdin.stdout, /password/, 'a password given on stdin is never echoed');

    const generated = await cli(['admin', 'create', '--email', 'ops@example.com']);
    t.equal(generated.code, 0, 'exit 0', { stderr: generated.stderr });
    const m = /^password: (\S+)$/m.exec(generated.stdout);
    t.ok(m && m[1]!.length >= 12, 'a generated password is printed once');

    const row = await db.db.selectFrom('admins').select(['email', 'password_hash']).where('email', '=', 'ops@example.com').executeTakeFirstOrThrow();
    t.notOk(row.password_hash.includes(m![1]!), 'stored as a hash');

    const [dup, short] = await Promise.all([
      cli(['admin', 'create', '--email', 'A@B.C', '--password-stdin'], 'another long password\n'),
      cli(['admin', 'create', '--email', 'short@b.c', '--password-stdin'], 'short\n'),
    ]);
    assertCleanError(t, dup, /already exists/, 'duplicate admin (emails compare case-insensitively)');
    assertCleanError(t, short, /at least 12 characters/, 'short password');
    const count = await db.db.selectFrom('admins').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    t.equal(Number(count.n), 2, 'failed creations wrote nothing');
  });
});

// README: without DATABASE_URL and with no `pnpm start` running, a command starts the embedded
// PostgreSQL in DATA_DIR for its own duration, and stops it again.
t.test('the CLI without DATABASE_URL, no server running: the embedded database lives for one command', async (t) => {
  const dataDir = await tempDir(t, 'scim-cli-embedded-');
  const env = cleanEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  t.teardown(async () => {
    // Never leave a postmaster on a deleted folder, whatever failed above.
    if (existsSync(pidFile)) {
      const { readFile } = await import('node:fs/promises');
      const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
      if (pid > 0 && pidAlive(pid)) process.kill(pid, 'SIGINT');
    }
  });

  const created = await runCli(['tokens', 'create', '--name', 'standalone'], env);
  t.equal(created.code, 0, 'tokens create exits 0', { stderr: created.stderr });
  t.match(lastLine(created.stdout), TOKEN);
  t.ok(existsSync(path.join(dataDir, 'pg', 'PG_VERSION')), 'the embedded cluster was initialised in DATA_DIR');
  t.notOk(existsSync(pidFile), 'and stopped when the command ended (no postmaster.pid)');

  const listed = await runCli(['tokens', 'list', '--json'], env);
  t.equal(listed.code, 0, 'a second command starts it again', { stderr: listed.stderr });
  t.same((JSON.parse(listed.stdout) as { name: string }[]).map((r) => r.name), ['standalone'], 'and finds what the first one wrote');
  t.notOk(existsSync(pidFile), 'stopped again');
});

t.test('config errors stop the CLI before it touches a database', async (t) => {
  const dataDir = await tempDir(t, 'scim-cli-bad-');
  const r = await runCli(['tokens', 'list'], cleanEnv({ DATA_DIR: dataDir, DATABASE_URL: 'not a url', DB_POOL_SIZE: 'many' }));
  t.not(r.code, 0);
  t.match(r.stderr, /DATABASE_URL/);
  t.match(r.stderr, /DB_POOL_SIZE/);
  t.notMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

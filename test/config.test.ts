// One TypeBox schema per process, validated at boot, every problem listed at once.
import t from 'tap';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '@scim/db';
import { loadScimConfig } from '../services/scim/src/config.js';
import { loadDispatcherConfig } from '../services/dispatcher/src/config.js';
import { cleanEnv, runEntry, tempDir } from './helpers/process.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

const BAD_SCIM = {
  PORT: 'eighty',
  LOG_LEVEL: 'loud',
  DATABASE_URL: 'localhost/scim',
  SESSION_SECRET: 'short',
  ENCRYPTION_KEY: 'not-base64',
  SCIM_MAX_PAGE_SIZE: '0',
  TRUST_PROXY: 'maybe',
};

t.test('scim: every problem at once, each naming its variable and the value given', async (t) => {
  const problems = problemsOf(() => loadScimConfig(BAD_SCIM));
  t.equal(problems.length, Object.keys(BAD_SCIM).length, 'one problem per bad variable', { problems });
  for (const [key, value] of Object.entries(BAD_SCIM)) {
    const line = problems.find((p) => p.startsWith(`${key}:`));
    t.ok(line, `${key} is reported`);
    if (/SECRET|KEY/.test(key)) t.notOk(line?.includes(value), `${key}: a secret's value is never echoed`);
    else t.match(line, JSON.stringify(value), `${key}: the value given is shown`);
  }
  const [url] = problemsOf(() => loadScimConfig({ DATABASE_URL: 'postgres//scim:hunter2@db/scim' }));
  t.notMatch(url, /hunter2/, 'nor the password inside a malformed DATABASE_URL');
  t.match(url, /postgres\/\/scim:\*\*\*@db\/scim/);
  t.throws(() => loadScimConfig(BAD_SCIM), { name: 'ConfigError', message: /^invalid configuration:\n  - / });
  t.same(problemsOf(() => loadScimConfig({ PORT: '0' })).length, 1, 'out of range');
});

t.test('scim: defaults, empty string = unset, derived public URL', async (t) => {
  const c = loadScimConfig({});
  t.match(c, {
    HOST: '127.0.0.1',
    PORT: 8080,
    DATA_DIR: './.data',
    LOG_LEVEL: 'info',
    DB_POOL_SIZE: 20,
    SCIM_RATE_LIMIT_PER_SECOND: 100,
    SERVE_WEB: true,
    RUN_DISPATCHER: true,
    TRUST_PROXY: false,
    publicBaseUrl: 'http://127.0.0.1:8080',
  });
  t.equal(c.DATABASE_URL, undefined, 'no DATABASE_URL: the embedded default');
  t.equal(c.SESSION_SECRET, undefined);

  const empty = loadScimConfig({ PORT: '', DATABASE_URL: '', LOG_LEVEL: '', SESSION_SECRET: '', SERVE_WEB: '' });
  t.match(empty, { PORT: 8080, LOG_LEVEL: 'info', SERVE_WEB: true }, '`FOO=` in a .env file means the default');
  t.equal(empty.DATABASE_URL, undefined);
  t.equal(empty.SESSION_SECRET, undefined);

  t.match(loadScimConfig({ PORT: '9000', SERVE_WEB: 'false', TRUST_PROXY: '1' }), { PORT: 9000, SERVE_WEB: false, TRUST_PROXY: 1 }, 'strings are converted');
  t.equal(loadScimConfig({ HOST: '0.0.0.0', PORT: '9000' }).publicBaseUrl, 'http://localhost:9000', 'a wildcard HOST is not a URL to hand out');
  t.equal(loadScimConfig({ PUBLIC_BASE_URL: 'https://scim.example.com/' }).publicBaseUrl, 'https://scim.example.com', 'trailing slash dropped');
  t.match(loadScimConfig({ UNRELATED: 'x', PATH: '/bin' }), { PORT: 8080 }, 'unknown variables are ignored');
});

t.test('dispatcher: every problem at once, defaults, empty string = unset', async (t) => {
  const bad = { DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', DISPATCHER_POLL_INTERVAL_MS: '5', DB_POOL_SIZE: 'lots' };
  const problems = problemsOf(() => loadDispatcherConfig(bad));
  t.equal(problems.length, 4, 'one problem per bad variable', { problems });
  for (const key of Object.keys(bad)) t.ok(problems.some((p) => p.startsWith(`${key}:`)), `${key} is reported`);

  const c = loadDispatcherConfig({});
  t.match(c, { DATA_DIR: './.data', LOG_LEVEL: 'info', DISPATCHER_POLL_INTERVAL_MS: 1000, DB_POOL_SIZE: 5 });
  t.equal(c.DATABASE_URL, undefined);
  t.match(loadDispatcherConfig({ DISPATCHER_POLL_INTERVAL_MS: '', DB_POOL_SIZE: '' }), { DISPATCHER_POLL_INTERVAL_MS: 1000, DB_POOL_SIZE: 5 });
  t.match(loadDispatcherConfig({ DATABASE_URL: 'postgresql://u@h/db', DISPATCHER_POLL_INTERVAL_MS: '250' }), { DATABASE_URL: 'postgresql://u@h/db', DISPATCHER_POLL_INTERVAL_MS: 250 });
});

t.test('process entries with bad env exit 2, print every problem, and start nothing', async (t) => {
  const entries: Array<[string, Record<string, string>, string[]]> = [
    ['services/scim/src/server.ts', BAD_SCIM, Object.keys(BAD_SCIM)],
    ['services/scim/src/cli/start.ts', { PORT: '70000', LOG_LEVEL: 'loud' }, ['PORT', 'LOG_LEVEL']],
    ['services/dispatcher/src/main.ts', { DATABASE_URL: 'mysql://x', DB_POOL_SIZE: 'lots' }, ['DATABASE_URL', 'DB_POOL_SIZE']],
  ];
  await Promise.all(
    entries.map(async ([entry, env, keys]) => {
      const dataDir = await tempDir(t, 'scim-config-');
      const r = await runEntry(entry, [], cleanEnv({ ...env, DATA_DIR: dataDir }));
      t.equal(r.code, 2, `${entry}: exit code 2`, { stderr: r.stderr });
      for (const key of keys) t.match(r.stderr, new RegExp(`^  - ${key}: `, 'm'), `${entry}: ${key} reported`);
      t.equal(r.stderr.match(/^ {2}- /gm)?.length, keys.length, `${entry}: exactly the bad variables`);
      t.notMatch(r.stderr, /\n\s+at /, `${entry}: no stack trace`);
      if (env.SESSION_SECRET) t.notOk(r.stderr.includes(env.SESSION_SECRET), `${entry}: secrets not echoed`);
      t.equal(r.stdout, '', `${entry}: nothing logged (no server started)`);
      t.same(await readdir(dataDir), [], `${entry}: DATA_DIR untouched (no embedded PostgreSQL)`);
      t.notOk(existsSync(`${dataDir}/pg`));
    }),
  );
});

t.test('the dispatcher shares the parser: a bad DATABASE_URL is reported with its password masked', async (t) => {
  const err = (() => {
    try {
      loadDispatcherConfig({ DATABASE_URL: 'mysql://scim:hunter2secret@db:3306/scim' });
    } catch (e) {
      return e as Error;
    }
  })();
  t.ok(err instanceof ConfigError);
  t.match(err!.message, /DATABASE_URL/);
  t.notMatch(err!.message, /hunter2secret/);
});

t.test('NAME_FILE: any variable from a file (Docker secrets), for every process', async (t) => {
  const dir = await tempDir(t, 'scim-secrets-');
  const file = async (name: string, text: string) => {
    const p = path.join(dir, name);
    await writeFile(p, text);
    return p;
  };
  const secret = 'x'.repeat(40);
  const key = Buffer.alloc(32, 7).toString('base64');
  const url = 'postgres://scim:p%2Fa%2Bs%3D@db:5432/scim';
  const c = loadScimConfig({
    SESSION_SECRET_FILE: await file('session', `${secret}\n`),
    ENCRYPTION_KEY_FILE: await file('key', `${key}\r\n`),
    DATABASE_URL_FILE: await file('url', url),
    PORT_FILE: await file('port', '9090\n'),
  });
  t.match(c, { SESSION_SECRET: secret, ENCRYPTION_KEY: key, DATABASE_URL: url, PORT: 9090 }, 'read, trailing newline dropped, converted like env values');
  t.equal(loadDispatcherConfig({ DATABASE_URL_FILE: await file('url2', `${url}\n`) }).DATABASE_URL, url, 'the dispatcher shares the parser, so it reads files too');
  t.equal(loadScimConfig({ SESSION_SECRET_FILE: '' }).SESSION_SECRET, undefined, 'an empty NAME_FILE is unset, like an empty NAME');

  const missing = path.join(dir, 'missing');
  const problems = problemsOf(() =>
    loadScimConfig({ SESSION_SECRET: secret, SESSION_SECRET_FILE: path.join(dir, 'session'), ENCRYPTION_KEY_FILE: missing, PORT: 'eighty' }),
  );
  t.equal(problems.length, 3, 'every problem at once', { problems });
  t.match(problems.find((p) => p.startsWith('SESSION_SECRET:')), /set either SESSION_SECRET or SESSION_SECRET_FILE, not both/);
  t.match(problems.find((p) => p.startsWith('ENCRYPTION_KEY_FILE:')), `cannot read ${missing} (ENOENT)`);
  t.ok(problems.some((p) => p.startsWith('PORT:')), 'other variables are still checked');

  const badUrl = await file('bad-url', 'postgres//scim:hunter2@db/scim\n');
  const [bad] = problemsOf(() => loadScimConfig({ DATABASE_URL_FILE: badUrl }));
  t.match(bad, /^DATABASE_URL: .*\(got from DATABASE_URL_FILE, \d+ characters, not shown\)/, 'a bad value from a file is reported');
  t.notMatch(bad, /hunter2/, 'and never echoed, even where an env value would be shown masked');
  const emptyFile = await file('empty', '\n');
  t.match(problemsOf(() => loadScimConfig({ ENCRYPTION_KEY_FILE: emptyFile })), [`ENCRYPTION_KEY_FILE: ${emptyFile} is empty`]);
});

t.test('NAME_FILE at process start: an unreadable secret file is a config error (exit 2), nothing started', async (t) => {
  const dataDir = await tempDir(t, 'scim-config-');
  const missing = path.join(dataDir, 'no-such-secret');
  const r = await runEntry('services/scim/src/server.ts', [], cleanEnv({ DATA_DIR: dataDir, SESSION_SECRET_FILE: missing }));
  t.equal(r.code, 2, { stderr: r.stderr });
  t.match(r.stderr, `  - SESSION_SECRET_FILE: cannot read ${missing} (ENOENT)`);
  t.same(await readdir(dataDir), [], 'DATA_DIR untouched');
});

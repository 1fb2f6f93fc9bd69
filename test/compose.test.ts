// No Docker engine runs here: docker-compose.yml, the Dockerfile and .env.example are checked
// against the processes' TypeBox config schemas instead (names, values, ports, entry points).
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ScimConfigSchema, loadScimConfig } from '../services/scim/src/config.js';
import { DispatcherConfigSchema, loadDispatcherConfig } from '../services/dispatcher/src/config.js';
import { ROOT } from './helpers/process.js';

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean> | string[];
  ports?: Array<string | { target: number; published: number | string }>;
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { test?: unknown; disable?: boolean };
  volumes?: string[];
}
const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const dockerfile = read('Dockerfile');
const services = compose.services;

/** `${VAR:-default}` / `${VAR-default}` / `${VAR}` as compose resolves them with no .env file. */
const INTERPOLATION = /\$\{(\w+)(?::?-([^}]*))?\}/g;
const resolve = (value: string) => value.replace(INTERPOLATION, (_m, _name, def: string | undefined) => def ?? '');
const interpolated = (text: string) => [...text.matchAll(INTERPOLATION)].map((m) => m[1]!);

function environment(name: string): Record<string, string> {
  const env = services[name]?.environment ?? {};
  const pairs = Array.isArray(env) ? env.map((kv) => kv.split('=', 2) as [string, string]) : Object.entries(env);
  return Object.fromEntries(pairs.map(([k, v]) => [k, resolve(String(v))]));
}

const schemaKeys = (schema: { properties: object }) => Object.keys(schema.properties);
const SCIM_KEYS = schemaKeys(ScimConfigSchema);
const DISPATCHER_KEYS = schemaKeys(DispatcherConfigSchema);

/** Dockerfile ENV defaults apply inside the container unless compose overrides them. */
function dockerfileEnv(): Record<string, string> {
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const env: Record<string, string> = {};
  for (const m of runtime.matchAll(/^ENV (.+)$/gm)) for (const kv of m[1]!.matchAll(/(\w+)=(\S+)/g)) env[kv[1]!] = kv[2]!;
  return env;
}

t.test('services and their images', async (t) => {
  t.ok(services.postgres && services.scim && services.dispatcher, 'postgres, scim and dispatcher are defined');
  t.ok(services.scim!.build, 'scim builds the image from the Dockerfile');
  t.equal(services.dispatcher!.image, services.scim!.image, 'the dispatcher runs the same image');
});

for (const [name, keys, load] of [
  ['scim', SCIM_KEYS, loadScimConfig],
  ['dispatcher', DISPATCHER_KEYS, loadDispatcherConfig],
] as const) {
  t.test(`${name}: environment matches its config schema`, async (t) => {
    const env = environment(name);
    for (const key of Object.keys(env)) t.ok(keys.includes(key), `${key} is a variable the ${name} process reads`);
    const inContainer = { ...dockerfileEnv(), ...env };
    t.doesNotThrow(() => load(inContainer), 'the resolved values pass the schema');
    t.match(env.DATABASE_URL, /^postgres(ql)?:\/\//, 'DATABASE_URL is set: the embedded default is not for containers');
  });
}

t.test('scim: listens on all interfaces, on the port that is published and exposed', async (t) => {
  const env = environment('scim');
  const config = loadScimConfig({ ...dockerfileEnv(), ...env });
  t.equal(config.HOST, '0.0.0.0', 'HOST=0.0.0.0 inside a container');
  const ports = services.scim!.ports ?? [];
  t.equal(ports.length, 1);
  const target = typeof ports[0] === 'string' ? Number(resolve(ports[0]).split(':').at(-1)) : ports[0]!.target;
  t.equal(target, config.PORT, 'the published container port is PORT');
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

t.test('postgres: healthcheck, named volume, credentials match DATABASE_URL', async (t) => {
  const pg = services.postgres!;
  t.ok(pg.healthcheck?.test, 'postgres has a healthcheck');
  const named = (pg.volumes ?? []).map((v) => v.split(':')[0]!).filter((v) => !v.startsWith('.') && !v.startsWith('/'));
  t.ok(named.length > 0, 'the data lives in a named volume');
  for (const v of named) t.ok(compose.volumes && v in compose.volumes, `volume ${v} is declared under top-level volumes`);

  const pgEnv = environment('postgres');
  for (const name of ['scim', 'dispatcher']) {
    const url = new URL(environment(name).DATABASE_URL!);
    t.equal(url.hostname, 'postgres', `${name}: DATABASE_URL names the postgres service`);
    t.equal(url.port || '5432', '5432');
    t.equal(decodeURIComponent(url.username), pgEnv.POSTGRES_USER, `${name}: user = POSTGRES_USER`);
    t.equal(decodeURIComponent(url.password), pgEnv.POSTGRES_PASSWORD, `${name}: password = POSTGRES_PASSWORD`);
    t.equal(url.pathname, `/${pgEnv.POSTGRES_DB}`, `${name}: database = POSTGRES_DB`);
  }
  // The healthcheck must ask about the same user and database.
  const check = JSON.stringify(pg.healthcheck?.test);
  t.match(check, new RegExp(`-U ${pgEnv.POSTGRES_USER}\\b`));
  t.match(check, new RegExp(`-d ${pgEnv.POSTGRES_DB}\\b`));
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

t.test('.env.example lists every variable, each with a comment, and nothing unknown', async (t) => {
  const text = read('.env.example');
  const lines = text.split('\n');
  const listed = lines.flatMap((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1] ?? []);
  const composeOnly = interpolated(read('docker-compose.yml')).filter((v) => !SCIM_KEYS.includes(v) && !DISPATCHER_KEYS.includes(v));
  const known = new Set([...SCIM_KEYS, ...DISPATCHER_KEYS, ...composeOnly]);

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
  const values = Object.fromEntries(lines.flatMap((l) => (/^([A-Z][A-Z0-9_]*)=(.*)$/.exec(l) ? [[l.split('=')[0]!, l.slice(l.indexOf('=') + 1)]] : [])));
  t.doesNotThrow(() => loadScimConfig(values), 'the scim schema accepts the example values');
  t.doesNotThrow(() => loadDispatcherConfig(values), 'the dispatcher schema accepts them too');
});

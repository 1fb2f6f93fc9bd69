// What the tests run against, for the test command (run-tests.ts) and the mutation run
// (run-mutation.ts).
//
// PostgreSQL: TEST_DATABASE_URL (any PostgreSQL 15+, admin rights to CREATE DATABASE) or, on a
// fresh machine with only Node.js, an embedded PostgreSQL under .data/test; a migrated template
// database on it (TEST_PG_TEMPLATE) that each test file clones.
// Redis (the shared rate-limit store only): TEST_REDIS_URL, else a throwaway `redis-server`
// from PATH on a free loopback port, else none: the Redis-store tests are then skipped, unless
// REQUIRE_REDIS=1 (CI) makes that a failure.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { createHash, randomBytes } from 'node:crypto';
import { connectDb, freePort, loadMigrations, migrate, startEmbedded, type EmbeddedServer } from '@scim/db';


async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

const STALE_MS = 3 * 60 * 60 * 1000;

/** A test database from a run that cannot still be going. */
function isStale(datname: string): boolean {
  const m = /^scim_t_([0-9a-z]+)_[0-9a-f]+$/.exec(datname);
  return !m || Date.now() - parseInt(m[1]!, 36) > STALE_MS;
}

// Templates of other migration sets belong to concurrent runs on other branches (their names
// carry no time): only the oldest beyond this many are dropped, newest kept by database oid.
const KEEP_TEMPLATES = 8;

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function prepare(): Promise<{ serverUrl: string; embedded?: EmbeddedServer }> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  let embedded: EmbeddedServer | undefined;
  if (!serverUrl) {
    embedded = await startEmbedded({ dataDir: path.resolve('.data/test'), role: 'server', log: (m) => console.error(`# ${m}`) });
    serverUrl = withDatabase(embedded.url, 'postgres');
  }
  const admin = withDatabase(serverUrl, 'postgres');
  // The template is named after the migrations it holds, so concurrent runs (several
  // developers or helpers on one server) share it instead of dropping it under each other.
  const sums = (await loadMigrations()).map((m) => m.checksum).join(',');
  const template = `scim_tpl_${createHash('sha256').update(sums).digest('hex').slice(0, 12)}`;
  // Leftovers of interrupted runs: dropped only when older than a run can last and nobody is
  // connected (no FORCE), so a concurrent run's databases survive, including one a test has
  // created but not yet connected to (test/helpers/db.ts puts the creation time in the name).
  const { rows } = await adminQuery(admin, `SELECT datname FROM pg_database WHERE datname LIKE 'scim_t\\_%'`);
  const { rows: templates } = await adminQuery(
    admin,
    `SELECT datname FROM pg_database WHERE datname LIKE 'scim_tpl\\_%' AND datname <> '${template}' ORDER BY oid DESC OFFSET ${KEEP_TEMPLATES}`,
  );
  const stale = [...rows.filter((r: { datname: string }) => isStale(r.datname)), ...templates];
  for (const r of stale) await adminQuery(admin, `DROP DATABASE IF EXISTS "${r.datname}"`).catch(() => {});
  const exists = await adminQuery(admin, `SELECT 1 FROM pg_database WHERE datname = '${template}'`);
  if (!exists.rowCount) {
    const building = `scim_tplb_${randomBytes(4).toString('hex')}`;
    await adminQuery(admin, `CREATE DATABASE ${building}`);
    const h = connectDb({ connectionString: withDatabase(serverUrl, building), max: 1 });
    await migrate(h.pool);
    await h.close();
    // Published atomically by rename; a concurrent builder that lost the race drops its copy.
    // The migration connection may take a moment to leave the server (55006 until then).
    for (let attempt = 0; ; attempt++) {
      try {
        await adminQuery(admin, `ALTER DATABASE ${building} RENAME TO ${template}`);
        break;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === '55006' && attempt < 50) {
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        await adminQuery(admin, `DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        if (code !== '42P04') throw err; // 42P04: a concurrent run published it first
        break;
      }
    }
  }
  process.env.TEST_PG_TEMPLATE = template;
  return { serverUrl: admin, embedded };
}

function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.setTimeout(1000, () => (s.destroy(), resolve(false)));
    s.on('error', () => resolve(false));
    s.on('data', (d) => (s.destroy(), resolve(d.toString().startsWith('+PONG'))));
    s.write('PING\r\n');
  });
}

export async function prepareRedis(): Promise<ChildProcess | undefined> {
  if (process.env.TEST_REDIS_URL) return undefined;
  const bin = (process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'redis-server')).find((f) => existsSync(f));
  if (!bin) {
    console.error('# no TEST_REDIS_URL and no redis-server on PATH: the Redis-store tests are skipped');
    return undefined;
  }
  const port = await freePort();
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !(await redisAnswers(port)); i++) await new Promise((r) => setTimeout(r, 50));
  if (!(await redisAnswers(port))) {
    child.kill();
    throw new Error(`redis-server did not answer on port ${port}`);
  }
  process.env.TEST_REDIS_URL = `redis://127.0.0.1:${port}`;
  console.error(`# tests use a throwaway redis-server on port ${port}`);
  return child;
}


// Shared by the benchmarks: a scratch database, percentiles, and the scim service as a child
// process (so load generator and server do not share one event loop, as in production).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { connectDb, migrate, startEmbedded, type DbHandle } from '@scim/db';

export const ROOT = path.resolve(import.meta.dirname, '..');

export function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}

export const LARGE = arg('size', 'small') === 'large';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const ms = (n: number) => `${n.toFixed(2)} ms`;

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A fresh, migrated database on BENCH_DATABASE_URL (default: the machine's PostgreSQL), else embedded. */
export async function scratchDatabase(): Promise<{ url: string; handle: DbHandle; drop(): Promise<void> }> {
  let server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  let stopEmbedded = async () => {};
  const probe = new pg.Client({ connectionString: server, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
    await probe.end();
  } catch {
    const e = await startEmbedded({ dataDir: path.join(ROOT, '.data/bench'), role: 'server' });
    server = e.url.replace(/\/scim$/, '/postgres');
    stopEmbedded = () => e.stop();
    await probe.end().catch(() => {});
  }
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  const name = `scim_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  const url = u.toString();
  const handle = connectDb({ connectionString: url, max: 20 });
  await migrate(handle.pool);
  return {
    url,
    handle,
    async drop() {
      await handle.close();
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      await stopEmbedded();
    },
  };
}

/**
 * Starts services/scim/src/server.ts against `url`; resolves once /healthz answers.
 * BENCH_SERVICE_NODE_ARGS adds node flags to the service only (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 * `root`: the checkout whose service runs (another build's, for an A/B in one run).
 */
export async function startService(
  url: string, env: Record<string, string> = {}, root = ROOT,
  /** `nodeArgs`: more node flags; `stdout: 'pipe'`: the caller reads the service's stdout (`proc.stdout`). */
  opts: { nodeArgs?: string[]; stdout?: 'pipe' } = {},
): Promise<{ base: string; proc: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const nodeArgs = [...(process.env.BENCH_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...(opts.nodeArgs ?? [])];
  const proc = spawn(process.execPath, [...nodeArgs, '--conditions=development', '--import', 'tsx', 'services/scim/src/server.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SERVE_WEB: 'false', SCIM_RATE_LIMIT_PER_SECOND: '0', DB_POOL_SIZE: '20', ...env },
    stdio: ['ignore', opts.stdout ?? 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    proc,
    stop: () => new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    }),
  };
}

/** Runs `task` with `concurrency` workers until `seconds` have passed; returns completed tasks per second. */
export async function runFor(seconds: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  let done = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await task(next++);
        done++;
      }
    }),
  );
  return (done / (performance.now() - t0)) * 1000;
}

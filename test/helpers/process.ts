import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Teardown } from './db.js';

export { freePort } from '@scim/db';

/** The repository root: process-level tests run the real entries from here, as `pnpm` does. */
export const ROOT = path.resolve(import.meta.dirname, '../..');

/** How the root package.json scripts run TypeScript entries (`tsx --conditions=development`). */
const NODE_ARGS = ['--conditions=development', '--import', 'tsx'];

/**
 * The environment of a child process: the test runner's own variables minus everything the
 * processes read from env, so a developer's exported DATABASE_URL or PORT never leaks in.
 */
export function cleanEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'NODE_OPTIONS']) if (process.env[key] !== undefined) base[key] = process.env[key];
  for (const [k, v] of Object.entries(env)) if (v !== undefined) base[k] = v;
  return base;
}

export async function tempDir(t: Teardown, prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry (path relative to the root) to completion. */
export function runEntry(entry: string, args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, entry, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** `pnpm scim …` */
export const runCli = (args: string[], env: NodeJS.ProcessEnv, stdin?: string) => runEntry('services/scim/src/cli/main.ts', args, env, stdin);

export const lastLine = (text: string): string => text.trimEnd().split('\n').at(-1) ?? '';

export interface Started {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns a long-running entry; output is collected for failure messages. */
export function startEntry(t: Teardown, entry: string, env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, [...NODE_ARGS, entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, output: () => out, exited };
}

/** Polls `url` until it answers `status` (or the process dies, or time runs out). */
export async function waitForStatus(url: string, status: number, opts: { timeoutMs?: number; started?: Started } = {}): Promise<void> {
  const until = Date.now() + (opts.timeoutMs ?? 30_000);
  let last = 'no answer';
  while (Date.now() < until) {
    if (opts.started && opts.started.child.exitCode !== null) {
      throw new Error(`process exited (${opts.started.child.exitCode}) before ${url} answered:\n${opts.started.output()}`);
    }
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === status) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer ${status} in time (${last})${opts.started ? `:\n${opts.started.output()}` : ''}`);
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The embedded postmaster's pid, from DATA_DIR/pg/postmaster.pid (undefined when absent). */
export async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number((await readFile(file, 'utf8')).split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

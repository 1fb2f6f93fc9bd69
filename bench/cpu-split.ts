// Where the CPU of a write goes: during one wrk phase of POST /Users, or of PUT or PATCH
// /Users/{id} (the shape of bench/throughput.ts: 16 connections, new userNames for POST, 256
// users in rotation for PUT/PATCH), the CPU time of the service
// process and of every PostgreSQL process per request, read from /proc (utime + stime), and the
// rest of the machine's busy time (wrk, the kernel). Also the same for the lean-tx floor run from
// this process (bench/floors.ts). On a 2-core machine they all share the cores, so a write's
// ratio to its floor follows the sum. Figures: BENCHMARKS.md, "The rename trigger's plan".
//
// Usage: npx tsx --conditions=development bench/cpu-split.ts [--method POST|PUT|PATCH] [--seconds 10]
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { createToken } from '../services/scim/src/tokens/token-store.js';
import { leanTxCreate, leanTxUpdate, LEAN_SCHEMA, seedLeanUsers } from './floors.js';
import { arg, runFor, scratchDatabase, startService } from './lib.js';
import { seedServiceUsers, userBody, wrk } from './throughput.js';

const METHOD = arg('method', 'PATCH') as 'POST' | 'PUT' | 'PATCH';
const SECONDS = Number(arg('seconds', '10'));
const TICK = 100; // USER_HZ on Linux

/** The fields of /proc/<pid>/stat after the command name (so index 0 is field 3), or none if it exited. */
function statOf(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  } catch {
    return undefined;
  }
}
const seconds = (f: string[], a: number, b: number) => (Number(f[a]) + Number(f[b])) / TICK;
const cpuOf = (pid: number) => { const f = statOf(pid); return f ? seconds(f, 11, 12) : 0; }; // utime, stime (fields 14, 15)
const pidsNamed = (name: string) => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number)
  .filter((pid) => { try { return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name; } catch { return false; } });
/** Every PostgreSQL process's CPU so far: the live ones, plus the exited backends the postmaster reaped (cutime + cstime). */
function pgCpu(): number {
  const pids = pidsNamed('postgres');
  let t = 0;
  for (const pid of pids) {
    const f = statOf(pid);
    if (!f) continue;
    t += seconds(f, 11, 12);
    if (!pids.includes(Number(f[1]))) t += seconds(f, 13, 14); // the postmaster: its parent is not postgres
  }
  return t;
}
const machineBusy = () => { const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number); return (f[0]! + f[1]! + f[2]! + f[5]! + f[6]!) / TICK; };

async function main() {
  const scratch = await scratchDatabase();
  const pool = new pg.Pool({ connectionString: scratch.url, max: 16 });
  const token = await createToken(scratch.handle.db, { source: 'cli' }, { name: 'bench', connection: 'bench' });
  await pool.query(LEAN_SCHEMA);
  const leanIds = await seedLeanUsers(pool, 256, (name) => userBody(name));
  const ids = await seedServiceUsers(pool, token.connectionId, 256);
  await pool.query('ANALYZE');
  const svc = await startService(scratch.url);
  const body = METHOD === 'PUT' ? JSON.stringify(userBody('put-__IDX__@example.com', 'Load __N__'))
    : JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'displayName', value: 'Load __N__' }] });
  // One wrk phase of the service (bench/throughput.ts: checks that no request failed); POST
  // userNames are new in every phase, the service's and the floor's.
  const service = (round: number) => SECONDS * (METHOD === 'POST'
    ? wrk('wrk-post-users.lua', svc.base, SECONDS, { WRK_TOKEN: token.token, WRK_PREFIX: `svc${round}`, WRK_BODY: JSON.stringify(userBody('__NAME__')) })
    : wrk('wrk-user-writes.lua', svc.base, SECONDS, { WRK_TOKEN: token.token, WRK_METHOD: METHOD, WRK_IDS: ids.join(','), WRK_BODY: body }));
  const floor = (round: number) => (i: number) => METHOD === 'POST'
    ? leanTxCreate(pool, userBody(`floor${round}-${i}@example.com`))
    : leanTxUpdate(pool, leanIds[i % leanIds.length]!, (d) => ({ ...d, displayName: `Load ${i}` }));
  const measure = async (label: string, run: () => Promise<number>) => {
    const before = { svc: cpuOf(svc.proc.pid!), pg: pgCpu(), self: process.cpuUsage(), all: machineBusy(), t: performance.now() };
    const n = await run();
    const wall = (performance.now() - before.t) / 1000;
    const self = process.cpuUsage(before.self);
    const per = (s: number) => `${((s / n) * 1000).toFixed(3)} ms`;
    const svcCpu = cpuOf(svc.proc.pid!) - before.svc;
    const pgUsed = pgCpu() - before.pg;
    const selfCpu = (self.user + self.system) / 1e6;
    const all = machineBusy() - before.all;
    // The rest: wrk (while the service runs) and the kernel's work not charged to a process.
    process.stdout.write(`| ${label} | ${(n / wall).toFixed(0)}/s | ${per(svcCpu)} | ${per(pgUsed)} | ${per(selfCpu)} | ${per(all - svcCpu - pgUsed - selfCpu)} | ${per(all)} |\n`);
  };
  process.stdout.write(`\n${METHOD === 'POST' ? 'POST /Users' : `${METHOD} /Users/{id}`}, ${SECONDS} s per phase, CPU per request (/proc)\n\n| path | rate | service | PostgreSQL | this process (the floor's client) | rest (wrk, kernel) | whole machine |\n|---|---|---|---|---|---|---|\n`);
  for (let round = 0; round < 2; round++) {
    await measure('service', async () => service(round));
    await measure('lean-tx floor', async () => SECONDS * (await runFor(SECONDS, 16, floor(round))));
  }
  await svc.stop();
  await pool.end();
  await scratch.drop();
}

main().catch((err) => { console.error(err); process.exit(1); });

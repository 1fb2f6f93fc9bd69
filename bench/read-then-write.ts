// A write after a read, as IdPs send them (Entra: a userName lookup, then PATCH; Okta: GET
// /Users/{id}, then PUT), on users the service has not written before: the case where the
// remembered-row path (services/scim/src/scim/resources/recent-users.ts) used to pay a read of
// its own. With `--before DIR` (a checkout of another build, installed), that build's service
// runs beside this one on the same database and the phases alternate between the two, so the
// ratio comes from one run. wrk drives each with 16 threads of one connection each, every
// thread reading and then writing its own users in turn.
//
// Usage: npx tsx --conditions=development bench/read-then-write.ts [--before DIR] [--rounds 4] [--seconds 5]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createToken } from '../services/scim/src/tokens/token-store.js';
import { arg, median, ROOT, scratchDatabase, startService } from './lib.js';
import { seedServiceUsers, WRK } from './throughput.js';

const THREADS = 16;
const ROUNDS = Number(arg('rounds', '4'));
const SECONDS = Number(arg('seconds', '5'));
const PER_PHASE = Number(arg('users', '8000'));
const BEFORE = arg('before', '');

async function main() {
  if (!WRK) throw new Error('install wrk (apt-get install -y wrk)');
  const scratch = await scratchDatabase();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rtw-'));
  const pool = new pg.Pool({ connectionString: scratch.url, max: 4 });
  const token = await createToken(scratch.handle.db, { source: 'cli' }, { name: 'bench', connection: 'bench' });
  const builds: Record<string, Awaited<ReturnType<typeof startService>>> = { after: await startService(scratch.url) };
  if (BEFORE) builds.before = await startService(scratch.url, {}, path.resolve(BEFORE));
  let phase = 0;
  /** Pairs (read + write) per second of one phase on fresh users. */
  const run = async (build: string, mode: 'lookup' | 'get', seconds: number): Promise<number> => {
    const prefix = `rtw${phase++}`;
    const ids = await seedServiceUsers(pool, token.connectionId, PER_PHASE, prefix);
    await pool.query('ANALYZE users');
    const file = path.join(dir, `${prefix}.txt`);
    writeFileSync(file, ids.map((id, i) => `${id} ${prefix}-${i}@example.com`).join('\n') + '\n');
    const out = execFileSync('wrk', [`-t${THREADS}`, `-c${THREADS}`, `-d${seconds}s`, '-s', path.join(ROOT, 'bench', 'wrk-read-then-write.lua'), builds[build]!.base], {
      env: { ...process.env, WRK_TOKEN: token.token, WRK_IDS_FILE: file, WRK_THREADS: String(THREADS), WRK_MODE: mode },
    }).toString();
    const m = /WRK requests=(\d+) errors_status=(\d+) errors_other=(\d+) duration_us=(\d+)/.exec(out);
    if (!m) throw new Error(`unexpected wrk output: ${out}`);
    if (m[2] !== '0' || m[3] !== '0') throw new Error(`wrk saw failed requests: ${m[0]}`);
    const pairs = Number(m[1]) / 2;
    if (pairs > PER_PHASE) throw new Error(`a phase wrote ${pairs} users, more than the ${PER_PHASE} seeded: raise --users`);
    return pairs / (Number(m[4]) / 1e6);
  };
  try {
    const names = Object.keys(builds);
    process.stdout.write(`## Read, then write, on users the service has not written (wrk, ${THREADS} connections; ${ROUNDS} rounds of ${SECONDS} s per build after a 2 s warm-up)\n\n`);
    const rows: string[] = [];
    for (const mode of ['lookup', 'get'] as const) {
      for (const b of names) await run(b, mode, 2);
      const rates: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
      for (let r = 0; r < ROUNDS; r++) {
        const order = r % 2 === 0 ? names : [...names].reverse();
        for (const b of order) rates[b]!.push(await run(b, mode, SECONDS));
        process.stdout.write(`${mode} round ${r + 1}: ${names.map((n) => `${n} ${rates[n]!.at(-1)!.toFixed(0)} pairs/s`).join(', ')}\n`);
      }
      const label = mode === 'lookup' ? 'userName lookup, then PATCH (Entra)' : 'GET /Users/{id}, then PUT (Okta)';
      const after = median(rates.after!);
      const before = rates.before ? median(rates.before) : undefined;
      rows.push(`| ${label} | ${before ? before.toFixed(0) : '–'} | ${after.toFixed(0)} | ${before ? (after / before).toFixed(2) : '–'} |`);
    }
    process.stdout.write(`\n| pair | before (pairs/s) | after (pairs/s) | after / before |\n|---|---|---|---|\n${rows.join('\n')}\n\n(medians over the rounds)\n`);
  } finally {
    for (const b of Object.values(builds)) await b.stop();
    await pool.end();
    rmSync(dir, { recursive: true, force: true });
    await scratch.drop();
  }
}

await main();

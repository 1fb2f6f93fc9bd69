// What the service's garbage collector does per page of the delta read IdPs repeat (issue 17:
// `meta.lastModified gt …`, count=100, whose p99 at a million users is the young generation's
// pauses — BENCHMARKS.md, "Where the delta page's tail comes from"). The service runs with
// `--trace-gc-nvp`; one client asks for the same page sequentially and this reports, per page,
// the bytes allocated and the bytes that survived a scavenge (V8 promotes those to old space,
// and a mark-compact has to collect them later), and the scavenges' pauses. With `--before DIR`
// (a checkout of another build, installed), that build's service runs beside this one on the
// same database and the rounds alternate between the two, so the ratio comes from one run.
// Allocation counts do not depend on the machine's load; pauses do.
//
// Usage: npx tsx --conditions=development bench/page-gc.ts [--database URL] [--before DIR]
//   [--pages 2000] [--rounds 2]
// Without --database: a scratch database with 1,000 users (bench/seed-users.ts).
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Pool as HttpPool } from 'undici';
import { connectDb, migrate } from '@scim/db';
import { createToken } from '../services/scim/src/tokens/token-store.js';
import { arg, median, percentile, scratchDatabase, startService } from './lib.js';
import { seedUsers } from './seed-users.js';

const PAGES = Number(arg('pages', '2000'));
const ROUNDS = Number(arg('rounds', '2'));
const BEFORE = arg('before', '');
const WARMUP = 300;

interface Scavenge { pause: number; allocated: number; promoted: number }

async function database() {
  const url = arg('database', '');
  if (url === '') return { ...(await scratchDatabase()), seeded: false };
  const handle = connectDb({ connectionString: url, max: 4 });
  await migrate(handle.pool);
  return { url, handle, drop: () => handle.close(), seeded: true };
}

/** A service with `--trace-gc-nvp`, its scavenges collected as they are printed. */
async function gcService(url: string, root?: string) {
  const svc = await startService(url, {}, root, { nodeArgs: ['--trace-gc-nvp'], stdout: 'pipe' });
  const scavenges: Scavenge[] = [];
  createInterface({ input: svc.proc.stdout! }).on('line', (line) => {
    if (!line.includes(' gc=s ')) return;
    const num = (k: string) => Number(new RegExp(`\\b${k}=([\\d.]+)`).exec(line)?.[1] ?? NaN);
    scavenges.push({ pause: num('pause'), allocated: num('allocated'), promoted: num('promoted') });
  });
  return { ...svc, scavenges };
}

async function main() {
  const scratch = await database();
  const { db, pool } = scratch.handle;
  const token = await createToken(db, { source: 'cli' }, { name: `page-gc-${Date.now()}`, connection: 'bench' });
  if (!scratch.seeded) {
    await seedUsers(pool, 1, 1000, token.connectionId, 1000);
    await pool.query('VACUUM ANALYZE');
  }
  const since = (await pool.query(`SELECT updated_at AS t FROM users ORDER BY updated_at DESC OFFSET 100 LIMIT 1`)).rows[0].t as Date;
  const page = `/scim/v2/Users?count=100&filter=${encodeURIComponent(`meta.lastModified gt "${since.toISOString()}"`)}`;
  const builds: Record<string, Awaited<ReturnType<typeof gcService>>> = { after: await gcService(scratch.url) };
  if (BEFORE) builds.before = await gcService(scratch.url, path.resolve(BEFORE));
  const results: Record<string, { alloc: number[]; promoted: number[]; pauses: number[]; scavenges: number[] }> = {};
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, svc] of Object.entries(builds)) {
        const http = new HttpPool(svc.base, { connections: 1 });
        const get = async () => {
          const res = await http.request({ method: 'GET', path: page, headers: { authorization: `Bearer ${(token.token)}` } });
          const text = await res.body.text();
          if (res.statusCode !== 200 || JSON.parse(text).itemsPerPage !== 100) throw new Error(`${name}: ${res.statusCode} ${text.slice(0, 200)}`);
        };
        for (let i = 0; i < WARMUP; i++) await get();
        const first = svc.scavenges.length;
        for (let i = 0; i < PAGES; i++) await get();
        await http.close();
        // The scavenges inside the phase (the first one's allocation started before it).
        const inside = svc.scavenges.slice(first + 1);
        const r = (results[name] ??= { alloc: [], promoted: [], pauses: [], scavenges: [] });
        const pages = PAGES * (inside.length / Math.max(1, svc.scavenges.length - first));
        r.alloc.push(inside.reduce((s, g) => s + g.allocated, 0) / pages);
        r.promoted.push(inside.reduce((s, g) => s + g.promoted, 0) / pages);
        r.scavenges.push(PAGES / Math.max(1, svc.scavenges.length - first));
        r.pauses.push(...inside.map((g) => g.pause));
      }
    }
  } finally {
    for (const svc of Object.values(builds)) await svc.stop();
    await scratch.drop();
  }
  const kb = (xs: number[]) => xs.map((x) => (x / 1024).toFixed(0)).join(' / ');
  process.stdout.write(`\n## The delta page (count=100) and the service's young generation, ${PAGES} pages × ${ROUNDS} rounds per build\n\n`);
  process.stdout.write('| build | allocated per page (KB, each round) | survived a scavenge, per page (KB) | pages per scavenge | scavenge pause p50 / p90 / max |\n|---|---|---|---|---|\n');
  for (const [name, r] of Object.entries(results)) {
    const p = [...r.pauses].sort((a, b) => a - b);
    process.stdout.write(`| ${name} | ${kb(r.alloc)} | ${kb(r.promoted)} | ${r.scavenges.map((x) => x.toFixed(1)).join(' / ')} | ${median(p).toFixed(2)} / ${percentile(p, 90).toFixed(2)} / ${(p.at(-1) ?? NaN).toFixed(2)} ms |\n`);
  }
  if (results.before) {
    const ratio = (k: 'alloc' | 'promoted') => (median(results.after![k]) / median(results.before[k])).toFixed(2);
    process.stdout.write(`\nafter / before: allocated ${ratio('alloc')}, survived ${ratio('promoted')}\n`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

// SCIM benchmarks (issue 3), figures for BENCHMARKS.md:
//   1. filter latency over N users (100,000 with --size large): p50/p99 through HTTP;
//   2. membership PATCH add/remove of one member in an N-member group vs a 10-member group;
//   3. write throughput (POST, PUT, PATCH /Users) at concurrency 16 through the service, side
//      by side in the same run with its floors straight through `pg` (bench/throughput.ts).
// Usage: npx tsx --conditions=development bench/scim.ts [--size large] [--only writes]
import { randomUUID } from 'node:crypto';
import { Pool as HttpPool } from 'undici';
import pg from 'pg';
import { connectDb } from '@scim/db';
import { diffFields } from '../services/scim/src/audit/diff.js';
import { insertNewUser } from '../services/scim/src/scim/resources/user-create.js';
import { createToken } from '../services/scim/src/tokens/token-store.js';
import { arg, LARGE, ms, percentile, scratchDatabase, startService } from './lib.js';
import { seedUsers } from './seed-users.js';
import { measureWrites } from './throughput.js';

// `--only writes` runs the write throughput part alone (what a change to the write path needs).
const ONLY_WRITES = arg('only', '') === 'writes';
const USERS = LARGE ? 100_000 : 10_000;
const GROUP_SIZE = LARGE ? 100_000 : 10_000;
const SAMPLES = LARGE ? 200 : 60;
// Throughput phases run for a fixed time each, rotating which path goes first (throughput.ts).
const PHASE_SECONDS = LARGE ? 3 : 2;
const WARMUP_SECONDS = 2;
const ROUNDS = 6;
const CONCURRENCY = 16;

async function seed(pool: pg.Pool, connectionId: string) {
  await seedUsers(pool, 1, USERS, connectionId, USERS);
  await pool.query('ANALYZE users; ANALYZE user_emails');
}

async function timed(samples: number, fn: (i: number) => Promise<void>): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

type Call = (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) => Promise<string>;

/** 1. filter latency and 2. membership PATCH in a large group vs a small one. */
async function measureReads(pool: pg.Pool, connectionId: string, call: Call) {
  // 1. Filters.
  const mid = Math.floor(USERS / 2);
  const since = new Date(Date.now() - 100_000).toISOString();
  const filters: [string, string][] = [
    ['userName eq', `userName eq "user${mid}@example.com"`],
    ['externalId eq', `externalId eq "ext-${mid}"`],
    ['emails co', `emails co "r${mid}@exa"`],
    ['meta.lastModified gt', `meta.lastModified gt "${since}"`],
    ['compound and/or', `(userName sw "user${mid}" and active eq true) or externalId eq "ext-7"`],
  ];
  process.stdout.write(`\n## Filter latency, ${USERS.toLocaleString('en')} users, ${SAMPLES} sequential requests each (HTTP, count=10)\n\n| filter | matches | p50 | p99 |\n|---|---|---|---|\n`);
  for (const [label, f] of filters) {
    const path = `/scim/v2/Users?count=10&filter=${encodeURIComponent(f)}`;
    const matches = (JSON.parse(await call('GET', path)) as { totalResults: number }).totalResults;
    const r = await timed(SAMPLES, async () => void (await call('GET', path)));
    process.stdout.write(`| \`${f}\` (${label}) | ${matches} | ${ms(r.p50)} | ${ms(r.p99)} |\n`);
  }

  // 2. Membership in a large group vs a small one.
  const groups = [] as { id: string; size: number }[];
  for (const size of [10, GROUP_SIZE]) {
    const { rows } = await pool.query(
      `INSERT INTO groups (doc, source, connection_id) VALUES (jsonb_build_object('displayName', 'bench-' || $1::text), 'scim', $2) RETURNING id`,
      [size, connectionId],
    );
    const id = rows[0].id as string;
    await pool.query(`INSERT INTO group_members (group_id, member_id, member_type) SELECT $1, id, 'User' FROM users ORDER BY created_at LIMIT $2`, [id, size]);
    groups.push({ id, size });
  }
  const outsider = (await pool.query(`SELECT id FROM users ORDER BY created_at DESC LIMIT 1`)).rows[0].id as string;
  const patch = (op: string, value: unknown, path = 'members') => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op, path, value }] });
  process.stdout.write(`\n## Membership PATCH, one member at a time (${SAMPLES} adds and ${SAMPLES} removes)\n\n| group size | add p50 | add p99 | remove p50 | remove p99 |\n|---|---|---|---|---|\n`);
  const latency: Record<number, number> = {};
  for (const g of groups) {
    const adds: number[] = [];
    const removes: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      let t0 = performance.now();
      await call('PATCH', `/scim/v2/Groups/${g.id}`, patch('add', [{ value: outsider }]));
      adds.push(performance.now() - t0);
      t0 = performance.now();
      await call('PATCH', `/scim/v2/Groups/${g.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'remove', path: `members[value eq "${outsider}"]` }] });
      removes.push(performance.now() - t0);
    }
    adds.sort((a, b) => a - b);
    removes.sort((a, b) => a - b);
    latency[g.size] = percentile(adds, 50);
    process.stdout.write(`| ${g.size.toLocaleString('en')} | ${ms(percentile(adds, 50))} | ${ms(percentile(adds, 99))} | ${ms(percentile(removes, 50))} | ${ms(percentile(removes, 99))} |\n`);
  }
  process.stdout.write(`\nlarge/small add p50 ratio: ${(latency[GROUP_SIZE]! / latency[10]!).toFixed(2)} (1.0 = cost independent of group size)\n`);
}

async function main() {
  const scratch = await scratchDatabase();
  const { pool } = scratch.handle;
  const token = await createToken(scratch.handle.db, { source: 'cli' }, { name: 'bench', connection: 'bench' });
  process.stdout.write(`# seeding ${USERS} users…\n`);
  await seed(pool, token.connectionId);
  const svc = await startService(scratch.url);
  const http = new HttpPool(svc.base, { connections: CONCURRENCY, pipelining: 1 });
  const headers = { authorization: `Bearer ${token.token}`, 'content-type': 'application/scim+json' };
  const call = async (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) => {
    const res = await http.request({ method, path, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${method} ${path} → ${res.statusCode}: ${text.slice(0, 200)}`);
    return text;
  };
  try {
    if (!ONLY_WRITES) await measureReads(pool, token.connectionId, call);

    // 3. Write throughput against the lean and the replay floor (bench/throughput.ts).
    const floorDb = connectDb({ connectionString: scratch.url, max: CONCURRENCY, applicationName: 'bench-replay' });
    // The actor the service writes for a wrk request: the client address in the audit row, and
    // (writes on a cached token identity) the token re-check inside the audit/outbox statement.
    const actor = () => ({
      source: 'scim' as const, connectionId: token.connectionId, tokenId: token.id, requestId: randomUUID(), ip: '127.0.0.1',
      tokenCheck: { verified: false },
    });
    await measureWrites({
      dbUrl: scratch.url, base: svc.base, token: token.token, connectionId: token.connectionId,
      rounds: ROUNDS, phaseSeconds: PHASE_SECONDS, warmupSeconds: WARMUP_SECONDS,
      // The very statement createUser issues for a new userName (resources/user-create.ts).
      replayCreate: async (doc) => {
        const r = await insertNewUser(floorDb.pool, actor(), 'http://bench', { doc, connectionId: token.connectionId, userName: doc.userName, externalId: doc.externalId, diff: diffFields({}, doc) });
        if (!r.user) throw new Error('replay insert collided');
      },
    });
    await floorDb.close();
  } finally {
    await http.close();
    await svc.stop();
    await scratch.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

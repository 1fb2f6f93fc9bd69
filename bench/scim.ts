// SCIM benchmarks (issue 3), figures for BENCHMARKS.md:
//   1. filter latency over N users (100,000 with --size large): p50/p99 through HTTP;
//   2. membership PATCH add/remove of one member in an N-member group vs a 10-member group;
//   3. POST /Users throughput at concurrency 16 through the service, side by side in the same
//      run with the same writes issued directly through `pg` (the physical floor).
// Usage: npx tsx --conditions=development bench/scim.ts [--size large]
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Pool as HttpPool } from 'undici';
import pg from 'pg';
import { connectDb, recordChange } from '@scim/db';
import { diffFields } from '../services/scim/src/audit/diff.js';
import { renderUser } from '../services/scim/src/scim/resources/render.js';
import { insertUserIfNew } from '../services/scim/src/scim/resources/user-store.js';
import { createToken } from '../services/scim/src/tokens/token-store.js';
import { LARGE, ROOT, median, ms, percentile, runFor, scratchDatabase, startService } from './lib.js';

const USERS = LARGE ? 100_000 : 10_000;
const GROUP_SIZE = LARGE ? 100_000 : 10_000;
const SAMPLES = LARGE ? 200 : 60;
// Throughput phases run for a fixed time each: after a warm-up of both paths (JIT, pools,
// caches), an even number of rounds alternate which path goes first, so a drift over the run
// (growing tables, PostgreSQL writing back the previous phase's buffers and WAL) favours
// neither. The ratio is reported both as median over median and as the median of the
// per-round ratios (each round's two phases ran back to back).
const PHASE_SECONDS = LARGE ? 3 : 2;
const WARMUP_SECONDS = 2;
const ROUNDS = 6;
const CONCURRENCY = 16;
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

async function seed(pool: pg.Pool, connectionId: string) {
  // Set-based seeding: one statement per table.
  await pool.query(
    `INSERT INTO users (doc, source, connection_id, updated_at, created_at)
     SELECT jsonb_build_object(
              'schemas', jsonb_build_array('urn:ietf:params:scim:schemas:core:2.0:User'),
              'userName', 'user' || i || '@example.com', 'externalId', 'ext-' || i,
              'displayName', 'User ' || i, 'active', true,
              'name', jsonb_build_object('givenName', 'Given' || i, 'familyName', 'Family' || (i % 1000)),
              'emails', jsonb_build_array(jsonb_build_object('value', 'user' || i || '@example.com', 'type', 'work', 'primary', true)),
              $2::text, jsonb_build_object('department', 'Dept' || (i % 50))),
            'scim', $3, now() - make_interval(secs => $1 - i), now() - make_interval(secs => $1 - i)
       FROM generate_series(1, $1) AS i`,
    [USERS, ENT, connectionId],
  );
  await pool.query(`INSERT INTO user_emails (user_id, ord, value, type, is_primary) SELECT id, 0, doc #>> '{emails,0,value}', 'work', true FROM users`);
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

// The HTTP load generator shares the machine's cores with the service and PostgreSQL, while
// an IdP's client runs elsewhere: wrk (C, Debian package) takes a fraction of the CPU per
// request that an in-process undici client does. Falls back to undici without it.
const WRK = spawnSync('wrk', ['--version']).error === undefined;

/** POST /Users of `body(userName)` at concurrency 16 for `seconds` through wrk; returns requests/s (all must be 201). */
function wrkPosts(base: string, token: string, prefix: string, seconds: number, body: (name: string) => unknown): number {
  const out = execFileSync('wrk', ['-t1', `-c${CONCURRENCY}`, `-d${seconds}s`, '-s', path.join(ROOT, 'bench/wrk-post-users.lua'), base], {
    env: { ...process.env, WRK_TOKEN: token, WRK_PREFIX: prefix, WRK_BODY: JSON.stringify(body('__NAME__')) },
  }).toString();
  const m = /WRK requests=(\d+) errors_status=(\d+) errors_other=(\d+)/.exec(out);
  if (!m) throw new Error(`unexpected wrk output: ${out}`);
  if (m[2] !== '0' || m[3] !== '0') throw new Error(`wrk saw failed requests: ${m[0]}`);
  return Number(m[1]) / seconds;
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
        [size, token.connectionId],
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

    // 3. POST /Users at concurrency 16 vs the same writes through pg.
    const floorDb = connectDb({ connectionString: scratch.url, max: CONCURRENCY, applicationName: 'bench-floor' });
    const body = (name: string) => ({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: name, externalId: `x-${name}`,
      name: { givenName: 'Load', familyName: 'Test' }, displayName: 'Load Test', active: true,
      emails: [{ value: name, type: 'work', primary: true }],
    });
    // The actor the service writes for a wrk request: the client address in the audit row, and
    // (writes on a cached token identity) the token re-check inside the audit/outbox statement.
    const actor = () => ({
      source: 'scim' as const, connectionId: token.connectionId, tokenId: token.id, requestId: randomUUID(), ip: '127.0.0.1',
      tokenCheck: { verified: false },
    });
    // The floor: the very statements createUser issues (resources/user-writes.ts fast path) with
    // the same payloads, straight through the pool: no HTTP, auth, validation or rendering.
    const floorWrite = async (name: string) => {
      const doc = body(name);
      await floorDb.db.transaction().execute(async (trx) => {
        const user = await insertUserIfNew(trx, { doc, connectionId: token.connectionId, userName: name, externalId: doc.externalId });
        if (!user) throw new Error('floor insert collided');
        await recordChange(trx, actor(), [{ action: 'user.created', resourceType: 'User', resourceId: user.id, diff: diffFields({}, doc) }], [
          { type: 'user.created', resourceType: 'User', resourceId: user.id, payload: { resource: renderUser(user, 'http://bench'), changedFields: [] } },
        ]);
      });
    };
    const service = (label: string, seconds: number) =>
      WRK
        ? wrkPosts(svc.base, token.token, label, seconds, body)
        : runFor(seconds, CONCURRENCY, async (i) => void (await call('POST', '/scim/v2/Users', body(`${label}-${i}@example.com`))));
    const floor = (label: string, seconds: number) => runFor(seconds, CONCURRENCY, (i) => floorWrite(`${label}-${i}@example.com`));
    process.stdout.write(`\n## POST /Users, concurrency ${CONCURRENCY}, ${ROUNDS} rounds of ${PHASE_SECONDS} s per path after a ${WARMUP_SECONDS} s warm-up of each, load generator: ${WRK ? 'wrk' : 'undici (install wrk for a lighter one)'}\n\n`);
    await floor('floor-warm', WARMUP_SECONDS);
    await service('app-warm', WARMUP_SECONDS);
    const rates = { app: [] as number[], floor: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      const floorFirst = round % 2 === 0;
      if (floorFirst) rates.floor.push(await floor(`floor-${round}`, PHASE_SECONDS));
      rates.app.push(await service(`app-${round}`, PHASE_SECONDS));
      if (!floorFirst) rates.floor.push(await floor(`floor-${round}`, PHASE_SECONDS));
      process.stdout.write(`round ${round + 1} (${floorFirst ? 'floor' : 'service'} first): floor ${rates.floor.at(-1)!.toFixed(0)} writes/s, service ${rates.app.at(-1)!.toFixed(0)} req/s, ratio ${(rates.app.at(-1)! / rates.floor.at(-1)!).toFixed(2)}\n`);
    }
    const ratios = rates.app.map((a, i) => a / rates.floor[i]!);
    const byOrder = (first: number) => median(ratios.filter((_, i) => i % 2 === first)).toFixed(2);
    process.stdout.write(`\nmedian round ratio with the floor first: ${byOrder(0)}, with the service first: ${byOrder(1)}; over all rounds: ${median(ratios).toFixed(2)}\n`);
    const appMed = median(rates.app);
    const floorMed = median(rates.floor);
    process.stdout.write(`\n| path | median throughput |\n|---|---|\n| direct pg (floor) | ${floorMed.toFixed(0)} writes/s |\n| POST /Users via the service | ${appMed.toFixed(0)} req/s |\n| ratio service / floor | **${(appMed / floorMed).toFixed(2)}** (target ≥ 0.8) |\n`);
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

// SCIM reads and writes at a million users (issue 17), figures for BENCHMARKS.md:
//   1. filter p50/p99 of the lookups IdPs issue (userName, externalId, emails[value eq],
//      meta.lastModified gt with a delta of 100), through a Node client and the one-row
//      lookups again through wrk (bench/wrk-lookup.lua; `--wrk-seconds N`, default 10);
//   2. a full listing with startIndex paging, count=100: the first page, pages continuing
//      sequentially and random access at late offsets; the same with RFC 9865 cursors; the
//      service's RSS during the listing;
//   3. membership add/remove on the big group vs a 10-member group;
//   4. table + index bytes per user and per membership, and outbox/audit growth per change.
// Seeds through SQL. Usage: `pnpm bench --size xl` or
//   npx tsx --conditions=development bench/scim-xl.ts [--users 1000000] [--cursor-pages N]
//   [--database URL [--seed]] [--only filters]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Pool as HttpPool } from 'undici';
import pg from 'pg';
import { connectDb, migrate } from '@scim/db';
import { createToken } from '../services/scim/src/tokens/token-store.js';
import { arg, median, ms, percentile, ROOT, scratchDatabase, startService } from './lib.js';
import { seedUsers } from './seed-users.js';
import { WRK } from './throughput.js';

const USERS = Number(arg('users', '1000000'));
const GROUPS = 10_000;
const BIG_GROUP = Math.min(200_000, Math.floor(USERS / 5));
const SAMPLES = 200;
const CURSOR_PAGES = Number(arg('cursor-pages', String(Math.ceil(USERS / 100))));
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const out = (s: string) => process.stdout.write(s);

async function timedSql(pool: pg.Pool, label: string, text: string, values: unknown[] = []) {
  const t0 = performance.now();
  await pool.query(text, values);
  out(`#   ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}

async function seed(pool: pg.Pool, connectionId: string) {
  out(`# seeding ${USERS.toLocaleString('en')} users, ${GROUPS.toLocaleString('en')} groups, a ${BIG_GROUP.toLocaleString('en')}-member group (SQL)\n`);
  // Chunks, so progress shows; users 1 s apart in updated_at, the last one now.
  const CHUNK = 100_000;
  for (let from = 1; from <= USERS; from += CHUNK) {
    const to = Math.min(USERS, from + CHUNK - 1);
    const t0 = performance.now();
    await seedUsers(pool, from, to, connectionId, USERS);
    out(`#   users ${from}–${to}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  await timedSql(pool, 'groups', `
    INSERT INTO groups (doc, source, connection_id)
    SELECT jsonb_build_object('schemas', jsonb_build_array('urn:ietf:params:scim:schemas:core:2.0:Group'), 'displayName', 'group-' || g), 'scim', $2
      FROM generate_series(1, $1::int) AS g`, [GROUPS, connectionId]);
  // group-1 is the big group; every other group has 10 members.
  await timedSql(pool, 'memberships', `
    WITH ord AS (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n
                   FROM (SELECT id, created_at FROM users ORDER BY created_at, id LIMIT greatest($1::int, ($2::int - 1) * 10)) s),
         grp AS (SELECT id, substr(doc ->> 'displayName', 7)::int AS g FROM groups)
    INSERT INTO group_members (group_id, member_id, member_type)
    SELECT (SELECT id FROM grp WHERE g = 1), ord.id, 'User' FROM ord WHERE ord.n <= $1
    UNION ALL
    SELECT grp.id, ord.id, 'User' FROM ord JOIN grp ON grp.g = 2 + (ord.n - 1) / 10 WHERE ord.n <= ($2 - 1) * 10`, [BIG_GROUP, GROUPS]);
  // Autovacuum is off on the bench machine: set the visibility map and statistics once, as
  // autovacuum would after a bulk load.
  await timedSql(pool, 'VACUUM ANALYZE', 'VACUUM ANALYZE');
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

// `--database URL`: a database an earlier run seeded (and left: it is not dropped), reused
// as it is; the measurements that write (membership, log growth) add to it.
async function database() {
  const url = arg('database', '');
  if (url === '') return scratchDatabase();
  const handle = connectDb({ connectionString: url, max: 20 });
  await migrate(handle.pool);
  return { url, handle, drop: () => handle.close() };
}

const WRK_SECONDS = Number(arg('wrk-seconds', '10'));

/** One wrk run of bench/wrk-lookup.lua: requests per second and latency percentiles in ms. */
function wrkLookup(base: string, token: string, kind: string, seconds: number, since: string) {
  const text = execFileSync('wrk', ['-t1', '-c1', `-d${seconds}s`, '-s', path.join(ROOT, 'bench', 'wrk-lookup.lua'), base], {
    env: { ...process.env, WRK_TOKEN: token, WRK_FILTER: kind, WRK_USERS: String(USERS), WRK_SINCE: since }, encoding: 'utf8',
  });
  const m = /WRK requests=(\d+) errors_status=(\d+) p50_us=(\d+) p90_us=(\d+) p99_us=(\d+) max_us=\d+ duration_us=(\d+)/.exec(text);
  if (!m) throw new Error(`unexpected wrk output: ${text}`);
  if (m[2] !== '0') throw new Error(`wrk saw failed lookups: ${m[0]}`);
  return { rps: Number(m[1]) / (Number(m[6]) / 1e6), p50: Number(m[3]) / 1000, p90: Number(m[4]) / 1000, p99: Number(m[5]) / 1000 };
}

async function main() {
  const scratch = await database();
  const { pool, db } = scratch.handle;
  // `--database URL --seed`: seed that database (kept afterwards) instead of a scratch one.
  const reuse = arg('database', '') !== '' && !process.argv.includes('--seed');
  const token = await createToken(db, { source: 'cli' }, { name: `bench-${Date.now()}`, connection: 'bench' });
  if (!reuse) {
    // The seeding statements run for minutes: a pool without the service's statement timeout.
    const seeder = new pg.Pool({ connectionString: scratch.url, max: 1 });
    await seed(seeder, token.connectionId);
    await seeder.end();
  }
  const svc = await startService(scratch.url);
  const http = new HttpPool(svc.base, { connections: 1, pipelining: 1 });
  const headers = { authorization: `Bearer ${token.token}`, 'content-type': 'application/scim+json' };
  const call = async (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<any> => {
    const res = await http.request({ method, path, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${method} ${path} → ${res.statusCode}: ${text.slice(0, 200)}`);
    return text === '' ? undefined : JSON.parse(text);
  };
  const time = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { p50: percentile(s, 50), p99: percentile(s, 99), n: s.length };
  };
  try {
    // 1. Filters: a different user on every request, spread over the table.
    const since = (await pool.query(`SELECT updated_at::text AS t FROM users ORDER BY updated_at DESC OFFSET 100 LIMIT 1`)).rows[0].t as string;
    const sinceIso = new Date(since).toISOString();
    const pick = (i: number) => 1 + ((i * 7919) % USERS);
    const filters: [string, (i: number) => string, string][] = [
      ['userName eq', (i) => `userName eq "user${pick(i)}@example.com"`, 'count=10'],
      ['externalId eq', (i) => `externalId eq "ext-${pick(i)}"`, 'count=10'],
      ['emails[value eq]', (i) => `emails[value eq "user${pick(i)}@example.com"]`, 'count=10'],
      ['meta.lastModified gt (delta of 100)', () => `meta.lastModified gt "${sinceIso}"`, 'count=100'],
    ];
    out(`\n## Filters, ${USERS.toLocaleString('en')} users, ${SAMPLES} sequential requests each (HTTP)\n\n| filter | matches | p50 | p99 |\n|---|---|---|---|\n`);
    for (const [label, f, count] of filters) {
      const path = (i: number) => `/scim/v2/Users?${count}&filter=${encodeURIComponent(f(i))}`;
      const matches = (await call('GET', path(0))).totalResults;
      for (let i = 0; i < 20; i++) await call('GET', path(i + 1000));
      const times: number[] = [];
      for (let i = 0; i < SAMPLES; i++) times.push(await time(() => call('GET', path(i))));
      const s = stats(times);
      out(`| \`${label}\` | ${matches} | ${ms(s.p50)} | ${ms(s.p99)} |\n`);
    }

    // The same lookups driven by wrk (C, one connection, a different user per request): the
    // Node client above spends a share of the same two cores on every request. wrk's latency
    // histogram over ~10,000 requests per lookup; three runs each, rotating the order. `delta`
    // is the meta.lastModified page of 100 above, the same on every request.
    if (WRK) {
      out(`\n## Lookups driven by wrk (one connection, ${WRK_SECONDS} s each, three runs)\n\n| filter | requests/s | p50 | p90 | p99 |\n|---|---|---|---|---|\n`);
      const kinds = ['userName', 'externalId', 'emails', 'delta'];
      const runs: Record<string, { rps: number; p50: number; p90: number; p99: number }[]> = Object.fromEntries(kinds.map((k) => [k, []]));
      for (const k of kinds) wrkLookup(svc.base, token.token, k, 3, sinceIso);
      for (let round = 0; round < 3; round++) {
        for (const k of kinds.map((_, i) => kinds[(i + round) % kinds.length]!)) runs[k]!.push(wrkLookup(svc.base, token.token, k, WRK_SECONDS, sinceIso));
      }
      for (const k of kinds) {
        const each = (f: 'p50' | 'p90' | 'p99') => runs[k]!.map((r) => ms(r[f])).join(' / ');
        out(`| \`${k}\` | ${runs[k]!.map((r) => r.rps.toFixed(0)).join(' / ')} | ${each('p50')} | ${each('p90')} | ${each('p99')} |\n`);
      }
    }

    // `--only filters`: the filter table alone (a rerun on a seeded database, seconds).
    if (arg('only', '') === 'filters') return;

    // 2. Listing. Random access first (OFFSET, and a fresh count each time), then a full crawl.
    const page = (q: string) => `/scim/v2/Users?count=100&attributes=userName&${q}`;
    const late = Math.floor(USERS * 0.9);
    const random = async (start: number) => {
      const xs: number[] = [];
      // 1,000 apart: no request continues the one before (which would be keyset, not OFFSET).
      for (let i = 0; i < 10; i++) xs.push(await time(() => call('GET', page(`startIndex=${start + i * 1000}`))));
      return stats(xs);
    };
    const first = await random(1);
    const lateRandom = await random(late + 1);
    out(`\n## Listing, count=100, attributes=userName\n\n`);
    const rss: number[] = [rssMb(svc.proc.pid!)];
    const sampler = setInterval(() => rss.push(rssMb(svc.proc.pid!)), 500);
    const crawl: number[] = [];
    let seen = 0;
    let total = 0;
    const crawlStart = performance.now();
    for (let start = 1; ; ) {
      let body: any;
      crawl.push(await time(async () => (body = await call('GET', page(`startIndex=${start}`)))));
      const n = body.Resources?.length ?? 0;
      seen += n;
      total = body.totalResults;
      if (n < 100) break;
      start += n;
    }
    const crawlSeconds = (performance.now() - crawlStart) / 1000;
    clearInterval(sampler);
    rss.push(rssMb(svc.proc.pid!));
    const cursorTimes: number[] = [];
    let cursor = '';
    for (let p = 0; p < CURSOR_PAGES; p++) {
      let body: any;
      cursorTimes.push(await time(async () => (body = await call('GET', page(`cursor=${encodeURIComponent(cursor)}`)))));
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
    }
    const head = stats(crawl.slice(1, 101));
    const tail = stats(crawl.slice(-101, -1));
    const all = stats(crawl.slice(1));
    const cur = stats(cursorTimes.slice(1));
    const curTail = stats(cursorTimes.slice(-101, -1));
    out(`| page | p50 | p99 | requests |\n|---|---|---|---|\n`);
    out(`| startIndex=1, 1001, … 9001 (random access: OFFSET + count(*)) | ${ms(first.p50)} | ${ms(first.p99)} | ${first.n} |\n`);
    out(`| startIndex=${(late + 1).toLocaleString('en')}… (random access, late, 1,000 apart: OFFSET + count(*)) | ${ms(lateRandom.p50)} | ${ms(lateRandom.p99)} | ${lateRandom.n} |\n`);
    out(`| crawl, first page (snapshot count) | ${ms(crawl[0]!)} | – | 1 |\n`);
    out(`| crawl, pages 2–101 (continuation) | ${ms(head.p50)} | ${ms(head.p99)} | ${head.n} |\n`);
    out(`| crawl, last 100 pages (continuation) | ${ms(tail.p50)} | ${ms(tail.p99)} | ${tail.n} |\n`);
    out(`| crawl, every page after the first | ${ms(all.p50)} | ${ms(all.p99)} | ${all.n} |\n`);
    out(`| cursor crawl, first page | ${ms(cursorTimes[0]!)} | – | 1 |\n`);
    out(`| cursor crawl, pages 2–${cursorTimes.length} | ${ms(cur.p50)} | ${ms(cur.p99)} | ${cur.n} |\n`);
    out(`| cursor crawl, last 100 pages | ${ms(curTail.p50)} | ${ms(curTail.p99)} | ${curTail.n} |\n`);
    out(`\nstartIndex crawl: ${seen.toLocaleString('en')} users listed in ${crawlSeconds.toFixed(0)} s (${crawl.length} pages), last totalResults ${total.toLocaleString('en')}; `);
    out(`late random / continuation p50: ${(lateRandom.p50 / tail.p50).toFixed(1)}×; last / first 100 continuation pages p50: ${(tail.p50 / head.p50).toFixed(2)}\n`);
    out(`service RSS during the crawl: start ${rss[0]!.toFixed(0)} MB, median ${median(rss).toFixed(0)} MB, max ${Math.max(...rss).toFixed(0)} MB, end ${rss.at(-1)!.toFixed(0)} MB (${rss.length} samples)\n`);

    // 3. Membership in the big group vs a 10-member group.
    const big = (await pool.query(`SELECT id FROM groups WHERE display_name = 'group-1'`)).rows[0].id as string;
    const small = (await pool.query(`SELECT id FROM groups WHERE display_name = 'group-2'`)).rows[0].id as string;
    const outsider = (await pool.query(`SELECT id FROM users ORDER BY created_at DESC LIMIT 1`)).rows[0].id as string;
    out(`\n## Membership PATCH, one member at a time (${SAMPLES / 2} adds and removes, alternating groups)\n\n| group size | add p50 | add p99 | remove p50 | remove p99 |\n|---|---|---|---|---|\n`);
    const lat: Record<string, { add: number[]; remove: number[] }> = { [big]: { add: [], remove: [] }, [small]: { add: [], remove: [] } };
    for (let i = 0; i < SAMPLES / 2; i++) {
      for (const g of i % 2 ? [big, small] : [small, big]) {
        lat[g]!.add.push(await time(() => call('PATCH', `/scim/v2/Groups/${g}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: outsider }] }] })));
        lat[g]!.remove.push(await time(() => call('PATCH', `/scim/v2/Groups/${g}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${outsider}"]` }] })));
      }
    }
    for (const [g, size] of [[small, 10], [big, BIG_GROUP]] as const) {
      const a = stats(lat[g]!.add);
      const r = stats(lat[g]!.remove);
      out(`| ${size.toLocaleString('en')} | ${ms(a.p50)} | ${ms(a.p99)} | ${ms(r.p50)} | ${ms(r.p99)} |\n`);
    }
    out(`\nbig / small p50: add ${(stats(lat[big]!.add).p50 / stats(lat[small]!.add).p50).toFixed(2)}, remove ${(stats(lat[big]!.remove).p50 / stats(lat[small]!.remove).p50).toFixed(2)}\n`);

    // 4. Bytes at rest, and the log growth per change.
    const size = async (rel: string) => (await pool.query(`SELECT pg_table_size($1)::float8 AS t, pg_indexes_size($1)::float8 AS i`, [rel])).rows[0] as { t: number; i: number };
    const users = await size('users');
    const emails = await size('user_emails');
    const members = await size('group_members');
    const memberCount = (await pool.query(`SELECT count(*)::int AS n FROM group_members`)).rows[0].n as number;
    out(`\n## Bytes at rest\n\n| table | table bytes / row | index bytes / row |\n|---|---|---|\n`);
    out(`| users (per user) | ${(users.t / USERS).toFixed(0)} | ${(users.i / USERS).toFixed(0)} |\n`);
    out(`| user_emails (per user, one email) | ${(emails.t / USERS).toFixed(0)} | ${(emails.i / USERS).toFixed(0)} |\n`);
    out(`| group_members (per membership, ${memberCount.toLocaleString('en')}) | ${(members.t / memberCount).toFixed(0)} | ${(members.i / memberCount).toFixed(0)} |\n`);
    const logs = async () => ({ audit: await size('audit_events'), outbox: await size('outbox_events') });
    const CHANGES = 2000;
    const before = await logs();
    for (let i = 0; i < CHANGES; i++) await call('POST', '/scim/v2/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `growth${i}@example.com`, externalId: `g-${i}`, name: { givenName: 'G', familyName: 'Rowth' }, displayName: `Growth ${i}`, emails: [{ value: `growth${i}@example.com`, type: 'work', primary: true }] });
    const afterCreates = await logs();
    const target = (i: number) => 1 + ((i * 104729) % USERS);
    const ids = (await pool.query(`SELECT id FROM users WHERE user_name = ANY($1::text[])`, [Array.from({ length: CHANGES }, (_, i) => `user${target(i)}@example.com`)])).rows.map((r) => r.id as string);
    for (let i = 0; i < ids.length; i++) await call('PATCH', `/scim/v2/Users/${ids[i]}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: `Renamed ${i}` }] });
    const afterPatches = await logs();
    const per = (a: { t: number; i: number }, b: { t: number; i: number }, n: number) => `${((b.t - a.t) / n).toFixed(0)} + ${((b.i - a.i) / n).toFixed(0)}`;
    out(`\n## Log growth per change (table + index bytes, ${CHANGES} changes each)\n\n| change | audit_events | outbox_events |\n|---|---|---|\n`);
    out(`| POST /Users (create) | ${per(before.audit, afterCreates.audit, CHANGES)} | ${per(before.outbox, afterCreates.outbox, CHANGES)} |\n`);
    out(`| PATCH displayName | ${per(afterCreates.audit, afterPatches.audit, ids.length)} | ${per(afterCreates.outbox, afterPatches.outbox, ids.length)} |\n`);
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

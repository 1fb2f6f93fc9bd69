// Write throughput of the SCIM service against its floors (bench/floors.ts), side by side in
// one run: POST /Users against the lean and the replay floor, PUT and PATCH /Users/{id}
// against the lean update floor. The service is driven by wrk (C, Debian package `wrk`): an
// IdP's client runs elsewhere, and a Node client on the same two cores takes a third of them.
// Each phase runs for a fixed time; after a warm-up of every path, the rounds rotate which
// path goes first, so a drift over the run (growing tables, checkpoints) favours none.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { leanCreate, leanTxCreate, leanTxUpdate, leanUpdate, LEAN_SCHEMA, seedLeanUsers } from './floors.js';
import { median, ROOT, runFor } from './lib.js';

export const WRK = spawnSync('wrk', ['--version']).error === undefined;
const CONCURRENCY = 16;
const UPDATE_TARGETS = 256;
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface ThroughputSetup {
  dbUrl: string;
  base: string;
  token: string;
  connectionId: string;
  /** The replay floor: the service's create statements for one userName, straight through pg. */
  replayCreate(doc: ReturnType<typeof userBody>): Promise<void>;
  rounds: number;
  phaseSeconds: number;
  warmupSeconds: number;
}

export const userBody = (name: string, displayName = 'Load Test') => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: name, externalId: `x-${name}`,
  name: { givenName: 'Load', familyName: 'Test' }, displayName, active: true,
  emails: [{ value: name, type: 'work', primary: true }],
});

/** One wrk run of `script` at concurrency 16: requests per second; throws if any request failed. */
export function wrk(script: string, base: string, seconds: number, env: Record<string, string>): number {
  const out = execFileSync('wrk', ['-t1', `-c${CONCURRENCY}`, `-d${seconds}s`, '-s', path.join(ROOT, 'bench', script), base], {
    env: { ...process.env, ...env },
  }).toString();
  const m = /WRK requests=(\d+) errors_status=(\d+) errors_other=(\d+)/.exec(out);
  if (!m) throw new Error(`unexpected wrk output: ${out}`);
  if (m[2] !== '0' || m[3] !== '0') throw new Error(`wrk saw failed requests: ${m[0]}`);
  return Number(m[1]) / seconds;
}

type Path = (label: string, seconds: number) => Promise<number>;

async function compare(title: string, paths: Record<string, Path>, s: ThroughputSetup): Promise<Record<string, number>> {
  const names = Object.keys(paths);
  for (const n of names) await paths[n]!(`${n}-warm`, s.warmupSeconds);
  const rates: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < s.rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    for (const n of order) rates[n]!.push(await paths[n]!(`${n}-${round}`, s.phaseSeconds));
    process.stdout.write(`${title} round ${round + 1} (${order.join(' → ')}): ${names.map((n) => `${n} ${rates[n]!.at(-1)!.toFixed(0)}/s`).join(', ')}\n`);
  }
  return Object.fromEntries(names.map((n) => [n, median(rates[n]!)])) as Record<string, number>;
}

/** SCIM-managed users `${prefix}-0@example.com` … of `connectionId`, seeded through SQL; their ids in index order. */
export async function seedServiceUsers(pool: pg.Pool, connectionId: string, n: number, prefix = 'put'): Promise<string[]> {
  const docs = Array.from({ length: n }, (_, i) => JSON.stringify(userBody(`${prefix}-${i}@example.com`)));
  const { rows } = await pool.query(
    `WITH u AS (INSERT INTO users (doc, source, connection_id) SELECT d, 'scim', $2 FROM unnest($1::jsonb[]) AS d RETURNING id, doc),
          e AS (INSERT INTO user_emails (user_id, ord, value, type, is_primary) SELECT id, 0, doc #>> '{emails,0,value}', 'work', true FROM u)
     SELECT id, doc ->> 'userName' AS name FROM u`,
    [docs, connectionId],
  );
  const byName = new Map(rows.map((r) => [r.name as string, r.id as string]));
  return docs.map((_, i) => byName.get(`${prefix}-${i}@example.com`)!);
}

export async function measureWrites(s: ThroughputSetup): Promise<void> {
  if (!WRK) {
    process.stdout.write('\n(write throughput skipped: install wrk, e.g. apt-get install -y wrk)\n');
    return;
  }
  const pool = new pg.Pool({ connectionString: s.dbUrl, max: CONCURRENCY, application_name: 'bench-floor' });
  try {
    await pool.query(LEAN_SCHEMA);
    const leanIds = await seedLeanUsers(pool, UPDATE_TARGETS, (name) => userBody(name));
    const svcIds = await seedServiceUsers(pool, s.connectionId, UPDATE_TARGETS);
    await pool.query('ANALYZE');
    const auth = { WRK_TOKEN: s.token };

    process.stdout.write(`\n## Write throughput, concurrency ${CONCURRENCY}, ${s.rounds} rounds of ${s.phaseSeconds} s per path after a ${s.warmupSeconds} s warm-up of each (service driven by wrk)\n\n`);
    const post = await compare('POST', {
      lean: (label, sec) => runFor(sec, CONCURRENCY, (i) => leanCreate(pool, userBody(`${label}-${i}@example.com`))),
      leanTx: (label, sec) => runFor(sec, CONCURRENCY, (i) => leanTxCreate(pool, userBody(`${label}-${i}@example.com`))),
      replay: (label, sec) => runFor(sec, CONCURRENCY, (i) => s.replayCreate(userBody(`${label}-${i}@example.com`))),
      service: (label, sec) => Promise.resolve(wrk('wrk-post-users.lua', s.base, sec, { ...auth, WRK_PREFIX: label, WRK_BODY: JSON.stringify(userBody('__NAME__')) })),
    }, s);
    const updates = (method: 'PUT' | 'PATCH', body: string) => compare(method, {
      lean: (_label, sec) => runFor(sec, CONCURRENCY, (i) => leanUpdate(pool, leanIds[i % leanIds.length]!, (d) => ({ ...d, displayName: `Load ${i}` }))),
      leanTx: (_label, sec) => runFor(sec, CONCURRENCY, (i) => leanTxUpdate(pool, leanIds[i % leanIds.length]!, (d) => ({ ...d, displayName: `Load ${i}` }))),
      service: (_label, sec) => Promise.resolve(wrk('wrk-user-writes.lua', s.base, sec, { ...auth, WRK_METHOD: method, WRK_IDS: svcIds.join(','), WRK_BODY: body })),
    }, s);
    const put = await updates('PUT', JSON.stringify(userBody('put-__IDX__@example.com', 'Load __N__')));
    const patch = await updates('PATCH', JSON.stringify({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'Load __N__' }] }));

    const f = (n: number) => `${n.toFixed(0)}/s`;
    const r2 = (a: number, b: number) => (a / b).toFixed(2);
    process.stdout.write(`\n| write | lean floor (pg, one statement) | lean-tx floor (pg, issue 17's form) | replay floor (pg) | service (HTTP, wrk) | service / lean | service / lean-tx | service / replay |\n|---|---|---|---|---|---|---|---|\n`);
    process.stdout.write(`| POST /Users | ${f(post.lean!)} | ${f(post.leanTx!)} | ${f(post.replay!)} | ${f(post.service!)} | **${r2(post.service!, post.lean!)}** | **${r2(post.service!, post.leanTx!)}** | ${r2(post.service!, post.replay!)} |\n`);
    for (const [name, r] of [['PUT /Users/{id}', put], ['PATCH /Users/{id}', patch]] as const) {
      process.stdout.write(`| ${name} | ${f(r.lean!)} | ${f(r.leanTx!)} | – | ${f(r.service!)} | **${r2(r.service!, r.lean!)}** | **${r2(r.service!, r.leanTx!)}** | – |\n`);
    }
    process.stdout.write('\n(medians over the rounds; target ≥ 0.6 of the lean floor, issue 17)\n');
  } finally {
    await pool.end();
  }
}

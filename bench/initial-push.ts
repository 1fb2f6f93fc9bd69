// Issue 14, load: an IdP-style initial push through the HTTP API, as Okta or Entra do when a
// connection is first assigned: every user (POST /Users), then every group (POST /Groups), then
// the memberships (PATCH add members, batches of 50), then some deactivations (PATCH active
// false), all at concurrency 16 against the service as its own process. Checks that every
// request succeeded, samples the service's RSS (bounded, not growing with the push), and
// replays the outbox in its consumers' order ((txid, id), docs/outbox.md) to rebuild the final
// state: it must equal the database, and no event may name a resource before its creation.
// Not a test (no thresholds); figures for BENCHMARKS.md.
// Usage: npx tsx --conditions=development bench/initial-push.ts [--users 10000 --groups 200]
import { readFileSync } from 'node:fs';
import { Pool as HttpPool } from 'undici';
import { createToken } from '../services/scim/src/tokens/token-store.js';
import { arg, median, scratchDatabase, startService } from './lib.js';

const USERS = Number(arg('users', '10000'));
const GROUPS = Number(arg('groups', '200'));
const CONCURRENCY = 16;
const MEMBERS_PER_USER = 3; // each user joins this many groups
const BATCH = 50;
const DEACTIVATE_EVERY = 10;
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCHOP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const rssMiB = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

async function main() {
  const scratch = await scratchDatabase();
  const { token } = await createToken(scratch.handle.db, { source: 'cli' }, { name: 'push', connection: 'okta' });
  const service = await startService(scratch.url);
  const http = new HttpPool(service.base, { connections: CONCURRENCY });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
  const samples: { at: number; phase: string; rss: number }[] = [];
  let phase = 'idle';
  const t0 = performance.now();
  const sampler = setInterval(() => samples.push({ at: performance.now() - t0, phase, rss: rssMiB(service.proc.pid!) }), 250);
  const failures: string[] = [];
  const send = async (method: 'POST' | 'PATCH', path: string, body: unknown, want: number[]) => {
    const res = await http.request({ method, path: `/scim/v2${path}`, headers, body: JSON.stringify(body) });
    const text = await res.body.text();
    if (!want.includes(res.statusCode)) failures.push(`${method} ${path} → ${res.statusCode} ${text.slice(0, 200)}`);
    return res.statusCode === 201 ? (JSON.parse(text) as { id: string }).id : undefined;
  };
  const run = async <T>(name: string, n: number, job: (i: number) => Promise<T>): Promise<T[]> => {
    phase = name;
    const out: T[] = new Array(n);
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await job(i);
      }
    }));
    const s = (performance.now() - started) / 1000;
    console.log(`${name}: ${n} requests in ${s.toFixed(1)} s (${(n / s).toFixed(0)} req/s)`);
    return out;
  };

  const baseline = rssMiB(service.proc.pid!);
  const userIds = await run('users', USERS, (i) => send('POST', '/Users', {
    schemas: [USER_SCHEMA], userName: `push${i}@example.com`, externalId: `okta-${i}`, active: true, displayName: `Push User ${i}`,
    name: { givenName: 'Push', familyName: `User${i}` }, emails: [{ value: `push${i}@example.com`, type: 'work', primary: true }],
  }, [201]));
  const groupIds = await run('groups', GROUPS, (i) => send('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: `Push Group ${i}`, externalId: `okta-g${i}` }, [201]));
  // User i joins groups i, i+1, … (mod GROUPS): every group gets about USERS × MEMBERS_PER_USER / GROUPS members.
  const perGroup = new Map<number, string[]>();
  userIds.forEach((id, i) => { for (let k = 0; k < MEMBERS_PER_USER; k++) { const g = (i + k) % GROUPS; perGroup.set(g, [...(perGroup.get(g) ?? []), id!]); } });
  const batches = [...perGroup].flatMap(([g, ids]) => Array.from({ length: Math.ceil(ids.length / BATCH) }, (_, b) => ({ group: groupIds[g]!, ids: ids.slice(b * BATCH, (b + 1) * BATCH) })));
  await run('memberships', batches.length, (i) => send('PATCH', `/Groups/${batches[i]!.group}`, { schemas: [PATCHOP], Operations: [{ op: 'add', path: 'members', value: batches[i]!.ids.map((value) => ({ value })) }] }, [200, 204]));
  const deactivate = userIds.filter((_, i) => i % DEACTIVATE_EVERY === 0);
  await run('deactivations', deactivate.length, (i) => send('PATCH', `/Users/${deactivate[i]}`, { schemas: [PATCHOP], Operations: [{ op: 'replace', value: { active: false } }] }, [200, 204]));
  phase = 'after';
  await new Promise((r) => setTimeout(r, 2000));
  clearInterval(sampler);

  // Replay the outbox in consumer order and rebuild users, active flags and memberships.
  const { rows: events } = await scratch.handle.pool.query(`SELECT type, resource_id, payload FROM outbox_events ORDER BY txid, id`);
  const users = new Map<string, boolean>();
  const groups = new Map<string, Set<string>>();
  const disorder: string[] = [];
  for (const e of events) {
    if (e.type === 'user.created') users.set(e.resource_id, e.payload.resource?.active !== false);
    else if (e.type === 'user.deactivated' || e.type === 'user.reactivated') {
      if (!users.has(e.resource_id)) disorder.push(`${e.type} before user.created for ${e.resource_id}`);
      users.set(e.resource_id, e.type === 'user.reactivated');
    } else if (e.type === 'group.created') groups.set(e.resource_id, new Set());
    else if (e.type === 'group.members_added') {
      const set = groups.get(e.resource_id);
      if (!set) disorder.push(`members_added before group.created for ${e.resource_id}`);
      for (const m of e.payload.members as { value: string }[]) {
        if (!users.has(m.value)) disorder.push(`member ${m.value} added before its user.created`);
        set?.add(m.value);
      }
    }
  }
  const db = scratch.handle.pool;
  const dbActive = new Map((await db.query(`SELECT id::text, (doc->>'active')::boolean AS active FROM users`)).rows.map((r) => [r.id, r.active]));
  const dbMembers = (await db.query(`SELECT count(*)::int AS n FROM group_members`)).rows[0].n;
  const replayMembers = [...groups.values()].reduce((n, s) => n + s.size, 0);
  const activeMismatch = [...dbActive].filter(([id, active]) => users.get(id) !== active).length;
  const byType = (await db.query(`SELECT type, count(*)::int AS n FROM outbox_events GROUP BY type ORDER BY type`)).rows;

  const phases = ['users', 'groups', 'memberships', 'deactivations', 'after'];
  console.log(`\nrequests: ${USERS + GROUPS + batches.length + deactivate.length}, failed: ${failures.length}${failures.length ? `\n  ${failures.slice(0, 5).join('\n  ')}` : ''}`);
  console.log(`RSS (MiB): baseline ${baseline.toFixed(0)}`);
  for (const p of phases) {
    const rs = samples.filter((s) => s.phase === p).map((s) => s.rss);
    if (rs.length) console.log(`  ${p}: median ${median(rs).toFixed(0)}, max ${Math.max(...rs).toFixed(0)} (${rs.length} samples)`);
  }
  const users10 = samples.filter((s) => s.phase === 'users');
  const q = (f: number) => users10.slice(Math.floor(users10.length * f), Math.floor(users10.length * (f + 0.1))).map((s) => s.rss);
  if (users10.length >= 20) console.log(`  users phase, first tenth median ${median(q(0)).toFixed(0)} vs last tenth median ${median(q(0.9)).toFixed(0)}`);
  console.log(`outbox: ${events.length} events ${JSON.stringify(Object.fromEntries(byType.map((r) => [r.type, r.n])))}`);
  console.log(`replay in (txid, id) order: ${users.size} users (db ${dbActive.size}), ${replayMembers} memberships (db ${dbMembers}), active flags differing: ${activeMismatch}, out-of-order: ${disorder.length}${disorder.length ? ` e.g. ${disorder[0]}` : ''}`);

  await http.close();
  await service.stop();
  await scratch.drop();
  const ok = failures.length === 0 && disorder.length === 0 && activeMismatch === 0 && users.size === dbActive.size && replayMembers === dbMembers && dbActive.size === USERS;
  console.log(ok ? 'initial push: all requests succeeded, the outbox replays to the final state' : 'initial push: FAILED (see above)');
  process.exit(ok ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

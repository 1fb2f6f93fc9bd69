// Webhook benchmark (BENCHMARKS.md "## Webhooks"):
//   1. simulation: the coalescing parameters of the first design and the shipped ones, side
//      by side over the same arrival patterns (deliveries, worst and p95 event delay);
//   2. end to end: the scim service and the dispatcher as their own processes, a Slack-like and
//      a signed receiver here; N-user pushes through POST /Users at concurrency 32 (2,000, and
//      10,000 with --size large): deliveries per subscription, max/p95 event-to-delivery delay,
//      events/s drained; then routine single creates: commit-to-receiver p50/p95.
//
//   npx tsx --conditions=development bench/webhooks.ts [--size large]
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { createKeyRing } from '@scim/db';
import { COALESCE_DEFAULTS, createSubscription, type CoalesceParams } from '@scim/dispatcher';
import { createToken } from '../services/scim/src/tokens/token-store.js';
import { LARGE, ROOT, percentile, scratchDatabase, startService } from './lib.js';
import { simulate, steady } from './webhooks-sim.js';

const KEY = Buffer.alloc(32, 11).toString('base64');
const CONCURRENCY = 32;
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const s = (ms: number) => `${fmt(ms / 1000, 1)} s`;

// The first design (docs/webhooks.md "The trade-off"): a bucket of 10 singles for hmac, windows of
// 5/10/20/30 s, a fixed 2 s quiet gap, 500 events per hmac summary.
const FIRST_DESIGN: Record<'slack' | 'hmac', CoalesceParams> = {
  slack: { burst: 5, refillPerSecond: 1, quietGapMs: 2000, quietGapFraction: 0, windowsMs: [5000, 10000, 20000, 30000], episodeQuietMs: 10_000, maxEventsPerSummary: 1000 },
  hmac: { burst: 10, refillPerSecond: 2, quietGapMs: 2000, quietGapFraction: 0, windowsMs: [5000, 10000, 20000, 30000], episodeQuietMs: 10_000, maxEventsPerSummary: 500 },
};

function simulation() {
  const scenarios: [string, number[]][] = [
    ['2,000 at 400/s (a fast push)', steady(2000, 400)],
    ['2,000 at 100/s', steady(2000, 100)],
    ['2,000 at 20/s (a slow IdP)', steady(2000, 20)],
    ['2,000 at 200/s, 2.5 s stall every 4 s', steady(2000, 200, { everyMs: 4000, stallMs: 2500 })],
    ['10,000 at 200/s', steady(10_000, 200)],
    ['8 events at 10/s', steady(8, 10)],
    ['routine: 1 event / 5 s for 10 min', steady(120, 0.2)],
  ];
  console.log('\n## coalescing simulation (router polls every 250 ms, scheduler tick 200 ms, Slack 1 msg/s)\n');
  console.log('| scenario | profile | first design: deliveries (singles + summaries), max / p95 delay | shipped: deliveries, max / p95 delay |');
  console.log('|---|---|---|---|');
  for (const [name, arrivals] of scenarios) {
    for (const kind of ['slack', 'hmac'] as const) {
      const o = { pollMs: 250, tickMs: 200, paceMs: kind === 'slack' ? 1000 : 0 };
      const r = simulate(FIRST_DESIGN[kind], arrivals, o);
      const m = simulate(COALESCE_DEFAULTS[kind], arrivals, o);
      const cell = (x: ReturnType<typeof simulate>) => `${x.deliveries} (${x.singles} + ${x.summaries.length}), ${s(x.maxDelayMs)} / ${s(x.p95DelayMs)}`;
      console.log(`| ${name} | ${kind} | ${cell(r)} | ${cell(m)} |`);
    }
  }
}

interface Rx {
  url: string;
  received: { at: number; json: any }[];
  close(): Promise<void>;
}

async function receiver(): Promise<Rx> {
  const received: Rx['received'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ at: Date.now(), json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, close: () => new Promise((r) => server.close(() => r())) };
}

async function endToEnd() {
  const scratch = await scratchDatabase();
  const db = scratch.handle.db;
  const svc = await startService(scratch.url, { ENCRYPTION_KEY: KEY, SESSION_SECRET: 'b'.repeat(40) });
  const dispatcher = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', 'services/dispatcher/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: scratch.url, ENCRYPTION_KEY: KEY, WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true', DISPATCHER_METRICS_PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const slackRx = await receiver();
  const hmacRx = await receiver();
  const store = { db, keyRing: createKeyRing(KEY), guard: { allowPrivateNetworks: true } };
  const token = await createToken(db, { source: 'cli' }, { name: 'bench', connection: 'Okta' });
  const subs = {
    slack: (await createSubscription(store, { source: 'cli' }, { kind: 'slack', url: slackRx.url })).subscription.id,
    hmac: (await createSubscription(store, { source: 'cli' }, { kind: 'hmac', url: hmacRx.url })).subscription.id,
  };
  const post = async (i: number, tag: string) => {
    const res = await fetch(`${svc.base}/scim/v2/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `${tag}-${i}@example.com`, displayName: `${tag} ${i}`, active: true }),
    });
    if (res.status !== 201) throw new Error(`POST /Users ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  };
  const drained = async (tag: string, n: number) => {
    for (let waited = 0; waited < 600_000; waited += 250) {
      const { rows } = await sql<{ routed: number; left: number }>`
        SELECT (SELECT count(*)::int FROM webhook_delivery_events e JOIN outbox_events o ON o.event_id = e.event_id
                 WHERE o.payload #>> '{resource,userName}' LIKE ${tag + '-%'}) AS routed,
               (SELECT count(*)::int FROM webhook_deliveries WHERE status <> 'succeeded') AS left`.execute(db);
      if (rows[0]!.routed === 2 * n && rows[0]!.left === 0) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${tag}: not drained`);
  };

  try {
    console.log(`\n## end to end: scim service + dispatcher (own processes), POST /Users at concurrency ${CONCURRENCY}\n`);
    console.log('| push | subscription | deliveries (singles + summaries) | max event delay | p95 event delay | events/s drained | push took |');
    console.log('|---|---|---|---|---|---|---|');
    for (const n of LARGE ? [2000, 10_000] : [2000]) {
      const tag = `push${n}`;
      const t0 = Date.now();
      let next = 0;
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => { for (let i = next++; i < n; i = next++) await post(i, tag); }));
      const pushMs = Date.now() - t0;
      await drained(tag, n);
      for (const kind of ['slack', 'hmac'] as const) {
        const { rows } = await sql<{ kind: string; n: number; max_ms: number; p95_ms: number; span_s: number }>`
          WITH ev AS (
            SELECT d.kind, d.id, extract(epoch FROM d.completed_at - o.occurred_at) * 1000 AS delay_ms, o.occurred_at, d.completed_at
              FROM webhook_delivery_events e JOIN webhook_deliveries d ON d.id = e.delivery_id JOIN outbox_events o ON o.event_id = e.event_id
             WHERE e.subscription_id = ${subs[kind]} AND o.payload #>> '{resource,userName}' LIKE ${tag + '-%'})
          SELECT (SELECT count(DISTINCT id) FILTER (WHERE kind = 'single') FROM ev)::int AS n,
                 (SELECT string_agg(c::text, ', ') FROM (SELECT count(*) AS c FROM ev WHERE kind = 'summary' GROUP BY id ORDER BY min(completed_at)) x) AS kind,
                 max(delay_ms)::float8 AS max_ms, percentile_disc(0.95) WITHIN GROUP (ORDER BY delay_ms)::float8 AS p95_ms,
                 extract(epoch FROM max(completed_at) - min(occurred_at))::float8 AS span_s
            FROM ev`.execute(db);
        const r = rows[0]!;
        const summaries = r.kind ? r.kind.split(', ') : [];
        console.log(`| ${fmt(n)} users | ${kind} | ${r.n + summaries.length} (${r.n} + ${summaries.length}: ${summaries.join(', ')}) | ${s(r.max_ms)} | ${s(r.p95_ms)} | ${fmt(n / r.span_s)} | ${s(pushMs)} |`);
      }
      await new Promise((r) => setTimeout(r, 12_000)); // the burst episode ends: routine again
    }

    const lat: number[] = [];
    let folded = 0;
    for (let i = 0; i < 40; i++) {
      const before = hmacRx.received.length;
      const id = await post(i, 'routine');
      const committed = Date.now();
      const single = () => hmacRx.received.slice(before).find((r) => r.json.data?.resource_id === id);
      for (let waited = 0; !single() && waited < 30_000; waited += 2) await new Promise((r) => setTimeout(r, 2));
      if (single()) lat.push(single()!.at - committed);
      else folded++; // went into a summary instead (not expected for routine traffic)
      await new Promise((r) => setTimeout(r, 1100)); // routine: below every refill rate (Slack's is 1/s)
    }
    lat.sort((a, b) => a - b);
    console.log(`\n- routine creates (40, one every ~1.1 s), commit (201 received) → signed receiver: p50 ${fmt(percentile(lat, 50))} ms, p95 ${fmt(percentile(lat, 95))} ms, max ${fmt(lat.at(-1)!)} ms; ${lat.length} single deliveries, ${folded} folded`);
  } finally {
    dispatcher.kill('SIGTERM');
    await new Promise((r) => dispatcher.once('exit', r));
    await svc.stop();
    await slackRx.close();
    await hmacRx.close();
    await scratch.drop();
  }
}

async function main() {
  console.log(`# webhook benchmark (${LARGE ? 'large' : 'small'}), Node ${process.version}`);
  simulation();
  await endToEnd();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

// Outbox benchmark (BENCHMARKS.md "## Outbox"): read throughput of the fenced cursor reader, and
// end-to-end lag from commit to consumer during a 2,000-user push by 16 concurrent writers, each
// user written the way the SCIM service does (user row + outbox event in one transaction, NOTIFY
// after commit). Everything is measured in one run, side by side (shared, noisy machines).
//
//   npx tsx --conditions=development bench/outbox.ts [--size large]
//
// Server: BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL (a scratch database is created and
// dropped), else an embedded PostgreSQL under .data/bench.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import {
  ack, connectDb, consumeBatch, createOutboxConsumer, createOutboxNotifier, enqueueEvents, migrate, readBatch,
  registerConsumer, startEmbedded, type Database, type EmbeddedServer,
} from '@scim/db';

const large = process.argv.includes('--size') && process.argv[process.argv.indexOf('--size') + 1] === 'large';
const LOG_EVENTS = large ? 200_000 : 20_000;
const PUSH_USERS = 2_000;
const WRITERS = 16;
const BATCH = 500;

const withDb = (url: string, name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();
async function admin(url: string, text: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

function userDoc(i: number, tag: string) {
  return {
    userName: `bench-${tag}-${i}@example.com`,
    name: { givenName: 'Bench', familyName: `User ${i}`, formatted: `Bench User ${i}` },
    displayName: `Bench User ${i}`,
    emails: [{ value: `bench-${tag}-${i}@example.com`, type: 'work', primary: true }],
    active: true,
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: String(i), department: 'Engineering', costCenter: 'CC-1' },
  };
}

/** Pre-fills the log with ~1 KB user.created events (the size a real snapshot has). */
async function fillLog(db: Kysely<Database>, n: number) {
  for (let done = 0; done < n; done += 10_000) {
    await sql`
      INSERT INTO outbox_events (type, resource_type, resource_id, payload, actor, request_id)
      SELECT 'user.created', 'User', gen_random_uuid()::text,
             jsonb_build_object('resource', ${JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], ...userDoc(0, 'fill'), meta: { resourceType: 'User', created: new Date().toISOString(), lastModified: new Date().toISOString(), location: 'https://scim.example.com/scim/v2/Users/00000000-0000-0000-0000-000000000000', version: 'W/"1"' } })}::jsonb, 'changedFields', '[]'::jsonb),
             '{"source":"scim","connectionId":null,"tokenId":null,"adminId":null}', 'req-' || g
        FROM generate_series(1, ${Math.min(10_000, n - done)}) g`.execute(db);
  }
  await sql`ANALYZE outbox_events`.execute(db);
}

async function readThroughput(db: Kysely<Database>, label: string, mode: 'read+ack' | 'locked', batch: number) {
  const name = `read-${mode}-${batch}`;
  await registerConsumer(db, name);
  const t0 = performance.now();
  let n = 0;
  for (;;) {
    if (mode === 'locked') {
      const r = await consumeBatch(db, name, batch, async () => {});
      if (r.status !== 'done' || r.count === 0) break;
      n += r.count;
    } else {
      const events = await readBatch(db, name, batch);
      if (!events.length) break;
      await ack(db, name, events.at(-1)!.position);
      n += events.length;
    }
  }
  const s = (performance.now() - t0) / 1000;
  return { label, events: n, seconds: s, perSecond: n / s };
}

async function push(db: Kysely<Database>, pool: pg.Pool, connectionId: string, tag: string, notify: boolean) {
  const committedAt = new Map<string, number>();
  const receivedAt = new Map<string, number>();
  const consumer = createOutboxConsumer({
    db, pool, name: `push-${tag}`, from: 'now', batchSize: BATCH, pollIntervalMs: 250,
    handler: async (events) => {
      const now = performance.now();
      for (const e of events) if (!receivedAt.has(e.resourceId)) receivedAt.set(e.resourceId, now);
    },
  });
  await consumer.start();
  const notifier = createOutboxNotifier(db);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      for (let i = next++; i < PUSH_USERS; i = next++) {
        const doc = userDoc(i, tag);
        const id = await db.transaction().execute(async (trx) => {
          const row = await trx.insertInto('users').values({ doc: JSON.stringify(doc), source: 'scim', connection_id: connectionId })
            .returning(['id', 'version', 'created_at', 'updated_at']).executeTakeFirstOrThrow();
          const meta = { resourceType: 'User', created: row.created_at.toISOString(), lastModified: row.updated_at.toISOString(), location: `https://scim.example.com/scim/v2/Users/${row.id}`, version: `W/"${row.version}"` };
          await enqueueEvents(trx, { source: 'scim', connectionId, requestId: `push-${i}` }, [
            { type: 'user.created', resourceType: 'User', resourceId: row.id, payload: { resource: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'], id: row.id, ...doc, meta }, changedFields: [] } },
          ]);
          return row.id;
        });
        committedAt.set(id, performance.now());
        if (notify) notifier.nudge();
      }
    }),
  );
  const pushSeconds = (performance.now() - t0) / 1000;
  while (receivedAt.size < PUSH_USERS && performance.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 20));
  const drainedSeconds = (performance.now() - t0) / 1000;
  await consumer.stop();
  await notifier.close();
  const lags = [...committedAt].map(([id, at]) => (receivedAt.get(id) ?? NaN) - at);
  return { tag, pushSeconds, usersPerSecond: PUSH_USERS / pushSeconds, drainedSeconds, received: receivedAt.size, p50: pct(lags, 50), p95: pct(lags, 95), p99: pct(lags, 99), max: Math.max(...lags) };
}

async function main() {
  let server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let embedded: EmbeddedServer | undefined;
  if (!server) {
    embedded = await startEmbedded({ dataDir: path.resolve('.data/bench'), role: 'server' });
    server = withDb(embedded.url, 'postgres');
  }
  const name = `scim_bench_${randomBytes(4).toString('hex')}`;
  await admin(withDb(server, 'postgres'), `CREATE DATABASE ${name}`);
  const h = connectDb({ connectionString: withDb(server, name), max: WRITERS + 4, applicationName: 'scim-bench' });
  try {
    await migrate(h.pool);
    const pgVersion = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(h.db)).rows[0]!.v;
    console.log(`# outbox benchmark (${large ? 'large' : 'small'}): PostgreSQL ${pgVersion}, Node ${process.version}`);

    const t0 = performance.now();
    await fillLog(h.db, LOG_EVENTS);
    console.log(`\n## read throughput: ${fmt(LOG_EVENTS)} events of ~1 KB pre-filled in ${fmt((performance.now() - t0) / 1000, 1)} s`);
    const reads = [
      await readThroughput(h.db, `readBatch + ack, batch ${BATCH}`, 'read+ack', BATCH),
      await readThroughput(h.db, `consumeBatch (row lock, one tx per batch), batch ${BATCH}`, 'locked', BATCH),
      await readThroughput(h.db, 'consumeBatch, batch 100', 'locked', 100),
      await readThroughput(h.db, 'consumeBatch, batch 1000', 'locked', 1000),
    ];
    for (const r of reads) console.log(`- ${r.label}: ${fmt(r.perSecond)} events/s (${fmt(r.events)} in ${fmt(r.seconds, 2)} s; ${fmt(r.perSecond / reads[0]!.perSecond, 2)}x of the first)`);

    const conn = await h.db.insertInto('idp_connections').values({ name: 'bench' }).returning('id').executeTakeFirstOrThrow();
    console.log(`\n## ${fmt(PUSH_USERS)}-user push, ${WRITERS} writers (user row + outbox event per tx), consumer polls every 250 ms`);
    const runs = [await push(h.db, h.pool, conn.id, 'notify', true), await push(h.db, h.pool, conn.id, 'poll', false)];
    for (const r of runs) {
      console.log(
        `- ${r.tag === 'notify' ? 'NOTIFY after commit + poll' : 'poll only'}: push ${fmt(r.usersPerSecond)} users/s (${fmt(r.pushSeconds, 2)} s); ` +
          `commit->consumer lag p50 ${fmt(r.p50, 1)} ms, p95 ${fmt(r.p95, 1)} ms, p99 ${fmt(r.p99, 1)} ms, max ${fmt(r.max, 1)} ms; ${fmt(r.received)}/${fmt(PUSH_USERS)} received, drained at ${fmt(r.drainedSeconds, 2)} s`,
      );
    }
    console.log(`- lag ratio poll-only / NOTIFY: p50 ${fmt(runs[1]!.p50 / runs[0]!.p50, 1)}x, p95 ${fmt(runs[1]!.p95 / runs[0]!.p95, 1)}x`);
  } finally {
    await h.close();
    await admin(withDb(server, 'postgres'), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await embedded?.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

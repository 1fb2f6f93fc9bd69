import { sql } from 'kysely';
import pino from 'pino';
import t from 'tap';
import { consumerPosition, enqueueEvents, registerConsumer } from '@scim/db';
import { ConfigError } from '@scim/db';
import { loadDispatcherConfig, loadRetentionConfig } from '../src/config.js';
import { createDispatcher, DISPATCHER_CONSUMER } from '../src/dispatcher.js';
import { createTestDatabase } from '../../../test/helpers/db.js';
import { settle } from '../../db/test/outbox/write-events.js';

const log = pino({ level: 'silent' });

t.test('retention config: defaults, values, all problems at once', async (t) => {
  t.match(loadRetentionConfig({}), { OUTBOX_RETENTION_HOURS: 168 });
  t.equal(loadRetentionConfig({}).OUTBOX_PURGE_IGNORE_LAG_HOURS, undefined, 'lagging consumers are respected unless configured');
  t.match(loadDispatcherConfig({ OUTBOX_RETENTION_HOURS: '24', OUTBOX_PURGE_IGNORE_LAG_HOURS: '720' }), { OUTBOX_RETENTION_HOURS: 24, OUTBOX_PURGE_IGNORE_LAG_HOURS: 720 });
  try {
    loadRetentionConfig({ OUTBOX_RETENTION_HOURS: 'soon', OUTBOX_PURGE_IGNORE_LAG_HOURS: '-1' });
    t.fail('should throw');
  } catch (err) {
    t.ok(err instanceof ConfigError);
    t.equal((err as ConfigError).problems.length, 2);
  }
});

/** Purge timers the test steps by hand: each armed wait is recorded and fires only on `fire()`. */
function steppedTimers() {
  const armed: { fn: () => void; ms: number; cleared: boolean }[] = [];
  let onArm: (() => void) | undefined;
  return {
    armed,
    timers: {
      setTimeout(fn: () => void, ms: number) {
        const entry = { fn, ms, cleared: false };
        armed.push(entry);
        onArm?.();
        return entry;
      },
      clearTimeout(handle: unknown) {
        if (handle) (handle as { cleared: boolean }).cleared = true;
      },
    },
    /** Fires the latest wait and resolves once the loop has armed the next one (its run is over). */
    async fire(): Promise<number> {
      const before = armed.length;
      const next = new Promise<void>((r) => (onArm = r));
      armed.at(-1)!.fn();
      await next;
      onArm = undefined;
      if (armed.length !== before + 1) throw new Error('expected exactly one new wait');
      return armed.at(-1)!.ms;
    },
  };
}

t.test('the dispatcher consumes the outbox; its purge loop runs at start, then once a minute', async (t) => {
  const { db, pool } = await createTestDatabase(t);
  await registerConsumer(db, 'main-app');
  const write = (tag: string) =>
    db.transaction().execute((trx) =>
      enqueueEvents(trx, { source: 'system' }, [{ type: 'group.created', resourceType: 'Group', resourceId: tag, payload: { tag } }]),
    );
  await write('old-1');
  await write('old-2');
  await sql`UPDATE outbox_events SET occurred_at = now() - interval '10 hours'`.execute(db);
  await write('fresh');

  const handled: string[] = [];
  const clock = steppedTimers();
  const dispatcher = createDispatcher({
    pool,
    db,
    log,
    pollIntervalMs: 50,
    retention: { OUTBOX_RETENTION_HOURS: 1 },
    purgeTimers: clock.timers,
    handle: async (events) => void handled.push(...events.map((e) => e.resourceId)),
  });
  await dispatcher.start();
  t.teardown(() => dispatcher.stop());
  t.same(clock.armed.map((a) => a.ms), [0], 'the first purge is due at start');
  for (let i = 0; i < 400 && dispatcher.stats.events < 3; i++) await new Promise((r) => setTimeout(r, 25));
  t.same(handled, ['old-1', 'old-2', 'fresh'], 'the dispatcher reads through the consumer library');
  t.ok(await consumerPosition(db, DISPATCHER_CONSUMER));

  // Only the loop purges here (purgeNow is never called): each run re-arms a one-minute wait.
  t.equal(await clock.fire(), 60_000, 'after a run, the next one is a minute away (docs/outbox.md "Retention and lag")');
  t.match(dispatcher.stats, { purges: 1, purged: 0 }, 'main-app has acknowledged nothing: nothing goes');
  const { rows } = await sql<{ txid: string; id: string }>`
    SELECT txid::text, id::text FROM outbox_events WHERE resource_id = 'old-2'`.execute(db);
  await sql`UPDATE outbox_consumers SET last_txid = ${rows[0]!.txid}::xid8, last_id = ${rows[0]!.id}::bigint WHERE name = 'main-app'`.execute(db);
  await settle(db); // the purge, too, only touches rows behind the (cluster-wide) fence
  t.equal(await clock.fire(), 60_000);
  t.match(dispatcher.stats, { purges: 2, purged: 2 }, 'the loop\'s second run deleted what both consumers passed');
  const left = await db.selectFrom('outbox_events').select('resource_id').execute();
  t.same(left.map((r) => r.resource_id), ['fresh'], 'young events stay');
  t.match(await dispatcher.purgeNow(), { deleted: 0 }, 'purgeNow runs the same routine');
  t.equal(dispatcher.stats.purges, 3);

  await dispatcher.stop();
  t.ok(clock.armed.at(-1)!.cleared, 'stop cancels the pending wait');
});

t.test('the dispatcher purges in batches of 1000', async (t) => {
  const { db, pool } = await createTestDatabase(t);
  // No consumer registered: age alone decides (docs/outbox.md). 2,500 old events take three
  // batches at 1000 (two at 2000, five at 500).
  await db.transaction().execute((trx) =>
    enqueueEvents(trx, { source: 'system' }, Array.from({ length: 2500 }, (_, i) => ({ type: 'group.created', resourceType: 'Group' as const, resourceId: `g${i}`, payload: {} }))),
  );
  await sql`UPDATE outbox_events SET occurred_at = now() - interval '10 hours'`.execute(db);
  await settle(db);
  const dispatcher = createDispatcher({ pool, db, log, pollIntervalMs: 50, retention: { OUTBOX_RETENTION_HOURS: 1 }, purgeTimers: steppedTimers().timers });
  t.match(await dispatcher.purgeNow(), { deleted: 2500, batches: 3 });
});

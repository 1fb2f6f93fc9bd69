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

t.test('the dispatcher consumes the outbox and purges what every consumer acknowledged', async (t) => {
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
  const dispatcher = createDispatcher({
    pool,
    db,
    log,
    pollIntervalMs: 50,
    retention: { OUTBOX_RETENTION_HOURS: 1 },
    handle: async (events) => void handled.push(...events.map((e) => e.resourceId)),
  });
  await dispatcher.start();
  t.teardown(() => dispatcher.stop());
  for (let i = 0; i < 400 && dispatcher.stats.events < 3; i++) await new Promise((r) => setTimeout(r, 25));
  t.same(handled, ['old-1', 'old-2', 'fresh'], 'the dispatcher reads through the consumer library');
  t.ok(await consumerPosition(db, DISPATCHER_CONSUMER));

  t.match(await dispatcher.purgeNow(), { deleted: 0, horizon: '0:0' }, 'main-app has acknowledged nothing: nothing goes');
  const { rows } = await sql<{ txid: string; id: string }>`
    SELECT txid::text, id::text FROM outbox_events WHERE resource_id = 'old-2'`.execute(db);
  await sql`UPDATE outbox_consumers SET last_txid = ${rows[0]!.txid}::xid8, last_id = ${rows[0]!.id}::bigint WHERE name = 'main-app'`.execute(db);
  await settle(db); // the purge, too, only touches rows behind the (cluster-wide) fence
  t.match(await dispatcher.purgeNow(), { deleted: 2 });
  const left = await db.selectFrom('outbox_events').select('resource_id').execute();
  t.same(left.map((r) => r.resource_id), ['fresh'], 'young events stay');
  t.ok(dispatcher.stats.purges >= 2, 'the loop and purgeNow share one purge routine');
});

import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import t from 'tap';
import { createOutboxNotifier, OUTBOX_CHANNEL } from '@scim/db';
import { createTestDatabase, type Teardown } from '../../../../test/helpers/db.js';

// The notifier's contract (change-log.ts): a commit after a quiet spell wakes consumers at
// once; a burst of commits costs one NOTIFY at its start and one after it, never one each.

/** A notifier on a fresh database, and the times its NOTIFYs reached a LISTENing client. */
async function setup(t: Teardown, intervalMs: number) {
  const { db, url } = await createTestDatabase(t);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  t.teardown(() => client.end());
  const seen: number[] = [];
  client.on('notification', (n) => {
    if (n.channel === OUTBOX_CHANNEL) seen.push(Date.now());
  });
  await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
  return { notifier: createOutboxNotifier(db, intervalMs), seen };
}

// A bound only for a broken run: a loaded machine delivers later, never fails.
async function until(cond: () => boolean, ms = 30_000) {
  for (const end = Date.now() + ms; !cond() && Date.now() < end; ) await sleep(10);
}

t.test('a single nudge notifies without waiting for the interval', async (t) => {
  // An interval far longer than the test: a NOTIFY that arrives came from the leading edge.
  const { notifier, seen } = await setup(t, 60_000);
  notifier.nudge();
  await until(() => seen.length > 0);
  t.equal(seen.length, 1);
  await notifier.close();
});

t.test('a burst of nudges sends one NOTIFY at its start and one trailing NOTIFY after it', async (t) => {
  const { notifier, seen } = await setup(t, 200);
  for (let i = 0; i < 500; i++) notifier.nudge();
  await until(() => seen.length >= 2);
  await sleep(600); // two more intervals: nothing else may follow
  t.equal(seen.length, 2, 'leading + trailing, not one per nudge');
  notifier.nudge(); // quiet again by now: notifies at once
  await until(() => seen.length >= 3);
  t.equal(seen.length, 3);
  await notifier.close();
});

t.test('close() cancels a pending trailing NOTIFY', async (t) => {
  const { notifier, seen } = await setup(t, 200);
  notifier.nudge();
  notifier.nudge();
  await notifier.close();
  await until(() => seen.length >= 1);
  await sleep(500);
  t.equal(seen.length, 1, 'only the leading NOTIFY');
});

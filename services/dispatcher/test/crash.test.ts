import t from 'tap';
import { cleanEnv, freePort, startEntry } from '../../../test/helpers/process.js';
import { startReceiver } from './helpers/receivers.js';
import { TEST_KEY, accounting, waitUntil, webhookDb, writeUsers } from './helpers/setup.js';

const eventIdsOf = (json: any): string[] => (json.type === 'provisioning.summary' ? json.data.event_ids : [json.data.event_id]);

t.test('kill -9 mid-delivery loses nothing: the next dispatcher resends with the same webhook-id', async (t) => {
  const h = await webhookDb(t);
  const rx = await startReceiver(t, { responder: ({ n }) => (n === 0 ? 'hang' : { status: 200 }) });
  const { subscription, secret } = await h.subscribe({ kind: 'hmac', url: rx.url });
  rx.secrets.push(secret!);
  const metricsPort = await freePort();
  const env = cleanEnv({
    DATABASE_URL: h.url,
    ENCRYPTION_KEY: TEST_KEY,
    WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
    WEBHOOK_TIMEOUT_MS: '1500',
    DISPATCHER_POLL_INTERVAL_MS: '100',
    DISPATCHER_METRICS_PORT: String(metricsPort),
    LOG_LEVEL: 'warn',
  });
  const first = startEntry(t, 'services/dispatcher/src/main.ts', env);
  await writeUsers(h.db, 200, { perTx: 10 });
  await rx.waitFor((r) => r.length >= 1 && rx.hanging === 1, 60_000);
  first.child.kill('SIGKILL');
  const killed = await first.exited;
  t.equal(killed.signal, 'SIGKILL', 'killed while the receiver held the first request open');
  const hungId = rx.received[0]!.headers['webhook-id'];
  rx.release();

  await writeUsers(h.db, 100, { perTx: 10 }); // the burst goes on while no dispatcher runs
  const second = startEntry(t, 'services/dispatcher/src/main.ts', { ...env, DISPATCHER_METRICS_PORT: '0' });
  const all = (await h.db.selectFrom('outbox_events').select('event_id').execute()).map((r) => r.event_id);
  await waitUntil(async () => {
    const open = await h.db.selectFrom('webhook_deliveries').select('id').where('status', '<>', 'succeeded').execute();
    const { routed } = await accounting(h.db, subscription.id);
    return routed === all.length && open.length === 0;
  }, 90_000, `every delivery succeeded:\n${second.output()}`);

  const resent = rx.received.filter((r) => r.headers['webhook-id'] === hungId);
  t.ok(resent.length >= 2, 'the delivery in flight at the kill was sent again');
  t.same(resent.at(-1)!.verifiedBy, [0]);
  const byWebhookId = new Map(rx.received.filter((r) => r.status === 200).map((r) => [r.headers['webhook-id'], eventIdsOf(r.json)]));
  const covered = [...byWebhookId.values()].flat();
  t.equal(covered.length, all.length, 'no event in two deliveries');
  t.same(new Set(covered), new Set(all), 'no event lost');
  t.match(await accounting(h.db, subscription.id), { routed: 300, distinct_events: 300, counted: 300, mismatched: 0 });
  const abandoned = await h.db
    .selectFrom('webhook_attempts as a')
    .innerJoin('webhook_deliveries as d', 'd.id', 'a.delivery_id')
    .select(['d.webhook_id', 'a.attempt'])
    .where('a.outcome', '=', 'abandoned')
    .execute();
  t.ok(abandoned.some((a) => a.webhook_id === hungId && a.attempt === 1), 'the attempt cut short by the kill is on record as abandoned');
  t.ok(abandoned.length <= 4, `only the attempts in flight at the kill (${abandoned.length}; at most 4 per endpoint)`);
  second.child.kill('SIGTERM');
  t.equal((await second.exited).code, 0, 'a graceful stop');
});

t.test('the standalone dispatcher serves its metrics on DISPATCHER_METRICS_PORT', async (t) => {
  const h = await webhookDb(t);
  const rx = await startReceiver(t);
  const { subscription } = await h.subscribe({ kind: 'hmac', url: rx.url });
  const port = await freePort();
  const child = startEntry(t, 'services/dispatcher/src/main.ts', cleanEnv({ DATABASE_URL: h.url, ENCRYPTION_KEY: TEST_KEY, WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true', DISPATCHER_METRICS_PORT: String(port), DISPATCHER_POLL_INTERVAL_MS: '100', LOG_LEVEL: 'warn' }));
  await writeUsers(h.db, 2);
  await rx.waitFor((r) => r.length === 2, 60_000);
  let text = '';
  await waitUntil(async () => {
    text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => '');
    return text.includes(`scim_webhook_attempts_total{subscription="${subscription.id}",outcome="succeeded"} 2`) && text.includes(`scim_webhook_pending_events{subscription="${subscription.id}"} 0`);
  }, 30_000, `metrics:\n${text}\n${child.output()}`);
  t.match(text, `scim_webhook_deliveries_total{subscription="${subscription.id}",kind="single",outcome="succeeded"} 2`);
  t.match(text, `scim_webhook_attempt_duration_seconds_count{subscription="${subscription.id}"} 2`);
  t.match(text, `scim_webhook_pending_events{subscription="${subscription.id}"} 0`);
  t.match(text, `scim_webhook_oldest_pending_event_age_seconds{subscription="${subscription.id}"} 0`);
  t.match(text, 'process_cpu_user_seconds_total', 'with the process defaults');
  t.notMatch(text, '127.0.0.1', 'never a URL in a label');
  t.equal((await fetch(`http://127.0.0.1:${port}/other`)).status, 404);
  child.child.kill('SIGTERM');
  await child.exited;
});

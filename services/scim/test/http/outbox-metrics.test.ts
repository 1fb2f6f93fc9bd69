import Fastify from 'fastify';
import t from 'tap';
import { ack, readBatch, registerConsumer } from '@scim/db';
import { outboxAdminRoutes } from '../../src/admin-api/outbox-routes.js';
import { createScimMetrics, metricsRoutes } from '../../src/plugins/metrics.js';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { settle, write } from '../../../db/test/outbox/write-events.js';

t.test('metrics text escapes label values', async (t) => {
  const m = createScimMetrics();
  m.outboxLagEvents.set({ consumer: 'a"b\\c' }, 3);
  m.outboxLagSeconds.set({ consumer: 'a"b\\c' }, 1.5);
  const text = await m.registry.metrics();
  t.match(text, /^# HELP scim_outbox_consumer_lag_events /m);
  t.match(text, /^# TYPE scim_outbox_consumer_lag_seconds gauge$/m);
  t.ok(text.includes('scim_outbox_consumer_lag_events{consumer="a\\"b\\\\c"} 3\n'));
  t.ok(text.includes('scim_outbox_consumer_lag_seconds{consumer="a\\"b\\\\c"} 1.5\n'));
});

t.test('GET /metrics and the admin route show each consumer lag', async (t) => {
  const { db } = await createTestDatabase(t);
  const app = Fastify();
  app.decorate('deps', { db } as never);
  await app.register(metricsRoutes);
  await app.register(outboxAdminRoutes, { prefix: '/api/admin' });
  t.teardown(() => app.close());

  await registerConsumer(db, 'dispatcher');
  await registerConsumer(db, 'main-app');
  await write(db, 'e1', 'e2', 'e3');
  await settle(db);
  const page = await readBatch(db, 'dispatcher', 10);
  await ack(db, 'dispatcher', page.at(-1)!.position);

  const m = await app.inject('/metrics');
  t.equal(m.statusCode, 200);
  t.match(m.headers['content-type'], /^text\/plain; version=0\.0\.4/);
  t.match(m.body, /^scim_outbox_consumer_lag_events\{consumer="dispatcher"\} 0$/m);
  t.match(m.body, /^scim_outbox_consumer_lag_events\{consumer="main-app"\} 3$/m);
  t.match(m.body, /^scim_outbox_consumer_lag_seconds\{consumer="dispatcher"\} 0$/m);
  t.match(m.body, /^scim_outbox_consumer_lag_seconds\{consumer="main-app"\} [0-9.e-]+$/m);

  const a = await app.inject('/api/admin/outbox/consumers');
  t.equal(a.statusCode, 200);
  t.match(a.json(), [
    { name: 'dispatcher', position: page.at(-1)!.position, pendingEvents: 0, oldestPendingAt: null, lagSeconds: 0, updatedAt: String },
    { name: 'main-app', position: '0:0', pendingEvents: 3, oldestPendingAt: String, lagSeconds: Number },
  ]);
});

t.test('the production app serves /metrics without a token', async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject('/metrics');
  t.equal(res.statusCode, 200);
  t.match(res.body, /# TYPE scim_outbox_consumer_lag_events gauge/);
});

import t from 'tap';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { AttemptsBody } from '../src/features/webhooks/components/delivery-attempts.js';
import { canReplay, changesSoon, deliveryLabel, refreshEvery, subscriptionStatus } from '../src/features/webhooks/lib/webhook-status.js';
import type { DeliveryDetail, Webhook } from '../src/lib/api-types.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const sub = {
  id: 's1', kind: 'hmac', url: 'https://hr.example.com/x', events: ['*'], connectionId: null, connectionName: null, description: '', enabled: true,
  disabledReason: null, disabledAt: null, previousSecretExpiresAt: null, failingSince: null, pausedUntil: null, createdAt: '', updatedAt: '',
  pendingDeliveries: 0, failedDeliveries: 0, lastSuccessAt: null, lastFailureAt: null,
} as Webhook;

t.test('a subscription’s status, most pressing first', async (t) => {
  t.match(subscriptionStatus(sub, NOW), { label: 'Active', tone: 'success' });
  t.match(subscriptionStatus({ ...sub, failingSince: '2026-12-01T10:00:00Z' }, NOW), { label: 'Failing', tone: 'danger' });
  t.match(subscriptionStatus({ ...sub, failingSince: '2026-12-01T10:00:00Z', pausedUntil: '2026-12-01T12:05:00Z' }, NOW), { label: 'Paused', tone: 'warning' }, 'a 429 pause explains the failures');
  t.match(subscriptionStatus({ ...sub, pausedUntil: '2026-12-01T11:55:00Z' }, NOW), { label: 'Active' }, 'a pause that is over is no longer news');
  t.match(subscriptionStatus({ ...sub, enabled: false, disabledReason: 'the receiver answered 410 Gone', failingSince: '2026-12-01T10:00:00Z' }, NOW), {
    label: 'Disabled',
    detail: 'the receiver answered 410 Gone',
  });
});

t.test('delivery labels and what can be replayed', async (t) => {
  t.equal(deliveryLabel({ kind: 'single', eventType: 'user.created', eventCount: 1 }), 'user.created');
  t.equal(deliveryLabel({ kind: 'summary', eventType: 'provisioning.summary', eventCount: 1994 }), 'Summary of 1,994 events');
  t.equal(deliveryLabel({ kind: 'test', eventType: 'webhook.test', eventCount: 0 }), 'Test event');
  t.same((['open', 'pending', 'delivering', 'succeeded', 'failed'] as const).filter((status) => canReplay({ status })), ['succeeded', 'failed'], 'finished ones only');
});

t.test('the attempts of a delivery: status, latency, error, the answer cut short', async (t) => {
  const detail = {
    id: 'd1', subscriptionId: 's1', webhookId: 'msg_abc', kind: 'single', eventType: 'user.created', eventCount: 1, status: 'failed', attempts: 2,
    nextAttemptAt: null, firstEventAt: '2026-12-01T09:00:00Z', lastEventAt: '2026-12-01T09:00:00Z', createdAt: '2026-12-01T09:00:00Z', closedAt: null, completedAt: null,
    lastStatusCode: 500, lastError: 'HTTP 500', body: '{"type":"user.created"}', eventIds: ['e1'],
    attemptLog: [
      { attempt: 1, trigger: 'scheduled', startedAt: '2026-12-01T09:00:01Z', durationMs: null, statusCode: null, responseBody: null, error: 'connect ECONNREFUSED 10.0.0.1:443', outcome: 'retry', nextAttemptAt: '2026-12-01T09:00:06Z' },
      { attempt: 2, trigger: 'manual', startedAt: '2026-12-01T09:00:06Z', durationMs: 41, statusCode: 500, responseBody: 'x'.repeat(700), error: null, outcome: 'failed', nextAttemptAt: null },
    ],
  } as DeliveryDetail;
  const html = renderToStaticMarkup(createElement(AttemptsBody, { d: detail }));
  t.match(html, 'webhook-id msg_abc');
  t.match(html, 'connect ECONNREFUSED 10.0.0.1:443');
  t.match(html, 'failed, will retry');
  t.match(html, /HTTP 500/);
  t.match(html, '41 ms');
  t.match(html, 'replay', 'a manual attempt says it was a replay');
  t.match(html, `${'x'.repeat(600)}…`, 'a long answer is cut at 600 characters');
  t.notMatch(html, 'x'.repeat(601));
  t.match(html, 'Body sent (23 bytes)');
  const open = renderToStaticMarkup(createElement(AttemptsBody, { d: { ...detail, status: 'open', attemptLog: [] } }));
  t.match(open, 'Still collecting events');
});

t.test('the log refreshes every second while a delivery is about to change, else every 5 s', async (t) => {
  const at = (ms: number) => new Date(NOW + ms).toISOString();
  const table: [string, { status: DeliveryDetail['status']; nextAttemptAt: string | null }, boolean][] = [
    ['being sent', { status: 'delivering', nextAttemptAt: null }, true],
    ['pending, due now (a replay)', { status: 'pending', nextAttemptAt: at(0) }, true],
    ['pending, due in 1 s', { status: 'pending', nextAttemptAt: at(1_000) }, true],
    ['pending, due 30 s ago', { status: 'pending', nextAttemptAt: at(-30_000) }, true],
    ['pending, due in 2 s', { status: 'pending', nextAttemptAt: at(2_000) }, false],
    ['pending, a retry in 10 min', { status: 'pending', nextAttemptAt: at(600_000) }, false],
    ['pending, overdue 31 s (no dispatcher running)', { status: 'pending', nextAttemptAt: at(-31_000) }, false],
    ['pending, no time', { status: 'pending', nextAttemptAt: null }, false],
    ['delivered', { status: 'succeeded', nextAttemptAt: at(0) }, false],
    ['dead letter', { status: 'failed', nextAttemptAt: null }, false],
    ['collecting', { status: 'open', nextAttemptAt: at(0) }, false],
  ];
  for (const [name, d, soon] of table) {
    t.equal(changesSoon(d, NOW), soon, name);
    t.equal(refreshEvery([{ status: 'succeeded', nextAttemptAt: null }, d], NOW), soon ? 1_000 : 5_000, `${name}: refresh`);
  }
  t.equal(refreshEvery([], NOW), 5_000, 'an empty log');
});

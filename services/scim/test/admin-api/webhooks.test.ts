import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { startReceiver } from '../../../dispatcher/test/helpers/receivers.js';
import { signIn } from './helpers.js';

const LOCAL = { WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_TIMEOUT_MS: '3000' };

t.test('webhook subscriptions through the admin API: create, list, change, test, rotate, replay, remove', async (t) => {
  const { app, db } = await buildTestApp(t, LOCAL);
  const { cookie } = await signIn(app, db.db);
  const api = (method: string, url: string, payload?: unknown) =>
    app.inject({ method: method as 'GET', url: `/api/admin${url}`, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });

  t.equal((await app.inject({ method: 'GET', url: '/api/admin/webhooks' })).statusCode, 401, 'behind the session');
  t.same((await api('GET', '/webhooks')).json(), { items: [] });
  t.match((await api('GET', '/webhooks/event-types')).json(), { eventTypes: ['user.created'], examples: ['*'] });

  const rx = await startReceiver(t);
  const conn = await db.db.insertInto('idp_connections').values({ name: 'Okta' }).returning('id').executeTakeFirstOrThrow();
  const res = await api('POST', '/webhooks', { kind: 'hmac', url: `${rx.url}?token=abc`, events: ['user.*', 'group.members_*'], connectionId: conn.id, description: 'HR sync' });
  t.equal(res.statusCode, 201, res.body);
  t.equal(res.headers['cache-control'], 'no-store');
  const { subscription, secret } = res.json();
  rx.secrets.push(secret);
  t.match(secret, /^whsec_/);
  t.match(subscription, { kind: 'hmac', events: ['user.*', 'group.members_*'], connectionName: 'Okta', description: 'HR sync', enabled: true, pendingDeliveries: 0 });
  t.equal(subscription.url, rx.url + '?…', 'the query string is masked');

  const row = await db.db.selectFrom('webhook_subscriptions').selectAll().executeTakeFirstOrThrow();
  t.notOk(row.url_encrypted.includes('127.0.0.1') || row.url_encrypted.includes('token'), 'the URL is encrypted at rest');
  t.notOk(row.secret_encrypted!.includes(secret.slice(6, 20)), 'the secret is encrypted at rest');
  const listed = (await api('GET', '/webhooks')).body;
  t.notOk(listed.includes(secret.slice(6)) || listed.includes('token=abc'), 'lists never show the secret or the full URL');
  const audit = await db.db.selectFrom('audit_events').select(['action', 'diff', 'resource_id']).where('action', 'like', 'webhook.%').execute();
  t.match(audit, [{ action: 'webhook.created', resource_id: subscription.id }]);
  t.notOk(JSON.stringify(audit).includes(secret.slice(6)), 'no secret in the audit row');

  const slack = await api('POST', '/webhooks', { kind: 'slack', url: `${rx.url.replace('/hook', '')}/services/T0123/B0456/abcdefsecret` });
  t.equal(slack.statusCode, 201);
  t.equal(slack.json().secret, undefined, 'a Slack subscription has no signing secret');
  t.match(slack.json().subscription.url, /\/services\/T012…\/B045…\/••••$/, 'the Slack credential part is hidden');

  const patched = await api('PATCH', `/webhooks/${subscription.id}`, { enabled: false });
  t.match(patched.json(), { enabled: false, disabledReason: 'disabled by an admin' });
  t.match((await api('PATCH', `/webhooks/${subscription.id}`, { enabled: true, connectionId: null })).json(), { enabled: true, connectionId: null });

  const tested = await api('POST', `/webhooks/${subscription.id}/test`, {});
  t.equal(tested.statusCode, 200, tested.body);
  t.match(tested.json(), { ok: true, delivery: { kind: 'test', eventType: 'webhook.test', status: 'succeeded', attemptLog: [{ attempt: 1, trigger: 'test', statusCode: 200, outcome: 'succeeded' }] } });
  t.same(rx.received.at(-1)!.verifiedBy, [0]);
  t.equal(rx.received.at(-1)!.json.type, 'webhook.test');

  const rotated = await api('POST', `/webhooks/${subscription.id}/rotate-secret`, { overlapHours: 2 });
  t.equal(rotated.statusCode, 201);
  rx.secrets.push(rotated.json().secret);
  t.ok(rotated.json().subscription.previousSecretExpiresAt, 'the overlap is shown');
  const second = await api("POST", `/webhooks/${subscription.id}/test`);
  t.equal(second.statusCode, 200, second.body);
  t.same(rx.received.at(-1)!.verifiedBy, [0, 1], 'during the overlap both the old and the new secret verify');

  const page = (await api('GET', `/webhooks/${subscription.id}/deliveries?limit=1`)).json();
  t.equal(page.items.length, 1);
  t.ok(page.nextCursor, 'paged');
  const next = (await api('GET', `/webhooks/${subscription.id}/deliveries?limit=1&cursor=${page.nextCursor}`)).json();
  t.not(next.items[0].id, page.items[0].id);
  t.equal((await api('GET', `/webhooks/${subscription.id}/deliveries?cursor=nonsense`)).json().code, 'validation_failed');
  const detail = (await api('GET', `/webhooks/deliveries/${page.items[0].id}`)).json();
  t.match(detail, { body: /webhook\.test/, attemptLog: [{ outcome: 'succeeded' }] });

  const replay = await api('POST', `/webhooks/deliveries/${page.items[0].id}/replay`, {});
  t.equal(replay.statusCode, 202);
  t.match(replay.json(), { queued: true, delivery: { status: 'pending', webhookId: detail.webhookId } });
  t.equal((await api('POST', `/webhooks/deliveries/${page.items[0].id}/replay`)).json().code, 'conflict', 'a pending delivery cannot be replayed');

  t.equal((await api('DELETE', `/webhooks/${subscription.id}`)).statusCode, 204);
  t.equal((await api('GET', `/webhooks/${subscription.id}`)).statusCode, 404);
  const actions = (await db.db.selectFrom('audit_events').select('action').where('action', 'like', 'webhook.%').orderBy('id').execute()).map((a) => a.action);
  t.same(actions, ['webhook.created', 'webhook.created', 'webhook.disabled', 'webhook.updated', 'webhook.tested', 'webhook.secret_rotated', 'webhook.tested', 'webhook.delivery_replayed', 'webhook.removed']);
});

t.test('bad input: a clear error and nothing written', async (t) => {
  const { app, db } = await buildTestApp(t, LOCAL);
  const { cookie } = await signIn(app, db.db);
  const post = (payload: unknown) => app.inject({ method: 'POST', url: '/api/admin/webhooks', headers: { cookie }, payload: payload as object });
  const cases: [string, unknown, string][] = [
    ['unknown kind', { kind: 'teams', url: 'https://example.com/x' }, 'validation_failed'],
    ['no url', { kind: 'hmac' }, 'validation_failed'],
    ['unknown field', { kind: 'hmac', url: 'https://example.com/x', secret: 'mine' }, 'validation_failed'],
    ['typo in a pattern', { kind: 'hmac', url: 'https://127.0.0.1/x', events: ['user.crated'] }, 'validation_failed'],
    ['no patterns', { kind: 'hmac', url: 'https://127.0.0.1/x', events: [] }, 'validation_failed'],
    ['unknown connection', { kind: 'hmac', url: 'https://127.0.0.1/x', connectionId: '00000000-0000-4000-8000-000000000000' }, 'validation_failed'],
    ['not a URL', { kind: 'hmac', url: 'hooks dot example' }, 'unsafe_url'],
    ['credentials in the URL', { kind: 'hmac', url: 'https://user:pw@127.0.0.1/x' }, 'unsafe_url'],
    ['ftp', { kind: 'hmac', url: 'ftp://127.0.0.1/x' }, 'unsafe_url'],
  ];
  for (const [name, payload, code] of cases) {
    const res = await post(payload);
    t.equal(res.statusCode, 400, `${name}: ${res.body}`);
    t.equal(res.json().code, code, name);
  }
  const { id } = (await post({ kind: 'hmac', url: 'https://127.0.0.1/x' })).json().subscription;
  t.equal((await app.inject({ method: 'PATCH', url: `/api/admin/webhooks/${id}`, headers: { cookie }, payload: {} })).statusCode, 400, 'an empty change');
  t.equal((await app.inject({ method: 'POST', url: `/api/admin/webhooks/${id}/rotate-secret`, headers: { cookie }, payload: { overlapHours: 1000 } })).statusCode, 400);
  t.equal((await app.inject({ method: 'GET', url: '/api/admin/webhooks/not-a-uuid', headers: { cookie } })).statusCode, 404);
  t.equal((await db.db.selectFrom('webhook_subscriptions').select('id').execute()).length, 1, 'only the valid one was written');
  t.equal((await db.db.selectFrom('audit_events').select('id').where('action', 'like', 'webhook.%').execute()).length, 1);
});

t.test('SSRF guard at subscribe time: internal addresses and plain http are refused by default', async (t) => {
  const { app, db } = await buildTestApp(t);
  const { cookie } = await signIn(app, db.db);
  const refused = [
    'http://example.com/hook',
    'https://127.0.0.1/hook',
    'https://localhost/hook',
    'https://10.1.2.3/hook',
    'https://192.168.0.10/hook',
    'https://169.254.169.254/latest/meta-data/',
    'https://100.100.100.200/latest/meta-data/',
    'https://[::1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://[fd00:ec2::254]/latest/meta-data/',
    'https://[fe80::1]/hook',
    'https://224.0.0.1/hook',
    'https://0.0.0.0/hook',
  ];
  for (const url of refused) {
    const res = await app.inject({ method: 'POST', url: '/api/admin/webhooks', headers: { cookie }, payload: { kind: 'hmac', url } });
    t.equal(res.statusCode, 400, url);
    t.equal(res.json().code, 'unsafe_url', `${url}: ${res.json().message}`);
  }
  t.equal((await db.db.selectFrom('webhook_subscriptions').select('id').execute()).length, 0);
});

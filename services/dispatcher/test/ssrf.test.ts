import t from 'tap';
import { blockedRange, checkWebhookUrl, type LookupAll } from '../src/ssrf-guard.js';
import { createSubscription } from '../src/subscriptions.js';
import { startReceiver } from './helpers/receivers.js';
import { CLI, waitUntil, webhookDb, writeUsers } from './helpers/setup.js';

t.test('address classes: only public unicast passes (ipaddr.js, after unwrapping IPv4-mapped IPv6)', async (t) => {
  const table: [string, string | undefined][] = [
    ['93.184.216.34', undefined],
    ['8.8.8.8', undefined],
    ['2606:4700:4700::1111', undefined],
    ['127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.100.100.200', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['198.18.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['[::ffff:10.0.0.1]', 'private'],
    ['fe80::1', 'linkLocal'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
    ['not-an-ip', 'not an IP address'],
  ];
  for (const [address, range] of table) t.equal(blockedRange(address), range, address);
});

t.test('subscribe time: every resolved address must be public', async (t) => {
  const lookup: LookupAll = async (host) =>
    ({
      'public.example': [{ address: '93.184.216.34', family: 4 }],
      'mixed.example': [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }],
      'metadata.google.internal': [{ address: '169.254.169.254', family: 4 }],
      'v6.example': [{ address: '::ffff:127.0.0.1', family: 6 }],
    })[host] ?? Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }));
  const guard = { allowPrivateNetworks: false, lookup };
  t.equal((await checkWebhookUrl('https://public.example/hook', guard)).hostname, 'public.example');
  await t.rejects(checkWebhookUrl('https://mixed.example/hook', guard), /10\.0\.0\.7 \(private\)/);
  await t.rejects(checkWebhookUrl('https://metadata.google.internal/computeMetadata/v1/', guard), /169\.254\.169\.254 \(linkLocal\)/);
  await t.rejects(checkWebhookUrl('https://v6.example/hook', guard), /loopback/);
  await t.rejects(checkWebhookUrl('https://nowhere.example/hook', guard), /does not resolve \(ENOTFOUND\)/);
  await t.rejects(checkWebhookUrl('http://public.example/hook', guard), /use https/);
  t.ok(await checkWebhookUrl('http://127.0.0.1/hook', { allowPrivateNetworks: true }), 'WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true is the one escape');
});

t.test('connect time: DNS rebinding and literal internal addresses are refused inside the connection', async (t) => {
  const h = await webhookDb(t);
  const rx = await startReceiver(t);
  const port = new URL(rx.url).port;
  // At subscribe time the name is public; when the dispatcher connects it answers loopback.
  let answers = 0;
  const rebinding: LookupAll = async () => (answers++ === 0 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
  const rebind = await createSubscription({ ...h.store, guard: { allowPrivateNetworks: false, lookup: rebinding } }, CLI, { kind: 'hmac', url: `https://rebind.example:${port}/hook` });
  // Saved while private networks were allowed, sent after they no longer are.
  const literal = await createSubscription(h.store, CLI, { kind: 'hmac', url: `https://127.0.0.1:${port}/hook` });
  const mapped = await createSubscription(h.store, CLI, { kind: 'hmac', url: `https://[::ffff:127.0.0.1]:${port}/hook` });
  await h.dispatcher({ allowPrivateNetworks: false, lookup: rebinding, retryScheduleMs: [0, 60_000] });
  await writeUsers(h.db, 1);
  const errors = async (id: string) =>
    (await h.db.selectFrom('webhook_attempts as a').innerJoin('webhook_deliveries as d', 'd.id', 'a.delivery_id').select(['a.error', 'a.outcome', 'a.status_code']).where('d.subscription_id', '=', id).where('a.outcome', 'is not', null).execute());
  for (const s of [rebind, literal, mapped]) await waitUntil(async () => (await errors(s.subscription.id)).length === 1, 15_000, 'an attempt');
  t.match(await errors(rebind.subscription.id), [{ outcome: 'retry', status_code: null, error: /rebind\.example resolves to 127\.0\.0\.1 \(loopback\)/ }]);
  t.match(await errors(literal.subscription.id), [{ outcome: 'retry', error: /127\.0\.0\.1 is a loopback address/ }]);
  t.match(await errors(mapped.subscription.id), [{ outcome: 'retry', error: /loopback/ }]);
  t.equal(rx.received.length, 0, 'nothing reached the internal receiver');
});

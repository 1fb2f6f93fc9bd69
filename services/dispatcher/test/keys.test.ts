import t from 'tap';
import { sql } from 'kysely';
import { createKeyRing } from '@scim/db';
import { runJanitor } from '../src/janitor.js';
import { rotateSecret } from '../src/subscriptions.js';
import { startReceiver } from './helpers/receivers.js';
import { CLI, TEST_KEY, webhookDb, writeUsers } from './helpers/setup.js';

t.test('ENCRYPTION_KEY rotation: the janitor re-encrypts under the new key; then the old one can go', async (t) => {
  const h = await webhookDb(t);
  const rx = await startReceiver(t);
  const { secret } = await h.subscribe({ kind: 'hmac', url: rx.url });
  rx.secrets.push(secret!);
  const newKey = Buffer.alloc(32, 5).toString('base64');
  const ring = createKeyRing(newKey, [TEST_KEY]);
  t.match(await runJanitor(h.db, ring, 3_600_000), { reencrypted: 1 });
  t.match(await runJanitor(h.db, ring, 3_600_000), { reencrypted: 0 }, 'idempotent');
  const row = await h.db.selectFrom('webhook_subscriptions').select(['url_encrypted', 'secret_encrypted']).executeTakeFirstOrThrow();
  t.ok(row.url_encrypted.startsWith(`v1.${ring.currentKeyId}.`) && row.secret_encrypted!.startsWith(`v1.${ring.currentKeyId}.`));
  await h.dispatcher({ keyRing: createKeyRing(newKey) });
  await writeUsers(h.db, 1);
  await rx.waitFor((r) => r.length === 1);
  t.same(rx.received[0]!.verifiedBy, [0], 'delivered and signed with only the new ENCRYPTION_KEY');
});

t.test('signing-secret rotation: both signatures during the overlap, only the new one after it', async (t) => {
  const h = await webhookDb(t);
  const rx = await startReceiver(t);
  const { subscription, secret } = await h.subscribe({ kind: 'hmac', url: rx.url });
  const rotated = await rotateSecret(h.store, CLI, subscription.id, 24);
  rx.secrets.push(secret!, rotated.secret);
  await h.dispatcher();
  await writeUsers(h.db, 1);
  await rx.waitFor((r) => r.length === 1);
  t.same(rx.received[0]!.verifiedBy, [0, 1], 'old and new secret both verify');
  t.equal(String(rx.received[0]!.headers['webhook-signature']).split(' ').length, 2);
  await sql`UPDATE webhook_subscriptions SET previous_secret_expires_at = now() - interval '1 second'`.execute(h.db);
  await writeUsers(h.db, 1);
  await rx.waitFor((r) => r.length === 2);
  t.same(rx.received[1]!.verifiedBy, [1], 'after the overlap only the new secret signs');
  await runJanitor(h.db, h.keyRing, 3_600_000);
  const row = await h.db.selectFrom('webhook_subscriptions').select('previous_secret_encrypted').executeTakeFirstOrThrow();
  t.equal(row.previous_secret_encrypted, null, 'the expired secret is not kept');
});

import { sql, type Kysely } from 'kysely';
import type { Database, KeyRing } from '@scim/db';
import { disableSubscription } from './claims.js';
import { previousSecretContext, secretContext, urlContext } from './sender.js';

/** Finished deliveries (and their attempts) are kept this long for the delivery log. */
export const DELIVERY_RETENTION_DAYS = 30;

export interface JanitorResult {
  disabled: number;
  reencrypted: number;
  purged: number;
}

/**
 * Housekeeping the dispatcher runs about once a minute (any replica; every step is idempotent):
 * disables subscriptions whose every attempt has failed for `autoDisableMs` even when no
 * attempt is due to notice it, re-encrypts values still under a previous ENCRYPTION_KEY (so
 * ENCRYPTION_KEY_PREVIOUS can be dropped after one pass), and purges old finished deliveries.
 */
export async function runJanitor(db: Kysely<Database>, keyRing: KeyRing, autoDisableMs: number): Promise<JanitorResult> {
  let disabled = 0;
  const overdue = await db
    .selectFrom('webhook_subscriptions')
    .select('id')
    .where('enabled', '=', true)
    .where('failing_since', '<=', sql<Date>`now() - ${autoDisableMs} * interval '1 millisecond'`)
    .execute();
  for (const s of overdue) {
    const done = await db.transaction().execute((trx) => disableSubscription(trx, s.id, `every attempt failed for ${Math.round(autoDisableMs / 3_600_000)} hours`));
    if (done) disabled++;
  }

  // An expired rotation overlap: the old secret signs nothing any more; it is not kept.
  await db
    .updateTable('webhook_subscriptions')
    .set({ previous_secret_encrypted: null, previous_secret_expires_at: null })
    .where('previous_secret_expires_at', '<=', sql<Date>`now()`)
    .execute();

  const prefix = `v1.${keyRing.currentKeyId}.`;
  const stale = await db
    .selectFrom('webhook_subscriptions')
    .select(['id', 'url_encrypted', 'secret_encrypted', 'previous_secret_encrypted'])
    .where((eb) =>
      eb.or([
        eb('url_encrypted', 'not like', `${prefix}%`),
        eb('secret_encrypted', 'not like', `${prefix}%`),
        eb('previous_secret_encrypted', 'not like', `${prefix}%`),
      ]),
    )
    .execute();
  let reencrypted = 0;
  for (const s of stale) {
    const again = (value: string | null, context: string) => {
      if (value === null || keyRing.keyIdOf(value) === keyRing.currentKeyId) return value;
      if (!keyRing.keyIds.includes(keyRing.keyIdOf(value) ?? '')) return value; // not ours to open: left as is, reported by attempts
      return keyRing.encrypt(keyRing.decrypt(value, context), context);
    };
    // Guarded by the old values: a concurrent change (rotation, URL edit) wins, the next pass retries.
    const r = await db
      .updateTable('webhook_subscriptions')
      .set({
        url_encrypted: again(s.url_encrypted, urlContext(s.id))!,
        secret_encrypted: again(s.secret_encrypted, secretContext(s.id)),
        previous_secret_encrypted: again(s.previous_secret_encrypted, previousSecretContext(s.id)),
      })
      .where('id', '=', s.id)
      .where('url_encrypted', '=', s.url_encrypted)
      .where(sql<boolean>`secret_encrypted IS NOT DISTINCT FROM ${s.secret_encrypted}`)
      .where(sql<boolean>`previous_secret_encrypted IS NOT DISTINCT FROM ${s.previous_secret_encrypted}`)
      .executeTakeFirst();
    reencrypted += Number(r.numUpdatedRows);
  }

  const purged = await db
    .deleteFrom('webhook_deliveries')
    .where('status', 'in', ['succeeded', 'failed'])
    .where('completed_at', '<', sql<Date>`now() - ${DELIVERY_RETENTION_DAYS} * interval '1 day'`)
    .executeTakeFirst();
  return { disabled, reencrypted, purged: Number(purged.numDeletedRows) };
}

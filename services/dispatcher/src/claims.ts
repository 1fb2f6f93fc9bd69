import { sql, type Kysely, type Transaction } from 'kysely';
import { writeAudit, type Database } from '@scim/db';

/**
 * The delivery queue in PostgreSQL (architecture.md invariant 9). A claimer first locks the
 * subscriptions it will serve (`FOR UPDATE SKIP LOCKED`): per subscription only one replica
 * claims at a time, so its in-flight limit (Slack: one, with a one-second gap) holds across
 * replicas. Claimed deliveries carry a lease (`next_attempt_at` = the lease's end): a
 * dispatcher killed mid-attempt leaves a delivery that becomes due again when the lease runs
 * out, and the next claimer resends it with the same webhook id.
 */
export interface ClaimedDelivery {
  id: string;
  subscriptionId: string;
  subscriptionKind: 'slack' | 'hmac';
  webhookId: string;
  kind: 'single' | 'summary' | 'test';
  body: string;
  attempt: number;
  oneShot: boolean;
  urlEncrypted: string;
  secretEncrypted: string | null;
  /** Only while the rotation overlap lasts. */
  previousSecretEncrypted: string | null;
}

export interface ClaimOptions {
  owner: string;
  /** Free worker slots: the most deliveries to claim. */
  limit: number;
  leaseMs: number;
  hmacConcurrency: number;
  slackGapMs: number;
}

export const ABANDONED = 'the dispatcher holding this attempt stopped before the receiver answered (lease expired)';

export async function claimDue(db: Kysely<Database>, o: ClaimOptions): Promise<ClaimedDelivery[]> {
  if (o.limit <= 0) return [];
  return db.transaction().execute(async (trx) => {
    const subs = await sql<{ id: string; kind: 'slack' | 'hmac'; inflight: number }>`
      SELECT s.id, s.kind,
             (SELECT count(*)::int FROM webhook_deliveries x
               WHERE x.subscription_id = s.id AND x.status = 'delivering' AND x.next_attempt_at > now()) AS inflight
        FROM webhook_subscriptions s
       WHERE s.enabled
         AND (s.paused_until IS NULL OR s.paused_until <= now())
         AND (s.next_send_at IS NULL OR s.next_send_at <= now())
         AND EXISTS (SELECT 1 FROM webhook_deliveries d
                      WHERE d.subscription_id = s.id AND d.status IN ('pending', 'delivering') AND d.next_attempt_at <= now())
       ORDER BY s.next_send_at NULLS FIRST, s.id
       LIMIT ${o.limit}
         FOR UPDATE OF s SKIP LOCKED`.execute(trx);
    let left = o.limit;
    const caps: [string, number][] = [];
    for (const s of subs.rows) {
      const cap = Math.min(left, Math.max(0, (s.kind === 'slack' ? 1 : o.hmacConcurrency) - s.inflight));
      if (cap > 0) caps.push([s.id, cap]);
      left -= cap;
    }
    if (caps.length === 0) return [];
    const claimed = await sql<{ id: string; subscription_id: string; webhook_id: string; kind: ClaimedDelivery['kind']; body: string; attempts: number; one_shot: boolean; was: string }>`
      WITH picked AS (
        SELECT d.id, d.status AS was
          FROM unnest(${caps.map((c) => c[0])}::uuid[], ${caps.map((c) => c[1])}::int[]) AS k(sid, cap)
          CROSS JOIN LATERAL (
            SELECT id, status FROM webhook_deliveries d
             WHERE d.subscription_id = k.sid AND d.status IN ('pending', 'delivering') AND d.next_attempt_at <= now()
             ORDER BY d.next_attempt_at, d.created_at
             LIMIT k.cap
               FOR UPDATE SKIP LOCKED) d
      )
      UPDATE webhook_deliveries d
         SET status = 'delivering', attempts = d.attempts + 1, lease_owner = ${o.owner},
             lease_expires_at = now() + ${o.leaseMs} * interval '1 millisecond',
             next_attempt_at = now() + ${o.leaseMs} * interval '1 millisecond'
        FROM picked
       WHERE d.id = picked.id
      RETURNING d.id, d.subscription_id, d.webhook_id, d.kind, d.body, d.attempts, d.one_shot, picked.was`.execute(trx);
    if (claimed.rows.length === 0) return [];
    const taken = claimed.rows.filter((r) => r.was === 'delivering').map((r) => r.id);
    if (taken.length > 0) {
      await trx.updateTable('webhook_attempts').set({ outcome: 'abandoned', error: ABANDONED }).where('delivery_id', 'in', taken).where('outcome', 'is', null).execute();
    }
    await trx
      .insertInto('webhook_attempts')
      .values(claimed.rows.map((r) => ({ delivery_id: r.id, attempt: r.attempts, trigger: r.one_shot ? ('manual' as const) : r.kind === 'test' ? ('test' as const) : ('scheduled' as const) })))
      .execute();
    const subIds = [...new Set(claimed.rows.map((r) => r.subscription_id))];
    const secrets = await sql<{ id: string; kind: 'slack' | 'hmac'; url_encrypted: string; secret_encrypted: string | null; previous: string | null }>`
      UPDATE webhook_subscriptions
         SET next_send_at = CASE WHEN kind = 'slack' THEN now() + ${o.slackGapMs} * interval '1 millisecond' ELSE next_send_at END
       WHERE id = ANY(${subIds}::uuid[])
      RETURNING id, kind, url_encrypted, secret_encrypted,
                CASE WHEN previous_secret_expires_at > now() THEN previous_secret_encrypted END AS previous`.execute(trx);
    const byId = new Map(secrets.rows.map((s) => [s.id, s]));
    return claimed.rows.map((r) => {
      const s = byId.get(r.subscription_id)!;
      return {
        id: r.id,
        subscriptionId: r.subscription_id,
        subscriptionKind: s.kind,
        webhookId: r.webhook_id,
        kind: r.kind,
        body: r.body,
        attempt: r.attempts,
        oneShot: r.one_shot,
        urlEncrypted: s.url_encrypted,
        secretEncrypted: s.secret_encrypted,
        previousSecretEncrypted: s.previous,
      };
    });
  });
}

export interface AttemptRecord {
  outcome: 'succeeded' | 'retry' | 'failed' | 'disabled';
  durationMs: number;
  statusCode?: number;
  responseBody?: string;
  error?: string;
  /** For a retry: when the next attempt is due. */
  delayMs?: number;
  /** A 429: the whole endpoint waits this long. */
  pauseEndpointMs?: number;
  reason?: string;
}

/** Disables a subscription (audited as a system change, architecture.md invariant 1). */
export async function disableSubscription(trx: Transaction<Database>, id: string, reason: string): Promise<boolean> {
  const row = await trx
    .updateTable('webhook_subscriptions')
    .set({ enabled: false, disabled_at: sql`now()` as never, disabled_reason: reason.slice(0, 300), updated_at: sql`now()` as never })
    .where('id', '=', id)
    .where('enabled', '=', true)
    .returning('id')
    .executeTakeFirst();
  if (!row) return false;
  await writeAudit(trx, { source: 'system' }, [
    { action: 'webhook.disabled', resourceType: 'WebhookSubscription', resourceId: id, diff: { enabled: { before: true, after: false }, disabledReason: { after: reason.slice(0, 300) } } },
  ]);
  return true;
}

/**
 * Records the attempt's result and moves the delivery on. Only the lease holder may: a
 * dispatcher that lost its lease (paused past it) changes nothing — the delivery belongs to
 * whoever took it over. Returns false then.
 */
export async function completeAttempt(db: Kysely<Database>, d: ClaimedDelivery, owner: string, r: AttemptRecord, autoDisableMs: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const finished = r.outcome === 'succeeded' || r.outcome === 'failed' || r.outcome === 'disabled';
    const next = r.outcome === 'retry' ? sql<Date>`now() + ${r.delayMs ?? 0} * interval '1 millisecond'` : null;
    const moved = await trx
      .updateTable('webhook_deliveries')
      .set({
        status: r.outcome === 'succeeded' ? 'succeeded' : r.outcome === 'retry' ? 'pending' : 'failed',
        next_attempt_at: (next ?? null) as never,
        lease_owner: null,
        lease_expires_at: null,
        completed_at: (finished ? sql`now()` : null) as never,
        last_status_code: r.statusCode ?? null,
        last_error: r.outcome === 'succeeded' ? null : (r.reason ?? r.error ?? null),
        one_shot: false,
      })
      .where('id', '=', d.id)
      .where('lease_owner', '=', owner)
      .where('attempts', '=', d.attempt)
      .where('status', '=', 'delivering')
      .returning('id')
      .executeTakeFirst();
    if (!moved) return false;
    await trx
      .updateTable('webhook_attempts')
      .set({
        duration_ms: r.durationMs,
        status_code: r.statusCode ?? null,
        response_body: r.responseBody ?? null,
        error: r.outcome === 'succeeded' ? null : (r.reason ?? r.error ?? null),
        outcome: r.outcome,
        next_attempt_at: (next ?? null) as never,
      })
      .where('delivery_id', '=', d.id)
      .where('attempt', '=', d.attempt)
      .execute();
    if (d.kind === 'test') return true; // a test reports; it never changes the subscription
    if (r.outcome === 'succeeded') {
      await trx.updateTable('webhook_subscriptions').set({ failing_since: null }).where('id', '=', d.subscriptionId).where('failing_since', 'is not', null).execute();
      return true;
    }
    if (r.outcome === 'disabled') {
      await disableSubscription(trx, d.subscriptionId, r.reason ?? 'the receiver asked to stop');
      return true;
    }
    const s = await sql<{ overdue: boolean }>`
      UPDATE webhook_subscriptions
         SET failing_since = coalesce(failing_since, now()),
             paused_until = CASE WHEN ${r.pauseEndpointMs ?? null}::int IS NULL THEN paused_until
                                 ELSE now() + ${r.pauseEndpointMs ?? 0} * interval '1 millisecond' END
       WHERE id = ${d.subscriptionId}
      RETURNING failing_since <= now() - ${autoDisableMs} * interval '1 millisecond' AS overdue`.execute(trx);
    if (s.rows[0]?.overdue) await disableSubscription(trx, d.subscriptionId, `every attempt failed for ${Math.round(autoDisableMs / 3_600_000)} hours`);
    return true;
  });
}

import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { writeAudit, type Actor, type Database, type KeyRing, type WebhookDeliveryRow } from '@scim/db';
import type { ClaimedDelivery } from './claims.js';
import { createWebhookAgent, type HttpOptions } from './http-client.js';
import { testEnvelope } from './payloads.js';
import { attemptDelivery } from './sender.js';
import { slackTest } from './slack-message.js';
import { newDelivery } from './summary-close.js';
import { UUID, WebhookError } from './subscription-view.js';

/** The delivery log (admin API, `webhooks deliveries`), replays and test sends. */
export interface WebhookDelivery {
  id: string;
  subscriptionId: string;
  webhookId: string;
  kind: 'single' | 'summary' | 'test';
  eventType: string;
  eventCount: number;
  /** open (a summary collecting events), pending, delivering, succeeded, failed (a dead letter). */
  status: WebhookDeliveryRow['status'];
  attempts: number;
  nextAttemptAt: string | null;
  firstEventAt: string | null;
  lastEventAt: string | null;
  createdAt: string;
  closedAt: string | null;
  completedAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
}

export interface WebhookAttempt {
  attempt: number;
  trigger: 'scheduled' | 'manual' | 'test';
  startedAt: string;
  durationMs: number | null;
  statusCode: number | null;
  /** The receiver's answer, truncated to 4 KB. */
  responseBody: string | null;
  error: string | null;
  /** null while the attempt is in flight. */
  outcome: 'succeeded' | 'retry' | 'failed' | 'disabled' | 'abandoned' | null;
  nextAttemptAt: string | null;
}

export interface WebhookDeliveryDetail extends WebhookDelivery {
  /** The exact bytes sent (null while a summary is open). */
  body: string | null;
  eventIds: string[];
  attemptLog: WebhookAttempt[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function view(r: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    webhookId: r.webhook_id,
    kind: r.kind,
    eventType: r.event_type,
    eventCount: r.event_count,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' || r.status === 'delivering' ? iso(r.next_attempt_at) : null,
    firstEventAt: iso(r.first_event_at),
    lastEventAt: iso(r.last_event_at),
    createdAt: r.created_at.toISOString(),
    closedAt: iso(r.closed_at),
    completedAt: iso(r.completed_at),
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
  };
}

export interface DeliveryPage {
  items: WebhookDelivery[];
  nextCursor: string | null;
}

export async function listDeliveries(db: Kysely<Database>, subscriptionId: string, opts: { status?: WebhookDeliveryRow['status']; limit: number; cursor?: string }): Promise<DeliveryPage> {
  if (!UUID.test(subscriptionId) || !(await db.selectFrom('webhook_subscriptions').select('id').where('id', '=', subscriptionId).executeTakeFirst())) {
    throw new WebhookError('not_found', `no webhook subscription ${subscriptionId}`);
  }
  let q = db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId);
  if (opts.status) q = q.where('status', '=', opts.status);
  if (opts.cursor) {
    let at: string, id: string;
    try {
      [at, id] = JSON.parse(Buffer.from(opts.cursor, 'base64url').toString('utf8')) as [string, string];
      if (Number.isNaN(Date.parse(at)) || !UUID.test(id)) throw new Error();
    } catch {
      throw new WebhookError('invalid_argument', 'invalid cursor: pass nextCursor from the previous page');
    }
    q = q.where(sql<boolean>`(created_at, id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit + 1).execute();
  const items = rows.slice(0, opts.limit).map(view);
  const last = rows.length > opts.limit ? rows[opts.limit - 1]! : undefined;
  return { items, nextCursor: last ? Buffer.from(JSON.stringify([last.created_at.toISOString(), last.id])).toString('base64url') : null };
}

export async function getDelivery(db: Kysely<Database>, id: string): Promise<WebhookDeliveryDetail | undefined> {
  if (!UUID.test(id)) return undefined;
  const r = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  const [events, attempts] = await Promise.all([
    db.selectFrom('webhook_delivery_events').select('event_id').where('delivery_id', '=', id).orderBy('ord').execute(),
    db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', id).orderBy('attempt').execute(),
  ]);
  return {
    ...view(r),
    body: r.body,
    eventIds: events.map((e) => e.event_id),
    attemptLog: attempts.map((a) => ({
      attempt: a.attempt,
      trigger: a.trigger,
      startedAt: a.started_at.toISOString(),
      durationMs: a.duration_ms,
      statusCode: a.status_code,
      responseBody: a.response_body,
      error: a.error,
      outcome: a.outcome,
      nextAttemptAt: iso(a.next_attempt_at),
    })),
  };
}

/**
 * Sends a finished delivery again — a dead letter after the receiver is fixed, or a delivered
 * one a receiver lost — with the same webhook id (it is the same message). One manual attempt,
 * made by the dispatcher as soon as the subscription is enabled; a failure leaves it dead again.
 */
export async function replayDelivery(db: Kysely<Database>, actor: Actor, id: string): Promise<WebhookDelivery> {
  if (!UUID.test(id)) throw new WebhookError('not_found', `no webhook delivery ${id}`);
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', next_attempt_at: sql`now()` as never, one_shot: true, completed_at: null })
      .where('id', '=', id)
      .where('status', 'in', ['failed', 'succeeded'])
      .returningAll()
      .executeTakeFirst();
    if (!r) {
      const exists = await trx.selectFrom('webhook_deliveries').select('status').where('id', '=', id).executeTakeFirst();
      if (!exists) throw new WebhookError('not_found', `no webhook delivery ${id}`);
      throw new WebhookError('conflict', `delivery ${id} is ${exists.status}: only a succeeded or failed delivery can be replayed`);
    }
    await writeAudit(trx, actor, [{ action: 'webhook.delivery_replayed', resourceType: 'WebhookSubscription', resourceId: r.subscription_id, diff: { delivery: { after: id } } }]);
    return view(r);
  });
}

export interface TestDeps {
  db: Kysely<Database>;
  keyRing: KeyRing;
  http: HttpOptions;
}

/**
 * `webhooks test`: a `webhook.test` event sent now, from this process, through the same signing,
 * SSRF guard and recording as every delivery (it appears in the delivery log). Works on a
 * disabled subscription; its outcome never changes the subscription.
 */
export async function sendTestEvent(deps: TestDeps, actor: Actor, subscriptionId: string): Promise<WebhookDeliveryDetail> {
  if (!UUID.test(subscriptionId)) throw new WebhookError('not_found', `no webhook subscription ${subscriptionId}`);
  const owner = `test:${process.pid}:${randomBytes(3).toString('hex')}`;
  const leaseMs = 2 * deps.http.timeoutMs + 5000;
  const { id, webhookId } = newDelivery();
  const claimed = await deps.db.transaction().execute(async (trx): Promise<ClaimedDelivery> => {
    const s = await sql<{ kind: 'slack' | 'hmac'; url_encrypted: string; secret_encrypted: string | null; previous: string | null; now: Date }>`
      SELECT kind, url_encrypted, secret_encrypted, now(),
             CASE WHEN previous_secret_expires_at > now() THEN previous_secret_encrypted END AS previous
        FROM webhook_subscriptions WHERE id = ${subscriptionId}`.execute(trx);
    const sub = s.rows[0];
    if (!sub) throw new WebhookError('not_found', `no webhook subscription ${subscriptionId}`);
    const at = sub.now.toISOString();
    const body = sub.kind === 'slack' ? slackTest(at) : testEnvelope(subscriptionId, at);
    const lease = sql`now() + ${leaseMs} * interval '1 millisecond'` as never;
    await trx
      .insertInto('webhook_deliveries')
      .values({ id, subscription_id: subscriptionId, webhook_id: webhookId, kind: 'test', event_type: 'webhook.test', event_count: 0, status: 'delivering', body, attempts: 1, one_shot: true, lease_owner: owner, lease_expires_at: lease, next_attempt_at: lease })
      .execute();
    await trx.insertInto('webhook_attempts').values({ delivery_id: id, attempt: 1, trigger: 'test' }).execute();
    await writeAudit(trx, actor, [{ action: 'webhook.tested', resourceType: 'WebhookSubscription', resourceId: subscriptionId, diff: { delivery: { after: id } } }]);
    return { id, subscriptionId, subscriptionKind: sub.kind, webhookId, kind: 'test', body, attempt: 1, oneShot: true, urlEncrypted: sub.url_encrypted, secretEncrypted: sub.secret_encrypted, previousSecretEncrypted: sub.previous };
  });
  const agent = createWebhookAgent(deps.http);
  try {
    await attemptDelivery({ db: deps.db, agent, http: deps.http, keyRing: deps.keyRing, owner, autoDisableMs: Number.MAX_SAFE_INTEGER }, claimed);
  } finally {
    await agent.close().catch(() => {});
  }
  return (await getDelivery(deps.db, id))!;
}

import { sql, type Kysely } from 'kysely';
import type { Database } from '@scim/db';

export class WebhookError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_argument' | 'unsafe_url' | 'conflict' | 'key_unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

/** A subscription as the admin API and `webhooks list --json` show it: never a secret or a full URL. */
export interface WebhookSubscription {
  id: string;
  kind: 'slack' | 'hmac';
  /** Masked: Slack's path and any query string are hidden. */
  url: string;
  events: string[];
  connectionId: string | null;
  connectionName: string | null;
  description: string;
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: string | null;
  /** hmac: a rotation's old secret still signs until then. */
  previousSecretExpiresAt: string | null;
  /** Start of the current run of failed attempts (null when the last one succeeded). */
  failingSince: string | null;
  /** A 429's Retry-After holds every delivery to the endpoint until then. */
  pausedUntil: string | null;
  createdAt: string;
  updatedAt: string;
  /** Deliveries waiting to be sent (or summaries still collecting events). */
  pendingDeliveries: number;
  /** Dead letters: failed for good, replayable. */
  failedDeliveries: number;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function query(db: Kysely<Database>) {
  return db
    .selectFrom('webhook_subscriptions as s')
    .leftJoin('idp_connections as c', 'c.id', 's.connection_id')
    .select([
      's.id', 's.kind', 's.url_display', 's.events', 's.connection_id', 'c.name as connection_name', 's.description', 's.enabled',
      's.disabled_reason', 's.disabled_at', 's.previous_secret_expires_at', 's.failing_since', 's.paused_until', 's.created_at', 's.updated_at',
      sql<number>`(SELECT count(*)::int FROM webhook_deliveries d WHERE d.subscription_id = s.id AND d.status IN ('open', 'pending', 'delivering'))`.as('pending'),
      sql<number>`(SELECT count(*)::int FROM webhook_deliveries d WHERE d.subscription_id = s.id AND d.status = 'failed')`.as('failed'),
      sql<Date | null>`(SELECT max(d.completed_at) FROM webhook_deliveries d WHERE d.subscription_id = s.id AND d.status = 'succeeded')`.as('last_success'),
      sql<Date | null>`(SELECT max(a.started_at) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
                         WHERE d.subscription_id = s.id AND a.outcome IN ('retry', 'failed', 'disabled'))`.as('last_failure'),
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof query>['executeTakeFirstOrThrow']>>;

function view(r: Row): WebhookSubscription {
  return {
    id: r.id,
    kind: r.kind,
    url: r.url_display,
    events: r.events,
    connectionId: r.connection_id,
    connectionName: r.connection_name ?? null,
    description: r.description,
    enabled: r.enabled,
    disabledReason: r.disabled_reason,
    disabledAt: iso(r.disabled_at),
    previousSecretExpiresAt: r.previous_secret_expires_at && r.previous_secret_expires_at.getTime() > Date.now() ? r.previous_secret_expires_at.toISOString() : null,
    failingSince: iso(r.failing_since),
    pausedUntil: r.paused_until && r.paused_until.getTime() > Date.now() ? r.paused_until.toISOString() : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    pendingDeliveries: r.pending,
    failedDeliveries: r.failed,
    lastSuccessAt: iso(r.last_success),
    lastFailureAt: iso(r.last_failure),
  };
}

/** Ids are uuid columns: anything else matches no row (and must not reach a cast). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getSubscription(db: Kysely<Database>, id: string): Promise<WebhookSubscription | undefined> {
  if (!UUID.test(id)) return undefined;
  const r = await query(db).where('s.id', '=', id).executeTakeFirst();
  return r ? view(r) : undefined;
}

export async function listSubscriptions(db: Kysely<Database>): Promise<WebhookSubscription[]> {
  return (await query(db).orderBy('s.created_at').orderBy('s.id').execute()).map(view);
}

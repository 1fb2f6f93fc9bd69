import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { writeAudit, type Actor, type Database, type KeyRing, type WebhookSubscriptionRow } from '@scim/db';
import { PatternError, normalizePatterns } from './event-patterns.js';
import { previousSecretContext, secretContext, urlContext } from './sender.js';
import { UnsafeUrlError, checkWebhookUrl, type GuardOptions } from './ssrf-guard.js';
import { UUID, WebhookError, getSubscription, type WebhookSubscription } from './subscription-view.js';

export { WebhookError, getSubscription, listSubscriptions, type WebhookSubscription } from './subscription-view.js';

/**
 * Webhook subscriptions: the one place that creates and changes them (admin API and CLI call
 * these). Every change commits with its audit row (architecture.md invariant 1); the URL and
 * the signing secrets are stored encrypted (invariant 7) and returned only once, at creation
 * or rotation — never in an audit row, a list or a log.
 */
export const WEBHOOK_KINDS = ['slack', 'hmac'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];
export const MAX_OVERLAP_HOURS = 7 * 24;

export interface WebhookStore {
  db: Kysely<Database>;
  keyRing: KeyRing;
  guard: GuardOptions;
}

export interface SubscriptionInput {
  url?: string;
  events?: string[];
  /** A connection id or name; null removes the restriction. */
  connection?: string | null;
  description?: string;
  enabled?: boolean;
}

/** `whsec_` + base64 of 32 random bytes (Standard Webhooks: 24–64 bytes). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** What lists show of a URL: scheme, host and path shape; no query, and Slack's path hidden. */
export function maskUrl(url: URL, kind: WebhookKind): string {
  if (kind === 'hmac') return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
  const segs = url.pathname.split('/').filter(Boolean);
  const shown = segs.map((s, i) => (i === 0 ? s : i === segs.length - 1 ? '••••' : `${s.slice(0, 4)}…`));
  return `${url.origin}/${shown.join('/')}`;
}

async function checkedUrl(store: WebhookStore, raw: string): Promise<URL> {
  if (raw.length > 2048) throw new WebhookError('invalid_argument', 'a webhook URL is at most 2048 characters');
  try {
    return await checkWebhookUrl(raw.trim(), store.guard);
  } catch (err) {
    if (err instanceof UnsafeUrlError) throw new WebhookError('unsafe_url', err.message);
    throw err;
  }
}

function checkedPatterns(events: string[]): string[] {
  try {
    return normalizePatterns(events);
  } catch (err) {
    if (err instanceof PatternError) throw new WebhookError('invalid_argument', err.message);
    throw err;
  }
}

async function resolveConnection(db: Kysely<Database>, ref: string | null | undefined): Promise<string | null | undefined> {
  if (ref === undefined || ref === null) return ref;
  const row = await db
    .selectFrom('idp_connections')
    .select('id')
    .where((eb) => (UUID.test(ref) ? eb.or([eb('id', '=', ref), eb(sql`lower(name)`, '=', ref.toLowerCase())]) : eb(sql`lower(name)`, '=', ref.toLowerCase())))
    .executeTakeFirst();
  if (!row) throw new WebhookError('invalid_argument', `no IdP connection "${ref}"`);
  return row.id;
}

function checkDescription(d: string | undefined): string | undefined {
  if (d !== undefined && d.length > 500) throw new WebhookError('invalid_argument', 'a description is at most 500 characters');
  return d?.trim();
}

/** The audited view of a subscription: what changed, never a URL's secret part or a secret. */
function audited(r: Pick<WebhookSubscriptionRow, 'kind' | 'url_display' | 'events' | 'connection_id' | 'description' | 'enabled'>) {
  return { kind: r.kind, url: r.url_display, events: r.events, connectionId: r.connection_id, description: r.description, enabled: r.enabled };
}

function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const out: Record<string, { before?: unknown; after?: unknown }> = {};
  for (const k of Object.keys(after)) if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = { before: before[k], after: after[k] };
  return out;
}

export async function createSubscription(store: WebhookStore, actor: Actor, input: SubscriptionInput & { kind: WebhookKind; url: string }): Promise<{ subscription: WebhookSubscription; secret?: string }> {
  if (!WEBHOOK_KINDS.includes(input.kind)) throw new WebhookError('invalid_argument', `kind must be one of ${WEBHOOK_KINDS.join(', ')}`);
  const url = await checkedUrl(store, input.url);
  const events = checkedPatterns(input.events ?? ['*']);
  const description = checkDescription(input.description) ?? '';
  const connectionId = (await resolveConnection(store.db, input.connection)) ?? null;
  const id = randomUUID();
  const secret = input.kind === 'hmac' ? newSigningSecret() : undefined;
  const enabled = input.enabled ?? true;
  await store.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('webhook_subscriptions')
      .values({
        id,
        kind: input.kind,
        url_encrypted: store.keyRing.encrypt(url.href, urlContext(id)),
        url_display: maskUrl(url, input.kind),
        events,
        connection_id: connectionId,
        description,
        enabled,
        disabled_at: enabled ? null : (sql`now()` as never),
        disabled_reason: enabled ? null : 'created disabled',
        secret_encrypted: secret ? store.keyRing.encrypt(secret, secretContext(id)) : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, [{ action: 'webhook.created', resourceType: 'WebhookSubscription', resourceId: id, diff: diff({}, audited(row)) }]);
  });
  return { subscription: (await getSubscription(store.db, id))!, ...(secret ? { secret } : {}) };
}

export async function updateSubscription(store: WebhookStore, actor: Actor, id: string, input: SubscriptionInput): Promise<WebhookSubscription> {
  if (!UUID.test(id)) throw new WebhookError('not_found', `no webhook subscription ${id}`);
  const url = input.url === undefined ? undefined : await checkedUrl(store, input.url);
  const events = input.events === undefined ? undefined : checkedPatterns(input.events);
  const description = checkDescription(input.description);
  const connectionId = await resolveConnection(store.db, input.connection);
  await store.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw new WebhookError('not_found', `no webhook subscription ${id}`);
    const set: Record<string, unknown> = {};
    if (url) Object.assign(set, { url_encrypted: store.keyRing.encrypt(url.href, urlContext(id)), url_display: maskUrl(url, before.kind) });
    if (events) set.events = events;
    if (description !== undefined) set.description = description;
    if (connectionId !== undefined) set.connection_id = connectionId;
    if (input.enabled !== undefined && input.enabled !== before.enabled) {
      // Enabling clears the failure history: a fixed endpoint starts with a clean slate.
      Object.assign(set, input.enabled
        ? { enabled: true, disabled_at: null, disabled_reason: null, failing_since: null, paused_until: null }
        : { enabled: false, disabled_at: sql`now()`, disabled_reason: 'disabled by an admin' });
    }
    if (Object.keys(set).length === 0) return;
    const after = await trx
      .updateTable('webhook_subscriptions')
      .set({ ...set, updated_at: sql`now()` } as never)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const d = diff(audited(before), audited(after));
    if (url && !d.url) d.url = { before: before.url_display, after: after.url_display }; // same mask, new URL
    if (Object.keys(d).length === 0) return;
    const action = Object.keys(d).length === 1 && d.enabled ? (after.enabled ? 'webhook.enabled' : 'webhook.disabled') : 'webhook.updated';
    await writeAudit(trx, actor, [{ action, resourceType: 'WebhookSubscription', resourceId: id, diff: d }]);
  });
  return (await getSubscription(store.db, id))!;
}

export async function removeSubscription(store: WebhookStore, actor: Actor, id: string): Promise<void> {
  if (!UUID.test(id)) throw new WebhookError('not_found', `no webhook subscription ${id}`);
  await store.db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom('webhook_subscriptions').where('id', '=', id).returningAll().executeTakeFirst();
    if (!row) throw new WebhookError('not_found', `no webhook subscription ${id}`);
    await writeAudit(trx, actor, [{ action: 'webhook.removed', resourceType: 'WebhookSubscription', resourceId: id, diff: diff(audited(row), {}) }]);
  });
}

/**
 * A new signing secret; the current one keeps signing alongside it for `overlapHours` (both
 * signatures on every request), so receivers can switch without dropping a delivery.
 */
export async function rotateSecret(store: WebhookStore, actor: Actor, id: string, overlapHours: number): Promise<{ subscription: WebhookSubscription; secret: string }> {
  if (!UUID.test(id)) throw new WebhookError('not_found', `no webhook subscription ${id}`);
  if (!(overlapHours >= 0 && overlapHours <= MAX_OVERLAP_HOURS)) throw new WebhookError('invalid_argument', `the overlap is 0 to ${MAX_OVERLAP_HOURS} hours`);
  const secret = newSigningSecret();
  await store.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('webhook_subscriptions').select(['kind', 'secret_encrypted']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw new WebhookError('not_found', `no webhook subscription ${id}`);
    if (before.kind !== 'hmac' || !before.secret_encrypted) throw new WebhookError('invalid_argument', 'only hmac subscriptions have a signing secret (a Slack URL is replaced by editing the URL)');
    // The old secret moves over re-encrypted under its new purpose (the AAD names the column).
    const old = store.keyRing.decrypt(before.secret_encrypted, secretContext(id));
    const overlap = overlapHours > 0;
    const after = await trx
      .updateTable('webhook_subscriptions')
      .set({
        secret_encrypted: store.keyRing.encrypt(secret, secretContext(id)),
        previous_secret_encrypted: overlap ? store.keyRing.encrypt(old, previousSecretContext(id)) : null,
        previous_secret_expires_at: (overlap ? sql`now() + ${overlapHours} * interval '1 hour'` : null) as never,
        updated_at: sql`now()` as never,
      })
      .where('id', '=', id)
      .returning('previous_secret_expires_at')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, [
      { action: 'webhook.secret_rotated', resourceType: 'WebhookSubscription', resourceId: id, diff: { secret: { before: '[redacted]', after: '[redacted]' }, previousSecretExpiresAt: { after: after.previous_secret_expires_at?.toISOString() ?? null } } },
    ]);
  });
  return { subscription: (await getSubscription(store.db, id))!, secret };
}

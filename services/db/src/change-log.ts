import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuditSource, Database } from './database.js';

/**
 * Who made a change, carried from the edge (SCIM token, admin session, CLI) into the audit
 * row and the outbox event written in the same transaction (DESIGN invariant 1).
 */
export interface Actor {
  source: AuditSource;
  connectionId?: string | null;
  tokenId?: string | null;
  adminId?: string | null;
  requestId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export interface AuditEntry {
  action: string;
  resourceType?: string | null;
  resourceId?: string | null;
  /** Field-level before/after, secrets already redacted by the caller. */
  diff?: unknown;
}

export interface OutboxEntry {
  type: string;
  resourceType: 'User' | 'Group';
  resourceId: string;
  payload: Record<string, unknown>;
  schemaVersion?: number;
}

/** The actor as it appears in outbox payloads (the public contract: docs/outbox.md). */
export function actorJson(actor: Actor): Record<string, unknown> {
  return {
    source: actor.source,
    connectionId: actor.connectionId ?? null,
    tokenId: actor.tokenId ?? null,
    adminId: actor.adminId ?? null,
  };
}

export async function writeAudit(trx: Transaction<Database>, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto('audit_events')
    .values(
      entries.map((e) => ({
        source: actor.source,
        connection_id: actor.connectionId ?? null,
        token_id: actor.tokenId ?? null,
        admin_id: actor.adminId ?? null,
        action: e.action,
        resource_type: e.resourceType ?? null,
        resource_id: e.resourceId ?? null,
        diff: e.diff === undefined ? null : JSON.stringify(e.diff),
        request_id: actor.requestId ?? null,
        ip: actor.ip ?? null,
        user_agent: actor.userAgent ?? null,
      })),
    )
    .execute();
}

export async function enqueueEvents(trx: Transaction<Database>, actor: Actor, events: OutboxEntry[]): Promise<void> {
  if (events.length === 0) return;
  const actorText = JSON.stringify(actorJson(actor));
  await trx
    .insertInto('outbox_events')
    .values(
      events.map((e) => ({
        type: e.type,
        schema_version: e.schemaVersion ?? 1,
        resource_type: e.resourceType,
        resource_id: e.resourceId,
        payload: JSON.stringify(e.payload),
        actor: actorText,
        request_id: actor.requestId ?? null,
      })),
    )
    .execute();
}

export const OUTBOX_CHANNEL = 'scim_outbox';

/**
 * Wakes outbox consumers. Sent after commit in its own statement, never inside the write
 * transaction: NOTIFY in a transaction serialises all notifying commits on a cluster-wide lock
 * (-53..64 % throughput measured, research/outbox-webhooks.md §3.2). Coalesced per process to
 * at most one per 50 ms; consumers poll anyway, so a lost nudge only costs latency.
 */
export function createOutboxNotifier(db: Kysely<Database>, intervalMs = 50): { nudge(): void; close(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let pending: Promise<unknown> = Promise.resolve();
  return {
    nudge() {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        pending = sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`.execute(db).catch(() => {});
      }, intervalMs);
    },
    async close() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await pending;
    },
  };
}

import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { AuditSource, Database } from './database.js';

/**
 * Who made a change, carried from the edge (SCIM token, admin session, CLI) into the audit
 * row and the outbox event written in the same transaction (docs/architecture.md invariant 1).
 */
export interface Actor {
  source: AuditSource;
  connectionId?: string | null;
  tokenId?: string | null;
  adminId?: string | null;
  requestId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /**
   * Set for a SCIM request authenticated from the per-process identity cache (scim/http/auth.ts):
   * a write's recordChange (or a user read's statement) then checks, in its own statement, that
   * tokenId is still valid, and sets `verified`. A revoked or expired token makes it throw
   * TokenNoLongerValidError, so nothing of the transaction commits and nothing read is sent.
   */
  tokenCheck?: { verified: boolean };
}

/** The token of a write's actor was revoked or expired before the write's statement ran. */
export class TokenNoLongerValidError extends Error {
  constructor() {
    super('the bearer token is no longer valid');
    this.name = 'TokenNoLongerValidError';
  }
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
 * (docs/architecture.md, "NOTIFY after commit"). Throttled per process: the first commit
 * after a quiet spell notifies at once, later ones at most once per `intervalMs` (one trailing
 * NOTIFY covers them all), so a lone change is not held back and a bulk push costs at most
 * 1000/intervalMs NOTIFY transactions a second (each has a commit record to flush). Consumers
 * poll anyway, so a lost nudge only costs latency.
 */
export function createOutboxNotifier(db: Kysely<Database>, intervalMs = 50): { nudge(): void; close(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let again = false;
  let pending: Promise<unknown> = Promise.resolve();
  const send = () => {
    pending = sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`.execute(db).catch(() => {});
    timer = setTimeout(() => {
      timer = undefined;
      if (again) {
        again = false;
        send();
      }
    }, intervalMs);
  };
  return {
    nudge() {
      if (timer) again = true;
      else send();
    },
    async close() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await pending;
    },
  };
}

/**
 * The token re-check every SCIM write runs inside its own write statement, as SQL text over an
 * expression for the token id (NULL = no check): valid, unrevoked, unexpired, and locked
 * FOR KEY SHARE until the write commits (see recordChange for why). One text for every
 * statement that writes on a token's behalf (recordChange, user-create.ts, user-update.ts).
 */
export function tokenStillValidSql(tokenId: string): string {
  return `(${tokenId} IS NULL
           OR EXISTS (SELECT 1 FROM scim_tokens t WHERE t.id = ${tokenId} AND t.revoked_at IS NULL
                         AND (t.expires_at IS NULL OR t.expires_at > now()) FOR KEY SHARE))`;
}

/**
 * The same check for a SCIM read, as a Kysely fragment riding in the statement that reads
 * (resources/list.ts, user-store.ts): no lock, since a read commits nothing that a revocation
 * would have to be ordered against; its snapshot postdates the request's arrival.
 */
export function tokenValidForRead(tokenId: string): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM scim_tokens t WHERE t.id = ${tokenId}::uuid AND t.revoked_at IS NULL
                         AND (t.expires_at IS NULL OR t.expires_at > now()))`;
}

/**
 * Audit rows and outbox events of one change, written in ONE statement (one round trip on the
 * hot path) inside the caller's transaction: the rows commit with the change or not at all.
 * With `actor.tokenCheck`, the same statement also checks the token (`ok`), so a SCIM write
 * needs no separate token lookup and a token revoked before the statement started still
 * writes nothing: its snapshot postdates the request's arrival.
 *
 * The check holds a KEY SHARE lock on the token row until the write commits. Revocation (and
 * deletion) lock the row FOR UPDATE first, so they wait for the writes that passed the check,
 * and a check that meets the lock waits for the revocation and then sees it: no write of the
 * token commits after its revocation commits (issue 14's burst race found writes whose check
 * ran just before the revocation committing just after it). KEY SHARE does not conflict with
 * the last-used update, which changes no key column.
 */
export async function recordChange(
  trx: Transaction<Database>,
  actor: Actor,
  audits: AuditEntry[],
  events: OutboxEntry[],
): Promise<void> {
  if (audits.length === 0 && events.length === 0) return;
  const auditRows = audits.map((e) => ({
    action: e.action,
    resource_type: e.resourceType ?? null,
    resource_id: e.resourceId ?? null,
    diff: e.diff === undefined ? null : e.diff,
  }));
  const eventRows = events.map((e) => ({
    type: e.type,
    schema_version: e.schemaVersion ?? 1,
    resource_type: e.resourceType,
    resource_id: e.resourceId,
    payload: e.payload,
  }));
  const checkToken = actor.tokenCheck && actor.tokenId ? actor.tokenId : null;
  const res = await sql<{ valid: boolean }>`
    WITH ok AS (
      SELECT ${sql.raw(tokenStillValidSql('tok.id'))} AS valid FROM (SELECT ${checkToken}::uuid AS id) tok
    ), a AS (
      INSERT INTO audit_events (source, connection_id, token_id, admin_id, action, resource_type, resource_id, diff, request_id, ip, user_agent)
      SELECT ${actor.source}, ${actor.connectionId ?? null}::uuid, ${actor.tokenId ?? null}::uuid, ${actor.adminId ?? null}::uuid,
             r.action, r.resource_type, r.resource_id, r.diff, ${actor.requestId ?? null}, ${actor.ip ?? null}, ${actor.userAgent ?? null}
        FROM jsonb_to_recordset(${JSON.stringify(auditRows)}::jsonb) AS r(action text, resource_type text, resource_id text, diff jsonb)
       WHERE (SELECT valid FROM ok)
    ), o AS (
      INSERT INTO outbox_events (type, schema_version, resource_type, resource_id, payload, actor, request_id)
      SELECT r.type, r.schema_version, r.resource_type, r.resource_id, r.payload, ${JSON.stringify(actorJson(actor))}::jsonb, ${actor.requestId ?? null}
        FROM ROWS FROM (jsonb_to_recordset(${JSON.stringify(eventRows)}::jsonb)
               AS (type text, schema_version int, resource_type text, resource_id text, payload jsonb))
             WITH ORDINALITY AS r(type, schema_version, resource_type, resource_id, payload, n)
       WHERE (SELECT valid FROM ok)
       ORDER BY r.n
    )
    SELECT valid FROM ok
  `.execute(trx);
  if (!res.rows[0]?.valid) throw new TokenNoLongerValidError();
  if (actor.tokenCheck) actor.tokenCheck.verified = true;
}

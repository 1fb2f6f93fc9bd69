import { CompiledQuery, type Transaction } from 'kysely';
import type pg from 'pg';
import { actorJson, tokenStillValidSql, TokenNoLongerValidError, type Actor, type Database } from '@scim/db';
import type { JsonObject } from '../core/types.js';
import { userResourceSql } from './user-create.js';
import type { GroupRef } from './render.js';
import { userGroupsJsonSql, type StoredUser } from './user-store.js';

// A PUT or PATCH that changed something: the new document, the email rows when emails
// changed, the token re-check, the audit row and the outbox event in ONE statement (issue 17:
// one round trip instead of three to five). Email rows are upserted by position and the
// surplus deleted: the two touch disjoint rows, so the statement's parts cannot trip over each
// other. The event's resource is rendered in SQL as on create (user-create.ts).
//
// Two ways in (user-writes.ts): inside a transaction that locked the row ($20 NULL), or alone in
// its own implicit transaction with $20 = the version the caller read without a lock — then the
// row is written only if it is still that version, so the document, the diff and the If-Match
// decision the caller made from that read are exactly those of the row replaced (optimistic
// concurrency; a moved version writes nothing and the caller takes the locking path).
const UPDATE_USER = `
  WITH ok AS (
    SELECT ${tokenStillValidSql('$5::uuid')} AS valid
  ), u AS (
    UPDATE users SET doc = $1::jsonb, version = version + 1, updated_at = now(),
           password_hash = coalesce($3::text, password_hash),
           source = CASE WHEN $4::uuid IS NULL THEN source ELSE 'scim' END,
           connection_id = coalesce($4::uuid, connection_id)
     WHERE id = $2::uuid AND deleted_at IS NULL AND ($20::int IS NULL OR version = $20::int) AND (SELECT valid FROM ok)
    RETURNING id, source, connection_id, version, created_at, updated_at, deleted_at
  ), emails AS (
    SELECT (e.n - 1)::int AS ord, e.v ->> 'value' AS value, e.v ->> 'type' AS type,
           coalesce(e.v -> 'primary' = 'true'::jsonb, false) AS is_primary, e.v ->> 'display' AS display
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof($1::jsonb -> 'emails') = 'array' THEN $1::jsonb -> 'emails' ELSE '[]'::jsonb END)
           WITH ORDINALITY AS e(v, n)
     WHERE $6::boolean
  ), surplus AS (
    DELETE FROM user_emails d USING u
     WHERE $6::boolean AND d.user_id = u.id AND d.ord >= (SELECT count(*) FROM emails)
  ), upsert AS (
    INSERT INTO user_emails (user_id, ord, value, type, is_primary, display)
    SELECT u.id, emails.ord, emails.value, emails.type, emails.is_primary, emails.display FROM u, emails
    ON CONFLICT (user_id, ord) DO UPDATE
       SET value = excluded.value, type = excluded.type, is_primary = excluded.is_primary, display = excluded.display
  ), a AS (
    INSERT INTO audit_events (source, connection_id, token_id, admin_id, action, resource_type, resource_id, diff, request_id, ip, user_agent)
    SELECT $7::text, $8::uuid, $9::uuid, $10::uuid, $11::text, 'User', u.id::text, $12::jsonb, $13::text, $14::text, $15::text FROM u
  ), o AS (
    INSERT INTO outbox_events (type, resource_type, resource_id, payload, actor, request_id)
    SELECT $16::text, 'User', u.id::text, jsonb_build_object('resource', ${userResourceSql('$1::jsonb', '$17::text')}) || $18::jsonb,
           $19::jsonb, $13::text
      FROM u
  )
  SELECT (SELECT valid FROM ok) AS valid, u.*,
         -- The user's groups for the response, in this statement's snapshot (a PUT or PATCH of a
         -- user never changes them): no read after the commit. Ordered as groupsOfUsers orders them.
         ${userGroupsJsonSql('u.id')} AS groups
    FROM ok LEFT JOIN u ON true`;

export interface UserChange {
  id: string;
  doc: JsonObject;
  passwordHash?: string;
  /** Set when the write adopts a local user: it becomes managed by this connection. */
  adoptBy?: string;
  emailsChanged: boolean;
  action: string;
  diff: unknown;
  eventType: string;
  /** Event payload fields besides `resource` (changedFields, adopted). */
  eventExtra: Record<string, unknown>;
}

function params(actor: Actor, baseUrl: string, c: UserChange, expectedVersion: number | null): unknown[] {
  const checkToken = actor.tokenCheck && actor.tokenId ? actor.tokenId : null;
  return [
    JSON.stringify(c.doc), c.id, c.passwordHash ?? null, c.adoptBy ?? null, checkToken, c.emailsChanged,
    actor.source, actor.connectionId ?? null, actor.tokenId ?? null, actor.adminId ?? null, c.action, JSON.stringify(c.diff),
    actor.requestId ?? null, actor.ip ?? null, actor.userAgent ?? null,
    c.eventType, baseUrl, JSON.stringify(c.eventExtra), JSON.stringify(actorJson(actor)), expectedVersion,
  ];
}

/** The user as written, with the groups it is a member of. */
export type WrittenUser = StoredUser & { groups: GroupRef[] };
type Row = Omit<WrittenUser, 'doc'> & { valid: boolean };

function written(row: Row, actor: Actor, doc: JsonObject): WrittenUser | undefined {
  if (!row.valid) throw new TokenNoLongerValidError();
  if (actor.tokenCheck) actor.tokenCheck.verified = true;
  if (row.id === null) return undefined;
  const { valid: _valid, ...stored } = row;
  return { ...stored, doc };
}

/** Writes a user change with its audit row and event; the caller holds the row lock. */
export async function writeUserChange(trx: Transaction<Database>, actor: Actor, baseUrl: string, c: UserChange): Promise<WrittenUser> {
  const res = await trx.executeQuery(CompiledQuery.raw(UPDATE_USER, params(actor, baseUrl, c, null)));
  const user = written(res.rows[0] as Row, actor, c.doc);
  if (!user) throw new Error(`the locked user ${c.id} was not updated`);
  return user;
}

/**
 * The same write without a transaction or a lock: one round trip, a named prepared statement.
 * Writes only if the live row is still at `expectedVersion`; `undefined` when it is not (another
 * write got there first, or the user was deleted) and nothing was written.
 */
export async function writeUserChangeAt(pool: Pick<pg.Pool, 'query'>, actor: Actor, baseUrl: string, c: UserChange, expectedVersion: number): Promise<WrittenUser | undefined> {
  const res = await pool.query({ name: 'scim-update-user-at', text: UPDATE_USER, values: params(actor, baseUrl, c, expectedVersion) });
  return written(res.rows[0] as Row, actor, c.doc);
}

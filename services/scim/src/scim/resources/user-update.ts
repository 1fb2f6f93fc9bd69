import { CompiledQuery, type Transaction } from 'kysely';
import { actorJson, tokenStillValidSql, TokenNoLongerValidError, type Actor, type Database } from '@scim/db';
import type { JsonObject } from '../core/types.js';
import { userResourceSql } from './user-create.js';
import type { StoredUser } from './user-store.js';

// A PUT or PATCH that changed something, after its transaction locked the user row: the new
// document, the email rows when emails changed, the token re-check, the audit row and the
// outbox event in ONE statement (issue 17: one round trip instead of three to five). Email
// rows are upserted by position and the surplus deleted: the two touch disjoint rows, so the
// statement's parts cannot trip over each other. The event's resource is rendered in SQL as on
// create (user-create.ts).
const UPDATE_USER = `
  WITH ok AS (
    SELECT ${tokenStillValidSql('$5::uuid')} AS valid
  ), u AS (
    UPDATE users SET doc = $1::jsonb, version = version + 1, updated_at = now(),
           password_hash = coalesce($3::text, password_hash),
           source = CASE WHEN $4::uuid IS NULL THEN source ELSE 'scim' END,
           connection_id = coalesce($4::uuid, connection_id)
     WHERE id = $2::uuid AND (SELECT valid FROM ok)
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
  SELECT (SELECT valid FROM ok) AS valid, u.* FROM ok LEFT JOIN u ON true`;

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

/** Writes a user change with its audit row and event; the caller holds the row lock. */
export async function writeUserChange(trx: Transaction<Database>, actor: Actor, baseUrl: string, c: UserChange): Promise<StoredUser> {
  const checkToken = actor.tokenCheck && actor.tokenId ? actor.tokenId : null;
  const res = await trx.executeQuery(CompiledQuery.raw(UPDATE_USER, [
    JSON.stringify(c.doc), c.id, c.passwordHash ?? null, c.adoptBy ?? null, checkToken, c.emailsChanged,
    actor.source, actor.connectionId ?? null, actor.tokenId ?? null, actor.adminId ?? null, c.action, JSON.stringify(c.diff),
    actor.requestId ?? null, actor.ip ?? null, actor.userAgent ?? null,
    c.eventType, baseUrl, JSON.stringify(c.eventExtra), JSON.stringify(actorJson(actor)),
  ]));
  const row = res.rows[0] as Omit<StoredUser, 'doc'> & { valid: boolean };
  if (!row.valid) throw new TokenNoLongerValidError();
  if (actor.tokenCheck) actor.tokenCheck.verified = true;
  if (row.id === null) throw new Error(`the locked user ${c.id} was not updated`);
  const { valid: _valid, ...stored } = row;
  return { ...stored, doc: c.doc };
}

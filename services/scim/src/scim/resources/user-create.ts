import { actorJson, tokenStillValidSql, type Actor } from '@scim/db';
import type pg from 'pg';
import type { JsonObject } from '../core/types.js';
import type { StoredUser } from './user-store.js';

// The common case of a provisioning push — a userName never seen before — as ONE statement in
// its own implicit transaction: the token re-check, the user row, its email rows, the audit row
// and the outbox event commit together or not at all (docs/architecture.md invariant 1), in one
// round trip instead of BEGIN, two data statements and COMMIT. A named prepared statement: parsed
// and planned once per connection, then only bound (issue 17 measured each of these levers;
// BENCHMARKS.md). The document travels once, as $1, and is parsed once as jsonb.
//
// The outbox payload's `resource` is rendered here in SQL, because id and meta come from the row
// this statement inserts. It must equal renderUser (render.ts) of the returned row: the stored
// doc carries `schemas`; timestamps are cut to the millisecond as Date#toISOString does after
// pg's parser (both truncate). services/scim/test/http/create-statement.test.ts holds the two
// equal (and user-update.ts uses the same rendering).
/**
 * renderUser (render.ts) in SQL, for the row `u` a statement just wrote: `doc` is the stored
 * document (it carries `schemas`), `base` the public base URL.
 */
export function userResourceSql(doc: string, base: string): string {
  const iso = (col: string) => `to_char(u.${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  return `${doc} || jsonb_build_object('id', u.id, 'meta', jsonb_build_object(
                 'resourceType', 'User', 'created', ${iso('created_at')}, 'lastModified', ${iso('updated_at')},
                 'location', ${base} || '/scim/v2/Users/' || u.id, 'version', 'W/"' || u.version || '"'))`;
}

const CREATE_USER = {
  name: 'scim-create-user',
  text: `
    WITH ok AS (
      SELECT ${tokenStillValidSql('$6::uuid')} AS valid
    ), u AS (
      INSERT INTO users (doc, source, connection_id, password_hash)
      SELECT $1::jsonb, 'scim', $2::uuid, $3::text
       WHERE (SELECT valid FROM ok)
         AND NOT EXISTS (SELECT 1 FROM users x WHERE lower(x.user_name) = lower($4::text))
         AND NOT EXISTS (SELECT 1 FROM users x WHERE x.external_id = $5::text AND x.deleted_at IS NOT NULL)
      ON CONFLICT DO NOTHING
      RETURNING id, version, created_at, updated_at
    ), e AS (
      INSERT INTO user_emails (user_id, ord, value, type, is_primary, display)
      SELECT u.id, (e.n - 1)::int, e.v ->> 'value', e.v ->> 'type', coalesce(e.v -> 'primary' = 'true'::jsonb, false), e.v ->> 'display'
        FROM u, jsonb_array_elements(CASE WHEN jsonb_typeof($1::jsonb -> 'emails') = 'array' THEN $1::jsonb -> 'emails' ELSE '[]'::jsonb END)
             WITH ORDINALITY AS e(v, n)
    ), a AS (
      INSERT INTO audit_events (source, connection_id, token_id, action, resource_type, resource_id, diff, request_id, ip, user_agent)
      SELECT 'scim', $2::uuid, $7::uuid, 'user.created', 'User', u.id::text, $8::jsonb, $9::text, $10::text, $11::text FROM u
    ), o AS (
      INSERT INTO outbox_events (type, resource_type, resource_id, payload, actor, request_id)
      SELECT 'user.created', 'User', u.id::text,
             jsonb_build_object(
               'resource', ${userResourceSql('$1::jsonb', '$12::text')},
               'changedFields', '[]'::jsonb),
             $13::jsonb, $9::text
        FROM u
    )
    SELECT (SELECT valid FROM ok) AS valid, u.id, u.version, u.created_at, u.updated_at FROM ok LEFT JOIN u ON true`,
};

export interface NewUser {
  doc: JsonObject;
  connectionId: string;
  passwordHash?: string;
  userName: string;
  externalId?: string;
  /** The audit diff, secrets already redacted. */
  diff: unknown;
}

/**
 * Inserts a user whose userName is new, with its audit row and `user.created` event. Returns
 * `undefined` when the userName is live, a soft-deleted user could be revived (same userName or
 * externalId), or a concurrent insert won the unique index: the caller then takes the locking
 * path. `tokenValid` is false when the actor's token was revoked or expired (nothing written).
 */
export async function insertNewUser(
  pool: Pick<pg.Pool, 'query'>, actor: Actor, baseUrl: string, v: NewUser,
): Promise<{ tokenValid: boolean; user?: StoredUser }> {
  const checkToken = actor.tokenCheck && actor.tokenId ? actor.tokenId : null;
  const res = await pool.query({
    ...CREATE_USER,
    values: [
      JSON.stringify(v.doc), v.connectionId, v.passwordHash ?? null, v.userName, v.externalId ?? null, checkToken,
      actor.tokenId ?? null, JSON.stringify(v.diff), actor.requestId ?? null, actor.ip ?? null, actor.userAgent ?? null,
      baseUrl, JSON.stringify(actorJson(actor)),
    ],
  });
  const row = res.rows[0] as { valid: boolean; id: string | null; version: number; created_at: Date; updated_at: Date };
  if (!row.valid) return { tokenValid: false };
  if (actor.tokenCheck) actor.tokenCheck.verified = true;
  if (row.id === null) return { tokenValid: true };
  return {
    tokenValid: true,
    user: {
      id: row.id, doc: v.doc, source: 'scim', connection_id: v.connectionId, version: row.version,
      created_at: row.created_at, updated_at: row.updated_at, deleted_at: null,
    },
  };
}

// The seeded user of the benchmarks (bench/scim.ts, bench/scim-xl.ts, bench/page-gc.ts), through
// SQL: an Entra-like document (~470 bytes of JSON: name, one email, the enterprise extension).
import type pg from 'pg';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/**
 * Users `from`…`to` (user<i>@example.com, ext-<i>), one email row each; user i is
 * `total - i` seconds old, so the last one seeded is the newest and a delta of the last N
 * (`meta.lastModified gt`) is N users.
 */
export async function seedUsers(pool: Pick<pg.Pool, 'query'>, from: number, to: number, connectionId: string, total: number): Promise<void> {
  await pool.query(`
    WITH u AS (
      INSERT INTO users (doc, source, connection_id, updated_at, created_at)
      SELECT jsonb_build_object(
               'schemas', jsonb_build_array('urn:ietf:params:scim:schemas:core:2.0:User', $4::text),
               'userName', 'user' || i || '@example.com', 'externalId', 'ext-' || i,
               'displayName', 'User ' || i, 'active', true,
               'name', jsonb_build_object('givenName', 'Given' || i, 'familyName', 'Family' || (i % 1000)),
               'emails', jsonb_build_array(jsonb_build_object('value', 'user' || i || '@example.com', 'type', 'work', 'primary', true)),
               $4::text, jsonb_build_object('department', 'Dept' || (i % 50))),
             'scim', $3, now() - make_interval(secs => $5 - i), now() - make_interval(secs => $5 - i)
        FROM generate_series($1::int, $2::int) AS i
      RETURNING id, user_name)
    INSERT INTO user_emails (user_id, ord, value, type, is_primary) SELECT id, 0, user_name, 'work', true FROM u`,
  [from, to, connectionId, ENT, total]);
}

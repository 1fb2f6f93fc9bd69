import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type pg from 'pg';
import type { Database } from '@scim/db';
import type { JsonObject } from '../core/types.js';
import { ROW_COLUMNS, lockLiveRow, readLiveRow, softDeleteRow, type StoredRow } from './row-store.js';
import type { GroupRef } from './render.js';

// Data functions for users: executor first, transactions where rows are locked (Kysely
// example-app style). No business rules here; user-writes.ts holds those.

export type StoredUser = StoredRow;

/**
 * The live user, read by a named prepared statement (parsed and planned once per connection):
 * the first statement of every PUT and PATCH (user-writes.ts writeUpdate).
 */
export async function findLiveUser(pool: Pick<pg.Pool, 'query'>, id: string): Promise<StoredUser | undefined> {
  const res = await pool.query<StoredUser>({
    name: 'scim-find-live-user',
    text: `SELECT ${ROW_COLUMNS.join(', ')} FROM users WHERE id = $1::uuid AND deleted_at IS NULL`,
    values: [id],
  });
  return res.rows[0];
}

/**
 * SQL text: the groups of the user whose id is `userId` (an expression of the caller's
 * statement) as one jsonb array of {value, display}, ordered as groupsOfUsers orders them. Read
 * in the same statement as the user row: one round trip and one snapshot instead of a second
 * query (issue 17: an IdP's lookup is three sequential round trips otherwise).
 */
export function userGroupsJsonSql(userId: string): string {
  return `(SELECT coalesce(jsonb_agg(jsonb_build_object('value', g.id, 'display', g.display_name) ORDER BY g.display_name, g.id), '[]'::jsonb)
            FROM group_members m JOIN groups g ON g.id = m.group_id
           WHERE m.member_id = ${userId} AND g.deleted_at IS NULL)`;
}

/** GET /Users/{id} in one statement (row-store.ts readLiveRow), with the user's groups when `groups`. */
export async function readLiveUser(
  db: Kysely<Database>, id: string, opts: { groups: boolean; tokenId?: string; pool: Pick<pg.Pool, 'query'> },
): Promise<{ row?: StoredUser; groups?: GroupRef[]; tokenValid: boolean }> {
  const extra = opts.groups ? sql`${sql.raw(userGroupsJsonSql('r.id'))} AS groups` : undefined;
  const { row, tokenValid } = await readLiveRow<{ groups?: GroupRef[] }>(db, 'users', id, { tokenId: opts.tokenId, extra, pool: opts.pool });
  if (!row) return { tokenValid };
  const { groups, ...user } = row;
  return { row: user, groups, tokenValid };
}

export const lockLiveUser = (trx: Transaction<Database>, id: string) => lockLiveRow(trx, 'users', id);

/**
 * Rows a POST may collide with or revive: the live user holding this userName
 * (case-insensitively), and soft-deleted users with the same userName or externalId, most
 * recently deleted first. Locked, so two concurrent POSTs cannot both revive one row.
 */
export async function lockCreateCandidates(trx: Transaction<Database>, userName: string, externalId: string | undefined): Promise<StoredUser[]> {
  let q = trx
    .selectFrom('users')
    .select(ROW_COLUMNS)
    // A UNION of two index probes rather than an OR, which a table without statistics plans as
    // a sequential scan on a table never analysed (see user-create.ts).
    .where('id', 'in', (eb) => {
      const byName = eb.selectFrom('users').select('id').where(sql`lower(user_name)`, '=', userName.toLowerCase());
      return externalId === undefined
        ? byName
        : byName.unionAll(eb.selectFrom('users').select('id').where('external_id', '=', externalId).where('deleted_at', 'is not', null));
    })
    // The same conditions on the locked row itself: after waiting for a row lock PostgreSQL
    // re-checks the row's own conditions on its newest version, not the subquery's. A row
    // renamed (or revived) while this waited drops out instead of being adopted or revived
    // under a userName it no longer holds (user-writes.ts then answers the lost race, 409).
    .where((eb) => {
      const byName = eb(sql`lower(user_name)`, '=', userName.toLowerCase());
      return externalId === undefined ? byName : eb.or([byName, eb.and([eb('external_id', '=', externalId), eb('deleted_at', 'is not', null)])]);
    })
    .orderBy(sql`deleted_at IS NULL`, 'desc')
    .orderBy('deleted_at', 'desc')
    .limit(5)
    .forUpdate();
  return (await q.execute()) as StoredUser[];
}

/** Writes a new document (and optionally ownership, password, revival); bumps the version. */
export async function updateUser(
  trx: Transaction<Database>,
  id: string,
  v: { doc: JsonObject; passwordHash?: string; connectionId?: string; revive?: boolean },
): Promise<StoredUser> {
  let q = trx
    .updateTable('users')
    .set({ doc: JSON.stringify(v.doc), version: sql`version + 1` as never, updated_at: sql`now()` as never })
    .where('id', '=', id);
  if (v.passwordHash !== undefined) q = q.set({ password_hash: v.passwordHash });
  if (v.connectionId !== undefined) q = q.set({ source: 'scim', connection_id: v.connectionId });
  if (v.revive) q = q.set({ deleted_at: null });
  return (await q.returning(ROW_COLUMNS).executeTakeFirstOrThrow()) as StoredUser;
}

/**
 * The user_emails index rows, derived in SQL from the stored document (one source of truth:
 * doc.emails), for the user `userId`.
 */
function insertEmailsFromDoc(userId: RawBuilder<unknown>, doc: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`INSERT INTO user_emails (user_id, ord, value, type, is_primary, display)
    SELECT ${userId}, (e.n - 1)::int, e.v ->> 'value', e.v ->> 'type', coalesce(e.v -> 'primary' = 'true'::jsonb, false), e.v ->> 'display'
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${doc} -> 'emails') = 'array' THEN ${doc} -> 'emails' ELSE '[]'::jsonb END)
           WITH ORDINALITY AS e(v, n)`;
}

/** Rewrites the email index rows of a user from its current document. */
export async function syncEmails(trx: Transaction<Database>, userId: string): Promise<void> {
  await trx.deleteFrom('user_emails').where('user_id', '=', userId).execute();
  await insertEmailsFromDoc(sql`${userId}::uuid`, sql`(SELECT doc FROM users WHERE id = ${userId}::uuid)`).execute(trx);
}

export const softDeleteUser = (trx: Transaction<Database>, id: string) => softDeleteRow(trx, 'users', id);

/** Direct group memberships of these users (the readOnly `groups` attribute). */
export async function groupsOfUsers(db: Kysely<Database>, userIds: string[]): Promise<Map<string, GroupRef[]>> {
  const out = new Map<string, GroupRef[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('group_members as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select(['m.member_id', 'g.id', 'g.display_name'])
    .where('m.member_id', 'in', userIds)
    .where('g.deleted_at', 'is', null)
    .orderBy('g.display_name')
    .execute();
  for (const r of rows) {
    const list = out.get(r.member_id) ?? [];
    list.push({ value: r.id, display: r.display_name });
    out.set(r.member_id, list);
  }
  return out;
}

/**
 * Locks the groups `userId` is a member of, in id order. A user's delete takes them before the
 * user row: the order group writes take (group, then its member users), so the two do not wait
 * on each other in a cycle. (A membership added between this and the user lock is still
 * handled, by removeFromAllGroups; the rare deadlock that can leave is retried.)
 */
export async function lockGroupsOf(trx: Transaction<Database>, userId: string): Promise<void> {
  await sql`SELECT id FROM groups WHERE id IN (SELECT group_id FROM group_members WHERE member_id = ${userId}::uuid) ORDER BY id FOR NO KEY UPDATE`.execute(trx);
}

/** A deleted user leaves every group; returns the groups it left (to announce the removals). */
export async function removeFromAllGroups(trx: Transaction<Database>, memberId: string): Promise<{ group_id: string; display_name: string }[]> {
  const removed = await trx.deleteFrom('group_members').where('member_id', '=', memberId).returning(['group_id']).execute();
  if (removed.length === 0) return [];
  await trx
    .updateTable('groups')
    .set({ version: sql`version + 1` as never, updated_at: sql`now()` as never })
    .where('id', 'in', removed.map((r) => r.group_id))
    .execute();
  return trx.selectFrom('groups').select(['id as group_id', 'display_name']).where('id', 'in', removed.map((r) => r.group_id)).execute();
}

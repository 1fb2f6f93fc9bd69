import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '@scim/db';
import { scimErrors } from '../core/errors.js';
import { compileMemberSelection } from '../core/filter/sql.js';
import type { ValuePathFilter } from '../core/patch/target.js';
import type { MemberRef } from '../core/normalize.js';
import { isUuid } from '../../util/uuid.js';

// Set-based membership SQL (docs/architecture.md invariant 3): every statement touches the changed member
// rows only — inserts go through ON CONFLICT DO NOTHING, deletes through = ANY($ids) — so
// adding one member to a 100,000-member group costs the same as to an empty one.

export interface Member {
  value: string;
  type: 'User' | 'Group';
}

type Row = { member_id: string; member_type: 'User' | 'Group' };
const toMember = (r: Row): Member => ({ value: r.member_id, type: r.member_type });

/**
 * Checks that every referenced member exists (a live user or group) and learns its type.
 * Unknown ids fail the whole write: a membership pointing nowhere is never stored.
 */
export async function resolveMembers(trx: Transaction<Database>, groupId: string, refs: MemberRef[]): Promise<Member[]> {
  const ids = [...new Set(refs.map((r) => r.value))];
  if (ids.length === 0) return [];
  const malformed = ids.filter((id) => !isUuid(id));
  if (malformed.length) throw scimErrors.invalidValue(`unknown member id(s): ${malformed.slice(0, 5).join(', ')}`);
  if (ids.includes(groupId)) throw scimErrors.invalidValue('a group cannot be a member of itself');
  // FOR KEY SHARE: a user whose delete is in flight is waited for and then re-checked (READ
  // COMMITTED re-evaluates deleted_at on the locked row), so a membership of a user deleted
  // meanwhile is refused instead of stored. It does not block the user's ordinary updates.
  const found = await sql<Row>`
    SELECT * FROM (SELECT id AS member_id, 'User'::text AS member_type FROM users WHERE id = ANY(${ids}::uuid[]) AND deleted_at IS NULL FOR KEY SHARE) u
    UNION ALL
    SELECT id, 'Group' FROM groups WHERE id = ANY(${ids}::uuid[]) AND deleted_at IS NULL`.execute(trx);
  if (found.rows.length !== ids.length) {
    const known = new Set(found.rows.map((r) => r.member_id));
    const missing = ids.filter((id) => !known.has(id));
    throw scimErrors.invalidValue(`unknown member id(s): ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`);
  }
  return found.rows.map(toMember);
}

export async function addMembers(trx: Transaction<Database>, groupId: string, members: Member[]): Promise<Member[]> {
  if (members.length === 0) return [];
  const rows = await sql<Row>`
    INSERT INTO group_members (group_id, member_id, member_type)
    SELECT ${groupId}::uuid, m.id, m.t FROM unnest(${members.map((m) => m.value)}::uuid[], ${members.map((m) => m.type)}::text[]) AS m(id, t)
    ON CONFLICT DO NOTHING
    RETURNING member_id, member_type`.execute(trx);
  return rows.rows.map(toMember);
}

export async function removeMembers(trx: Transaction<Database>, groupId: string, ids: string[]): Promise<Member[]> {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return [];
  const rows = await trx
    .deleteFrom('group_members')
    .where('group_id', '=', groupId)
    .where(sql<boolean>`member_id = ANY(${valid}::uuid[])`)
    .returning(['member_id', 'member_type'])
    .execute();
  return rows.map(toMember);
}

/** `remove members` without a filter, or the removal half of a full replace. */
export async function removeMembersExcept(trx: Transaction<Database>, groupId: string, keep: string[]): Promise<Member[]> {
  const rows = await trx
    .deleteFrom('group_members')
    .where('group_id', '=', groupId)
    .where(sql<boolean>`NOT (member_id = ANY(${keep}::uuid[]))`)
    .returning(['member_id', 'member_type'])
    .execute();
  return rows.map(toMember);
}

/** `remove members[display co "x"]` and other member filters, compiled to SQL. */
export async function removeMembersWhere(trx: Transaction<Database>, groupId: string, filter: ValuePathFilter): Promise<Member[]> {
  const rows = await sql<Row>`
    DELETE FROM group_members d USING groups g
     WHERE g.id = ${groupId}::uuid AND d.group_id = g.id
       AND d.member_id IN (${compileMemberSelection(filter, 'g')})
    RETURNING d.member_id, d.member_type`.execute(trx);
  return rows.rows.map(toMember);
}

/**
 * A user's `groups` is part of its representation, so a membership change is a new version of
 * each member user (meta.version/ETag and meta.lastModified move; RFC 7644 §3.14). Rows are
 * locked in id order, so two group writes never wait on each other's users in a cycle.
 */
export async function touchMemberUsers(trx: Transaction<Database>, members: Member[]): Promise<void> {
  const ids = members.filter((m) => m.type === 'User').map((m) => m.value);
  if (ids.length === 0) return;
  await sql`
    WITH locked AS (
      SELECT id FROM users WHERE id = ANY(${ids}::uuid[]) AND deleted_at IS NULL ORDER BY id FOR NO KEY UPDATE
    )
    UPDATE users u SET version = u.version + 1, updated_at = now() FROM locked WHERE u.id = locked.id`.execute(trx);
}

export interface MemberPageRow {
  member_id: string;
  member_type: 'User' | 'Group';
  display: string | null;
}

/**
 * One page of a group's members in member_id order (keyset): a huge group is read and sent
 * in pages, never held in memory whole.
 */
export async function memberPage(db: Kysely<Database>, groupId: string, after: string | null, limit: number): Promise<MemberPageRow[]> {
  const res = await sql<MemberPageRow>`
    SELECT m.member_id, m.member_type, coalesce(u.display_name, u.user_name, g.display_name) AS display
      FROM group_members m
      LEFT JOIN users u ON m.member_type = 'User' AND u.id = m.member_id
      LEFT JOIN groups g ON m.member_type = 'Group' AND g.id = m.member_id
     WHERE m.group_id = ${groupId}::uuid ${after ? sql`AND m.member_id > ${after}::uuid` : sql``}
     ORDER BY m.member_id
     LIMIT ${limit}`.execute(db);
  return res.rows;
}

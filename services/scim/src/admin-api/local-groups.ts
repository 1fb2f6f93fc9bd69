import { sql, type Kysely, type Transaction } from 'kysely';
import { enqueueEvents, writeAudit, type Actor, type Database, type GroupRow } from '@scim/db';
import { diffFields } from '../audit/diff.js';
import { inTransaction } from '../scim/resources/context.js';
import { touchMemberUsers } from '../scim/resources/group-members.js';
import { softDeleteGroup } from '../scim/resources/group-store.js';
import { renderGroup } from '../scim/resources/render.js';
import { UUID_RE as UUID } from '../util/uuid.js';
import { adminErrors, uniqueViolation } from './errors.js';
import { refuseScimManaged } from './managed.js';

/**
 * Writes of local groups from the admin console: row, audit and outbox event in one
 * transaction. Membership changes are set-based (docs/architecture.md invariant 3): one INSERT … SELECT over
 * the live users, one DELETE, never a read of the whole group.
 */
type Doc = Record<string, unknown>;

function nameTaken(err: unknown, name: string): never {
  if (uniqueViolation(err)) throw adminErrors.conflict(`a group named "${name}" already exists`);
  throw err;
}

async function lockLiveGroup(trx: Transaction<Database>, id: string): Promise<GroupRow> {
  const row = UUID.test(id) ? await trx.selectFrom('groups').selectAll().where('id', '=', id).where('deleted_at', 'is', null).forUpdate().executeTakeFirst() : undefined;
  if (!row) throw adminErrors.notFound(`group ${id}`);
  await refuseScimManaged(trx, 'group', row);
  return row;
}

function groupEvent(type: string, row: Pick<GroupRow, 'id' | 'doc' | 'version' | 'created_at' | 'updated_at'>, baseUrl: string, changedFields: string[], extra: Doc = {}) {
  return { type, resourceType: 'Group' as const, resourceId: row.id, payload: { resource: renderGroup(row, baseUrl), changedFields, ...extra } };
}

export async function createLocalGroup(db: Kysely<Database>, actor: Actor, baseUrl: string, displayName: string): Promise<GroupRow> {
  const name = displayName.trim();
  if (!name) throw adminErrors.validation('displayName must not be empty');
  const doc = { displayName: name };
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('groups')
      .values({ doc: JSON.stringify(doc), source: 'local', connection_id: null })
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch((err) => nameTaken(err, name));
    await writeAudit(trx, actor, [{ action: 'group.created', resourceType: 'Group', resourceId: row.id, diff: diffFields({}, doc) }]);
    await enqueueEvents(trx, actor, [groupEvent('group.created', row, baseUrl, ['displayName'])]);
    return row;
  });
}

export async function renameLocalGroup(db: Kysely<Database>, actor: Actor, baseUrl: string, id: string, displayName: string): Promise<GroupRow> {
  const name = displayName.trim();
  if (!name) throw adminErrors.validation('displayName must not be empty');
  // inTransaction: a rename also locks the group's holders (migrations/0006), so this write can
  // be a deadlock victim like the SCIM writes, and is retried as they are.
  return inTransaction(db, async (trx) => {
    const before = await lockLiveGroup(trx, id);
    const doc = { ...(before.doc as Doc), displayName: name };
    const diff = diffFields(before.doc, doc);
    if (Object.keys(diff).length === 0) return before;
    const row = await trx
      .updateTable('groups')
      .set({ doc: JSON.stringify(doc), version: sql`version + 1` as never, updated_at: sql`now()` as never })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch((err) => nameTaken(err, name));
    await writeAudit(trx, actor, [{ action: 'group.updated', resourceType: 'Group', resourceId: id, diff }]);
    await enqueueEvents(trx, actor, [groupEvent('group.updated', row, baseUrl, ['displayName'])]);
    return row;
  });
}

export async function deleteLocalGroup(db: Kysely<Database>, actor: Actor, baseUrl: string, id: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    await lockLiveGroup(trx, id);
    const row = await softDeleteGroup(trx, id);
    const members = await trx.deleteFrom('group_members').where('group_id', '=', id).returning(['member_id as value', 'member_type as type']).execute();
    await touchMemberUsers(trx, members);
    await trx.deleteFrom('group_members').where('member_id', '=', id).execute();
    await writeAudit(trx, actor, [{ action: 'group.deleted', resourceType: 'Group', resourceId: id }]);
    await enqueueEvents(trx, actor, [groupEvent('group.deleted', row, baseUrl, [])]);
  });
}

/** Adds and removes user members; ids that are not live users are reported, not inserted. */
export async function changeLocalGroupMembers(
  db: Kysely<Database>,
  actor: Actor,
  baseUrl: string,
  id: string,
  change: { add?: string[]; remove?: string[] },
): Promise<{ added: string[]; removed: string[] }> {
  const add = [...new Set(change.add ?? [])].filter((u) => UUID.test(u));
  const remove = [...new Set(change.remove ?? [])].filter((u) => UUID.test(u));
  return inTransaction(db, async (trx) => {
    await lockLiveGroup(trx, id);
    const added = add.length
      ? (
          await trx
            .insertInto('group_members')
            .columns(['group_id', 'member_id', 'member_type'])
            .expression((eb) =>
              eb.selectFrom('users').select([sql<string>`${id}::uuid`.as('group_id'), 'id', sql<'User'>`'User'`.as('member_type')]).where('id', 'in', add).where('deleted_at', 'is', null),
            )
            .onConflict((oc) => oc.columns(['group_id', 'member_id']).doNothing())
            .returning('member_id')
            .execute()
        ).map((r) => r.member_id)
      : [];
    const removed = remove.length
      ? (await trx.deleteFrom('group_members').where('group_id', '=', id).where('member_id', 'in', remove).returning('member_id').execute()).map((r) => r.member_id)
      : [];
    if (added.length === 0 && removed.length === 0) return { added, removed };
    await touchMemberUsers(trx, [...added, ...removed].map((value) => ({ value, type: 'User' as const })));
    const row = await trx
      .updateTable('groups')
      .set({ version: sql`version + 1` as never, updated_at: sql`now()` as never })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, [{ action: 'group.updated', resourceType: 'Group', resourceId: id, diff: { members: { added, removed } } }]);
    await enqueueEvents(trx, actor, [groupEvent('group.updated', row, baseUrl, ['members'], { members: { added, removed } })]);
    return { added, removed };
  });
}

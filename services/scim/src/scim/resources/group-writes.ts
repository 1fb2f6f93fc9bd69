import type { Transaction } from 'kysely';
import { recordChange, type AuditEntry, type Database, type OutboxEntry } from '@scim/db';
import { changedTopLevel, diffFields } from '../../audit/diff.js';
import { scimErrors } from '../core/errors.js';
import { normalizeResource, type MemberRef } from '../core/normalize.js';
import { applyGroupPatch, type MemberOp } from '../core/patch/apply.js';
import type { PatchOperation } from '../core/patch/parse.js';
import type { JsonObject } from '../core/types.js';
import { isUuid } from '../../util/uuid.js';
import { inTransaction, isUniqueViolation, type WriteContext } from './context.js';
import { memberEvents } from './events.js';
import {
  addMembers, removeMembers, removeMembersExcept, removeMembersWhere, resolveMembers, touchMemberUsers, type Member,
} from './group-members.js';
import { insertGroup, lockLiveGroup, softDeleteGroup, touchGroup, type StoredGroup } from './group-store.js';
import { checkWritable } from './ownership.js';
import { renderGroup } from './render.js';

export interface GroupWriteResult {
  group: StoredGroup;
  status: 200 | 201;
  changed: boolean;
}

/** Net membership change over a sequence of operations (add then remove of one id = nothing). */
class MemberChanges {
  private readonly net = new Map<string, { kind: 'added' | 'removed'; member: Member }>();

  added(list: Member[]) {
    for (const m of list) this.flip(m, 'added');
  }
  removed(list: Member[]) {
    for (const m of list) this.flip(m, 'removed');
  }
  private flip(m: Member, kind: 'added' | 'removed') {
    const prev = this.net.get(m.value);
    if (prev && prev.kind !== kind) this.net.delete(m.value);
    else this.net.set(m.value, { kind, member: m });
  }
  get size() {
    return this.net.size;
  }
  all(): Member[] {
    return [...this.net.values()].map((e) => e.member);
  }
  list(kind: 'added' | 'removed'): Member[] {
    return [...this.net.values()].filter((e) => e.kind === kind).map((e) => e.member);
  }
}

async function applyMemberOp(trx: Transaction<Database>, groupId: string, op: MemberOp, changes: MemberChanges): Promise<void> {
  switch (op.kind) {
    case 'add':
      changes.added(await addMembers(trx, groupId, await resolveMembers(trx, groupId, op.members)));
      return;
    case 'remove':
      changes.removed(await removeMembers(trx, groupId, op.ids));
      return;
    case 'removeWhere':
      changes.removed(await removeMembersWhere(trx, groupId, op.filter));
      return;
    case 'removeAll':
      changes.removed(await removeMembersExcept(trx, groupId, []));
      return;
    case 'replace': {
      const wanted = await resolveMembers(trx, groupId, op.members);
      changes.removed(await removeMembersExcept(trx, groupId, wanted.map((m) => m.value)));
      changes.added(await addMembers(trx, groupId, wanted));
    }
  }
}

function groupEvents(ctx: WriteContext, group: StoredGroup, type: string | undefined, changedFields: string[], changes: MemberChanges): OutboxEntry[] {
  const events: OutboxEntry[] = [];
  if (type) events.push({ type, resourceType: 'Group', resourceId: group.id, payload: { resource: renderGroup(group, ctx.baseUrl), changedFields } });
  const name = String(group.doc.displayName ?? '');
  events.push(...memberEvents('group.members_added', group.id, name, changes.list('added')));
  events.push(...memberEvents('group.members_removed', group.id, name, changes.list('removed')));
  return events;
}

function memberAudit(changes: MemberChanges) {
  const added = changes.list('added').map((m) => m.value);
  const removed = changes.list('removed').map((m) => m.value);
  // Audit rows list at most 100 ids each way; the outbox carries them all.
  return {
    ...(added.length ? { 'members.added': { after: { count: added.length, ids: added.slice(0, 100) } } } : {}),
    ...(removed.length ? { 'members.removed': { before: { count: removed.length, ids: removed.slice(0, 100) } } } : {}),
  };
}

function displayNameTaken(err: unknown): Error | undefined {
  return isUniqueViolation(err) ? scimErrors.uniqueness('a group with this displayName already exists') : undefined;
}

export async function createGroup(ctx: WriteContext, body: unknown): Promise<GroupWriteResult> {
  const { doc, members } = normalizeResource('Group', body, 'create');
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const group = await insertGroup(trx, { doc, connectionId: ctx.connectionId });
      const changes = new MemberChanges();
      if (members?.length) await applyMemberOp(trx, group.id, { kind: 'add', members }, changes);
      await touchMemberUsers(trx, changes.all());
      const audit: AuditEntry = { action: 'group.created', resourceType: 'Group', resourceId: group.id, diff: { ...diffFields({}, doc), ...memberAudit(changes) } };
      await recordChange(trx, ctx.actor, [audit], groupEvents(ctx, group, 'group.created', [], changes));
      return { group, status: 201 as const, changed: true };
    });
  } catch (err) {
    throw displayNameTaken(err) ?? err;
  }
}

async function writeGroupUpdate(
  ctx: WriteContext,
  id: string,
  compute: (current: StoredGroup) => { doc: JsonObject; memberOps: MemberOp[] },
): Promise<GroupWriteResult> {
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const current = isUuid(id) ? await lockLiveGroup(trx, id) : undefined;
      if (!current) throw scimErrors.notFound(`Group ${id} not found`);
      const { adopts } = checkWritable(ctx, current, 'Group');
      const { doc, memberOps } = compute(current);
      const changes = new MemberChanges();
      for (const op of memberOps) await applyMemberOp(trx, id, op, changes);
      const diff = diffFields(current.doc, doc);
      const docChanged = Object.keys(diff).length > 0;
      if (!docChanged && changes.size === 0 && !adopts) return { group: current, status: 200 as const, changed: false };
      await touchMemberUsers(trx, changes.all());
      const group = await touchGroup(trx, id, { doc: docChanged ? doc : undefined, connectionId: adopts ? ctx.connectionId : undefined });
      const audit: AuditEntry = { action: adopts ? 'group.linked' : 'group.updated', resourceType: 'Group', resourceId: id, diff: { ...diff, ...memberAudit(changes) } };
      const type = docChanged || adopts ? 'group.updated' : undefined;
      await recordChange(trx, ctx.actor, [audit], groupEvents(ctx, group, type, changedTopLevel(diff), changes));
      return { group, status: 200 as const, changed: true };
    });
  } catch (err) {
    throw displayNameTaken(err) ?? err;
  }
}

/** PUT: displayName/externalId replaced; members replaced by the given list (omitted = none). */
export function replaceGroup(ctx: WriteContext, id: string, body: unknown): Promise<GroupWriteResult> {
  const { doc, members } = normalizeResource('Group', body, 'replace');
  const refs: MemberRef[] = members ?? [];
  return writeGroupUpdate(ctx, id, () => ({ doc, memberOps: [{ kind: 'replace', members: refs }] }));
}

export function patchGroup(ctx: WriteContext, id: string, ops: PatchOperation[]): Promise<GroupWriteResult> {
  return writeGroupUpdate(ctx, id, (current) => {
    const r = applyGroupPatch(current.doc, ops);
    return { doc: r.doc, memberOps: r.memberOps };
  });
}

/** Soft delete; the group also leaves the groups it was a member of. */
export async function deleteGroup(ctx: WriteContext, id: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const current = isUuid(id) ? await lockLiveGroup(trx, id) : undefined;
    if (!current) throw scimErrors.notFound(`Group ${id} not found`);
    checkWritable(ctx, current, 'Group');
    const group = await softDeleteGroup(trx, id);
    const parents = await trx.deleteFrom('group_members').where('member_id', '=', id).returning(['group_id']).execute();
    const events: OutboxEntry[] = [{ type: 'group.deleted', resourceType: 'Group', resourceId: id, payload: { resource: renderGroup(group, ctx.baseUrl), changedFields: [] } }];
    // Groups before users, each in id order: the order every other write takes them in.
    for (const p of parents.sort((a, b) => (a.group_id < b.group_id ? -1 : 1))) {
      const parent = await touchGroup(trx, p.group_id);
      events.push(...memberEvents('group.members_removed', parent.id, String(parent.doc.displayName ?? ''), [{ value: id, type: 'Group' }]));
    }
    // Its members' `groups` lose it (memberships of a deleted group are not read back).
    const members = await trx.selectFrom('group_members').select(['member_id as value', 'member_type as type']).where('group_id', '=', id).execute();
    await touchMemberUsers(trx, members);
    await recordChange(trx, ctx.actor, [{ action: 'group.deleted', resourceType: 'Group', resourceId: id, diff: { deleted: { after: true } } }], events);
  });
}

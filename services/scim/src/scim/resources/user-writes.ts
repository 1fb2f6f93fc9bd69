import { recordChange, type AuditEntry, type OutboxEntry } from '@scim/db';
import { hashPassword } from '../../admin-accounts/password.js';
import { changedTopLevel, diffFields, REDACTED, type FieldDiff } from '../../audit/diff.js';
import { scimErrors } from '../core/errors.js';
import { normalizeResource } from '../core/normalize.js';
import { applyUserPatch } from '../core/patch/apply.js';
import type { PatchOperation } from '../core/patch/parse.js';
import type { JsonObject } from '../core/types.js';
import { isUuid } from '../../util/uuid.js';
import { inTransaction, isUniqueViolation, type WriteContext } from './context.js';
import { memberEvents, userUpdateEventType } from './events.js';
import { checkWritable } from './ownership.js';
import { renderUser } from './render.js';
import {
  insertUserIfNew, lockCreateCandidates, lockGroupsOf, lockLiveUser, removeFromAllGroups, softDeleteUser, syncEmails, updateUser, type StoredUser,
} from './user-store.js';

// Business rules of SCIM user writes. Each function is one transaction that commits the
// user row, its audit row and its outbox event together (docs/architecture.md invariant 1).

export interface UserWriteResult {
  user: StoredUser;
  status: 200 | 201;
  changed: boolean;
  /** A brand-new row: it has no group memberships to read back. */
  fresh?: boolean;
}

/** RFC 7643 §4.1.1: active defaults to true; stored explicitly so every reader agrees. */
function withActive(doc: JsonObject): JsonObject {
  return doc.active === undefined ? { ...doc, active: true } : doc;
}

function uniquenessError(userName: unknown): Error {
  return scimErrors.uniqueness(`a user with userName "${String(userName)}" already exists`);
}

function passwordDiff(diff: FieldDiff, password: string | undefined): FieldDiff {
  return password === undefined ? diff : { ...diff, password: { after: REDACTED } };
}

function userEvent(ctx: WriteContext, type: string, user: StoredUser, extra: Record<string, unknown>): OutboxEntry {
  return { type, resourceType: 'User', resourceId: user.id, payload: { resource: renderUser(user, ctx.baseUrl), ...extra } };
}

export async function createUser(ctx: WriteContext, body: unknown): Promise<UserWriteResult> {
  const { doc: raw, password } = normalizeResource('User', body, 'create');
  const doc = withActive(raw);
  const passwordHash = password !== undefined ? await hashPassword(password) : undefined;
  const userName = String(doc.userName);
  const externalId = typeof doc.externalId === 'string' ? doc.externalId : undefined;
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const fresh = await insertUserIfNew(trx, { doc, connectionId: ctx.connectionId, passwordHash, userName, externalId });
      if (fresh) {
        const audit = { action: 'user.created', resourceType: 'User', resourceId: fresh.id, diff: passwordDiff(diffFields({}, doc), password) };
        await recordChange(trx, ctx.actor, [audit], [userEvent(ctx, 'user.created', fresh, { changedFields: [] })]);
        return { user: fresh, status: 201 as const, changed: true, fresh: true };
      }
      const candidates = await lockCreateCandidates(trx, userName, externalId);
      const live = candidates.find((c) => c.deleted_at === null);
      const dead = candidates[0];
      if (!dead) throw uniquenessError(userName); // lost a race; the winner's row is not visible yet
      let user: StoredUser;
      let audit: AuditEntry;
      let event: OutboxEntry;
      if (live) {
        // POST of a userName a local account already holds: the IdP takes it over (issue 3),
        // audited as a link. A SCIM-managed holder is a plain conflict.
        if (live.source !== 'local' || !ctx.adoptLocalUsers) throw uniquenessError(userName);
        user = await updateUser(trx, live.id, { doc, passwordHash, connectionId: ctx.connectionId });
        const diff = passwordDiff(diffFields(live.doc, doc), password);
        audit = { action: 'user.linked', resourceType: 'User', resourceId: user.id, diff };
        event = userEvent(ctx, 'user.updated', user, { changedFields: changedTopLevel(diff), adopted: true });
      } else {
        // A soft-deleted user comes back with the same internal id (attribution stays intact).
        user = await updateUser(trx, dead.id, { doc, passwordHash, connectionId: ctx.connectionId, revive: true });
        audit = { action: 'user.revived', resourceType: 'User', resourceId: user.id, diff: passwordDiff(diffFields(dead.doc, doc), password) };
        event = userEvent(ctx, 'user.created', user, { changedFields: [], revived: true });
      }
      await syncEmails(trx, user.id);
      await recordChange(trx, ctx.actor, [audit], [event]);
      return { user, status: 201 as const, changed: true, fresh: false };
    });
  } catch (err) {
    // Concurrent POSTs of one userName: the unique index lets exactly one insert through.
    if (isUniqueViolation(err)) throw uniquenessError(userName);
    throw err;
  }
}

/** Shared tail of PUT and PATCH: write the new document if anything changed. */
async function writeUpdate(
  ctx: WriteContext,
  id: string,
  compute: (current: StoredUser) => { doc: JsonObject; password?: string },
): Promise<UserWriteResult> {
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const current = isUuid(id) ? await lockLiveUser(trx, id) : undefined;
      if (!current) throw scimErrors.notFound(`User ${id} not found`);
      const { adopts } = checkWritable(ctx, current, 'User');
      const { doc, password } = compute(current);
      const diff = diffFields(current.doc, doc);
      const changed = Object.keys(diff).length > 0 || password !== undefined || adopts;
      // A write that changes nothing bumps no version and emits no event (issue 3).
      if (!changed) return { user: current, status: 200 as const, changed: false };
      const passwordHash = password !== undefined ? await hashPassword(password) : undefined;
      const user = await updateUser(trx, id, { doc, passwordHash, connectionId: adopts ? ctx.connectionId : undefined });
      if (diff.emails) await syncEmails(trx, id);
      const fullDiff = passwordDiff(diff, password);
      const audits: AuditEntry[] = [{ action: adopts ? 'user.linked' : 'user.updated', resourceType: 'User', resourceId: id, diff: fullDiff }];
      const events = [userEvent(ctx, userUpdateEventType(current.doc, doc), user, { changedFields: changedTopLevel(fullDiff), ...(adopts ? { adopted: true } : {}) })];
      await recordChange(trx, ctx.actor, audits, events);
      return { user, status: 200 as const, changed: true };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw scimErrors.uniqueness('another user already has this userName');
    throw err;
  }
}

/** PUT (RFC 7644 §3.5.1): the body replaces every writable attribute; readOnly input is ignored. */
export function replaceUser(ctx: WriteContext, id: string, body: unknown): Promise<UserWriteResult> {
  const { doc: raw, password } = normalizeResource('User', body, 'replace');
  const doc = withActive(raw);
  return writeUpdate(ctx, id, () => ({ doc, password }));
}

/** PATCH (RFC 7644 §3.5.2): applied in memory to the locked document, all-or-nothing. */
export function patchUser(ctx: WriteContext, id: string, ops: PatchOperation[]): Promise<UserWriteResult> {
  return writeUpdate(ctx, id, (current) => {
    const result = applyUserPatch(current.doc, ops);
    return { doc: withActive(result.doc), password: result.password };
  });
}

/** DELETE (RFC 7644 §3.6): soft delete — 404 to SCIM afterwards, the row kept for attribution. */
export async function deleteUser(ctx: WriteContext, id: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    if (isUuid(id)) await lockGroupsOf(trx, id);
    const current = isUuid(id) ? await lockLiveUser(trx, id) : undefined;
    if (!current) throw scimErrors.notFound(`User ${id} not found`);
    checkWritable(ctx, current, 'User');
    const user = await softDeleteUser(trx, id);
    const left = await removeFromAllGroups(trx, id);
    const events: OutboxEntry[] = [userEvent(ctx, 'user.deleted', user, { changedFields: [] })];
    for (const g of left) events.push(...memberEvents('group.members_removed', g.group_id, g.display_name, [{ value: id, type: 'User' }]));
    await recordChange(trx, ctx.actor, [{ action: 'user.deleted', resourceType: 'User', resourceId: id, diff: { deleted: { after: true } } }], events);
  });
}

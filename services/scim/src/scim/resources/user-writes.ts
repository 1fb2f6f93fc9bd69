import { recordChange, TokenNoLongerValidError, type AuditEntry, type OutboxEntry } from '@scim/db';
import { hashPassword } from '../../admin-accounts/password.js';
import { changedTopLevel, diffFields, REDACTED, type FieldDiff } from '../../audit/diff.js';
import { ScimError, scimErrors } from '../core/errors.js';
import { normalizeResource } from '../core/normalize.js';
import { applyUserPatch } from '../core/patch/apply.js';
import type { PatchOperation } from '../core/patch/parse.js';
import type { JsonObject } from '../core/types.js';
import { isUuid } from '../../util/uuid.js';
import { inTransaction, isRetryable, isUniqueViolation, type WriteContext } from './context.js';
import { memberEvents, userUpdateEventType } from './events.js';
import { checkWritable } from './ownership.js';
import { renderUser, type GroupRef } from './render.js';
import { insertNewUser } from './user-create.js';
import { recentUsersOf, type RecentUsers } from './recent-users.js';
import { writeUserChange, writeUserChangeAt, type UserChange, type WrittenUser } from './user-update.js';
import {
  findLiveUser, lockCreateCandidates, lockGroupsOf, lockLiveUser, removeFromAllGroups, softDeleteUser, syncEmails, updateUser, type StoredUser,
} from './user-store.js';

// Business rules of SCIM user writes. Each function is one transaction that commits the
// user row, its audit row and its outbox event together (docs/architecture.md invariant 1).

export interface UserWriteResult {
  user: StoredUser;
  status: 200 | 201;
  changed: boolean;
  /** The user's groups when the write knows them: none for a brand-new row, what the PUT or PATCH statement returned. */
  groups?: GroupRef[];
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
  const diff = passwordDiff(diffFields({}, doc), password);
  try {
    const fast = await insertNewUser(ctx.pool, ctx.actor, ctx.baseUrl, { doc, connectionId: ctx.connectionId, passwordHash, userName, externalId, diff });
    if (!fast.tokenValid) throw new TokenNoLongerValidError();
    if (fast.user) return { user: fast.user, status: 201 as const, changed: true, groups: [] };
    return await inTransaction(ctx.db, async (trx) => {
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
      return { user, status: 201 as const, changed: true };
    });
  } catch (err) {
    // Concurrent POSTs of one userName: the unique index lets exactly one insert through.
    if (isUniqueViolation(err)) throw uniquenessError(userName);
    throw err;
  }
}

type Compute = (current: StoredUser) => { doc: JsonObject; password?: string };
type Planned = { unchanged: UserWriteResult } | { change: UserChange };

/** What a PUT or PATCH does to `current`: nothing (an unchanged document), or this change. */
async function plan(ctx: WriteContext, current: StoredUser, compute: Compute): Promise<Planned> {
  const { adopts } = checkWritable(ctx, current, 'User');
  const { doc, password } = compute(current);
  const diff = diffFields(current.doc, doc);
  // A write that changes nothing bumps no version and emits no event (issue 3).
  if (Object.keys(diff).length === 0 && password === undefined && !adopts) return { unchanged: { user: current, status: 200, changed: false } };
  const passwordHash = password !== undefined ? await hashPassword(password) : undefined;
  const fullDiff = passwordDiff(diff, password);
  return {
    change: {
      id: current.id, doc, passwordHash, adoptBy: adopts ? ctx.connectionId : undefined, emailsChanged: diff.emails !== undefined,
      action: adopts ? 'user.linked' : 'user.updated', diff: fullDiff, eventType: userUpdateEventType(current.doc, doc),
      eventExtra: { changedFields: changedTopLevel(fullDiff), ...(adopts ? { adopted: true } : {}) },
    },
  };
}

/**
 * Shared tail of PUT and PATCH. First optimistically (issue 17; BENCHMARKS.md): read the row
 * without a lock, decide, and write in one statement only if the row is still the version read
 * (user-update.ts) — two round trips instead of BEGIN, lock, write, COMMIT. Every decision (404,
 * If-Match, ownership, the diff) was made on the exact row replaced. When another write moved
 * the version in between, or PostgreSQL chose the statement as a deadlock victim, the change is
 * planned again under the row lock, as if it had arrived a moment later.
 */
async function writeUpdate(ctx: WriteContext, id: string, compute: Compute): Promise<UserWriteResult> {
  const recent = recentUsersOf(ctx.pool);
  try {
    const remembered = await writeOnRemembered(ctx, recent, id, compute);
    if (remembered) return remembered;
    const seen = isUuid(id) ? await findLiveUser(ctx.pool, id) : undefined;
    if (!seen) throw scimErrors.notFound(`User ${id} not found`);
    const planned = await plan(ctx, seen, compute);
    if ('unchanged' in planned) return planned.unchanged;
    const written = await writeAt(ctx, recent, planned.change, seen.version);
    if (written) return written;
    return await inTransaction(ctx.db, async (trx) => {
      const current = await lockLiveUser(trx, id);
      if (!current) throw scimErrors.notFound(`User ${id} not found`);
      const again = await plan(ctx, current, compute);
      if ('unchanged' in again) return again.unchanged;
      return wrote(recent, await writeUserChange(trx, ctx.actor, ctx.baseUrl, again.change));
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw scimErrors.uniqueness('another user already has this userName');
    throw err;
  }
}

/**
 * The write planned on the row this process wrote last (recent-users.ts), in one round trip;
 * undefined — nothing written, nothing answered — when there is no such row, when the plan on it
 * does not end in a change (a refusal or "unchanged" must be decided on the stored row), or when
 * the stored row has moved on. Errors of the write itself (uniqueness, a revoked token) stand:
 * the guarded statement only ran its parts on the very row remembered.
 */
async function writeOnRemembered(ctx: WriteContext, recent: RecentUsers, id: string, compute: Compute): Promise<UserWriteResult | undefined> {
  const remembered = recent.get(id);
  if (!remembered) return undefined;
  let planned: Planned;
  try {
    planned = await plan(ctx, remembered, compute);
  } catch (err) {
    if (err instanceof ScimError) return forget(recent, id);
    throw err;
  }
  if ('unchanged' in planned) return forget(recent, id);
  return (await writeAt(ctx, recent, planned.change, remembered.version)) ?? forget(recent, id);
}

/**
 * The change written in one statement only if the live row is still at `version`; undefined
 * when nothing was written (another write moved the version, the row was deleted, or
 * PostgreSQL chose the statement as a deadlock victim).
 */
async function writeAt(ctx: WriteContext, recent: RecentUsers, change: UserChange, version: number): Promise<UserWriteResult | undefined> {
  try {
    const user = await writeUserChangeAt(ctx.pool, ctx.actor, ctx.baseUrl, change, version);
    return user && wrote(recent, user);
  } catch (err) {
    if (!isRetryable(err)) throw err;
    return undefined;
  }
}

function forget(recent: RecentUsers, id: string): undefined {
  recent.forget(id);
  return undefined;
}

function wrote(recent: RecentUsers, written: WrittenUser): UserWriteResult {
  const { groups, ...user } = written;
  recent.put(user);
  return { user: written, status: 200, changed: true, groups };
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

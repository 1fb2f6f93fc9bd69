import { sql, type Kysely, type Transaction } from 'kysely';
import { enqueueEvents, writeAudit, type Actor, type Database, type UserRow } from '@scim/db';
import { hashPassword } from '../admin-accounts/password.js';
import { MIN_PASSWORD_LENGTH } from '../admin-accounts/admin-store.js';
import { REDACTED, changedTopLevel, diffFields } from '../audit/diff.js';
import { memberEvents, userUpdateEventType } from '../scim/resources/events.js';
import { renderUser } from '../scim/resources/render.js';
import { lockGroupsOf, removeFromAllGroups, softDeleteUser, syncEmails } from '../scim/resources/user-store.js';
import { inTransaction } from '../scim/resources/context.js';
import { UUID_RE as UUID } from '../util/uuid.js';
import { adminErrors, uniqueViolation } from './errors.js';
import { refuseScimManaged } from './managed.js';

/**
 * Writes of local (non-SCIM) users from the admin console. Each one is a single transaction:
 * the users row, its user_emails rows, the audit row and the outbox event (docs/architecture.md invariant 1).
 * `doc` is the canonical SCIM document, so SCIM reads and the outbox render local users exactly
 * like provisioned ones.
 */
export interface LocalUserInput {
  userName?: string;
  givenName?: string | null;
  familyName?: string | null;
  displayName?: string | null;
  email?: string | null;
  active?: boolean;
}

type Doc = Record<string, unknown>;

function setOrDrop(obj: Doc, key: string, value: string | null | undefined): void {
  if (value === undefined) return;
  const v = value?.trim();
  if (v) obj[key] = v;
  else delete obj[key];
}

/** Applies the form's fields to a SCIM document (RFC 7643 §4.1 attribute names). */
export function applyUserInput(base: Doc, input: LocalUserInput): Doc {
  const doc: Doc = structuredClone(base);
  if (input.userName !== undefined) {
    if (!input.userName.trim()) throw adminErrors.validation('userName must not be empty');
    doc.userName = input.userName.trim();
  }
  const name: Doc = { ...((doc.name as Doc | undefined) ?? {}) };
  setOrDrop(name, 'givenName', input.givenName);
  setOrDrop(name, 'familyName', input.familyName);
  if (Object.keys(name).length > 0) doc.name = name;
  else delete doc.name;
  setOrDrop(doc, 'displayName', input.displayName);
  if (input.email !== undefined) {
    const v = input.email?.trim();
    if (v) doc.emails = [{ value: v, type: 'work', primary: true }];
    else delete doc.emails;
  }
  if (input.active !== undefined) doc.active = input.active;
  if (doc.active === undefined) doc.active = true;
  return doc;
}

function userNameTaken(err: unknown, userName: unknown): never {
  if (uniqueViolation(err)) throw adminErrors.conflict(`a user named "${String(userName)}" already exists`);
  throw err;
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw adminErrors.validation(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
}

async function lockLiveUser(trx: Transaction<Database>, id: string): Promise<UserRow> {
  const row = UUID.test(id) ? await trx.selectFrom('users').selectAll().where('id', '=', id).where('deleted_at', 'is', null).forUpdate().executeTakeFirst() : undefined;
  if (!row) throw adminErrors.notFound(`user ${id}`);
  await refuseScimManaged(trx, 'user', row);
  return row;
}

export async function createLocalUser(
  db: Kysely<Database>,
  actor: Actor,
  baseUrl: string,
  input: LocalUserInput & { userName: string; password?: string },
): Promise<UserRow> {
  const doc = applyUserInput({}, input);
  if (input.password !== undefined) checkPassword(input.password);
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('users')
      .values({ doc: JSON.stringify(doc), source: 'local', connection_id: null, password_hash: passwordHash })
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch((err) => userNameTaken(err, doc.userName));
    await syncEmails(trx, row.id);
    const diff = diffFields({}, passwordHash ? { ...doc, password: REDACTED } : doc);
    await writeAudit(trx, actor, [{ action: 'user.created', resourceType: 'User', resourceId: row.id, diff }]);
    await enqueueEvents(trx, actor, [
      { type: 'user.created', resourceType: 'User', resourceId: row.id, payload: { resource: renderUser(row, baseUrl), changedFields: changedTopLevel(diffFields({}, doc)) } },
    ]);
    return row;
  });
}

/** Returns the row unchanged (no audit, no event) when the input changes nothing. */
export async function updateLocalUser(db: Kysely<Database>, actor: Actor, baseUrl: string, id: string, input: LocalUserInput): Promise<UserRow> {
  // inTransaction: a rename also locks the user's groups (migrations/0006), so this write can be
  // a deadlock victim like the SCIM writes, and is retried as they are.
  return inTransaction(db, async (trx) => {
    const before = await lockLiveUser(trx, id);
    const beforeDoc = before.doc as Doc;
    const doc = applyUserInput(beforeDoc, input);
    const diff = diffFields(beforeDoc, doc);
    if (Object.keys(diff).length === 0) return before;
    const row = await trx
      .updateTable('users')
      .set({ doc: JSON.stringify(doc), version: sql`version + 1` as never, updated_at: sql`now()` as never })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch((err) => userNameTaken(err, doc.userName));
    await syncEmails(trx, id);
    const type = userUpdateEventType(beforeDoc, doc);
    await writeAudit(trx, actor, [{ action: type, resourceType: 'User', resourceId: id, diff }]);
    await enqueueEvents(trx, actor, [{ type, resourceType: 'User', resourceId: id, payload: { resource: renderUser(row, baseUrl), changedFields: changedTopLevel(diff) } }]);
    return row;
  });
}

/**
 * Soft delete: the row stays for audit attribution (departures keep their row: docs/architecture.md); its
 * group memberships go, as a deleted user is nobody's member.
 */
export async function deleteLocalUser(db: Kysely<Database>, actor: Actor, baseUrl: string, id: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    await lockGroupsOf(trx, id); // groups before the user, as group writes lock them
    await lockLiveUser(trx, id);
    const row = await softDeleteUser(trx, id);
    const left = await removeFromAllGroups(trx, id);
    await writeAudit(trx, actor, [{ action: 'user.deleted', resourceType: 'User', resourceId: id }]);
    await enqueueEvents(trx, actor, [
      { type: 'user.deleted', resourceType: 'User', resourceId: id, payload: { resource: renderUser(row, baseUrl), changedFields: [] } },
      ...left.flatMap((g) => memberEvents('group.members_removed', g.group_id, g.display_name, [{ value: id, type: 'User' }])),
    ]);
  });
}

export async function setLocalUserPassword(db: Kysely<Database>, actor: Actor, baseUrl: string, id: string, password: string): Promise<void> {
  checkPassword(password);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await lockLiveUser(trx, id);
    const row = await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, version: sql`version + 1` as never, updated_at: sql`now()` as never })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // The password itself never leaves: the audit row and the event say only that it changed.
    await writeAudit(trx, actor, [{ action: 'user.password_reset', resourceType: 'User', resourceId: id, diff: { password: { after: REDACTED } } }]);
    await enqueueEvents(trx, actor, [{ type: 'user.updated', resourceType: 'User', resourceId: id, payload: { resource: renderUser(row, baseUrl), changedFields: ['password'] } }]);
  });
}


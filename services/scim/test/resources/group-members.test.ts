// resources/group-members.ts through its exported functions against a real database: which
// member references a write accepts (and the exact refusal when it does not), what each
// set-based statement changes and reports back, the member users' version bump, and the
// keyset pages a huge group is read in. The request-level files (idp/*, rfc/groups-large,
// http/membership-race) cover the same code through HTTP; this one pins each function's answer.
import { sql, type Kysely } from 'kysely';
import t from 'tap';
import type { Database } from '@scim/db';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { parseFilter } from '../../src/scim/core/filter/parse.js';
import { resolveFilter } from '../../src/scim/core/filter/resolve.js';
import type { ValuePathFilter } from '../../src/scim/core/patch/target.js';
import {
  addMembers, memberPage, removeMembers, removeMembersExcept, removeMembersWhere, resolveMembers, touchMemberUsers, type Member,
} from '../../src/scim/resources/group-members.js';

const MISSING = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function user(db: Kysely<Database>, doc: Record<string, unknown>, deleted = false): Promise<string> {
  const row = await db.insertInto('users').values({ doc: JSON.stringify(doc), source: 'local', ...(deleted ? { deleted_at: sql`now()` } : {}) } as never).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

async function group(db: Kysely<Database>, displayName: string, deleted = false): Promise<string> {
  const row = await db.insertInto('groups').values({ doc: JSON.stringify({ displayName }), source: 'local', ...(deleted ? { deleted_at: sql`now()` } : {}) } as never).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

const members = async (db: Kysely<Database>, groupId: string) =>
  (await db.selectFrom('group_members').select(['member_id', 'member_type']).where('group_id', '=', groupId).execute()).map((r) => `${r.member_type}:${r.member_id}`).sort();

const byValue = (a: { value: string }, b: { value: string }) => a.value.localeCompare(b.value);

/** A group, two users and a second group to add to it. */
async function fixture(db: Kysely<Database>) {
  const g = await group(db, 'target');
  const u1 = await user(db, { userName: 'a@example.com' });
  const u2 = await user(db, { userName: 'b@example.com' });
  return { g, u1, u2, sub: await group(db, 'sub') };
}

function memberFilter(text: string): ValuePathFilter {
  return resolveFilter('Group', parseFilter(text)) as ValuePathFilter;
}

t.test('resolveMembers: live users and groups by id, their type learnt, each id once', async (t) => {
  const { db } = await createTestDatabase(t);
  const { g, u1, u2, sub } = await fixture(db);
  const got = await db.transaction().execute((trx) => resolveMembers(trx, g, [{ value: u1 }, { value: sub }, { value: u2 }, { value: u1 }]));
  t.strictSame(got.sort(byValue), [{ value: u1, type: 'User' }, { value: u2, type: 'User' }, { value: sub, type: 'Group' }].sort(byValue), 'duplicates folded');
  t.strictSame(await db.transaction().execute((trx) => resolveMembers(trx, g, [])), [], 'no references, no query');
});

t.test('resolveMembers: every refusal is invalidValue with the ids at fault, and nothing is stored', async (t) => {
  const { db } = await createTestDatabase(t);
  const g = await group(db, 'target');
  const live = await user(db, { userName: 'live@example.com' });
  const gone = await user(db, { userName: 'gone@example.com' }, true);
  const goneGroup = await group(db, 'gone group', true);
  const resolve = (values: string[]) => db.transaction().execute((trx) => resolveMembers(trx, g, values.map((value) => ({ value }))));
  // Compared whole: t.rejects matches a string field as a substring ("… and 0 more" would pass).
  const refused = (p: Promise<unknown>) => p.then(() => 'accepted', (e: { status: number; scimType: string; message: string }) => [e.status, e.scimType, e.message]);

  t.strictSame(await refused(resolve([live, 'nope'])), [400, 'invalidValue', 'unknown member id(s): nope'], 'a malformed id');
  const malformed = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];
  t.strictSame(await refused(resolve(malformed)), [400, 'invalidValue', 'unknown member id(s): m1, m2, m3, m4, m5'], 'at most five malformed ids named');
  t.strictSame(await refused(resolve([live, g])), [400, 'invalidValue', 'a group cannot be a member of itself']);
  t.strictSame(await refused(resolve([live, gone])), [400, 'invalidValue', `unknown member id(s): ${gone}`], 'a soft-deleted user');
  t.strictSame(await refused(resolve([goneGroup])), [400, 'invalidValue', `unknown member id(s): ${goneGroup}`], 'a soft-deleted group');
  const five = [1, 2, 3, 4, 5].map(MISSING);
  t.strictSame(await refused(resolve([live, ...five])), [400, 'invalidValue', `unknown member id(s): ${five.join(', ')}`], 'five unknown ids: all named, no "more"');
  const eight = [1, 2, 3, 4, 5, 6, 7, 8].map(MISSING);
  t.strictSame(await refused(resolve(eight)), [400, 'invalidValue', `unknown member id(s): ${eight.slice(0, 5).join(', ')} and 3 more`], 'beyond five: the count of the rest');
  t.strictSame(await members(db, g), []);
});

t.test('addMembers: inserts only the new memberships and reports exactly those', async (t) => {
  const { db } = await createTestDatabase(t);
  const { g, u1, u2, sub } = await fixture(db);
  t.strictSame(await db.transaction().execute((trx) => addMembers(trx, g, [])), []);
  const first = await db.transaction().execute((trx) => addMembers(trx, g, [{ value: u1, type: 'User' }, { value: sub, type: 'Group' }]));
  t.strictSame(first.sort(byValue), [{ value: u1, type: 'User' }, { value: sub, type: 'Group' }].sort(byValue));
  const second = await db.transaction().execute((trx) => addMembers(trx, g, [{ value: u1, type: 'User' }, { value: u2, type: 'User' }]));
  t.strictSame(second, [{ value: u2, type: 'User' }], 'an existing membership is not reported again');
  t.strictSame(await members(db, g), [`User:${u1}`, `User:${u2}`, `Group:${sub}`].sort());
});

t.test('removeMembers, removeMembersExcept, removeMembersWhere: what each deletes and reports', async (t) => {
  const { db } = await createTestDatabase(t);
  const g = await group(db, 'target');
  const other = await group(db, 'other');
  const ann = await user(db, { userName: 'ann@example.com', displayName: 'Ann Lee' });
  const bob = await user(db, { userName: 'bob@example.com', displayName: 'Bob Ray' });
  const cy = await user(db, { userName: 'cy@example.com', displayName: 'Cy Lee' });
  const sub = await group(db, 'Sub Lee');
  const all: Member[] = [{ value: ann, type: 'User' }, { value: bob, type: 'User' }, { value: cy, type: 'User' }, { value: sub, type: 'Group' }];
  await db.transaction().execute(async (trx) => {
    await addMembers(trx, g, all);
    await addMembers(trx, other, all);
  });

  t.strictSame(await db.transaction().execute((trx) => removeMembers(trx, g, ['not-a-uuid'])), [], 'malformed ids only: nothing');
  t.strictSame(await db.transaction().execute((trx) => removeMembers(trx, g, ['not-a-uuid', bob, MISSING(9)])), [{ value: bob, type: 'User' }], 'the malformed id skipped, the others applied');
  t.strictSame(await db.transaction().execute((trx) => removeMembers(trx, g, [bob])), [], 'already gone');

  // members[display co "Lee" and type eq "User"]: Ann and Cy, not the group "Sub Lee".
  const lees = await db.transaction().execute((trx) => removeMembersWhere(trx, g, memberFilter('members[display co "Lee" and type eq "User"]')));
  t.strictSame(lees.sort(byValue), [{ value: ann, type: 'User' }, { value: cy, type: 'User' }].sort(byValue));
  t.strictSame(await members(db, g), [`Group:${sub}`]);
  t.strictSame(await db.transaction().execute((trx) => removeMembersWhere(trx, g, memberFilter('members[value eq "00000000-0000-4000-8000-000000000009"]'))), []);

  const except = await db.transaction().execute((trx) => removeMembersExcept(trx, other, [ann, sub]));
  t.strictSame(except.sort(byValue), [{ value: bob, type: 'User' }, { value: cy, type: 'User' }].sort(byValue), 'everyone but the kept');
  t.strictSame(await members(db, other), [`User:${ann}`, `Group:${sub}`].sort());
  const rest = await db.transaction().execute((trx) => removeMembersExcept(trx, other, []));
  t.strictSame(rest.sort(byValue), [{ value: ann, type: 'User' }, { value: sub, type: 'Group' }].sort(byValue), 'keeping none removes all');
  t.strictSame(await members(db, other), []);
  t.strictSame(await members(db, g), [`Group:${sub}`], 'the other group untouched by these');
});

t.test('touchMemberUsers: a new version for each live member user, none for groups or deleted users', async (t) => {
  const { db } = await createTestDatabase(t);
  const a = await user(db, { userName: 'a@example.com' });
  const b = await user(db, { userName: 'b@example.com' });
  const gone = await user(db, { userName: 'gone@example.com' }, true);
  const untouched = await user(db, { userName: 'c@example.com' });
  const sub = await group(db, 'sub');
  await db.updateTable('users').set({ updated_at: sql`now() - interval '1 hour'` as never }).execute();
  await db.updateTable('groups').set({ updated_at: sql`now() - interval '1 hour'` as never }).execute();
  const state = async () => Object.fromEntries((await db.selectFrom('users').select(['id', 'version', sql<boolean>`updated_at > now() - interval '1 minute'`.as('fresh')]).execute()).map((r) => [r.id, [r.version, r.fresh]]));
  await db.transaction().execute((trx) => touchMemberUsers(trx, [{ value: sub, type: 'Group' }]));
  t.strictSame(await state(), { [a]: [1, false], [b]: [1, false], [gone]: [1, false], [untouched]: [1, false] }, 'only groups: nothing');
  await db.transaction().execute((trx) => touchMemberUsers(trx, [{ value: a, type: 'User' }, { value: sub, type: 'Group' }, { value: b, type: 'User' }, { value: gone, type: 'User' }]));
  t.strictSame(await state(), { [a]: [2, true], [b]: [2, true], [gone]: [1, false], [untouched]: [1, false] });
  const g = await db.selectFrom('groups').select(['version', sql<boolean>`updated_at > now() - interval '1 minute'`.as('fresh')]).where('id', '=', sub).executeTakeFirstOrThrow();
  t.strictSame([g.version, g.fresh], [1, false], 'a member group is not touched');
});

t.test('memberPage: keyset pages in member_id order, each member with its display', async (t) => {
  const { db } = await createTestDatabase(t);
  const g = await group(db, 'target');
  const shown = await user(db, { userName: 'shown@example.com', displayName: 'Shown Name' });
  const bare = await user(db, { userName: 'bare@example.com' });
  const sub = await group(db, 'Sub Group');
  const extra = await Promise.all([1, 2, 3].map((i) => user(db, { userName: `x${i}@example.com` })));
  const all: Member[] = [{ value: shown, type: 'User' }, { value: bare, type: 'User' }, { value: sub, type: 'Group' }, ...extra.map((value) => ({ value, type: 'User' as const }))];
  await db.transaction().execute((trx) => addMembers(trx, g, all));
  const display = new Map<string, string>([[shown, 'Shown Name'], [bare, 'bare@example.com'], [sub, 'Sub Group'], ...extra.map((id, i) => [id, `x${i + 1}@example.com`] as [string, string])]);
  const ids = all.map((m) => m.value).sort();
  const type = new Map(all.map((m) => [m.value, m.type]));

  const pages: string[][] = [];
  let after: string | null = null;
  for (;;) {
    const page = await memberPage(db, g, after, 4);
    if (page.length === 0) break;
    t.ok(page.length <= 4);
    for (const r of page) t.strictSame(r, { member_id: r.member_id, member_type: type.get(r.member_id), display: display.get(r.member_id) }, `${r.member_id}: type and display`);
    pages.push(page.map((r) => r.member_id));
    after = page.at(-1)!.member_id;
  }
  t.strictSame(pages, [ids.slice(0, 4), ids.slice(4)], 'two pages, in id order, no member twice');
  t.strictSame((await memberPage(db, g, ids[2]!, 100)).map((r) => r.member_id), ids.slice(3), 'after a member: strictly after it');
  t.strictSame(await memberPage(db, await group(db, 'empty'), null, 10), []);
});

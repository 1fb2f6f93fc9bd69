// Differential test: the SQL compiler against the in-memory evaluator, on a real PostgreSQL
// (TEST_DATABASE_URL or the embedded one, through the test harness) with every migration applied.
import { sql, type Kysely } from 'kysely';
import t, { type Test } from 'tap';
import { throwsScim } from './scim-assert.js';
import { evaluateFilter } from '../../src/scim/core/filter/evaluate.js';
import { parseFilter } from '../../src/scim/core/filter/parse.js';
import { resolveFilter } from '../../src/scim/core/filter/resolve.js';
import { compileGroupFilter, compileSortKey, compileUserFilter } from '../../src/scim/core/filter/sql.js';
import { parseAttrPath, resolvePath } from '../../src/scim/core/schema-registry.js';
import { URN, type JsonObject } from '../../src/scim/core/types.js';
import { createTestDatabase } from '../../../../test/helpers/db.js';

const ENT = URN.enterpriseUser;
const handle = await createTestDatabase(t, { pool: 2 });
const pool = handle.pool;
// Untyped: the fragments are compiled against raw table aliases.
const db = handle.db as unknown as Kysely<any>;

// `active` is explicit everywhere: the generated column reads a missing `active` as true.
const userDocs: Record<string, { doc: JsonObject; created: string }> = {
  alice: { created: '2011-05-13T03:00:00Z', doc: {
    userName: 'Alice', displayName: 'Alice A', externalId: 'EXT-1', active: true, title: 'Boss',
    name: { givenName: 'Alice', familyName: 'Smith', middleName: 'Q' },
    emails: [{ value: 'alice@example.com', type: 'work', primary: true }],
    phoneNumbers: [{ value: '+1 555 0100', type: 'work' }],
    [ENT]: { department: 'R&D', employeeNumber: '100', manager: { value: 'm1' } },
  } },
  bob: { created: '2011-05-13T01:00:00Z', doc: {
    userName: 'bob', externalId: 'ext-1', active: false, title: '50%_off\\',
    emails: [{ value: 'bob@corp.org', type: 'work' }, { value: 'bob@example.com', type: 'home' }],
    phoneNumbers: [{ value: '+44 20', type: 'mobile', primary: true }],
    [ENT]: { department: 'Sales' },
  } },
  carol: { created: '2012-01-01T00:00:00+02:00', doc: { userName: 'carol', active: true, name: { familyName: 'Zeta' } } },
  dave: { created: '2013-06-01T12:00:00Z', doc: {
    userName: 'dave_x', displayName: 'Dave', active: true, title: '',
    emails: [{ value: 'DAVE@EXAMPLE.COM', type: 'other', display: 'D' }],
    addresses: [{ type: 'work', locality: 'Paris', primary: true }],
  } },
};

const ids: Record<string, string> = {};
const users: Record<string, JsonObject> = {};
for (const [n, { doc, created }] of Object.entries(userDocs)) {
  const { rows } = await pool.query(
    `INSERT INTO users (doc, source, created_at, updated_at) VALUES ($1, 'local', $2, $2) RETURNING id`, [doc, created]);
  ids[n] = rows[0].id;
  for (const [ord, e] of ((doc.emails ?? []) as JsonObject[]).entries()) {
    await pool.query('INSERT INTO user_emails (user_id, ord, value, type, is_primary, display) VALUES ($1, $2, $3, $4, $5, $6)',
      [ids[n], ord, e.value, e.type ?? null, e.primary === true, e.display ?? null]);
  }
  users[n] = { ...doc, id: ids[n], meta: { resourceType: 'User', created, lastModified: created } };
}
const groupMembers: Record<string, [string, 'User' | 'Group'][]> = {
  admins: [['alice', 'User'], ['staff', 'Group']], staff: [['bob', 'User'], ['carol', 'User']], empty: [],
};
const groups: Record<string, JsonObject> = {};
for (const [n, extId] of [['admins', 'G-1'], ['staff', null], ['empty', null]] as const) {
  const doc = { displayName: n[0].toUpperCase() + n.slice(1), ...(extId ? { externalId: extId } : {}) };
  const { rows } = await pool.query(`INSERT INTO groups (doc, source) VALUES ($1, 'local') RETURNING id, created_at`, [doc]);
  ids[n] = rows[0].id;
  groups[n] = { ...doc, id: ids[n], meta: { resourceType: 'Group', created: rows[0].created_at.toISOString() } };
}
for (const [g, members] of Object.entries(groupMembers)) {
  for (const [m, type] of members) {
    await pool.query('INSERT INTO group_members (group_id, member_id, member_type) VALUES ($1, $2, $3)', [ids[g], ids[m], type]);
    const display = type === 'User' ? (users[m].displayName ?? users[m].userName) : groups[m].displayName;
    ((groups[g].members ??= []) as JsonObject[]).push({ value: ids[m], type, display });
    if (type === 'User') ((users[m].groups ??= []) as JsonObject[]).push({ value: ids[g], display: groups[g].displayName, type: 'direct' });
  }
}

// Only these literals may appear in compiled SQL; every client value must be a parameter.
const ALLOWED_LITERALS = new Set(['{}', 'array', 'boolean', 'number', 'string', 'null', 'object', '""', '[]', 'true',
  '\\', 'User', 'Group', '', 'direct']);

async function check(t: Test, rt: 'User' | 'Group', filter: string, expected?: string[]) {
  const resolved = resolveFilter(rt, parseFilter(filter));
  const frag = rt === 'User' ? compileUserFilter(resolved) : compileGroupFilter(resolved);
  const docs = rt === 'User' ? users : groups;
  const table = rt === 'User' ? sql`users u` : sql`groups g`;
  const { rows } = await sql<{ id: string }>`select ${sql.ref(rt === 'User' ? 'u.id' : 'g.id')} as id from ${table} where ${frag}`.execute(db);
  const byId = Object.fromEntries(Object.entries(ids).map(([n, id]) => [id, n]));
  const fromSql = rows.map((r) => byId[r.id]).sort();
  const fromMemory = Object.entries(docs).filter(([, d]) => evaluateFilter(resolved, d, rt === 'User' ? URN.user : URN.group)).map(([n]) => n).sort();
  t.same(fromSql, fromMemory, `${rt} ${filter}: SQL = evaluate`);
  if (expected) t.same(fromSql, [...expected].sort(), `${rt} ${filter}: expected`);
  const text = frag.compile(db).sql;
  const literals = [...text.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]);
  t.same(literals.filter((l) => !ALLOWED_LITERALS.has(l)), [], `${filter}: no inlined values`);
}

const userCases: [string, string[]?][] = [
  ['userName eq "ALICE"', ['alice']],
  ['userName ne "alice"'],
  ['userName sw "DAVE_"', ['dave']],
  ['userName co "_"', ['dave']],
  ['userName ew "B"'],
  ['userName gt "b"'], ['userName ge "bob"'], ['userName lt "bob"'], ['userName le "Carol"'],
  ['externalId eq "ext-1"', ['bob']],
  ['externalId eq "EXT-1"', ['alice']],
  ['externalId co "xt"'],
  ['externalId pr'],
  ['displayName eq "alice a"', ['alice']],
  ['displayName pr'],
  ['not (displayName eq "Dave")', ['alice', 'bob', 'carol']],
  ['name.givenName sw "al"'], ['name.familyName gt "a"'], ['name.middleName eq "q"', ['alice']], ['name pr'],
  ['name.formatted pr', []],
  ['title co "%"', ['bob']], ['title co "_o"', ['bob']], ['title ew "\\\\"', ['bob']], ['title pr'], ['not (title pr)'],
  ['active eq true'], ['active eq false', ['bob']], ['active ne true'], ['active eq "False"', ['bob']],
  [`id eq "${'x'}"`, []],
  ['id pr'],
  ['meta.created gt "2011-05-13T04:42:34+02:00"', ['alice', 'carol', 'dave']],
  ['meta.created lt "2012-01-01T00:00:00+02:00"'], ['meta.created le "2011-12-31T22:00:00Z"'],
  ['meta.lastModified ge "2013-06-01"'],
  ['meta.resourceType eq "user"'], ['meta.resourceType eq "User"'],
  ['emails.value co "EXAMPLE"', ['alice', 'bob', 'dave']],
  ['emails co "corp"'],
  ['emails[type eq "work" and value co "@example.com"]', ['alice']],
  ['emails[type eq "work"] and emails[type eq "home"]', ['bob']],
  ['emails[type eq "work"].value eq "bob@example.com"', []],
  ['emails[type eq "work"] and emails.value eq "bob@example.com"', ['bob']],
  ['emails[not (type eq "work")]'],
  ['not (emails[type eq "work"])'],
  ['emails.primary eq true'], ['emails.display pr'], ['emails pr'], ['not (emails pr)'], ['emails.type ne "work"'],
  ['phoneNumbers.value sw "+1"'], ['phoneNumbers[primary eq true]', ['bob']], ['phoneNumbers pr'], ['phoneNumbers.type ne "work"'],
  ['addresses[type eq "work" and locality eq "paris"]', ['dave']], ['addresses.primary eq true'],
  ['roles pr', []],
  ['groups.display eq "admins"', ['alice']], ['groups.value pr'], ['not (groups pr)'],
  [`groups[display sw "st" and type eq "direct"]`, ['bob', 'carol']],
  [`${ENT}:department eq "r&d"`, ['alice']], [`${ENT}:employeeNumber gt "0"`], ['department pr'],
  [`${ENT}:manager.value eq "M1"`, ['alice']], [`${ENT}:manager pr`], [`${ENT}:manager[value sw "m"]`],
  [`not (${ENT}:department eq "Sales")`],
  ['userName eq "bob" or userName eq "carol" and active eq true', ['bob', 'carol']],
  ['not (userName eq "bob" or userName eq "Alice")', ['carol', 'dave']],
  [`userName eq "x'; drop table users; --"`, []],
  // `ne` matches a user lacking the attribute (RFC 7644 §3.4.2.2: absent is not equal). In SQL
  // that is IS DISTINCT FROM, not `<>` (NULL <> x is NULL, which drops the row): each case
  // below has a user without the attribute, case-insensitive and case-exact, single-valued,
  // sub-attribute, extension and element level.
  ['displayName ne "Dave"', ['alice', 'bob', 'carol']],
  ['title ne "Boss"', ['bob', 'carol', 'dave']],
  ['name.givenName ne "alice"', ['bob', 'carol', 'dave']],
  ['externalId ne "ext-1"', ['alice', 'carol', 'dave']],
  [`${ENT}:department ne "Sales"`, ['alice', 'carol', 'dave']],
  ['emails.display ne "D"', ['alice', 'bob']],
  [`${ENT}:manager.value ne "m1"`, ['bob', 'carol', 'dave']],
];

t.test('users: SQL agrees with the in-memory evaluator', async (t) => {
  for (const [f, expected] of userCases) await check(t, 'User', f, expected);
  await check(t, 'User', `id eq "${ids.bob}"`, ['bob']);
  await check(t, 'User', `id ne "${ids.bob}"`);
  await check(t, 'User', `groups.value eq "${ids.admins.toUpperCase()}"`, ['alice']);
});

t.test('groups: SQL agrees with the in-memory evaluator', async (t) => {
  const cases: [string, string[]?][] = [
    ['displayName eq "ADMINS"', ['admins']], ['displayName sw "s"'], ['externalId pr'], ['not (externalId eq "G-1")'],
    ['members pr'], ['not (members pr)', ['empty']], ['members.type eq "Group"', ['admins']],
    ['members.display eq "alice a"', ['admins']], ['members.display eq "bob"', ['staff']],
    ['members[type eq "User" and display co "o"]'],
    ['meta.resourceType eq "Group"'],
    ['externalId ne "G-1"', ['empty', 'staff']], ['displayName ne "staff"', ['admins', 'empty']],
  ];
  for (const [f, expected] of cases) await check(t, 'Group', f, expected);
  await check(t, 'Group', `members[value eq "${ids.carol}"]`, ['staff']);
  await check(t, 'Group', `members.value eq "${ids.staff}"`, ['admins']);
});

t.test('sort keys', async (t) => {
  const order = async (path: string, dir: 'asc' | 'desc' = 'asc') => {
    const key = compileSortKey('User', resolvePath('User', parseAttrPath(path)), 'u');
    const { rows } = await sql<{ id: string }>`select u.id from users u order by ${key} ${sql.raw(dir)} nulls last, u.id`.execute(db);
    const byId = Object.fromEntries(Object.entries(ids).map(([n, id]) => [id, n]));
    return rows.map((r) => byId[r.id]);
  };
  t.same(await order('userName'), ['alice', 'bob', 'carol', 'dave']);
  t.same(await order('USERNAME', 'desc'), ['dave', 'carol', 'bob', 'alice']);
  t.same(await order('emails'), ['alice', 'bob', 'dave', 'carol'], 'primary email, else first');
  t.same((await order('name.familyName')).slice(0, 2), ['alice', 'carol']);
  t.same(await order('meta.created'), ['bob', 'alice', 'carol', 'dave']);
  t.same((await order('phoneNumbers')).slice(0, 2), ['alice', 'bob']);
  throwsScim(t, () => compileSortKey('User', resolvePath('User', parseAttrPath('meta.location')), 'u'), 'invalidValue');
  throwsScim(t, () => compileSortKey('User', resolvePath('User', parseAttrPath('name')), 'u'), 'invalidValue');
});

t.test('unsupported SQL paths are invalidFilter', async (t) => {
  throwsScim(t, () => compileUserFilter(resolveFilter('User', parseFilter('meta.version eq "x"'))), 'invalidFilter');
  throwsScim(t, () => compileGroupFilter(resolveFilter('Group', parseFilter('members.$ref pr'))), 'invalidFilter');
});

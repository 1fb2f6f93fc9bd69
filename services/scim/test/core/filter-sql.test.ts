// Differential test: the SQL compiler against the in-memory evaluator, on a real PostgreSQL
// (TEST_DATABASE_URL or the embedded one, through the test harness) with every migration applied.
import { sql, type Kysely } from 'kysely';
import t, { type Test } from 'tap';
import { throwsScim } from './scim-assert.js';
import { ScimError } from '../../src/scim/core/errors.js';
import { evaluateFilter } from '../../src/scim/core/filter/evaluate.js';
import { parseFilter } from '../../src/scim/core/filter/parse.js';
import { resolveFilter, type ResolvedFilter } from '../../src/scim/core/filter/resolve.js';
import { compileGroupFilter, compileMemberSelection, compileSortKey, compileUserFilter, escapeLike, sortNullsPlacement } from '../../src/scim/core/filter/sql.js';
import { parseAttrPath, resolvePath } from '../../src/scim/core/schema-registry.js';
import { URN, type AttributeDef, type CompareOp, type JsonObject } from '../../src/scim/core/types.js';
import { createTestDatabase } from '../../../../test/helpers/db.js';

const ENT = URN.enterpriseUser;
// An extension with number attributes, for the numeric SQL paths (no shipped schema has one).
const NUM = 'urn:example:params:scim:schemas:extension:filter-test:2.0:User';
const handle = await createTestDatabase(t, { pool: 2 });
const pool = handle.pool;
// Untyped: the fragments are compiled against raw table aliases.
const db = handle.db as unknown as Kysely<any>;

// `active` is explicit everywhere: the generated column reads a missing `active` as true.
const userDocs: Record<string, { doc: JsonObject; created: string }> = {
  alice: { created: '2011-05-13T03:00:00Z', doc: {
    userName: 'Alice', displayName: 'Alice A', externalId: 'EXT-1', active: true, title: 'Boss', nickName: 'Al',
    name: { givenName: 'Alice', familyName: 'Smith', middleName: 'Q' },
    emails: [{ value: 'alice@example.com', type: 'work', primary: true }],
    phoneNumbers: [{ value: '+1 555 0100', type: 'work' }],
    [ENT]: { department: 'R&D', employeeNumber: '100', manager: { value: 'm1' }, costCenter: 'CC-1', organization: 'Org', division: 'Div' },
    [NUM]: { level: 2, score: 2.5, since: '2011-05-13T03:00:00Z' },
  } },
  bob: { created: '2011-05-13T01:00:00Z', doc: {
    userName: 'bob', externalId: 'ext-1', active: false, title: '50%_off\\', nickName: { x: 1 }, name: {},
    emails: [{ value: 'bob@corp.org', type: 'work' }, { value: 'bob@example.com', type: 'home', primary: false }],
    phoneNumbers: [{ value: '+44 20', type: 'mobile', primary: true }],
    [ENT]: { department: 'Sales' },
    [NUM]: { level: '2', score: '2.5', since: 5 },
  } },
  carol: { created: '2012-01-01T00:00:00+02:00', doc: {
    userName: 'carol', displayName: '', active: true, name: { familyName: 'Zeta' }, title: null, nickName: ['x'], addresses: [{}],
    [NUM]: { level: 10, score: -1, since: '2012-01-01T00:00:00+02:00' },
  } },
  // Row timestamps have microseconds; responses render milliseconds (meta.created below).
  dave: { created: '2013-06-01T12:00:00.123456Z', doc: {
    userName: 'dave_x', displayName: 'Dave', externalId: 'Z-9', active: true, title: '', nickName: 7,
    phoneNumbers: [{ value: 5, type: 'work', primary: 'true' }],
    emails: [{ value: 'DAVE@EXAMPLE.COM', type: 'other', display: 'D' }],
    addresses: [{ type: 'work', locality: 'Paris', primary: true }],
  } },
};

const ids: Record<string, string> = {};
const users: Record<string, JsonObject> = {};
for (const [n, { doc, created }] of Object.entries(userDocs)) {
  const { rows } = await pool.query(
    `INSERT INTO users (doc, source, created_at, updated_at) VALUES ($1, 'local', $2, $2) RETURNING id, created_at`, [doc, created]);
  ids[n] = rows[0].id;
  for (const [ord, e] of ((doc.emails ?? []) as JsonObject[]).entries()) {
    await pool.query('INSERT INTO user_emails (user_id, ord, value, type, is_primary, display) VALUES ($1, $2, $3, $4, $5, $6)',
      [ids[n], ord, e.value, e.type ?? null, e.primary === true, e.display ?? null]);
  }
  const rendered = (rows[0].created_at as Date).toISOString();
  users[n] = { ...doc, id: ids[n], meta: { resourceType: 'User', created: rendered, lastModified: rendered } };
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

async function check(t: Test, rt: 'User' | 'Group', filter: string, expected?: string[], unknown: 'strict' | 'absent' = 'strict') {
  await checkResolved(t, rt, resolveFilter(rt, parseFilter(filter), unknown), filter, expected);
}

async function checkResolved(t: Test, rt: 'User' | 'Group', resolved: ResolvedFilter, filter: string, expected?: string[]) {
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
  // every enterprise column
  [`${ENT}:costCenter eq "cc-1"`, ['alice']], [`${ENT}:organization sw "o"`, ['alice']], [`${ENT}:division ew "IV"`, ['alice']],
  [`${ENT}:employeeNumber eq "100"`, ['alice']], [`${ENT}:division ne "div"`, ['bob', 'carol', 'dave']],
  // jsonb values of every JSON type: only strings, numbers and booleans compare (as text)
  ['nickName eq "7"', ['dave']], ['nickName ne "al"', ['bob', 'carol', 'dave']],
  ['nickName co "x"', []],
  ['phoneNumbers.value eq "5"', ['dave']], ['phoneNumbers.primary ne true', ['alice', 'dave']],
  // pr: "" and null and {} and [{}] are not present
  ['displayName pr', ['alice', 'dave']], ['displayName ne ""', ['alice', 'bob', 'dave']], ['title pr', ['alice', 'bob']],
  ['title eq null', ['carol', 'dave']], ['name pr', ['alice', 'carol']], ['addresses pr', ['dave']],
  ['active ne false', ['alice', 'carol', 'dave']], ['active pr', ['alice', 'bob', 'carol', 'dave']],
  // case-exact text compares by code point: "EXT-1" < "Z-9" < "ext-1"
  ['externalId gt "Z-9"', ['bob']], ['externalId lt "Z-9"', ['alice']], ['externalId ge "ext-1"', ['bob']], ['externalId le "EXT-1"', ['alice']],
  ['externalId sw "E"', ['alice']], ['externalId ew "-1"', ['alice', 'bob']], ['externalId co "T-"', ['alice']],
  ['userName lt "B"', ['alice']], ['userName ge "DAVE_X"', ['dave']], ['userName le "alice"', ['alice']], ['userName gt "carol"', ['dave']],
  ['userName sw "b"', ['bob']], ['userName sw "a"', ['alice']], ['userName ew "e"', ['alice']], ['title co "%%"', []], ['userName ew "_X"', ['dave']], ['userName co "LIC"', ['alice']],
  // row timestamps compare as rendered, to the millisecond (dave: .123456 in the row, .123 rendered)
  ['meta.created eq "2011-05-13T03:00:00Z"', ['alice']], ['meta.created eq "2013-06-01T12:00:00.123Z"', ['dave']],
  ['meta.created eq "2013-06-01T12:00:00.124Z"', []], ['meta.created eq "2013-06-01T12:00:00.122Z"', []],
  ['meta.created ne "2013-06-01T12:00:00.123Z"', ['alice', 'bob', 'carol']], ['meta.created ne "2011-05-13T03:00:00Z"', ['bob', 'carol', 'dave']],
  ['meta.created gt "2013-06-01T12:00:00.123Z"', []], ['meta.created gt "2013-06-01T12:00:00.122Z"', ['dave']],
  ['meta.created gt "2011-05-13T03:00:00Z"', ['carol', 'dave']],
  ['meta.created ge "2013-06-01T12:00:00.123Z"', ['dave']], ['meta.created ge "2013-06-01T12:00:00.124Z"', []],
  ['meta.created ge "2011-05-13T03:00:00Z"', ['alice', 'carol', 'dave']],
  ['meta.created lt "2013-06-01T12:00:00.123Z"', ['alice', 'bob', 'carol']], ['meta.created lt "2013-06-01T12:00:00.124Z"', ['alice', 'bob', 'carol', 'dave']],
  ['meta.created lt "2011-05-13T03:00:00Z"', ['bob']],
  ['meta.created le "2013-06-01T12:00:00.123Z"', ['alice', 'bob', 'carol', 'dave']], ['meta.created le "2013-06-01T12:00:00.122Z"', ['alice', 'bob', 'carol']],
  ['meta.created le "2011-05-13T03:00:00Z"', ['alice', 'bob']],
  ['meta.lastModified eq "2013-06-01T12:00:00.123Z"', ['dave']], ['meta.lastModified lt "2011-05-13T03:00:00Z"', ['bob']],
  ['meta[created eq "2013-06-01T12:00:00.123Z"]', ['dave']], ['meta pr', ['alice', 'bob', 'carol', 'dave']], ['not (meta pr)', []],
  // a single-valued complex value filter needs the object itself (bob's is {}; dave has none)
  ['name[givenName ne "alice"]', ['bob', 'carol']], ['name[familyName pr]', ['alice', 'carol']],
  ['groups pr', ['alice', 'bob', 'carol']], ['groups.type eq "direct"', ['alice', 'bob', 'carol']], ['groups.display ne "staff"', ['alice']],
  ['emails.type eq "WORK"', ['alice', 'bob']], ['emails.display eq "d"', ['dave']],
  ['emails[primary eq true and value ew ".com"]', ['alice']],
  // is_primary is false for an email sent without `primary` (dave's, bob's first); the rendered
  // email has none, so only bob's explicit false matches `eq false`, and `pr` needs the attribute
  ['emails[primary eq false]', ['bob']], ['emails.primary pr', ['alice', 'bob']], ['emails.primary ne false', ['alice', 'bob', 'dave']],
  ['emails[primary eq false and type eq "home"]', ['bob']], ['emails[primary eq false and type eq "work"]', []],
];

t.test('users: SQL agrees with the in-memory evaluator', async (t) => {
  for (const [f, expected] of userCases) await check(t, 'User', f, expected);
  await check(t, 'User', `id eq "${ids.bob}"`, ['bob']);
  await check(t, 'User', `id ne "${ids.bob}"`);
  await check(t, 'User', `groups.value eq "${ids.admins.toUpperCase()}"`, ['alice']);
  // id: a uuid column; other operators compare its text
  await check(t, 'User', `id eq "${ids.bob.toUpperCase()}"`, []);
  await check(t, 'User', 'id ne "x"', ['alice', 'bob', 'carol', 'dave']);
  await check(t, 'User', `id sw "${ids.bob.slice(0, 9)}"`, ['bob']);
  await check(t, 'User', `id ew "${ids.carol.slice(-12)}"`, ['carol']);
  await check(t, 'User', `id co "${ids.dave.slice(9, 23)}"`, ['dave']);
  await check(t, 'User', 'id co "-"', ['alice', 'bob', 'carol', 'dave']);
  await check(t, 'User', `id eq "x${ids.bob}"`, []);
  await check(t, 'User', `id eq "${ids.bob}0"`, []);
  for (const op of ['gt', 'ge', 'lt', 'le']) await check(t, 'User', `id ${op} "${ids.bob}"`);
});

t.test("constants of mode 'absent' (root search)", async (t) => {
  await check(t, 'Group', 'userName ne "x"', ['admins', 'empty', 'staff'], 'absent');
  await check(t, 'Group', 'userName eq "x" or displayName eq "Admins"', ['admins'], 'absent');
  await check(t, 'Group', 'not (userName pr) and not (displayName eq "Admins")', ['empty', 'staff'], 'absent');
  await check(t, 'User', 'members[value pr] or userName eq "bob"', ['bob'], 'absent');
});

const num = (name: string): AttributeDef => ({
  name, type: name === 'level' ? 'integer' : 'decimal', multiValued: false, required: false, caseExact: false,
  mutability: 'readWrite', returned: 'default', uniqueness: 'none',
});
const numLeaf = (name: string, op: CompareOp, value: number): ResolvedFilter => ({ kind: 'compare', path: { schema: NUM, attr: num(name) }, op, value });
const dateLeaf = (op: CompareOp, value: string): ResolvedFilter => ({ kind: 'compare', path: { schema: NUM, attr: { ...num('since'), type: 'dateTime' } }, op, value });

t.test('integer and decimal attributes (RFC 7643 §2.3.4, §2.3.5) compare as numbers', async (t) => {
  // alice: level 2, score 2.5; bob: the same as strings (matches nothing but ne); carol: 10, -1; dave: none.
  const cases: [ResolvedFilter, string[]][] = [
    [numLeaf('level', 'eq', 2), ['alice']], [numLeaf('level', 'ne', 2), ['bob', 'carol', 'dave']],
    [numLeaf('level', 'gt', 2), ['carol']], [numLeaf('level', 'ge', 2), ['alice', 'carol']],
    [numLeaf('level', 'lt', 10), ['alice']], [numLeaf('level', 'le', 10), ['alice', 'carol']],
    [numLeaf('level', 'gt', 9), ['carol']],
    [dateLeaf('eq', '2011-05-13T03:00:00Z'), ['alice']], [dateLeaf('ne', '2011-05-13T03:00:00Z'), ['bob', 'carol', 'dave']],
    [dateLeaf('gt', '2011-05-13T03:00:00Z'), ['carol']], [dateLeaf('ge', '2011-05-13T03:00:00Z'), ['alice', 'carol']],
    [dateLeaf('lt', '2011-12-31T22:00:00Z'), ['alice']], [dateLeaf('le', '2011-12-31T22:00:00Z'), ['alice', 'carol']],
    [numLeaf('score', 'eq', 2.5), ['alice']], [numLeaf('score', 'lt', 0), ['carol']], [numLeaf('score', 'ge', -1), ['alice', 'carol']],
  ];
  for (const [f, want] of cases) await checkResolved(t, 'User', f, `${(f as { path: { attr: AttributeDef } }).path.attr.name} ${(f as { op: string }).op} ${(f as { value: number }).value}`, want);
  // value filters whose leaves are not the bracketed attribute's sub-attributes (trees resolveFilter does not build)
  const path = (p: string) => resolvePath('User', parseAttrPath(p));
  const emails = path('emails');
  const foreign = { ...path('emails.type'), schema: ENT };
  const trees: [string, ResolvedFilter, string[]][] = [
    ['emails[userName eq "bob"]', { kind: 'valuePath', path: emails, filter: { kind: 'compare', path: path('userName'), op: 'eq', value: 'bob' } }, ['bob']],
    ['emails[emails pr]', { kind: 'valuePath', path: emails, filter: { kind: 'present', path: emails } }, ['alice', 'bob', 'dave']],
    ['emails[<enterprise>:emails.type eq "work"]', { kind: 'valuePath', path: emails, filter: { kind: 'compare', path: foreign, op: 'eq', value: 'work' } }, []],
    ['<enterprise>:emails.type ne "work"', { kind: 'compare', path: foreign, op: 'ne', value: 'work' }, []],
  ];
  for (const [label, f, want] of trees) await checkResolved(t, 'User', f, label, want);
  t.equal(detailOf(() => compileUserFilter(numLeaf('level', 'co', 1))), '400 invalidFilter Operator "co" is not supported here');
  t.equal(detailOf(() => compileUserFilter(numLeaf('level', 'sw', 1))), '400 invalidFilter Operator "sw" is not supported here');
});

/** The exact detail of the ScimError a call throws. */
function detailOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof ScimError ? `${err.status} ${err.scimType} ${err.message}` : `not a ScimError: ${String(err)}`;
  }
  return 'did not throw';
}

t.test('the SQL itself, for a few representative filters (index use cannot be seen in the rows)', async (t) => {
  const userSql = (f: string) => compileUserFilter(resolveFilter('User', parseFilter(f))).compile(db).sql;
  const groupSql = (f: string) => compileGroupFilter(resolveFilter('Group', parseFilter(f))).compile(db).sql;
  const cases: [string, string][] = [
    [userSql('userName eq "x"'), 'lower("u"."user_name") = lower($1)'],
    [userSql('externalId gt "x"'), '"u"."external_id" COLLATE "C" > $1::text COLLATE "C"'],
    [userSql('displayName ne "x"'), 'lower("u"."display_name") IS DISTINCT FROM lower($1)'],
    [userSql('name.givenName sw "x"'), 'lower("u"."given_name") LIKE lower($1) ESCAPE \'\\\''],
    [userSql('name.familyName co "x"'), 'lower("u"."family_name") LIKE lower($1) ESCAPE \'\\\''],
    [userSql('active eq true'), '"u"."active" = $1::boolean'],
    [userSql('displayName pr'), '("u"."display_name" IS NOT NULL AND "u"."display_name" <> \'\')'],
    [userSql(`${ENT}:employeeNumber eq "x"`), 'lower("u"."employee_number") = lower($1)'],
    [userSql(`${ENT}:costCenter eq "x"`), 'lower("u"."cost_center") = lower($1)'],
    [userSql(`${ENT}:organization eq "x"`), 'lower("u"."organization") = lower($1)'],
    [userSql(`${ENT}:division eq "x"`), 'lower("u"."division") = lower($1)'],
    [userSql(`${ENT}:department eq "x"`), 'lower("u"."department") = lower($1)'],
    [userSql(`${ENT}:manager.value eq "x"`), 'lower("u"."manager_id") = lower($1)'],
    [userSql('id eq "00000000-0000-0000-0000-000000000000"'), '("u"."id" = $1::uuid)'],
    [userSql('id ne "00000000-0000-0000-0000-000000000000"'), 'NOT ("u"."id" = $1::uuid)'],
    [userSql('id eq "x"'), 'false'],
    [userSql('meta.created ge "2011-05-13T03:00:00Z"'), '"u"."created_at" >= $1::timestamptz'],
    [userSql('meta.lastModified lt "2011-05-13T03:00:00Z"'), '"u"."updated_at" < $1::timestamptz'],
    [userSql('meta.resourceType eq "User"'), '$1::text = $2::text'],
    [userSql('id pr'), 'true'],
    [userSql('emails[type eq "work"]'), 'EXISTS (SELECT 1 FROM user_emails e WHERE e.user_id = "u"."id" AND lower("e"."type") = lower($1))'],
    [groupSql('displayName eq "x"'), 'lower("g"."display_name") = lower($1)'],
    [groupSql('externalId eq "x"'), '"g"."external_id" = $1::text'],
    [groupSql('not (externalId pr)'), '(NOT coalesce(("g"."external_id" IS NOT NULL AND "g"."external_id" <> \'\'), false))'],
  ];
  for (const [got, want] of cases) t.equal(got, want);
  t.strictSame(compileUserFilter(resolveFilter('User', parseFilter('userName eq "x"')), 'v').compile(db).sql, 'lower("v"."user_name") = lower($1)');
  t.equal(sortNullsPlacement('ascending').compile(db).sql, 'NULLS LAST');
  t.equal(sortNullsPlacement('descending').compile(db).sql, 'NULLS FIRST');
  t.equal(escapeLike('50%_a\\b'), '50\\%\\_a\\\\b');
  t.equal(escapeLike('plain'), 'plain');
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
  for (const [f, want] of [
    ['members.value pr', ['admins', 'staff']], ['members[display eq "STAFF"]', ['admins']], ['members.type ne "User"', ['admins']],
    ['members[type eq "Group"] and displayName sw "a"', ['admins']], [`id eq "${ids.staff}"`, ['staff']], ['meta.resourceType eq "user"', []],
  ] as [string, string[]][]) await check(t, 'Group', f, want);
});

t.test('compileMemberSelection: the members of one group a members[…] filter selects', async (t) => {
  const select = async (group: string, f: string) => {
    const vp = resolveFilter('Group', parseFilter(f)) as Extract<ResolvedFilter, { kind: 'valuePath' }>;
    const { rows } = await sql<{ member_id: string }>`select s.member_id from groups g cross join lateral (${compileMemberSelection(vp)}) s
      where g.id = ${ids[group]}`.execute(db);
    const byId = Object.fromEntries(Object.entries(ids).map(([n, id]) => [id, n]));
    return rows.map((r) => byId[r.member_id]).sort();
  };
  t.same(await select('admins', 'members[type eq "User"]'), ['alice']);
  t.same(await select('admins', 'members[type eq "Group"]'), ['staff']);
  t.same(await select('staff', 'members[display eq "BOB" or value eq "nope"]'), ['bob']);
  t.same(await select('staff', 'members[not (display eq "bob")]'), ['carol']);
  t.same(await select('empty', 'members[value pr]'), []);
  const other = resolveFilter('Group', parseFilter('members[type eq "User"]')) as Extract<ResolvedFilter, { kind: 'valuePath' }>;
  t.match(compileMemberSelection(other, 'gx').compile(db).sql, /^SELECT m\.member_id FROM group_members m[\s\S]*WHERE m\.group_id = "gx"\."id" AND lower\(m\.member_type\) = lower\(\$1\)$/);
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
  // case-exact: by code point, not lowercased ("EXT-1" < "Z-9" < "ext-1")
  t.same(await order('externalId'), ['alice', 'dave', 'bob', 'carol']);
  t.same(await order('displayName'), ['carol', 'alice', 'dave', 'bob']);
  t.same(await order('emails.value', 'desc'), ['dave', 'bob', 'alice', 'carol']);
  // as rendered: an email without "primary" has no value for emails.primary (not false), so alice (true) sorts first
  t.equal((await order('emails.primary'))[0], 'alice');
  t.equal((await order('addresses.locality'))[0], 'dave');
  const byDisplay = await order('groups.display', 'desc'); // Staff (bob, carol: either order), Admins, none
  t.same([byDisplay.slice(0, 2).sort(), byDisplay.slice(2)], [['bob', 'carol'], ['alice', 'dave']]);
  // `groups` sorts by the value (the group id) of the first group
  const byGroup = await order('groups');
  t.equal(byGroup[3], 'dave');
  t.equal(byGroup.indexOf('alice'), ids.admins! < ids.staff! ? 0 : 2);
  t.same((await order(`${ENT}:department`)).slice(0, 2), ['alice', 'bob']);
  // groups by their members: the lowest member id as text
  const groupKey = compileSortKey('Group', resolvePath('Group', parseAttrPath('members')), 'g');
  const { rows } = await sql<{ id: string }>`select g.id from groups g order by ${groupKey} asc nulls last, g.id`.execute(db);
  const byId = Object.fromEntries(Object.entries(ids).map(([n, id]) => [id, n]));
  const lowest = (g: string) => groupMembers[g]!.map(([m]) => ids[m]!).sort()[0];
  t.same(rows.map((r) => byId[r.id]), ['admins', 'staff'].sort((a, b) => (lowest(a)! < lowest(b)! ? -1 : 1)).concat(['empty']));
  t.equal(detailOf(() => compileSortKey('User', resolvePath('User', parseAttrPath('meta.location')), 'u')), '400 invalidValue Cannot sort by "meta.location"');
  t.equal(detailOf(() => compileSortKey('User', resolvePath('User', parseAttrPath('groups.$ref')), 'u')), '400 invalidValue Cannot sort by "groups.$ref"');
  t.equal(detailOf(() => compileSortKey('User', resolvePath('User', parseAttrPath('meta')), 'u')), '400 invalidValue Cannot sort by complex attribute "meta"');
  t.equal(detailOf(() => compileSortKey('User', resolvePath('User', parseAttrPath('name')), 'u')), '400 invalidValue Cannot sort by complex attribute "name"');
});

t.test('unsupported SQL paths are invalidFilter', async (t) => {
  throwsScim(t, () => compileUserFilter(resolveFilter('User', parseFilter('meta.version eq "x"'))), 'invalidFilter');
  throwsScim(t, () => compileGroupFilter(resolveFilter('Group', parseFilter('members.$ref pr'))), 'invalidFilter');
  const cases: ['User' | 'Group', string, string][] = [
    ['User', 'meta.version eq "x"', 'meta.version'], ['User', 'meta.location pr', 'meta.location'],
    ['Group', 'members.$ref pr', 'members.$ref'], ['Group', 'members[$ref sw "x"]', 'members.$ref'], ['User', 'groups.$ref pr', 'groups.$ref'],
    ['Group', 'meta.version ne "x"', 'meta.version'],
  ];
  for (const [rt, f, what] of cases) {
    const r = resolveFilter(rt, parseFilter(f));
    t.equal(detailOf(() => (rt === 'User' ? compileUserFilter(r) : compileGroupFilter(r))), `400 invalidFilter Filtering on "${what}" is not supported`, f);
  }
});

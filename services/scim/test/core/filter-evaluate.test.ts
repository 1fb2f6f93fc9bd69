import t from 'tap';
import { evaluateFilter, getCaseInsensitive, isPresent, matchesElement } from '../../src/scim/core/filter/evaluate.js';
import { parseFilter } from '../../src/scim/core/filter/parse.js';
import { resolveFilter, type ResolvedFilter } from '../../src/scim/core/filter/resolve.js';
import { parseAttrPath, resolvePath } from '../../src/scim/core/schema-registry.js';
import { URN, type AttributeDef, type CompareOp, type JsonObject, type ResolvedPath } from '../../src/scim/core/types.js';

const ENT = URN.enterpriseUser;

const alice: JsonObject = {
  id: 'a1', userName: 'Alice', active: true, title: 'Boss',
  name: { givenName: 'Alice', familyName: 'Smith' },
  emails: [{ value: 'alice@example.com', type: 'work', primary: true }],
  meta: { resourceType: 'User', created: '2011-05-13T03:00:00Z', lastModified: '2011-05-13T03:00:00Z' },
  [ENT]: { department: 'R&D', manager: { value: 'm1' } },
};
const bob: JsonObject = {
  id: 'b1', userName: 'bob', active: false,
  emails: [{ value: 'bob@corp.org', type: 'work' }, { value: 'bob@example.com', type: 'home' }],
  phoneNumbers: [{ value: '+1 555', type: 'mobile' }],
  meta: { resourceType: 'User', created: '2011-05-13T01:00:00Z', lastModified: '2011-05-13T01:00:00Z' },
};
const carol: JsonObject = { id: 'c1', userName: 'carol', meta: { resourceType: 'User' } };
const all = { alice, bob, carol };

const cases: [string, string[]][] = [
  // A complex value filter: one element must satisfy both parts (RFC 7644 §3.4.2.2).
  ['emails[type eq "work" and value co "@example.com"]', ['alice']],
  ['emails[type eq "work"] and emails[type eq "home"]', ['bob']],
  ['not (userName eq "bob" or userName eq "Alice")', ['carol']],
  ['userName eq "alice"', ['alice']],
  ['meta.lastModified gt "2011-05-13T04:42:34+02:00"', ['alice']],
  ['emails.value co "example"', ['alice', 'bob']],
  ['emails[not (type eq "work")]', ['bob']],
  // the Entra form is one element, unlike `emails[type eq "work"] and emails.value eq …`
  ['emails[type eq "work"].value eq "bob@example.com"', []],
  ['emails[type eq "work"] and emails.value eq "bob@example.com"', ['bob']],
  // operators
  ['userName ne "bob"', ['alice', 'carol']],
  ['title ne "Boss"', ['bob', 'carol']],
  ['not (title eq "Boss")', ['bob', 'carol']],
  ['userName sw "A"', ['alice']],
  ['userName ew "B"', ['bob']],
  ['userName co "AR"', ['carol']],
  ['userName gt "b"', ['bob', 'carol']],
  ['userName le "bob"', ['alice', 'bob']],
  ['id eq "A1"', []], // id is caseExact
  ['title pr', ['alice']],
  ['phoneNumbers pr', ['bob']],
  ['name pr', ['alice']],
  ['active eq true', ['alice']],
  ['active ne true', ['bob', 'carol']],
  ['emails.primary eq true', ['alice']],
  ['meta.created ge "2011-05-13T03:00:00Z"', ['alice']],
  ['meta.created lt "2011-05-13T05:00:00+02:00"', ['bob']],
  [`${ENT}:department eq "r&d"`, ['alice']],
  [`${ENT}:manager.value eq "m1"`, ['alice']],
  ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:DEPARTMENT pr', ['alice']],
  ['department pr', ['alice']],
  ['title eq null', ['bob', 'carol']],
  ['phoneNumbers[type eq "mobile" and value sw "+1"]', ['bob']],
  ['userName eq "bob" or userName eq "carol" and active eq true', ['bob']],
];

t.test('evaluation semantics (value filters and operators)', async (t) => {
  for (const [f, expected] of cases) {
    const r = resolveFilter('User', parseFilter(f));
    const got = Object.entries(all).filter(([, doc]) => evaluateFilter(r, doc, URN.user)).map(([n]) => n);
    t.same(got, expected, f);
  }
});

t.test('case-insensitive keys in the document', async (t) => {
  const r = resolveFilter('User', parseFilter('name.givenName eq "x"'));
  t.ok(evaluateFilter(r, { Name: { GivenName: 'X' } }, URN.user));
});

t.test('matchesElement selects elements of a multi-valued attribute', async (t) => {
  const vp = resolveFilter('User', parseFilter('emails[type eq "work" and value ew "corp.org"]')) as Extract<ResolvedFilter, { kind: 'valuePath' }>;
  const emails = bob.emails as unknown[];
  t.same(emails.map((e) => matchesElement(vp, e)), [true, false]);
  const members = resolveFilter('Group', parseFilter('members[value eq "u1"]')) as Extract<ResolvedFilter, { kind: 'valuePath' }>;
  t.ok(matchesElement(members, { value: 'U1', type: 'User' }), 'members.value is caseExact=false');
});

t.test('getCaseInsensitive: exact key first, then any case; only plain objects', async (t) => {
  t.equal(getCaseInsensitive({ USERNAME: 'upper', userName: 'exact' }, 'userName'), 'exact');
  t.equal(getCaseInsensitive({ USERNAME: 'upper', username: 'lower' }, 'userName'), 'upper');
  t.equal(getCaseInsensitive({ a: 1 }, 'A'), 1);
  t.equal(getCaseInsensitive({ a: 1 }, 'b'), undefined);
  t.equal(getCaseInsensitive({ a: 0 }, 'a'), 0);
  t.equal(getCaseInsensitive(null, 'a'), undefined);
  t.equal(getCaseInsensitive(undefined, 'a'), undefined);
  t.equal(getCaseInsensitive('abc', 'length'), undefined);
  t.equal(getCaseInsensitive(['x'], '0'), undefined);
  t.equal(getCaseInsensitive([{ a: 1 }], 'length'), undefined);
});

t.test('isPresent: RFC 7644 §3.4.2.2 "pr" (not null, not empty, a complex value with a non-empty node)', async (t) => {
  const cases: [unknown, boolean][] = [
    [undefined, false], [null, false], ['', false], ['x', true], [0, true], [false, true],
    [[], false], [['', null], false], [['', 'a'], true], [[[]], false],
    [{}, false], [{ a: '' }, false], [{ a: null, b: [] }, false], [{ a: '', b: { c: 'x' } }, true], [{ a: false }, true],
  ];
  for (const [v, want] of cases) t.equal(isPresent(v), want, JSON.stringify(v) ?? 'undefined');
});

const matching = (f: string, docs: Record<string, JsonObject>, coreUrn: string | undefined = URN.user) => {
  const r = resolveFilter('User', parseFilter(f));
  return Object.entries(docs).filter(([, d]) => evaluateFilter(r, d, coreUrn)).map(([n]) => n);
};

t.test('values of the wrong JSON type: only ne matches (as the SQL NULL does)', async (t) => {
  const docs: Record<string, JsonObject> = {
    str: { active: 'true', title: { x: 1 }, meta: { created: 5 }, nickName: 7, emails: [{ primary: 'true', value: 'a@x' }] },
    bad: { meta: { created: 'not a date' }, title: ['Boss'] },
    ok: { active: true, title: 'Boss', meta: { created: '2011-05-13T05:00:00+02:00' }, nickName: '7', emails: [{ primary: true }] },
  };
  const cases: [string, string[]][] = [
    ['active eq true', ['ok']],
    ['active ne true', ['str', 'bad']],
    ['active ne false', ['str', 'bad', 'ok']],
    ['title eq "Boss"', ['ok']],
    ['title ne "Boss"', ['str', 'bad']],
    ['title pr', ['str', 'bad', 'ok']],
    ['nickName eq "7"', ['str', 'ok']],
    ['nickName ew "7"', ['str', 'ok']],
    ['meta.created eq "2011-05-13T03:00:00Z"', ['ok']],
    ['meta.created ne "2011-05-13T03:00:00Z"', ['str', 'bad']],
    ['meta.created ge "2011-05-13T03:00:00Z"', ['ok']],
    ['meta.created gt "2011-05-13T03:00:00Z"', []],
    ['meta.created le "2011-05-13T03:00:00Z"', ['ok']],
    ['meta.created lt "2011-05-13T03:00:00.001Z"', ['ok']],
    ['emails.primary eq true', ['ok']],
    ['emails.primary ne true', ['str']], // `bad` has no email element to compare
    ['emails[primary ne true and value pr]', ['str']],
  ];
  for (const [f, want] of cases) t.same(matching(f, docs), want, f);
});

t.test('operators at their boundaries, case-insensitive and case-exact', async (t) => {
  const docs: Record<string, JsonObject> = { m: { userName: 'Mm', externalId: 'Mm' }, n: { userName: 'n', externalId: 'n' }, none: {} };
  const cases: [string, string[]][] = [
    ['userName eq "MM"', ['m']], ['userName ne "MM"', ['n', 'none']],
    ['userName co "M"', ['m']], ['userName co "mm"', ['m']], ['userName sw "m"', ['m']], ['userName ew "M"', ['m']], ['userName sw "n"', ['n']],
    ['userName co "x"', []], ['userName sw "mmm"', []], ['userName ew "nm"', []],
    ['userName gt "mm"', ['n']], ['userName ge "mm"', ['m', 'n']], ['userName lt "n"', ['m']], ['userName le "n"', ['m', 'n']],
    ['userName lt "mm"', []], ['userName gt "n"', []],
    ['externalId eq "mm"', []], ['externalId eq "Mm"', ['m']], ['externalId ne "Mm"', ['n', 'none']],
    ['externalId co "m"', ['m']], ['externalId co "M"', ['m']], ['externalId sw "m"', []], ['externalId ew "M"', []],
    // case-exact order is by code point: "Mm" < "N" < "n"
    ['externalId gt "N"', ['n']], ['userName gt "N"', []], // both sides lowercased ['externalId lt "a"', ['m']], ['externalId ge "n"', ['n']], ['externalId le "Mm"', ['m']],
  ];
  for (const [f, want] of cases) t.same(matching(f, docs), want, f);
});

t.test('where values are read from', async (t) => {
  const ENTERPRISE = URN.enterpriseUser;
  const doc: JsonObject = { userName: 'u', [ENTERPRISE]: { department: 'D' }, department: 'core-level', emails: { value: 'single@x', type: 'work' }, phoneNumbers: null };
  // coreUrn given: the extension is read under its URN, a core attribute at the top.
  t.same(matching('department eq "D"', { doc }), ['doc']);
  t.same(matching('userName eq "u"', { doc }), ['doc']);
  // without coreUrn: a schema with ":extension:" in its URN is an extension.
  const noUrn = (f: string, d: JsonObject) => evaluateFilter(resolveFilter('User', parseFilter(f)), d);
  t.equal(noUrn('department eq "D"', doc), true);
  t.equal(noUrn('userName eq "u"', doc), true);
  t.equal(noUrn('userName eq "u"', { [URN.user]: { userName: 'u' } }), false);
  // coreUrn of another type: the User core attributes are then read as an extension object.
  t.same(matching('userName eq "u"', { doc }, URN.group), []);
  t.same(matching('userName eq "u"', { doc: { [URN.user]: { userName: 'u' } } }, URN.group), ['doc']);
  // a multi-valued attribute stored as one object counts as one element; null as none
  t.same(matching('emails.value eq "single@x"', { doc }), ['doc']);
  t.same(matching('emails[type eq "work" and value sw "single"]', { doc }), ['doc']);
  t.same(matching('emails pr', { doc }), ['doc']);
  t.same(matching('phoneNumbers pr', { doc }), []);
  t.same(matching('phoneNumbers.value ne "x"', { doc }), []);
  t.same(matching('phoneNumbers[value ne "x"]', { doc }), []);
  // an element without the sub-attribute: ne matches it, eq does not
  t.same(matching('emails.display ne "x"', { doc }), ['doc']);
  t.same(matching('emails pr', { a: { emails: [] }, b: { emails: [{}] }, c: { emails: [{ value: '' }] }, d: { emails: [{ type: 'work' }] } }), ['d']);
  // a single-valued complex attribute in a value filter
  t.same(matching('name[givenName eq "x" and familyName pr]', { a: { name: { givenName: 'X', familyName: 'F' } }, b: { name: { givenName: 'X' } }, c: {}, d: { name: null } }), ['a']);
  t.same(matching('name[givenName ne "x"]', { a: { name: { givenName: 'X' } }, b: { name: { familyName: 'F' } }, c: {}, d: { name: null } }), ['b']);
});

t.test('trees resolveFilter does not build (constants, foreign leaves in a value filter)', async (t) => {
  const path = (p: string): ResolvedPath => resolvePath('User', parseAttrPath(p));
  const emails = path('emails');
  const doc: JsonObject = { userName: 'bob', emails: [{ value: 'a@x', type: 'work' }] };
  const evalOn = (f: ResolvedFilter) => evaluateFilter(f, doc, URN.user);
  t.equal(evalOn({ kind: 'const', value: true }), true);
  t.equal(evalOn({ kind: 'const', value: false }), false);
  t.equal(evalOn({ kind: 'not', filter: { kind: 'const', value: false } }), true);
  // a leaf on another attribute inside emails[…] reads the resource
  t.equal(evalOn({ kind: 'valuePath', path: emails, filter: { kind: 'compare', path: path('userName'), op: 'eq', value: 'bob' } }), true);
  t.equal(evalOn({ kind: 'valuePath', path: emails, filter: { kind: 'compare', path: path('userName'), op: 'eq', value: 'al' } }), false);
  // another attribute with a sub-attribute, same schema: still the resource, not the element
  t.equal(evaluateFilter({ kind: 'valuePath', path: emails, filter: { kind: 'compare', path: path('name.givenName'), op: 'eq', value: 'bob' } },
    { ...doc, name: { givenName: 'Bob' } }, URN.user), true);
  // the same attribute without a sub-attribute: the resource's emails as a whole
  t.equal(evalOn({ kind: 'valuePath', path: emails, filter: { kind: 'present', path: emails } }), true);
  // the same attribute under another schema URN is not the scope either
  const foreign = { ...path('emails.type'), schema: URN.enterpriseUser };
  t.equal(evalOn({ kind: 'valuePath', path: emails, filter: { kind: 'compare', path: foreign, op: 'eq', value: 'work' } }), false);
  t.equal(evaluateFilter({ kind: 'valuePath', path: emails, filter: { kind: 'compare', path: foreign, op: 'eq', value: 'work' } },
    { ...doc, [URN.enterpriseUser]: { emails: [{ type: 'work' }] } }, URN.user), true);
  t.equal(matchesElement({ kind: 'valuePath', path: emails, filter: { kind: 'const', value: true } }, {}), true);
  t.equal(matchesElement({ kind: 'valuePath', path: emails, filter: { kind: 'compare', path: path('emails.type'), op: 'eq', value: 'work' } }, { TYPE: 'WORK' }), true);
  t.equal(matchesElement({ kind: 'valuePath', path: emails, filter: { kind: 'compare', path: path('emails.type'), op: 'eq', value: 'work' } }, 'work'), false);
});

t.test('integer and decimal values (RFC 7643 §2.3.4, §2.3.5)', async (t) => {
  const def = (name: string, type: 'integer' | 'decimal' | 'boolean'): AttributeDef => ({
    name, type, multiValued: false, required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none',
  });
  const schema = 'urn:example:params:scim:schemas:extension:filter-test:2.0:User';
  const leaf = (name: string, type: 'integer' | 'decimal', op: CompareOp, value: number): ResolvedFilter =>
    ({ kind: 'compare', path: { schema, attr: def(name, type) }, op, value });
  const docs: Record<string, JsonObject> = { two: { [schema]: { level: 2, score: 2.5 } }, str: { [schema]: { level: '2', score: '2.5' } }, none: {} };
  const got = (f: ResolvedFilter) => Object.entries(docs).filter(([, d]) => evaluateFilter(f, d, URN.user)).map(([n]) => n);
  const cases: [ResolvedFilter, string[]][] = [
    [leaf('level', 'integer', 'eq', 2), ['two']], [leaf('level', 'integer', 'ne', 2), ['str', 'none']],
    [leaf('level', 'integer', 'gt', 1), ['two']], [leaf('level', 'integer', 'gt', 2), []], [leaf('level', 'integer', 'ge', 2), ['two']],
    [leaf('level', 'integer', 'lt', 3), ['two']], [leaf('level', 'integer', 'lt', 2), []], [leaf('level', 'integer', 'le', 2), ['two']],
    [leaf('level', 'integer', 'le', 1), []],
    [leaf('score', 'decimal', 'eq', 2.5), ['two']], [leaf('score', 'decimal', 'gt', 2.4), ['two']], [leaf('score', 'decimal', 'ne', 2.5), ['str', 'none']],
    // 10 > 9 as numbers, "10" < "9" as strings
    [leaf('level', 'integer', 'lt', 10), ['two']],
  ];
  for (const [f, want] of cases) t.same(got(f), want, `${(f as { op: string }).op} ${(f as { value: number }).value}`);
  const ten = { [schema]: { level: 10 } };
  t.equal(evaluateFilter(leaf('level', 'integer', 'gt', 9), ten, URN.user), true);
});

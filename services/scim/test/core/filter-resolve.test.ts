import t from 'tap';
import { invalidFilterDetail, throwsScim } from './scim-assert.js';
import { parseFilter } from '../../src/scim/core/filter/parse.js';
import { checkAcrossTypes, leafAttribute, normalizeDateTime, resolveFilter, type ResolvedFilter } from '../../src/scim/core/filter/resolve.js';
import { RESOURCE_SCHEMAS } from '../../src/scim/core/schema-registry.js';
import { URN, type AttributeDef, type Filter, type ResourceTypeName } from '../../src/scim/core/types.js';

const ENT = URN.enterpriseUser;
const resolveUser = (f: string) => resolveFilter('User', parseFilter(f));

t.test('accepted filters resolve to canonical paths', async (t) => {
  const r = resolveUser('USERNAME eq "x"');
  t.match(r, { kind: 'compare', op: 'eq', value: 'x', path: { schema: URN.user, attr: { name: 'userName' } } });
  // A complex attribute without sub-attribute compares its value (RFC 7644 §3.4.2.2).
  t.match(resolveUser('emails co "@x"'), { path: { attr: { name: 'emails' }, sub: { name: 'value' } } });
  t.match(resolveUser(`${ENT}:manager eq "m"`), { path: { schema: ENT, attr: { name: 'manager' }, sub: { name: 'value' } } });
  t.match(resolveUser('emails[Type eq "work"]'), {
    kind: 'valuePath', path: { attr: { name: 'emails' } },
    filter: { kind: 'compare', path: { attr: { name: 'emails' }, sub: { name: 'type' } } },
  });
  t.match(resolveUser('active eq "False"'), { value: false }, 'Entra boolean strings');
  t.match(resolveUser('title eq null'), { kind: 'not', filter: { kind: 'present' } });
  t.match(resolveUser('title ne null'), { kind: 'present' });
  t.match(resolveUser('meta.created gt "2011-05-13T04:42:34+02:00"'), { value: '2011-05-13T04:42:34+02:00' });
  t.match(resolveUser('meta.created gt "2011-05-13T04:42:34"'), { value: '2011-05-13T04:42:34Z' });
  t.match(resolveUser('meta.created gt "2011-05-13"'), { value: '2011-05-13T00:00:00Z' });
  t.ok(resolveUser('emails pr and name pr and groups.display sw "a"'));
  t.ok(resolveFilter('Group', parseFilter('members[value eq "1" and type eq "User"] and displayName co "x"')));
});

t.test('schema violations are invalidFilter', async (t) => {
  const bad: [string, ('User' | 'Group')?][] = [
    ['nope eq "x"'],
    ['name.nope eq "x"'],
    ['emails[nope eq "x"]'],
    ['emails[emails.type eq "x"]'],
    ['userName[value eq "x"]'],
    ['name eq "x"'], // complex without value sub-attribute
    ['active gt true'],
    ['active co "t"'],
    ['active eq 1'],
    ['active eq "yes"'],
    ['x509Certificates.value sw "MII"'],
    ['userName eq 1'],
    ['userName eq true'],
    ['userName gt null'],
    ['meta.created gt "yesterday"'],
    ['meta.created gt "2020-02-30T00:00:00Z"'],
    ['meta.created gt 5'],
    ['meta.created co "2020"'],
    ['password eq "secret"'],
    ['password pr'],
    ['userName eq "x"', 'Group'],
    [`${ENT}:department eq "x"`, 'Group'],
  ];
  for (const [f, rt = 'User'] of bad) {
    throwsScim(t, () => resolveFilter(rt, parseFilter(f)), 'invalidFilter', f);
  }
});

t.test('normalizeDateTime', async (t) => {
  t.equal(normalizeDateTime('2011-05-13T04:42:34.5+0200'), '2011-05-13T04:42:34.5+02:00');
  t.equal(normalizeDateTime('2011-05-13t04:42z'), '2011-05-13T04:42:00Z');
  t.equal(normalizeDateTime('2011-13-13T00:00:00Z'), undefined);
  t.equal(normalizeDateTime('13/05/2011'), undefined);
});

// Root POST /.search: an attribute one type lacks is unassigned there (RFC 7644 §3.4.2.2).
t.test("mode 'absent': unknown attributes become constants, everything else is still checked", async (t) => {
  const absent = (rt: 'User' | 'Group', f: string) => resolveFilter(rt, parseFilter(f), 'absent');
  const cases: [string, 'User' | 'Group', string, unknown][] = [
    ['eq on an attribute Groups lack', 'Group', 'userName eq "x"', { kind: 'const', value: false }],
    ['ne is true: there is no value to equal', 'Group', 'userName ne "x"', { kind: 'const', value: true }],
    ['pr is false', 'Group', 'active pr', { kind: 'const', value: false }],
    ['order comparisons are false', 'Group', 'name.familyName gt "a"', { kind: 'const', value: false }],
    ['a value filter on an absent attribute is false', 'User', 'members[value eq "1"]', { kind: 'const', value: false }],
    ['under not', 'Group', 'not (userName eq "x")', { kind: 'not', filter: { kind: 'const', value: false } }],
    ['mixed with a known attribute', 'Group', 'userName eq "x" or displayName eq "G"',
      { kind: 'or', left: { kind: 'const', value: false }, right: { kind: 'compare', path: { attr: { name: 'displayName' } } } }],
    ['an extension URN path the type lacks', 'Group', `${ENT}:department eq "x"`, { kind: 'const', value: false }],
    ['known attributes resolve as in strict mode', 'User', 'userName eq "x"', { kind: 'compare', op: 'eq', value: 'x' }],
    ['eq null holds: there is no value', 'Group', 'userName eq null', { kind: 'const', value: true }],
    ['ne null does not', 'Group', 'userName ne null', { kind: 'const', value: false }],
  ];
  for (const [name, rt, f, want] of cases) t.match(absent(rt, f), want, name);
  // Only a whole unknown attribute is lenient: wrong sub-attributes, types and syntax are not.
  for (const f of ['name.nope eq "x"', 'emails[nope eq "x"]', 'active gt true', 'userName eq', 'password eq "x"']) {
    throwsScim(t, () => absent('User', f), 'invalidFilter', f);
  }
  throwsScim(t, () => resolveFilter('Group', parseFilter('userName eq "x"')), 'invalidFilter', 'strict stays the default');
});

t.test('checkAcrossTypes: each attribute must belong to some type searched', async (t) => {
  const both: ('User' | 'Group')[] = ['User', 'Group'];
  for (const f of ['userName eq "x"', 'members.value eq "1"', 'emails.value eq "a" or members.value eq "b"', 'not (userName pr) and displayName pr']) {
    t.doesNotThrow(() => checkAcrossTypes(both, parseFilter(f)), f);
  }
  for (const f of ['nope eq "x"', 'userName eq "x" or nope pr', 'members[nope eq "1"]', 'userName gt true', 'members.value gt 3']) {
    throwsScim(t, () => checkAcrossTypes(both, parseFilter(f)), 'invalidFilter', f);
  }
  throwsScim(t, () => checkAcrossTypes(['Group'], parseFilter('userName eq "x"')), 'invalidFilter', 'one type: as strict');
});

/** A resolved filter with attribute definitions replaced by their names, to compare whole trees. */
const shape = (r: ResolvedFilter): unknown => JSON.parse(JSON.stringify(r, (k, v) => (k === 'attr' || k === 'sub' ? (v as AttributeDef).name : v)));
const shapeOf = (rt: ResourceTypeName, f: string, unknown: 'strict' | 'absent' = 'strict') => shape(resolveFilter(rt, parseFilter(f), unknown));
const U = URN.user;
const G = URN.group;

t.test('resolved trees, whole', async (t) => {
  const cases: [ResourceTypeName, string, unknown][] = [
    ['User', 'userName eq "x"', { kind: 'compare', path: { schema: U, attr: 'userName' }, op: 'eq', value: 'x' }],
    ['User', 'name.givenName co "x"', { kind: 'compare', path: { schema: U, attr: 'name', sub: 'givenName' }, op: 'co', value: 'x' }],
    ['User', 'emails sw "x"', { kind: 'compare', path: { schema: U, attr: 'emails', sub: 'value' }, op: 'sw', value: 'x' }],
    ['User', `${ENT}:manager ew "x"`, { kind: 'compare', path: { schema: ENT, attr: 'manager', sub: 'value' }, op: 'ew', value: 'x' }],
    ['User', 'department pr', { kind: 'present', path: { schema: ENT, attr: 'department' } }],
    ['User', 'name pr', { kind: 'present', path: { schema: U, attr: 'name' } }],
    ['User', 'title eq null', { kind: 'not', filter: { kind: 'present', path: { schema: U, attr: 'title' } } }],
    ['User', 'title ne null', { kind: 'present', path: { schema: U, attr: 'title' } }],
    ['User', 'emails eq null', { kind: 'not', filter: { kind: 'present', path: { schema: U, attr: 'emails', sub: 'value' } } }],
    ['User', 'active eq "TRUE"', { kind: 'compare', path: { schema: U, attr: 'active' }, op: 'eq', value: true }],
    ['User', 'active ne "false"', { kind: 'compare', path: { schema: U, attr: 'active' }, op: 'ne', value: false }],
    ['User', 'active eq false', { kind: 'compare', path: { schema: U, attr: 'active' }, op: 'eq', value: false }],
    ['User', 'x509Certificates.value eq "MII"', { kind: 'compare', path: { schema: U, attr: 'x509Certificates', sub: 'value' }, op: 'eq', value: 'MII' }],
    ['User', 'meta.lastModified le "2011-05-13T04:42:34.5-0500"', { kind: 'compare', path: { schema: U, attr: 'meta', sub: 'lastModified' }, op: 'le', value: '2011-05-13T04:42:34.5-05:00' }],
    ['User', 'not (userName pr) or (title pr and nickName pr)', {
      kind: 'or',
      left: { kind: 'not', filter: { kind: 'present', path: { schema: U, attr: 'userName' } } },
      right: { kind: 'and', left: { kind: 'present', path: { schema: U, attr: 'title' } }, right: { kind: 'present', path: { schema: U, attr: 'nickName' } } },
    }],
    ['User', 'EMAILS[TYPE eq "work" and not (value eq null)]', {
      kind: 'valuePath', path: { schema: U, attr: 'emails' },
      filter: {
        kind: 'and',
        left: { kind: 'compare', path: { schema: U, attr: 'emails', sub: 'type' }, op: 'eq', value: 'work' },
        right: { kind: 'not', filter: { kind: 'not', filter: { kind: 'present', path: { schema: U, attr: 'emails', sub: 'value' } } } },
      },
    }],
    ['User', 'name[givenName eq "x"]', { kind: 'valuePath', path: { schema: U, attr: 'name' }, filter: { kind: 'compare', path: { schema: U, attr: 'name', sub: 'givenName' }, op: 'eq', value: 'x' } }],
    ['Group', 'members[type eq "User"]', { kind: 'valuePath', path: { schema: G, attr: 'members' }, filter: { kind: 'compare', path: { schema: G, attr: 'members', sub: 'type' }, op: 'eq', value: 'User' } }],
  ];
  for (const [rt, f, want] of cases) t.strictSame(shapeOf(rt, f), want, `${rt} ${f}`);
  const presentPath = (f: string) => (resolveFilter('User', parseFilter(f)) as Extract<ResolvedFilter, { kind: 'present' }>).path;
  t.equal(leafAttribute(presentPath('name.givenName pr')).name, 'givenName');
  t.equal(leafAttribute((resolveFilter('User', parseFilter('name pr')) as Extract<ResolvedFilter, { kind: 'present' }>).path).name, 'name');
});

t.test("mode 'absent': whole trees", async (t) => {
  const cases: [ResourceTypeName, string, unknown][] = [
    ['Group', 'userName eq "x"', { kind: 'const', value: false }],
    ['Group', 'userName ne "x"', { kind: 'const', value: true }],
    ['Group', 'userName co "x"', { kind: 'const', value: false }],
    ['Group', 'userName gt "x"', { kind: 'const', value: false }],
    ['Group', 'userName eq null', { kind: 'const', value: true }],
    ['Group', 'userName ne null', { kind: 'const', value: false }],
    ['Group', 'userName pr', { kind: 'const', value: false }],
    ['Group', 'name.familyName ne "x"', { kind: 'const', value: true }],
    ['Group', 'emails[type eq "work"]', { kind: 'const', value: false }],
    ['Group', `${ENT}:manager.value ne "m"`, { kind: 'const', value: true }],
    ['Group', 'not (userName ne "x") and displayName pr', {
      kind: 'and', left: { kind: 'not', filter: { kind: 'const', value: true } }, right: { kind: 'present', path: { schema: G, attr: 'displayName' } },
    }],
    ['User', 'members[value eq "1"] or userName eq "x"', {
      kind: 'or', left: { kind: 'const', value: false }, right: { kind: 'compare', path: { schema: U, attr: 'userName' }, op: 'eq', value: 'x' },
    }],
    ['User', 'emails[type eq "work"]', { kind: 'valuePath', path: { schema: U, attr: 'emails' }, filter: { kind: 'compare', path: { schema: U, attr: 'emails', sub: 'type' }, op: 'eq', value: 'work' } }],
  ];
  for (const [rt, f, want] of cases) t.strictSame(shapeOf(rt, f, 'absent'), want, `${rt} ${f}`);
});

t.test('schema violations: exact details', async (t) => {
  const cases: [ResourceTypeName, string, string][] = [
    ['User', 'nope eq "x"', 'Unknown attribute "nope"'],
    ['User', 'name.nope eq "x"', 'Unknown attribute "name.nope"'],
    ['User', 'emails[nope eq "x"]', 'Unknown sub-attribute "nope" of "emails"'],
    ['User', 'emails[emails.type eq "x"]', 'Inside "emails[…]" only sub-attribute names are allowed, not "emails.type"'],
    ['User', `emails[${ENT}:department eq "x"]`, `Inside "emails[…]" only sub-attribute names are allowed, not "${ENT}:department"`],
    ['User', 'userName[value eq "x"]', '"userName[…]" needs a complex attribute'],
    ['User', 'name eq "x"', '"name" is complex; name a sub-attribute to compare'],
    ['User', 'active gt true', 'Operator "gt" cannot be used on boolean attribute "active"'],
    ['User', 'active ge true', 'Operator "ge" cannot be used on boolean attribute "active"'],
    ['User', 'active lt true', 'Operator "lt" cannot be used on boolean attribute "active"'],
    ['User', 'active le true', 'Operator "le" cannot be used on boolean attribute "active"'],
    ['User', 'active co "t"', 'Operator "co" cannot be used on boolean attribute "active"'],
    ['User', 'active sw "t"', 'Operator "sw" cannot be used on boolean attribute "active"'],
    ['User', 'active ew "t"', 'Operator "ew" cannot be used on boolean attribute "active"'],
    ['User', 'active eq 1', 'Attribute "active" is boolean; the value must be true or false'],
    ['User', 'active eq "yes"', 'Attribute "active" is boolean; the value must be true or false'],
    ['User', 'active eq "xtrue"', 'Attribute "active" is boolean; the value must be true or false'],
    ['User', 'active eq "falsex"', 'Attribute "active" is boolean; the value must be true or false'],
    ['User', 'x509Certificates.value sw "MII"', 'Operator "sw" cannot be used on binary attribute "x509Certificates.value"'],
    ['User', 'x509Certificates.value gt "MII"', 'Operator "gt" cannot be used on binary attribute "x509Certificates.value"'],
    ['User', 'userName eq 1', 'Attribute "userName" is a string; the value must be a quoted string'],
    ['User', 'userName eq true', 'Attribute "userName" is a string; the value must be a quoted string'],
    ['User', 'profileUrl eq 1', 'Attribute "profileUrl" is a reference; the value must be a quoted string'],
    ['User', 'userName gt null', '"gt null" is only allowed with eq and ne (attribute "userName")'],
    ['User', 'userName co null', '"co null" is only allowed with eq and ne (attribute "userName")'],
    ['User', 'active eq null', 'did not throw'],
    ['User', 'meta.created gt "yesterday"', 'Attribute "meta.created" is a dateTime; "yesterday" is not an xsd:dateTime'],
    ['User', 'meta.created gt 5', 'Attribute "meta.created" is a dateTime; "5" is not an xsd:dateTime'],
    ['User', 'meta.created co "2020"', 'Operator "co" cannot be used on dateTime attribute "meta.created"'],
    ['User', 'meta.created sw "2020"', 'Operator "sw" cannot be used on dateTime attribute "meta.created"'],
    ['User', 'meta.created ew "2020"', 'Operator "ew" cannot be used on dateTime attribute "meta.created"'],
    ['User', 'password eq "secret"', 'Attribute "password" cannot be used in a filter'],
    ['User', 'password pr', 'Attribute "password" cannot be used in a filter'],
    ['Group', 'userName eq "x"', 'Unknown attribute "userName"'],
    ['Group', `${ENT}:department eq "x"`, `Unknown attribute "${ENT}:department"`],
  ];
  for (const [rt, f, detail] of cases) t.equal(invalidFilterDetail(() => resolveFilter(rt, parseFilter(f))), detail, `${rt} ${f}`);
  // Trees the parser never builds: resolveFilter guards them itself.
  const nested: Filter = { kind: 'valuePath', path: { attr: 'emails' }, filter: { kind: 'valuePath', path: { attr: 'type' }, filter: { kind: 'present', path: { attr: 'value' } } } };
  t.equal(invalidFilterDetail(() => resolveFilter('User', nested)), 'Nested value filters are not allowed');
  const withSub: Filter = { kind: 'valuePath', path: { attr: 'name', sub: 'givenName' }, filter: { kind: 'present', path: { attr: 'value' } } };
  t.equal(invalidFilterDetail(() => resolveFilter('User', withSub)), '"name.givenName[…]" needs a complex attribute');
  t.equal(invalidFilterDetail(() => checkAcrossTypes(['User', 'Group'], parseFilter('nope eq "x"'))), 'Unknown attribute "nope" (in every resource type searched)');
  t.equal(invalidFilterDetail(() => checkAcrossTypes(['User', 'Group'], parseFilter('not (userName pr) and (title pr or nope pr)'))), 'Unknown attribute "nope" (in every resource type searched)');
  t.equal(invalidFilterDetail(() => checkAcrossTypes(['User', 'Group'], parseFilter('emails[nope eq "x"] or members pr'))), 'Unknown sub-attribute "nope" of "emails"');
  t.equal(invalidFilterDetail(() => checkAcrossTypes(['User', 'Group'], parseFilter('members.value gt 3'))), 'Attribute "members.value" is a string; the value must be a quoted string');
  t.equal(invalidFilterDetail(() => checkAcrossTypes(['User', 'Group'], parseFilter('emails[type eq "work"] or members[type eq "User"]'))), 'did not throw');
  t.equal(invalidFilterDetail(() => checkAcrossTypes(['User'], parseFilter('members[type eq "User"]'))), 'Unknown attribute "members" (in every resource type searched)');
});

t.test('normalizeDateTime: the xsd:dateTime forms', async (t) => {
  const cases: [string, string | undefined][] = [
    ['2011-05-13T04:42:34Z', '2011-05-13T04:42:34Z'],
    ['2011-05-13T04:42:34z', '2011-05-13T04:42:34Z'],
    ['2011-05-13 04:42:34', '2011-05-13T04:42:34Z'],
    ['2011-05-13T04:42:34.123456-05:00', '2011-05-13T04:42:34.123456-05:00'],
    ['2011-05-13T04:42:34-0530', '2011-05-13T04:42:34-05:30'],
    ['2011-05-13T04:42+01:00', '2011-05-13T04:42:00+01:00'],
    ['2011-05-13T23:59:59.9', '2011-05-13T23:59:59.9Z'],
    ['2012-02-29', '2012-02-29T00:00:00Z'],
    ['2011-02-29', undefined],
    ['2011-04-31T00:00:00Z', undefined],
    ['2011-00-10', undefined],
    ['2011-05-00', undefined],
    ['2011-05-13T24:61:00Z', undefined],
    ['2011-5-13', undefined],
    ['2011-05-13T04', undefined],
    ['2011-05-13T04:42:34.Z', undefined],
    ['2011-05-13T04:42:34+2', undefined],
    ['x2011-05-13', undefined],
    ['2011-05-13x', undefined],
    ['2011-05-13T04:42:34Zx', undefined],
    ['20110-05-13', undefined],
    ['', undefined],
  ];
  for (const [input, want] of cases) t.equal(normalizeDateTime(input), want, input);
});

t.test('integer and decimal attributes (RFC 7643 §2.3.4, §2.3.5) of a registered extension', async (t) => {
  const urn = 'urn:example:params:scim:schemas:extension:filter-test:2.0:User';
  const attr = (name: string, type: 'integer' | 'decimal'): AttributeDef => ({
    name, type, multiValued: false, required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none',
  });
  const exts = RESOURCE_SCHEMAS.User.extensions;
  exts.push({ id: urn, name: 'FilterTest', description: 'test only', attributes: [attr('level', 'integer'), attr('score', 'decimal')] });
  t.teardown(() => void exts.pop());
  t.strictSame(shapeOf('User', 'level gt 3'), { kind: 'compare', path: { schema: urn, attr: 'level' }, op: 'gt', value: 3 });
  t.strictSame(shapeOf('User', 'score le -1.5'), { kind: 'compare', path: { schema: urn, attr: 'score' }, op: 'le', value: -1.5 });
  t.strictSame(shapeOf('User', 'score eq 2'), { kind: 'compare', path: { schema: urn, attr: 'score' }, op: 'eq', value: 2 });
  const bad: [string, string][] = [
    ['level eq 1.5', 'Attribute "level" is integer; the value must be a number'],
    ['level eq "1"', 'Attribute "level" is integer; the value must be a number'],
    ['score eq "1"', 'Attribute "score" is decimal; the value must be a number'],
    ['score eq true', 'Attribute "score" is decimal; the value must be a number'],
    ['level co 1', 'Operator "co" cannot be used on integer attribute "level"'],
    ['score sw 1', 'Operator "sw" cannot be used on decimal attribute "score"'],
    ['score ew 1', 'Operator "ew" cannot be used on decimal attribute "score"'],
  ];
  for (const [f, detail] of bad) t.equal(invalidFilterDetail(() => resolveFilter('User', parseFilter(f))), detail, f);
});

t.test('returned:"never" (RFC 7643 §7) on a sub-attribute or on its parent: not filterable', async (t) => {
  const urn = 'urn:example:params:scim:schemas:extension:filter-secret:2.0:User';
  const str = (name: string, returned: 'never' | 'default'): AttributeDef => ({
    name, type: 'string', multiValued: false, required: false, caseExact: false, mutability: 'readWrite', returned, uniqueness: 'none',
  });
  const complex = (name: string, returned: 'never' | 'default'): AttributeDef => ({
    ...str(name, returned), type: 'complex', subAttributes: [str('hash', 'never'), str('label', 'default')],
  });
  const exts = RESOURCE_SCHEMAS.User.extensions;
  exts.push({ id: urn, name: 'FilterSecret', description: 'test only', attributes: [complex('secret', 'default'), complex('vault', 'never')] });
  t.teardown(() => void exts.pop());
  t.equal(invalidFilterDetail(() => resolveFilter('User', parseFilter('secret.label eq "x"'))), 'did not throw');
  t.equal(invalidFilterDetail(() => resolveFilter('User', parseFilter('secret.hash eq "x"'))), 'Attribute "secret.hash" cannot be used in a filter');
  t.equal(invalidFilterDetail(() => resolveFilter('User', parseFilter('secret[hash pr]'))), 'Attribute "hash" cannot be used in a filter');
  t.equal(invalidFilterDetail(() => resolveFilter('User', parseFilter('vault.label eq "x"'))), 'Attribute "vault.label" cannot be used in a filter');
  t.equal(invalidFilterDetail(() => resolveFilter('User', parseFilter('vault[label pr]'))), 'Attribute "vault" cannot be used in a filter');
});

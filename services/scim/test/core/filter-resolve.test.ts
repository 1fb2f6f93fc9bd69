import t from 'tap';
import { throwsScim } from './scim-assert.js';
import { parseFilter } from '../../src/scim/core/filter/parse.js';
import { checkAcrossTypes, normalizeDateTime, resolveFilter } from '../../src/scim/core/filter/resolve.js';
import { URN } from '../../src/scim/core/types.js';

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

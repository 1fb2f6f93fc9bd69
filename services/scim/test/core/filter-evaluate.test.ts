import t from 'tap';
import { evaluateFilter, matchesElement } from '../../src/scim/core/filter/evaluate.js';
import { parseFilter } from '../../src/scim/core/filter/parse.js';
import { resolveFilter, type ResolvedFilter } from '../../src/scim/core/filter/resolve.js';
import { URN, type JsonObject } from '../../src/scim/core/types.js';

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

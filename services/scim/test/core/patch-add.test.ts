import t from 'tap';
import { baseUser, ENT, patchUser, scimTypeOf } from './patch-helpers.js';
import type { JsonObject } from '../../src/scim/core/types.js';

const user = baseUser();

t.test('add: resulting document (RFC 7644 §3.5.2.1)', async (t) => {
  const cases: { name: string; ops: unknown[]; check: (doc: JsonObject) => unknown; want: unknown; unchanged?: boolean }[] = [
    { name: 'single-valued attribute', ops: [{ op: 'add', path: 'nickName', value: 'Babs' }], check: (d) => d.nickName, want: 'Babs' },
    { name: 'capitalised op and attribute name', ops: [{ op: 'Add', path: 'NickName', value: 'Babs' }], check: (d) => d.nickName, want: 'Babs' },
    { name: 'sub-attribute', ops: [{ op: 'add', path: 'name.middleName', value: 'J' }],
      check: (d) => d.name, want: { familyName: 'Jensen', givenName: 'Barbara', middleName: 'J' } },
    { name: 'complex value merges', ops: [{ op: 'add', path: 'name', value: { honorificPrefix: 'Ms.' } }],
      check: (d) => d.name, want: { familyName: 'Jensen', givenName: 'Barbara', honorificPrefix: 'Ms.' } },
    { name: 'multi-valued appends', ops: [{ op: 'add', path: 'emails', value: [{ value: 'x@y.z', type: 'other' }] }],
      check: (d) => (d.emails as unknown[]).length, want: 3 },
    { name: 'multi-valued does not duplicate an identical value',
      ops: [{ op: 'add', path: 'emails', value: [{ value: 'babs@jensen.org', type: 'home' }] }],
      check: (d) => (d.emails as unknown[]).length, want: 2, unchanged: true },
    { name: 'new primary clears the old one (RFC 7643 §2.4)',
      ops: [{ op: 'add', path: 'emails', value: [{ value: 'n@y.z', type: 'other', primary: true }] }],
      check: (d) => (d.emails as JsonObject[]).filter((e) => e.primary === true).map((e) => e.value), want: ['n@y.z'] },
    { name: 'single object where an array is expected is wrapped',
      ops: [{ op: 'add', path: 'phoneNumbers', value: { value: '+1 555', type: 'work' } }],
      check: (d) => d.phoneNumbers, want: [{ value: '+1 555', type: 'work' }] },
    { name: 'valuePath with no match creates the element (Entra, SCIM-SDK#416)',
      ops: [{ op: 'add', path: 'phoneNumbers[type eq "work"].value', value: '+1 555' }],
      check: (d) => d.phoneNumbers, want: [{ value: '+1 555', type: 'work' }] },
    { name: 'valuePath with a match changes only the match',
      ops: [{ op: 'add', path: 'emails[type eq "home"].display', value: 'Home' }],
      check: (d) => d.emails, want: [
        { value: 'bjensen@example.com', type: 'work', primary: true },
        { value: 'babs@jensen.org', display: 'Home', type: 'home' }] },
    { name: 'several adds on addresses[type eq "work"] build one address (SCIM-SDK#680)',
      ops: [
        { op: 'Add', path: 'addresses[type eq "work"].formatted', value: '1 Main St' },
        { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Springfield' },
        { op: 'Add', path: 'addresses[type eq "work"].region', value: 'IL' }],
      check: (d) => d.addresses, want: [{ formatted: '1 Main St', locality: 'Springfield', region: 'IL', type: 'work' }] },
    { name: 'URN-qualified extension attribute', ops: [{ op: 'add', path: `${ENT}:department`, value: 'Sales' }],
      check: (d) => [d[ENT], d.schemas], want: [{ department: 'Sales' }, ['urn:ietf:params:scim:schemas:core:2.0:User', ENT]] },
    { name: 'manager given as a bare string is wrapped (SCIM-SDK#686)',
      ops: [{ op: 'add', path: `${ENT}:manager`, value: '2c2f6fb8' }], check: (d) => d[ENT], want: { manager: { value: '2c2f6fb8' } } },
    { name: 'unqualified manager as a one-element array (Entra tutorial, older shape)',
      ops: [{ op: 'Add', path: 'manager', value: [{ $ref: 'http://x/Users/m1', value: 'm1' }] }],
      check: (d) => d[ENT], want: { manager: { value: 'm1', $ref: 'http://x/Users/m1' } } },
    { name: 'extension object by its URN path', ops: [{ op: 'add', path: ENT, value: { Department: 'R&D' } }],
      check: (d) => d[ENT], want: { department: 'R&D' } },
    { name: 'path-less add', ops: [{ op: 'add', value: { nickName: 'B', 'name.givenName': 'Barb' } }],
      check: (d) => [d.nickName, (d.name as JsonObject).givenName], want: ['B', 'Barb'] },
  ];
  for (const c of cases) {
    const r = patchUser(user, c.ops);
    t.same(c.check(r.doc), c.want, c.name);
    t.equal(r.changed, !c.unchanged, `${c.name}: changed`);
  }
  t.same(user, baseUser(), 'the input document is never mutated');
});

t.test('add: no-ops report changed=false', async (t) => {
  t.equal(patchUser(user, [{ op: 'add', path: 'emails', value: [{ value: 'babs@jensen.org', type: 'home' }] }]).changed, false);
  t.equal(patchUser(user, [{ op: 'add', path: 'displayName', value: 'Babs Jensen' }]).changed, false);
  t.equal(patchUser(user, [{ op: 'add', path: 'nickName', value: null }]).changed, false);
});

t.test('add: errors', async (t) => {
  const cases: [string, unknown[], string][] = [
    ['readOnly id by path', [{ op: 'add', path: 'id', value: 'x' }], 'mutability'],
    ['readOnly groups by path', [{ op: 'add', path: 'groups', value: [{ value: 'g' }] }], 'mutability'],
    ['readOnly meta sub-attribute', [{ op: 'add', path: 'meta.created', value: '2020-01-01T00:00:00Z' }], 'mutability'],
    ['unknown attribute', [{ op: 'add', path: 'shoeSize', value: 1 }], 'invalidPath'],
    ['unknown sub-attribute', [{ op: 'add', path: 'name.nick', value: 'x' }], 'invalidPath'],
    ['unknown schema', [{ op: 'add', path: 'urn:example:foo:bar', value: 'x' }], 'invalidPath'],
    ['malformed path', [{ op: 'add', path: 'emails[type eq', value: 'x' }], 'invalidPath'],
    ['filter on a single-valued attribute', [{ op: 'add', path: 'name[givenName eq "x"].familyName', value: 'x' }], 'invalidPath'],
    ['wrong type', [{ op: 'add', path: 'active', value: 3 }], 'invalidValue'],
    ['string where a complex is needed', [{ op: 'add', path: 'name', value: 'x' }], 'invalidValue'],
    ['missing value', [{ op: 'add', path: 'nickName' }], 'invalidValue'],
    ['non-eq filter with no match', [{ op: 'add', path: 'emails[value co "zzz"].type', value: 'x' }], 'noTarget'],
    ['eq on display does not create', [{ op: 'add', path: 'emails[display eq "zzz"].type', value: 'x' }], 'noTarget'],
    ['later op fails: all or nothing', [{ op: 'add', path: 'nickName', value: 'x' }, { op: 'add', path: 'bogus', value: 1 }], 'invalidPath'],
  ];
  for (const [name, ops, want] of cases) t.equal(scimTypeOf(() => patchUser(user, ops)), want, name);
  t.same(user, baseUser());
});

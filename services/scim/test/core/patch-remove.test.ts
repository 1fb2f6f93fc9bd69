import t from 'tap';
import { baseUser, ENT, patchUser, scimTypeOf } from './patch-helpers.js';
import type { JsonObject } from '../../src/scim/core/types.js';

const user: JsonObject = { ...baseUser(), [ENT]: { department: 'Sales', manager: { value: 'm0' } } };
user.emails = [
  { value: 'bjensen@example.com', type: 'work', primary: true, display: 'Work' },
  { value: 'babs@jensen.org', type: 'home', display: 'Home' },
];
user.schemas = ['urn:ietf:params:scim:schemas:core:2.0:User', ENT];

t.test('remove: resulting document (RFC 7644 §3.5.2.2)', async (t) => {
  const cases: { name: string; ops: unknown[]; check: (doc: JsonObject) => unknown; want: unknown }[] = [
    { name: 'single-valued', ops: [{ op: 'remove', path: 'displayName' }], check: (d) => 'displayName' in d, want: false },
    { name: 'sub-attribute', ops: [{ op: 'Remove', path: 'name.givenName' }], check: (d) => d.name, want: { familyName: 'Jensen' } },
    { name: 'multi-valued without filter removes all', ops: [{ op: 'remove', path: 'emails' }], check: (d) => 'emails' in d, want: false },
    { name: 'by value filter', ops: [{ op: 'remove', path: 'emails[type eq "home"]' }],
      check: (d) => d.emails, want: [{ value: 'bjensen@example.com', type: 'work', primary: true, display: 'Work' }] },
    // The whole list is checked: the value filter picks which elements lose the sub-attribute.
    { name: 'sub-attribute of filtered elements', ops: [{ op: 'remove', path: 'emails[type eq "work"].display' }],
      check: (d) => d.emails, want: [
        { value: 'bjensen@example.com', type: 'work', primary: true },
        { value: 'babs@jensen.org', type: 'home', display: 'Home' },
      ] },
    { name: 'sub-attribute of every filtered element', ops: [{ op: 'remove', path: 'emails[value co "@"].display' }],
      check: (d) => d.emails, want: [
        { value: 'bjensen@example.com', type: 'work', primary: true },
        { value: 'babs@jensen.org', type: 'home' },
      ] },
    { name: 'value array removes only the listed values', ops: [{ op: 'remove', path: 'emails', value: [{ value: 'babs@jensen.org' }] }],
      check: (d) => (d.emails as JsonObject[]).map((e) => e.value), want: ['bjensen@example.com'] },
    { name: 'a value item matches an element only when all its sub-attributes are equal',
      ops: [{ op: 'remove', path: 'emails', value: [{ value: 'babs@jensen.org', type: 'home' }] }],
      check: (d) => (d.emails as JsonObject[]).map((e) => e.value), want: ['bjensen@example.com'] },
    { name: 'manager (Entra)', ops: [{ op: 'Remove', path: `${ENT}:manager` }], check: (d) => d[ENT], want: { department: 'Sales' } },
    { name: 'last extension attribute drops the extension and its schema URN',
      ops: [{ op: 'remove', path: `${ENT}:manager` }, { op: 'remove', path: `${ENT}:department` }],
      check: (d) => [ENT in d, d.schemas], want: [false, ['urn:ietf:params:scim:schemas:core:2.0:User']] },
    { name: 'whole extension by URN', ops: [{ op: 'remove', path: ENT }], check: (d) => ENT in d, want: false },
  ];
  for (const c of cases) {
    const r = patchUser(user, c.ops);
    t.same(c.check(r.doc), c.want, c.name);
    t.ok(r.changed, `${c.name}: changed`);
  }
});

t.test('remove: unassigned targets are a no-op', async (t) => {
  t.equal(patchUser(user, [{ op: 'remove', path: 'nickName' }]).changed, false);
  t.equal(patchUser(user, [{ op: 'remove', path: 'emails[type eq "other"]' }]).changed, false);
  // Each sub-attribute of a value item must match the same element: this one mixes element 0's
  // type with element 1's value, so it identifies neither.
  const mixed = patchUser(user, [{ op: 'remove', path: 'emails', value: [{ value: 'babs@jensen.org', type: 'work' }] }]);
  t.same(mixed.doc.emails, user.emails, 'a value item that matches no element removes nothing');
  t.equal(mixed.changed, false);
});

t.test('remove: errors', async (t) => {
  const cases: [string, unknown[], string][] = [
    ['no path (RFC 7644 §3.5.2.2)', [{ op: 'remove' }], 'noTarget'],
    ['required userName (RFC 7644 §3.5.2.2)', [{ op: 'remove', path: 'userName' }], 'mutability'],
    ['password', [{ op: 'remove', path: 'password' }], 'mutability'],
    ['unknown attribute', [{ op: 'remove', path: 'bogus' }], 'invalidPath'],
    ['bad op', [{ op: 'delete', path: 'nickName' }], 'invalidSyntax'],
  ];
  for (const [name, ops, want] of cases) t.equal(scimTypeOf(() => patchUser(user, ops)), want, name);
});

// Cases found by mutation testing (docs/testing.md): each fails if one branch of remove.ts is
// dropped.
t.test('remove: value lists, null values and absent targets', async (t) => {
  const both = patchUser(user, [{ op: 'remove', path: 'emails', value: [{ value: 'babs@jensen.org' }, { value: 'bjensen@example.com' }] }]);
  t.notOk('emails' in both.doc, 'each listed value removes its own element: both go');
  const nullValue = patchUser(user, [{ op: 'remove', path: 'emails', value: null }]);
  t.notOk('emails' in nullValue.doc, 'a null value is no value: the whole attribute goes');

  const bare: JsonObject = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'bare@example.com' };
  for (const path of ['name.givenName', 'emails.display', 'emails[type eq "work"].display', `${ENT}:manager`]) {
    const r = patchUser(bare, [{ op: 'remove', path }]);
    t.same(r.doc, bare, `${path} on a user without it: nothing is written`);
    t.equal(r.changed, false, `${path}: unchanged`);
  }
  const noList = patchUser(bare, [{ op: 'remove', path: 'emails', value: [{ value: 'x@example.com' }] }]);
  t.same(noList.doc, bare, 'a value list against an absent attribute is a no-op');
  // A stored document from before normalization held a multi-valued attribute as one object:
  // a value filter cannot apply to it and leaves it alone.
  const legacy: JsonObject = { ...bare, emails: { value: 'one@example.com', type: 'work' } as unknown as JsonObject[] };
  t.same(patchUser(legacy, [{ op: 'remove', path: 'emails[type eq "work"]' }]).doc.emails, legacy.emails);
  // Without a filter, a sub-attribute goes from every element.
  t.same((patchUser(user, [{ op: 'remove', path: 'emails.display' }]).doc.emails as JsonObject[]).map((e) => e.display), [undefined, undefined]);
});

import t from 'tap';
import { baseUser, ENT, patchUser, scimTypeOf } from './patch-helpers.js';
import type { JsonObject } from '../../src/scim/core/types.js';

const user: JsonObject = { ...baseUser(), [ENT]: { department: 'Sales', manager: { value: 'm0', displayName: 'Boss' } } };
user.schemas = ['urn:ietf:params:scim:schemas:core:2.0:User', ENT];

t.test('replace: resulting document (RFC 7644 §3.5.2.3)', async (t) => {
  const cases: { name: string; ops: unknown[]; check: (doc: JsonObject) => unknown; want: unknown }[] = [
    { name: 'single-valued', ops: [{ op: 'replace', path: 'userName', value: 'new@example.com' }], check: (d) => d.userName, want: 'new@example.com' },
    { name: 'sub-attribute', ops: [{ op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' }],
      check: (d) => d.name, want: { familyName: 'updatedFamilyName', givenName: 'Barbara' } },
    { name: 'complex value: unspecified sub-attributes stay', ops: [{ op: 'replace', path: 'name', value: { givenName: 'B' } }],
      check: (d) => d.name, want: { familyName: 'Jensen', givenName: 'B' } },
    { name: 'multi-valued without filter replaces all', ops: [{ op: 'replace', path: 'emails', value: [{ value: 'only@x.y' }] }],
      check: (d) => d.emails, want: [{ value: 'only@x.y' }] },
    { name: 'valuePath .value keeps the other elements (SCIM-SDK#668)',
      ops: [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' }],
      check: (d) => d.emails, want: [
        { value: 'updatedEmail@microsoft.com', type: 'work', primary: true },
        { value: 'babs@jensen.org', type: 'home' }] },
    { name: 'valuePath with no match behaves like add (Entra, scim-for-keycloak#73)',
      ops: [{ op: 'Replace', path: 'emails[type eq "other"].value', value: 'o@x.y' }],
      check: (d) => (d.emails as unknown[])[2], want: { value: 'o@x.y', type: 'other' } },
    { name: 'valuePath without sub merges into the matching element',
      ops: [{ op: 'replace', path: 'emails[type eq "home"]', value: { value: 'h@x.y', primary: true } }],
      check: (d) => d.emails, want: [
        { value: 'bjensen@example.com', type: 'work' },
        { value: 'h@x.y', type: 'home', primary: true }] },
    { name: 'primary sub-attribute by filter moves the flag',
      ops: [{ op: 'replace', path: 'emails[type eq "home"].primary', value: true }],
      check: (d) => (d.emails as JsonObject[]).map((e) => e.primary ?? false), want: [false, true] },
    { name: 'string boolean "False" (Entra default job)', ops: [{ op: 'Replace', path: 'active', value: 'False' }], check: (d) => d.active, want: false },
    { name: 'string boolean "false" (scimmy#86)', ops: [{ op: 'Replace', path: 'active', value: 'false' }], check: (d) => d.active, want: false },
    { name: 'URN-qualified attribute', ops: [{ op: 'replace', path: `${ENT}:department`, value: 'R&D' }],
      check: (d) => (d[ENT] as JsonObject).department, want: 'R&D' },
    { name: 'manager string replaces the value, readOnly displayName kept',
      ops: [{ op: 'replace', path: `${ENT}:manager`, value: 'm1' }],
      check: (d) => (d[ENT] as JsonObject).manager, want: { value: 'm1', displayName: 'Boss' } },
    { name: 'null value unassigns (RFC 7643 §2.5)', ops: [{ op: 'replace', path: 'displayName', value: null }],
      check: (d) => 'displayName' in d, want: false },
    { name: 'path-less replace', ops: [{ op: 'replace', value: { displayName: 'X', 'urn:ietf:params:scim:schemas:core:2.0:User:nickName': 'N' } }],
      check: (d) => [d.displayName, d.nickName], want: ['X', 'N'] },
  ];
  for (const c of cases) {
    const r = patchUser(user, c.ops);
    t.same(c.check(r.doc), c.want, c.name);
    t.ok(r.changed, `${c.name}: changed`);
  }
});

t.test('replace: no-op is not a change', async (t) => {
  t.equal(patchUser(user, [{ op: 'replace', path: 'active', value: 'True' }]).changed, false);
  t.equal(patchUser(user, [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'bjensen@example.com' }]).changed, false);
  t.equal(patchUser(user, [{ op: 'replace', value: { userName: 'bjensen@example.com' } }]).changed, false);
});

t.test('replace: errors', async (t) => {
  const cases: [string, unknown[], string][] = [
    ['id by path', [{ op: 'replace', path: 'id', value: 'x' }], 'mutability'],
    ['meta by path', [{ op: 'replace', path: 'meta', value: {} }], 'mutability'],
    ['manager.displayName is readOnly', [{ op: 'replace', path: `${ENT}:manager.displayName`, value: 'x' }], 'mutability'],
    ['non-eq filter with no match', [{ op: 'replace', path: 'emails[value sw "zzz"].value', value: 'x' }], 'noTarget'],
    ['two primaries', [{ op: 'replace', path: 'emails', value: [{ value: 'a', primary: true }, { value: 'b', primary: true }] }], 'invalidValue'],
    ['two primaries in one added value', [{ op: 'add', path: 'emails', value: [{ value: 'a', primary: true }, { value: 'b', primary: true }] }], 'invalidValue'],
    ['two primaries in one path-less add', [{ op: 'add', value: { phoneNumbers: [{ value: '1', primary: true }, { value: '2', primary: true }] } }], 'invalidValue'],
    ['required userName unassigned (RFC 7644 §3.5.2.2)', [{ op: 'replace', path: 'userName', value: null }], 'mutability'],
    ['required userName emptied', [{ op: 'replace', path: 'userName', value: '' }], 'mutability'],
    ['required userName blanked', [{ op: 'replace', path: 'userName', value: '  ' }], 'mutability'],
    ['required userName as an empty array', [{ op: 'replace', path: 'userName', value: [] }], 'mutability'],
    ['required userName emptied by add', [{ op: 'add', path: 'userName', value: '' }], 'mutability'],
    ['required userName unassigned by a path-less value', [{ op: 'replace', value: { userName: null } }], 'mutability'],
    ['integer for a string', [{ op: 'replace', path: 'title', value: 5 }], 'invalidValue'],
    ['unknown key in path-less value', [{ op: 'replace', value: { shoeSize: 5 } }], 'invalidPath'],
    ['path-less value not an object', [{ op: 'replace', value: 'x' }], 'invalidValue'],
  ];
  for (const [name, ops, want] of cases) t.equal(scimTypeOf(() => patchUser(user, ops)), want, name);
});

// Cases found by mutation testing (docs/testing.md).
t.test('replace: the element made primary wins over one listed after it (RFC 7643 §2.4)', async (t) => {
  const doc = { ...baseUser(), emails: [{ value: 'h@example.com', type: 'home' }, { value: 'w@example.com', type: 'work', primary: true }] };
  const r = patchUser(doc, [{ op: 'replace', path: 'emails[type eq "home"].primary', value: true }]);
  t.same(r.doc.emails, [{ value: 'h@example.com', type: 'home', primary: true }, { value: 'w@example.com', type: 'work' }]);
});

t.test('replace on a filter matching nothing: only eq on type/primary/value, joined by and, seeds the element', async (t) => {
  const doc = { ...baseUser(), emails: [{ value: 'w@example.com', type: 'work' }] };
  const seeded: [string, unknown][] = [
    ['emails[type eq "home"].value', { type: 'home', value: 'new@example.com' }],
    ['emails[type eq "home" and primary eq true].value', { type: 'home', primary: true, value: 'new@example.com' }],
    ['emails[primary eq true].value', { primary: true, value: 'new@example.com' }],
  ];
  for (const [path, want] of seeded) {
    const r = patchUser(doc, [{ op: 'replace', path, value: 'new@example.com' }]);
    t.same((r.doc.emails as JsonObject[]).at(-1), want, `${path} creates ${JSON.stringify(want)}`);
  }
  for (const path of ['emails[type eq "home" and display eq "x"].value', 'emails[type eq "home" or type eq "other"].value', 'emails[type co "h"].value', 'emails[type pr and type eq "x"].value', 'emails[not (type eq "work")].type']) {
    t.equal(scimTypeOf(() => patchUser(doc, [{ op: 'replace', path, value: 'new@example.com' }])), 'noTarget', `${path}: nothing to seed from`);
  }
});

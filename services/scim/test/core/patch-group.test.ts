import t from 'tap';
import { patchGroup, scimTypeOf } from './patch-helpers.js';
import { URN, type JsonObject } from '../../src/scim/core/types.js';
import type { MemberOp } from '../../src/scim/core/patch/apply.js';

const group: JsonObject = { schemas: [URN.group], displayName: 'Test SCIMv2', externalId: 'e1' };

t.test('member operations (kept out of the document)', async (t) => {
  const cases: [string, unknown[], MemberOp[]][] = [
    ['Okta remove by filter', [{ op: 'remove', path: 'members[value eq "89bb1940"]' }], [{ kind: 'remove', ids: ['89bb1940'] }]],
    ['or of value eq', [{ op: 'remove', path: 'members[value eq "a" or value eq "b"]' }], [{ kind: 'remove', ids: ['a', 'b'] }]],
    ['Entra default: Remove path members with value array', [{ op: 'Remove', path: 'members', value: [{ value: 'u1091' }] }],
      [{ kind: 'remove', ids: ['u1091'] }]],
    ['remove members without value removes all (Microsoft reference tests)', [{ op: 'remove', path: 'members' }], [{ kind: 'removeAll' }]],
    ['remove members with an empty value array removes nobody', [{ op: 'remove', path: 'members', value: [] }], [{ kind: 'remove', ids: [] }]],
    ['Entra add with $ref null', [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'f648' }] }], [{ kind: 'add', members: [{ value: 'f648' }] }]],
    ['Okta add with display', [{ op: 'add', path: 'members', value: [{ value: 'u1', display: 'x@y' }, { value: 'u2', type: 'User' }] }],
      [{ kind: 'add', members: [{ value: 'u1' }, { value: 'u2', type: 'User' }] }]],
    ['Okta full push', [{ op: 'replace', path: 'members', value: [{ value: 'u1' }] }], [{ kind: 'replace', members: [{ value: 'u1' }] }]],
    ['Okta empty push clears', [{ op: 'replace', path: 'members', value: [] }], [{ kind: 'replace', members: [] }]],
    ['path-less replace with members', [{ op: 'replace', value: { displayName: 'Test SCIMv2', members: [{ value: 'u3' }] } }],
      [{ kind: 'replace', members: [{ value: 'u3' }] }]],
    ['several ops keep their order', [{ op: 'remove', path: 'members[value eq "x"]' }, { op: 'add', path: 'members', value: [{ value: 'y' }] }],
      [{ kind: 'remove', ids: ['x'] }, { kind: 'add', members: [{ value: 'y' }] }]],
  ];
  for (const [name, ops, want] of cases) {
    const r = patchGroup(group, ops);
    t.same(r.memberOps, want, name);
    t.equal(r.changed, false, `${name}: the document is unchanged`);
  }
  const where = patchGroup(group, [{ op: 'remove', path: 'members[type eq "Group"]' }]).memberOps[0];
  t.equal(where.kind, 'removeWhere', 'other filters become removeWhere');
  if (where.kind === 'removeWhere') {
    t.equal(where.filter.kind, 'valuePath');
    t.equal(where.filter.path.attr.name, 'members');
  }
});

t.test('group document', async (t) => {
  const okta = patchGroup(group, [{ op: 'replace', value: { id: 'abf4dd94', displayName: 'Renamed' } }]);
  t.same(okta.doc, { ...group, displayName: 'Renamed' }, 'Okta rename with readOnly id in the value');
  t.ok(okta.changed);
  t.equal(patchGroup(group, [{ op: 'replace', value: { id: 'abf4dd94', displayName: 'Test SCIMv2' } }]).changed, false, 'Okta re-send is a no-op');
  t.same(patchGroup(group, [{ op: 'Replace', path: 'displayName', value: 'X' }]).doc.displayName, 'X');
  t.notOk('externalId' in patchGroup(group, [{ op: 'remove', path: 'externalId' }]).doc);
});

t.test('errors', async (t) => {
  const cases: [string, unknown[], string][] = [
    ['member sub-attribute', [{ op: 'replace', path: 'members[value eq "x"].display', value: 'y' }], 'mutability'],
    ['replace by member filter', [{ op: 'replace', path: 'members[value eq "x"]', value: { value: 'y' } }], 'mutability'],
    ['member without value', [{ op: 'add', path: 'members', value: [{ display: 'x' }] }], 'invalidValue'],
    // A replace without a value used to empty the group (normalizeMembers(undefined) is []).
    ['replace members without a value', [{ op: 'replace', path: 'members' }], 'invalidValue'],
    ['displayName removed (RFC 7644 §3.5.2.2)', [{ op: 'remove', path: 'displayName' }], 'mutability'],
    ['displayName unassigned', [{ op: 'replace', path: 'displayName', value: null }], 'mutability'],
    ['id by path', [{ op: 'replace', path: 'id', value: 'x' }], 'mutability'],
    ['User attribute on a group', [{ op: 'replace', path: 'userName', value: 'x' }], 'invalidPath'],
  ];
  for (const [name, ops, want] of cases) t.equal(scimTypeOf(() => patchGroup(group, ops)), want, name);
});

// Cases found by mutation testing (docs/testing.md) for the engine (apply.ts), path-less and
// extension values (quirks.ts) and group members (members.ts): exact results and errors.
import t from 'tap';
import { baseUser, ENT, errorOf, patchGroup, patchUser } from './patch-helpers.js';
import { applyGroupPatch, applyUserPatch } from '../../src/scim/core/patch/apply.js';
import { parsePatchRequest } from '../../src/scim/core/patch/parse.js';
import { URN, type JsonObject } from '../../src/scim/core/types.js';

const user: JsonObject = { ...baseUser(), [ENT]: { department: 'Sales', manager: { value: 'm0', displayName: 'Boss' } } };
user.schemas = [URN.user, ENT];
const group: JsonObject = { schemas: [URN.group], displayName: 'G' };
const ops = (...o: unknown[]) => parsePatchRequest({ schemas: [URN.patchOp], Operations: o });

t.test('results: exactly the documented members', async (t) => {
  t.strictSame(applyUserPatch(user, ops({ op: 'replace', path: 'nickName', value: 'N' })), { doc: { ...user, nickName: 'N' }, changed: true },
    'no password member unless one was set');
  t.strictSame(applyUserPatch(user, ops({ op: 'replace', path: 'password', value: 'pw' })), { doc: user, changed: false, password: 'pw' });
  t.strictSame(applyGroupPatch(group, ops({ op: 'replace', path: 'displayName', value: 'H' })),
    { doc: { ...group, displayName: 'H' }, changed: true, memberOps: [] });
  const input = structuredClone(user);
  applyUserPatch(input, ops({ op: 'remove', path: `${ENT}:manager` }, { op: 'add', path: 'emails[type eq "home"].display', value: 'H' }));
  t.strictSame(input, user, 'the input document is not touched');
});

t.test('engine errors', async (t) => {
  const cases: [string, unknown[], string][] = [
    ['path-less add without a value', [{ op: 'add' }], 'invalidValue: An add operation without a path requires a value'],
    ['path-less replace without a value', [{ op: 'replace' }], 'invalidValue: An replace operation without a path requires a value'],
    ['add without a value', [{ op: 'add', path: 'nickName' }], "invalidValue: An add operation on 'nickName' requires a value"],
    ['replace without a value', [{ op: 'replace', path: 'name.givenName' }], "invalidValue: An replace operation on 'name.givenName' requires a value"],
    ['password removed', [{ op: 'remove', path: 'password' }], "mutability: 'password' cannot be removed"],
    ['password not a string', [{ op: 'replace', path: 'password', value: 5 }], "invalidValue: 'password' must be a non-empty string"],
    ['password empty', [{ op: 'add', path: 'password', value: '' }], "invalidValue: 'password' must be a non-empty string"],
    ['password too long', [{ op: 'add', path: 'password', value: 'x'.repeat(1025) }], "invalidValue: Attribute 'password' must be at most 1024 characters"],
    ['extension value not an object', [{ op: 'add', path: ENT, value: 'x' }], `invalidValue: The value for '${ENT}' must be an object`],
    ['extension value an array', [{ op: 'replace', value: { [ENT]: [{ department: 'x' }] } }], `invalidValue: The value for '${ENT}' must be an object`],
    ['unknown key in an extension value', [{ op: 'add', path: ENT, value: { shoeSize: 1 } }], `invalidPath: Unknown attribute "${ENT}:shoeSize" for resource type User`],
    ['malformed key in a path-less value', [{ op: 'add', value: { 'a b': 1 } }], 'invalidPath: "a b" is not a valid attribute path'],
  ];
  for (const [name, o, want] of cases) t.equal(errorOf(() => patchUser(user, o)), want, name);
  t.equal(patchUser(user, [{ op: 'replace', path: 'password', value: 'x'.repeat(1024) }]).password, 'x'.repeat(1024), 'a password at the limit');
});

t.test('checks over the resulting document', async (t) => {
  const legacy: JsonObject = { schemas: [URN.user], displayName: 'no userName' };
  t.equal(errorOf(() => patchUser(legacy, [{ op: 'replace', path: 'nickName', value: 'n' }])), "invalidValue: Attribute 'userName' is required",
    'required attributes are checked after the operations');
  const full: JsonObject = { ...baseUser(), emails: Array.from({ length: 100 }, (_, i) => ({ value: `e${i}@x.y` })) };
  t.equal(errorOf(() => patchUser(full, [{ op: 'add', path: 'emails[type eq "work"].value', value: 'w@x.y' }])),
    "invalidValue: Attribute 'emails' takes at most 100 values, got 101", 'value counts are checked after the operations');
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ value: `${prefix}${i}` }));
  t.equal(errorOf(() => patchGroup(group, [{ op: 'add', path: 'members', value: ids('a', 30_000) }, { op: 'remove', path: 'members', value: ids('b', 20_001) }])),
    'invalidValue: At most 50000 members may be named in one request, got 50001; send PATCH operations in batches', 'members of all operations add up');
  t.equal(errorOf(() => patchGroup(group, [{ op: 'replace', path: 'members', value: ids('a', 50_000) }, { op: 'remove', path: 'members' }])), 'no error',
    'removing all members names none');
  t.equal(errorOf(() => patchGroup(group, [{ op: 'add', path: 'members', value: ids('a', 25_000) }, { op: 'remove', path: 'members[type eq "User"]' }, { op: 'replace', path: 'members', value: ids('b', 25_000) }])),
    'no error', 'a member filter names none');
});

t.test('extension paths and values (quirks.ts)', async (t) => {
  const cases: [string, unknown[], unknown][] = [
    ['remove of the extension URN drops it', [{ op: 'remove', path: ENT }], { schemas: [URN.user], ext: undefined }],
    ['replace of the extension URN with null changes nothing', [{ op: 'replace', path: ENT, value: null }], { schemas: [URN.user, ENT], ext: user[ENT] }],
    ['replace of the extension URN merges attributes', [{ op: 'replace', path: ENT, value: { Division: 'D', manager: 'm1' } }],
      { schemas: [URN.user, ENT], ext: { department: 'Sales', manager: { value: 'm1', displayName: 'Boss' }, division: 'D' } }],
    ['readOnly sub-attributes in an extension value are ignored', [{ op: 'replace', path: ENT, value: { 'manager.displayName': 'X', department: 'D' } }],
      { schemas: [URN.user, ENT], ext: { department: 'D', manager: { value: 'm0', displayName: 'Boss' } } }],
    ['path-less: extension object under its URN key, any case', [{ op: 'add', value: { [ENT.toLowerCase()]: { costCenter: 'C' } } }],
      { schemas: [URN.user, ENT], ext: { department: 'Sales', manager: { value: 'm0', displayName: 'Boss' }, costCenter: 'C' } }],
    ['path-less: readOnly keys and schemas are ignored', [{ op: 'replace', value: { Schemas: ['x'], id: 'i', meta: { version: 'v' }, 'manager.displayName': 'X', 'meta.created': 'c', groups: [], division: 'D' } }],
      { schemas: [URN.user, ENT], ext: { department: 'Sales', manager: { value: 'm0', displayName: 'Boss' }, division: 'D' } }],
  ];
  for (const [name, o, want] of cases) {
    const doc = patchUser(user, o).doc;
    t.strictSame({ schemas: doc.schemas, ext: doc[ENT] }, want, name);
  }
  const pathless = patchUser(user, [{ op: 'replace', value: { schemas: ['x'], id: 'i', nickName: 'N' } }]).doc;
  t.strictSame(pathless, { ...user, nickName: 'N' }, 'only the writable keys are applied');
});

t.test('group members (members.ts)', async (t) => {
  const cases: [string, unknown[], unknown][] = [
    ['remove with a null value removes all', [{ op: 'remove', path: 'members', value: null }], [{ kind: 'removeAll' }]],
    ['remove with bare id strings', [{ op: 'remove', path: 'members', value: ['u1', { value: 'u2' }] }], [{ kind: 'remove', ids: ['u1', 'u2'] }]],
    ['three value eq joined by or', [{ op: 'remove', path: 'members[value eq "a" or (value eq "b" or value eq "c")]' }], [{ kind: 'remove', ids: ['a', 'b', 'c'] }]],
    ['add a bare id', [{ op: 'add', path: 'members', value: 'u1' }], [{ kind: 'add', members: [{ value: 'u1' }] }]],
    ['path-less add with members', [{ op: 'add', value: { members: [{ value: 'u1' }] } }], [{ kind: 'add', members: [{ value: 'u1' }] }]],
  ];
  for (const [name, o, want] of cases) t.strictSame(patchGroup(group, o).memberOps, want, name);
  for (const filter of ['value eq "a" or type eq "User"', 'type eq "User" or value eq "a"', 'value ne "a"', 'value pr', 'value eq "a" and type eq "User"', 'value sw "a"']) {
    const op = patchGroup(group, [{ op: 'remove', path: `members[${filter}]` }]).memberOps;
    t.strictSame(op.map((m) => m.kind), ['removeWhere'], `${filter}: not a list of ids`);
  }
  const errors: [string, unknown[], string][] = [
    ['sub-attribute remove', [{ op: 'remove', path: 'members.display' }], "mutability: Sub-attributes of group members cannot be changed (path 'members.display')"],
    ['sub-attribute by filter', [{ op: 'replace', path: 'members[value eq "x"].type', value: 'User' }],
      'mutability: Sub-attributes of group members cannot be changed (path \'members[value eq "x"].type\')'],
    ['add through a filter', [{ op: 'add', path: 'members[value eq "x"]', value: { value: 'y' } }],
      'mutability: Group members cannot be changed through a value filter (path \'members[value eq "x"]\')'],
    ['add without a value', [{ op: 'add', path: 'members' }], "invalidValue: An add operation on 'members' requires a value"],
  ];
  for (const [name, o, want] of errors) t.equal(errorOf(() => patchGroup(group, o)), want, name);
});

// doc.ts: reading and writing one attribute of the working document, the mutability rules of
// RFC 7644 §3.5.2 / §3.5.2.2, key order and pruning of unassigned values (RFC 7643 §2.5).
import t from 'tap';
import { checkMutability, orderKeys, readAttr, tidyDoc, writeAttr } from '../../src/scim/core/patch/doc.js';
import { parsePatchPath } from '../../src/scim/core/patch/parse.js';
import { resolveTarget, type AttrTarget } from '../../src/scim/core/patch/target.js';
import { attr, complex, str } from '../../src/scim/core/schema-attributes.js';
import { URN, type JsonObject, type ResourceTypeName } from '../../src/scim/core/types.js';
import { errorOf } from './patch-helpers.js';

const ENT = URN.enterpriseUser;

function target(path: string, rt: ResourceTypeName = 'User'): AttrTarget {
  const tg = resolveTarget(rt, parsePatchPath(path));
  if (tg.kind !== 'attr') throw new Error(`${path} is not an attribute path`);
  return tg;
}

t.test('readAttr: core attributes at the top level, extension attributes under their URN', async (t) => {
  const doc: JsonObject = { userName: 'u', department: 'top-level', [ENT]: { department: 'Sales' } };
  t.equal(readAttr(doc, target('userName')), 'u');
  t.equal(readAttr(doc, target('department')), 'Sales', 'unqualified extension attribute');
  t.equal(readAttr(doc, target(`${ENT}:department`)), 'Sales');
  t.equal(readAttr(doc, target('nickName')), undefined);
  t.equal(readAttr({ userName: 'u' }, target(`${ENT}:department`)), undefined, 'no extension object');
  t.equal(readAttr({ [ENT]: 'Sales' }, target(`${ENT}:department`)), undefined, 'extension key holding a non-object');
  t.equal(readAttr({ displayName: 'G' }, target('displayName', 'Group')), 'G', 'Group core attribute');
});

t.test('writeAttr: sets or deletes in the right container', async (t) => {
  const user: JsonObject = { userName: 'u', nickName: 'n', [ENT]: { department: 'Sales', division: 'D' } };
  writeAttr(user, target('title'), 'T');
  writeAttr(user, target('nickName'), undefined);
  writeAttr(user, target(`${ENT}:department`), 'R&D');
  writeAttr(user, target('division'), undefined);
  t.strictSame(user, { userName: 'u', [ENT]: { department: 'R&D' }, title: 'T' });

  const fresh: JsonObject = { userName: 'u' };
  writeAttr(fresh, target(`${ENT}:costCenter`), 'C1');
  t.strictSame(fresh, { userName: 'u', [ENT]: { costCenter: 'C1' } }, 'the extension object is created');
  const broken: JsonObject = { [ENT]: 'not an object' };
  writeAttr(broken, target(`${ENT}:costCenter`), 'C1');
  t.strictSame(broken, { [ENT]: { costCenter: 'C1' } }, 'a non-object under the URN is replaced');
  const emptied: JsonObject = { [ENT]: { costCenter: 'C1' } };
  writeAttr(emptied, target(`${ENT}:costCenter`), undefined);
  t.strictSame(emptied, { [ENT]: {} }, 'the empty extension object is left for tidyDoc');

  const group: JsonObject = { displayName: 'G' };
  writeAttr(group, target('displayName', 'Group'), 'H');
  t.strictSame(group, { displayName: 'H' }, 'Group core attribute');
});

// Synthetic definitions: the schemas have no immutable attribute outside Group.members (which
// PATCH turns into member operations) and no required sub-attribute, but the rules are general.
const immutableAttr = str('badge', 'test', { mutability: 'immutable' });
const requiredComplex = complex('card', 'test', [str('number', 'test'), str('pin', 'test', { required: true })], { required: true });
const synthetic = (a: AttrTarget['attr'], sub?: AttrTarget['attr'], text = 'x'): AttrTarget => {
  const tg: AttrTarget = { kind: 'attr', text, schema: URN.user, attr: a };
  if (sub) tg.sub = sub;
  return tg;
};

t.test('checkMutability', async (t) => {
  const card = synthetic(requiredComplex, undefined, 'card');
  const cardNumber = synthetic(requiredComplex, requiredComplex.subAttributes![0], 'card.number');
  const cardPin = synthetic(str('card', 'test'), requiredComplex.subAttributes![1], 'card.pin');
  const cases: [string, AttrTarget, unknown, 'add' | 'replace' | 'remove', unknown, string][] = [
    ['readOnly attribute', target('id'), undefined, 'add', 'x', "mutability: Attribute 'id' is readOnly (path 'id')"],
    ['readOnly attribute and sub-attribute: the attribute is named', target('meta.created'), undefined, 'replace', 'x',
      "mutability: Attribute 'meta' is readOnly (path 'meta.created')"],
    ['readOnly sub-attribute', target(`${ENT}:manager.displayName`), undefined, 'remove', undefined,
      `mutability: Attribute 'displayName' is readOnly (path '${ENT}:manager.displayName')`],
    ['readWrite', target('nickName'), 'n', 'replace', 'm', 'no error'],
    ['immutable without a value: add is allowed', synthetic(immutableAttr), undefined, 'add', 'b', 'no error'],
    ['immutable with a value: add is refused', synthetic(immutableAttr), 'a', 'add', 'b', "mutability: Attribute 'badge' is immutable (path 'x')"],
    ['immutable without a value: replace is refused', synthetic(immutableAttr), undefined, 'replace', 'b', "mutability: Attribute 'badge' is immutable (path 'x')"],
    ['immutable without a value: remove is refused', synthetic(immutableAttr), undefined, 'remove', undefined, "mutability: Attribute 'badge' is immutable (path 'x')"],
    ['immutable sub-attribute (Group members.value)', target('members.value', 'Group'), [{ value: 'a' }], 'add', 'b',
      "mutability: Attribute 'value' is immutable (path 'members.value')"],
    ['immutable sub-attribute without a value', target('members.value', 'Group'), undefined, 'add', 'b', 'no error'],
    ['required: remove', target('userName'), 'u', 'remove', undefined,
      "mutability: Attribute 'userName' is required; it cannot be removed or left without a value (path 'userName')"],
    ['required: remove of an unassigned value', target('userName'), undefined, 'remove', undefined,
      "mutability: Attribute 'userName' is required; it cannot be removed or left without a value (path 'userName')"],
    ['required: replace with a value', target('userName'), 'u', 'replace', 'v', 'no error'],
    ['required: replace with null', target('userName'), 'u', 'replace', null,
      "mutability: Attribute 'userName' is required; it cannot be removed or left without a value (path 'userName')"],
    ['required: replace without a value', card, {}, 'replace', undefined,
      "mutability: Attribute 'card' is required; it cannot be removed or left without a value (path 'card')"],
    ['required: replace with an empty array', card, {}, 'replace', [],
      "mutability: Attribute 'card' is required; it cannot be removed or left without a value (path 'card')"],
    ['required: replace with an empty object', card, {}, 'replace', {},
      "mutability: Attribute 'card' is required; it cannot be removed or left without a value (path 'card')"],
    ['required: replace with a non-empty array', card, {}, 'replace', [{ number: '1' }], 'no error'],
    ['required: replace with a non-empty object', card, {}, 'replace', { number: '1' }, 'no error'],
    ['required: replace with false', synthetic(attr('flag', 'boolean', 'test', { required: true })), true, 'replace', false, 'no error'],
    ['required: replace with 0', synthetic(attr('level', 'integer', 'test', { required: true })), 1, 'replace', 0, 'no error'],
    ['required: replace with a blank string', target('userName'), 'u', 'replace', ' \t',
      "mutability: Attribute 'userName' is required; it cannot be removed or left without a value (path 'userName')"],
    ['required: add of an empty string', target('userName'), 'u', 'add', '',
      "mutability: Attribute 'userName' is required; it cannot be removed or left without a value (path 'userName')"],
    ['required: add of a string', target('userName'), 'u', 'add', ' v ', 'no error'],
    ['required: add of null adds nothing', target('userName'), 'u', 'add', null, 'no error'],
    ['required: add of an empty array adds nothing', card, {}, 'add', [], 'no error'],
    ['required: add of an empty object adds nothing', card, {}, 'add', {}, 'no error'],
    ['a sub-attribute path checks the sub-attribute, not the required parent', cardNumber, {}, 'remove', undefined, 'no error'],
    ['a required sub-attribute', cardPin, {}, 'remove', undefined,
      "mutability: Attribute 'pin' is required; it cannot be removed or left without a value (path 'card.pin')"],
  ];
  for (const [name, tg, current, op, value, want] of cases) t.equal(errorOf(() => checkMutability(tg, current, op, value)), want, name);
});

t.test('orderKeys: schema order, unknown and undefined keys dropped', async (t) => {
  const emails = target('emails').attr;
  t.strictSame(Object.entries(orderKeys(emails, { primary: true, type: 'work', display: undefined, bogus: 1, value: 'v' })),
    [['value', 'v'], ['type', 'work'], ['primary', true]]);
  t.strictSame(orderKeys(emails, { primary: false, display: null }), { display: null, primary: false }, 'null and false are values');
  t.strictSame(orderKeys(target('nickName').attr, { value: 'v' }), {}, 'an attribute without sub-attributes keeps nothing');
});

t.test('tidyDoc: prunes unassigned values and recomputes schemas', async (t) => {
  const user: JsonObject = {
    schemas: ['stale'],
    userName: 'u',
    nickName: null,
    active: false,
    title: '',
    name: { givenName: null, familyName: 'F', middleName: undefined },
    phoneNumbers: [],
    emails: [null, { value: 'e', display: null }, {}, { type: null }],
    ims: [{ display: null }],
    addresses: [[], { formatted: 'x' }],
    x509Certificates: [0],
    [ENT]: { department: null, manager: {} },
  };
  t.strictSame(tidyDoc('User', user), {
    schemas: [URN.user],
    userName: 'u',
    active: false,
    title: '',
    name: { familyName: 'F' },
    emails: [{ value: 'e' }],
    addresses: [{ formatted: 'x' }],
    x509Certificates: [0],
  });
  t.strictSame(tidyDoc('User', { schemas: [URN.user], userName: 'u', [ENT]: { department: 'D' } }),
    { schemas: [URN.user, ENT], userName: 'u', [ENT]: { department: 'D' } }, 'an extension with attributes is listed');
  t.strictSame(tidyDoc('User', { userName: 'u', [ENT]: { department: 'D' } }), { userName: 'u', [ENT]: { department: 'D' } },
    'a doc without schemas gets none');
  t.strictSame(tidyDoc('Group', { schemas: [], displayName: 'G' }), { schemas: [URN.group], displayName: 'G' });
  t.strictSame(tidyDoc('User', { schemas: [URN.user, ENT], [ENT]: { manager: { value: null } } }), { schemas: [URN.user] },
    'an extension left empty is dropped with its URN');
});

import t from 'tap';
import { checkRequired, checkValueCounts, normalizeMembers, normalizeResource } from '../../src/scim/core/normalize.js';
import { errorOf, scimTypeOf } from './scim-assert.js';
import { URN } from '../../src/scim/core/types.js';

const ENT = URN.enterpriseUser;

t.test('Okta create: password extracted, groups [] dropped (Okta protocol reference)', async (t) => {
  const r = normalizeResource('User', {
    schemas: [URN.user], userName: 'test.user@okta.local', name: { givenName: 'Test', familyName: 'User' },
    emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }], displayName: 'Test User', locale: 'en-US',
    externalId: '00ujl29u0le5T6Aj10h7', groups: [], password: '1mz050nq', active: true,
  }, 'create');
  t.equal(r.password, '1mz050nq');
  t.same(r.doc, {
    schemas: [URN.user], externalId: '00ujl29u0le5T6Aj10h7', userName: 'test.user@okta.local',
    name: { familyName: 'User', givenName: 'Test' }, displayName: 'Test User', locale: 'en-US', active: true,
    emails: [{ value: 'test.user@okta.local', type: 'work', primary: true }],
  });
  t.same(Object.keys(r.doc), ['schemas', 'externalId', 'userName', 'name', 'displayName', 'locale', 'active', 'emails'], 'schema order');
});

t.test('Entra create: meta, roles [] and nulls (Entra tutorial)', async (t) => {
  const r = normalizeResource('User', {
    schemas: [URN.user, ENT], externalId: '0a21f0f2', userName: 'Test_User_00aa', active: true,
    emails: [{ primary: true, type: 'work', value: 'Test_User_11bb@testuser.com' }], meta: { resourceType: 'User' },
    name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' }, roles: [],
    addresses: null, phoneNumbers: null, preferredLanguage: null, title: null,
  }, 'create');
  t.same(r.doc.schemas, [URN.user], 'the extension URN is dropped when it carries no data');
  t.notOk('meta' in r.doc);
  t.notOk('roles' in r.doc);
  t.notOk('title' in r.doc);
  t.equal(r.password, undefined);
});

t.test('Microsoft capitalised keys, string booleans, manager', async (t) => {
  const r = normalizeResource('User', {
    schemas: [URN.user, ENT], UserName: 'ms@x.y', Active: 'True',
    Emails: [{ Primary: 'true', Type: 'work', Value: 'ms@x.y' }],
    [ENT.toUpperCase().replace('URN:', 'urn:')]: { Department: 'Sales', Manager: { Value: 'm1', displayName: 'Boss' } },
  }, 'create');
  t.same(r.doc, {
    schemas: [URN.user, ENT], userName: 'ms@x.y', active: true, emails: [{ value: 'ms@x.y', type: 'work', primary: true }],
    [ENT]: { department: 'Sales', manager: { value: 'm1' } },
  });
  const s = normalizeResource('User', { schemas: [URN.user], userName: 'a', [ENT]: { manager: 'm2' } }, 'replace');
  t.same(s.doc[ENT], { manager: { value: 'm2' } }, 'manager as a bare string');
  t.same(s.doc.schemas, [URN.user, ENT], 'extension URN added when the extension has data');
});

t.test('OneLogin template shape and single-object emails', async (t) => {
  const r = normalizeResource('User', {
    schemas: [URN.user, ENT], userName: 'ol@x.y', name: { familyName: 'L', givenName: 'F', formatted: 'F L' }, title: 'T',
    emails: { value: 'ol@x.y', type: 'work', primary: true },
    addresses: [{ locality: 'City', region: 'ST', country: 'US' }],
    [ENT]: { department: 'D', manager: { value: 'ext-9', displayName: 'A B' } },
  }, 'create');
  t.same(r.doc.emails, [{ value: 'ol@x.y', type: 'work', primary: true }]);
  t.same(r.doc[ENT], { department: 'D', manager: { value: 'ext-9' } });
});

t.test('groups: members returned separately, Microsoft schema URN tolerated', async (t) => {
  const r = normalizeResource('Group', {
    schemas: [URN.group, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
    externalId: '8aa1a0c0', displayName: 'displayName', meta: { resourceType: 'Group' },
  }, 'create');
  t.same(r.doc, { schemas: [URN.group], externalId: '8aa1a0c0', displayName: 'displayName' });
  t.same(r.members, undefined);
  const o = normalizeResource('Group', { schemas: [URN.group], displayName: 'g', members: [{ value: 'u1', display: 'x' }, { value: 'u2', $ref: null }] }, 'replace');
  t.same(o.members, [{ value: 'u1' }, { value: 'u2' }]);
  t.notOk('members' in o.doc);
  t.same(normalizeResource('Group', { schemas: [URN.group], displayName: 'g', members: [] }, 'create').members, []);
});

t.test('errors', async (t) => {
  const cases: [string, 'User' | 'Group', unknown, string][] = [
    ['not an object', 'User', 'x', 'invalidSyntax'],
    ['no schemas', 'User', { userName: 'a' }, 'invalidSyntax'],
    ['schemas without the core URN', 'User', { schemas: [URN.group], userName: 'a' }, 'invalidSyntax'],
    ['missing userName', 'User', { schemas: [URN.user], displayName: 'x' }, 'invalidValue'],
    ['empty userName', 'User', { schemas: [URN.user], userName: ' ' }, 'invalidValue'],
    ['missing displayName', 'Group', { schemas: [URN.group] }, 'invalidValue'],
    ['unknown attribute', 'User', { schemas: [URN.user], userName: 'a', shoeSize: 42 }, 'invalidSyntax'],
    ['unknown sub-attribute', 'User', { schemas: [URN.user], userName: 'a', name: { nick: 'x' } }, 'invalidSyntax'],
    ['unknown extension attribute', 'User', { schemas: [URN.user, ENT], userName: 'a', [ENT]: { shoe: 1 } }, 'invalidSyntax'],
    ['unknown URN with data', 'User', { schemas: [URN.user, 'urn:x:y'], userName: 'a', 'urn:x:y': { a: 1 } }, 'invalidSyntax'],
    ['same attribute twice in different case', 'User', { schemas: [URN.user], userName: 'a', UserName: 'b' }, 'invalidSyntax'],
    ['number for a string', 'User', { schemas: [URN.user], userName: 5 }, 'invalidValue'],
    ['bad boolean', 'User', { schemas: [URN.user], userName: 'a', active: 'yes' }, 'invalidValue'],
    ['array for a single value', 'User', { schemas: [URN.user], userName: 'a', title: ['a', 'b'] }, 'invalidValue'],
    ['string for a complex', 'User', { schemas: [URN.user], userName: 'a', name: 'x' }, 'invalidValue'],
    ['two primary emails (RFC 7643 §2.4)', 'User', { schemas: [URN.user], userName: 'a',
      emails: [{ value: 'a', primary: true }, { value: 'b', primary: true }] }, 'invalidValue'],
    ['password not a string', 'User', { schemas: [URN.user], userName: 'a', password: 5 }, 'invalidValue'],
    ['member without value', 'Group', { schemas: [URN.group], displayName: 'g', members: [{ display: 'x' }] }, 'invalidValue'],
  ];
  for (const [name, rt, body, want] of cases) t.equal(scimTypeOf(() => normalizeResource(rt, body, 'create')), want, name);
});

t.test('error details name the attribute', async (t) => {
  const cases: [string, 'User' | 'Group', unknown, string][] = [
    ['not an object', 'User', [], 'invalidSyntax: The request body must be a JSON object'],
    ['schemas not strings', 'User', { schemas: [URN.user, 5], userName: 'a' }, "invalidSyntax: 'schemas' must be an array of schema URNs"],
    ['schemas a string', 'User', { schemas: URN.user, userName: 'a' }, "invalidSyntax: 'schemas' must be an array of schema URNs"],
    ['core URN missing', 'Group', { schemas: [URN.user], displayName: 'g' }, `invalidSyntax: 'schemas' must contain '${URN.group}'`],
    ['extension not an object', 'User', { schemas: [URN.user], userName: 'a', [ENT]: 'x' }, `invalidValue: '${ENT}' must be an object`],
    ['extension an array', 'User', { schemas: [URN.user], userName: 'a', [ENT]: [] }, `invalidValue: '${ENT}' must be an object`],
    ['unknown attribute', 'User', { schemas: [URN.user], userName: 'a', shoeSize: 1 }, "invalidSyntax: Unknown attribute 'shoeSize'"],
    ['twice', 'User', { schemas: [URN.user], userName: 'a', USERNAME: 'b' }, "invalidSyntax: Attribute 'userName' given twice"],
    ['unknown extension attribute', 'User', { schemas: [URN.user], userName: 'a', [ENT]: { shoe: 1 } }, `invalidSyntax: Unknown attribute '${ENT}:shoe'`],
    ['extension attribute twice', 'User', { schemas: [URN.user], userName: 'a', [ENT]: { department: 'a', Department: 'b' } },
      `invalidSyntax: Attribute '${ENT}:department' given twice`],
    ['extension attribute label', 'User', { schemas: [URN.user], userName: 'a', [ENT]: { department: 5 } },
      `invalidValue: Attribute '${ENT}:department' must be of type string`],
    ['password type', 'User', { schemas: [URN.user], userName: 'a', password: true }, "invalidValue: Attribute 'password' must be a string"],
    ['required', 'User', { schemas: [URN.user], userName: '' }, "invalidValue: Attribute 'userName' is required"],
    ['two primaries', 'User', { schemas: [URN.user], userName: 'a', emails: [{ value: 'a', primary: true }, { value: 'b', primary: 'True' }] },
      "invalidValue: At most one 'emails' value may have primary set to true"],
    ['a declared URN with data', 'Group', { schemas: [URN.group, 'urn:x:y'], displayName: 'g', 'urn:x:y': { a: 1 } }, "invalidSyntax: Unknown attribute 'urn:x:y'"],
    ['a declared URN with an empty array', 'Group', { schemas: [URN.group, 'urn:x:y'], displayName: 'g', 'urn:x:y': [] }, "invalidSyntax: Unknown attribute 'urn:x:y'"],
    ['an undeclared URN, even empty', 'Group', { schemas: [URN.group], displayName: 'g', 'urn:x:y': {} }, "invalidSyntax: Unknown attribute 'urn:x:y'"],
  ];
  for (const [name, rt, body, want] of cases) t.equal(errorOf(() => normalizeResource(rt, body, 'create')), want, name);
});

t.test('accepted bodies: nulls, empty parts and declared-but-empty schema URNs', async (t) => {
  const doc = (rt: 'User' | 'Group', body: Record<string, unknown>) => {
    const r = normalizeResource(rt, body, 'create');
    return { ...r, keys: Object.keys(r.doc) };
  };
  const ms = 'urn:ietf:params:scim:schemas:extension:Microsoft:2.0:Group';
  t.strictSame(doc('Group', { schemas: [URN.group, ms], displayName: 'g', [ms.toUpperCase().replace('URN:', 'urn:')]: {} }),
    { doc: { schemas: [URN.group], displayName: 'g' }, keys: ['schemas', 'displayName'] }, 'Entra: a declared URN with {} (case-insensitive)');
  t.strictSame(doc('Group', { schemas: [URN.group, ms], displayName: 'g', [ms]: null }).doc, { schemas: [URN.group], displayName: 'g' }, 'or null');
  t.strictSame(doc('User', { schemas: [URN.user], Schemas: [URN.user], userName: 'a' }).doc, { schemas: [URN.user], userName: 'a' }, 'a second schemas key is ignored');
  t.strictSame(doc('User', { schemas: [URN.user], userName: 'a', [ENT]: null }).doc, { schemas: [URN.user], userName: 'a' }, 'a null extension');
  t.strictSame(doc('User', { schemas: [URN.user, ENT], userName: 'a', [ENT]: {} }).doc, { schemas: [URN.user], userName: 'a' }, 'an empty extension');
  t.strictSame(doc('User', { schemas: [URN.user, ENT], userName: 'a', [ENT]: { department: null, manager: { value: '' } } }).doc,
    { schemas: [URN.user], userName: 'a' }, 'an extension of unassigned values');
  t.strictSame(doc('User', { schemas: [URN.user], userName: 'a', password: null, title: null, name: {} }),
    { doc: { schemas: [URN.user], userName: 'a' }, keys: ['schemas', 'userName'] }, 'null password, null and empty values');
  t.strictSame(doc('User', { schemas: [URN.user], userName: 'a', password: undefined }).keys, ['schemas', 'userName']);
  t.strictSame(doc('User', { schemas: [URN.user], userName: 'a', password: 'secret' }).password, 'secret');
  t.strictSame(doc('User', { schemas: [URN.user], userName: 'a', id: 'x', meta: {}, groups: [{ value: 'g' }] }).doc, { schemas: [URN.user], userName: 'a' }, 'readOnly input is ignored');
  t.strictSame(Object.keys(normalizeResource('User', { schemas: [URN.user], userName: 'a' }, 'replace')), ['doc'], 'no password, no members');
  t.strictSame(Object.keys(normalizeResource('Group', { schemas: [URN.group], displayName: 'g', members: null }, 'replace')), ['doc', 'members']);
});

t.test('normalizeMembers: value and type, nothing else', async (t) => {
  t.strictSame(normalizeMembers(null), []);
  t.strictSame(normalizeMembers(undefined), []);
  t.strictSame(normalizeMembers({ value: 'u1' }), [{ value: 'u1' }], 'one object');
  t.strictSame(normalizeMembers(['u1', null, { VALUE: 'u2', Type: 'Group', display: 'x' }, { value: 'u3', type: null }]),
    [{ value: 'u1' }, { value: 'u2', type: 'Group' }, { value: 'u3' }]);
  const cases: [string, unknown, string][] = [
    ['a number', [5], "invalidValue: Each 'members' value must be an object with 'value'"],
    ['an array', [['u1']], "invalidValue: Each 'members' value must be an object with 'value'"],
    ['no value', [{ type: 'User' }], "invalidValue: 'members.value' must be a non-empty string"],
    ['empty value', [{ value: '' }], "invalidValue: 'members.value' must be a non-empty string"],
    ['empty string', [''], "invalidValue: 'members.value' must be a non-empty string"],
    ['numeric value', [{ value: 1 }], "invalidValue: 'members.value' must be a non-empty string"],
    ['long value', [{ value: 'v'.repeat(513) }], "invalidValue: Attribute 'members.value' must be at most 512 characters"],
    ['NUL in value', [{ value: 'a\0' }], "invalidValue: Attribute 'members.value' contains NUL (U+0000)"],
    ['numeric type', [{ value: 'u', type: 1 }], "invalidValue: 'members.type' must be a string"],
    ['50,001 members', Array.from({ length: 50_001 }, () => null),
      'invalidValue: At most 50000 members may be named in one request, got 50001; send PATCH operations in batches'],
  ];
  for (const [name, value, want] of cases) t.equal(errorOf(() => normalizeMembers(value)), want, name);
  t.strictSame(normalizeMembers([{ value: 'v'.repeat(512) }]), [{ value: 'v'.repeat(512) }]);
  t.strictSame(normalizeMembers(Array.from({ length: 50_000 }, () => null)), [], '50,000 is the limit');
});

t.test('checkRequired and checkValueCounts (the document a PATCH leaves)', async (t) => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['present', { userName: 'a' }, 'no error'],
    ['null', { userName: null }, "invalidValue: Attribute 'userName' is required"],
    ['missing', {}, "invalidValue: Attribute 'userName' is required"],
    ['blank', { userName: '  ' }, "invalidValue: Attribute 'userName' is required"],
    ['not a string', { userName: 5 }, 'no error'],
  ];
  for (const [name, doc, want] of cases) t.equal(errorOf(() => checkRequired('User', doc)), want, name);
  t.equal(errorOf(() => checkRequired('Group', { displayName: '' })), "invalidValue: Attribute 'displayName' is required");
  t.equal(errorOf(() => checkRequired('Group', { displayName: 'g' })), 'no error');

  const emails = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `${i}@x` }));
  const counts: [string, Record<string, unknown>, string][] = [
    ['100 emails', { schemas: [URN.user], emails: emails(100) }, 'no error'],
    ['101 emails', { schemas: [URN.user], userName: 'a', emails: emails(101) }, "invalidValue: Attribute 'emails' takes at most 100 values, got 101"],
    ['case-insensitive keys', { Roles: emails(101) }, "invalidValue: Attribute 'roles' takes at most 100 values, got 101"],
    ['a single-valued attribute is not counted', { title: 'x'.repeat(101) }, 'no error'],
    ['a string where a list belongs is not counted', { emails: 'x'.repeat(101) }, 'no error'],
    ['with an extension', { schemas: [URN.user, ENT], [ENT]: { department: 'd' }, emails: emails(1) }, 'no error'],
  ];
  for (const [name, doc, want] of counts) t.equal(errorOf(() => checkValueCounts('User', doc)), want, name);
});

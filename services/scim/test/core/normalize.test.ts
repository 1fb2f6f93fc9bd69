import t from 'tap';
import { normalizeResource } from '../../src/scim/core/normalize.js';
import { scimTypeOf } from './patch-helpers.js';
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

import t from 'tap';
import { errorOf, throwsScim } from './scim-assert.js';
import { ScimError } from '../../src/scim/core/errors.js';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, renderSchema, USER_SCHEMA } from '../../src/scim/core/schema-defs.js';
import { findSchema, formatAttrPath, formatResolvedPath, parseAttrPath, resolvePath, schemaUrns, tryResolvePath } from '../../src/scim/core/schema-registry.js';
import { coreAttributes, coreUrn, findExtension, schemasOf } from '../../src/scim/core/schema-lookup.js';
import { URN } from '../../src/scim/core/types.js';

const ENT = URN.enterpriseUser;

t.test('parseAttrPath splits URN, attribute and sub-attribute', async (t) => {
  const cases: [string, unknown][] = [
    ['emails', { attr: 'emails' }],
    ['name.givenName', { attr: 'name', sub: 'givenName' }],
    [`${ENT}:manager.value`, { urn: ENT, attr: 'manager', sub: 'value' }],
    [`${URN.user}:userName`, { urn: URN.user, attr: 'userName' }],
    ['$ref', { attr: '$ref' }],
  ];
  for (const [text, path] of cases) t.same(parseAttrPath(text), path, text);
  for (const bad of ['', 'a.b.c', 'name.', '.x', 'foo:bar', '1abc', 'a b']) {
    throwsScim(t, () => parseAttrPath(bad), 'invalidPath', bad);
  }
  throwsScim(t, () => parseAttrPath('a.b.c', 'invalidFilter'), 'invalidFilter');
});

t.test('resolvePath is case-insensitive and knows URNs and common attributes', async (t) => {
  const cases: [string, string, string, string?][] = [
    // input, expected schema, attr, sub
    ['USERNAME', URN.user, 'userName'],
    ['name.GIVENNAME', URN.user, 'name', 'givenName'],
    [`${URN.user}:name.givenName`, URN.user, 'name', 'givenName'],
    [`${URN.user.toUpperCase()}:userName`, URN.user, 'userName'],
    [`${ENT}:department`, ENT, 'department'],
    [`${ENT.toLowerCase()}:Manager.Value`, ENT, 'manager', 'value'],
    ['department', ENT, 'department'],
    ['id', URN.user, 'id'],
    ['externalId', URN.user, 'externalId'],
    ['meta.lastModified', URN.user, 'meta', 'lastModified'],
    [`${URN.user}:meta.created`, URN.user, 'meta', 'created'],
    ['emails.type', URN.user, 'emails', 'type'],
    ['groups.value', URN.user, 'groups', 'value'],
  ];
  for (const [text, schema, attr, sub] of cases) {
    const r = resolvePath('User', parseAttrPath(text));
    t.equal(r.schema, schema, text);
    t.equal(r.attr.name, attr, text);
    t.equal(r.sub?.name, sub, text);
  }
  t.equal(resolvePath('Group', parseAttrPath('Members.Value')).sub?.name, 'value');
  t.equal(resolvePath('Group', parseAttrPath('displayname')).attr.name, 'displayName');
  for (const bad of ['nope', 'name.nope', 'userName.x', `${ENT}:userName`, 'urn:x:y:department', 'members']) {
    t.equal(tryResolvePath('User', parseAttrPath(bad)), undefined, bad);
  }
  t.equal(tryResolvePath('Group', parseAttrPath('userName')), undefined);
  t.equal(tryResolvePath('Group', parseAttrPath(`${ENT}:department`)), undefined);
  throwsScim(t, () => resolvePath('User', { attr: 'nope' }), 'invalidPath');
  throwsScim(t, () => resolvePath('User', { attr: 'nope' }, 'invalidFilter'), 'invalidFilter');
  t.equal(formatResolvedPath('User', resolvePath('User', parseAttrPath(`${ENT}:DEPARTMENT`))), `${ENT}:department`);
  t.equal(formatResolvedPath('User', resolvePath('User', parseAttrPath('NAME.givenname'))), 'name.givenName');
  t.ok(new ScimError(400, 'x') instanceof Error);
});

t.test('schema definitions carry the RFC 7643 characteristics', async (t) => {
  const userAttr = (n: string) => USER_SCHEMA.attributes.find((a) => a.name === n)!;
  t.match(userAttr('userName'), { required: true, caseExact: false, uniqueness: 'server' });
  t.match(userAttr('password'), { mutability: 'writeOnly', returned: 'never' });
  t.match(userAttr('groups'), { mutability: 'readOnly', multiValued: true });
  for (const n of ['name', 'emails', 'phoneNumbers', 'ims', 'photos', 'addresses', 'groups', 'entitlements', 'roles', 'x509Certificates']) {
    t.ok(userAttr(n)?.subAttributes?.length, n);
  }
  t.same(userAttr('emails').subAttributes!.map((s) => s.name), ['value', 'display', 'type', 'primary']);
  const members = GROUP_SCHEMA.attributes.find((a) => a.name === 'members')!;
  t.match(members.subAttributes!.find((s) => s.name === 'value'), { mutability: 'immutable' });
  t.same(members.subAttributes!.find((s) => s.name === 'type')!.canonicalValues, ['User', 'Group']);
  t.match(GROUP_SCHEMA.attributes[0], { name: 'displayName', required: true });
  const manager = ENTERPRISE_USER_SCHEMA.attributes.find((a) => a.name === 'manager')!;
  t.same(manager.subAttributes!.map((s) => s.name), ['value', '$ref', 'displayName']);
  t.match(resolvePath('User', { attr: 'id' }).attr, { caseExact: true, mutability: 'readOnly', returned: 'always' });
  t.match(resolvePath('User', { attr: 'externalId' }).attr, { caseExact: true });
  t.match(resolvePath('User', { attr: 'meta', sub: 'version' }).sub, { mutability: 'readOnly' });
});

t.test('renderSchema gives the /Schemas representation', async (t) => {
  const r = renderSchema(USER_SCHEMA, 'https://h/scim/v2') as Record<string, any>;
  t.same(r.schemas, [URN.schema]);
  t.equal(r.id, URN.user);
  t.same(r.meta, { resourceType: 'Schema', location: `https://h/scim/v2/Schemas/${URN.user}` });
  const emails = r.attributes.find((a: any) => a.name === 'emails');
  for (const k of ['type', 'multiValued', 'description', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness']) {
    t.ok(k in emails, k);
    t.ok(k in emails.subAttributes[0], `sub ${k}`);
  }
  t.same(emails.subAttributes[2].canonicalValues, ['work', 'home', 'other']);
  t.same(JSON.parse(JSON.stringify(r)), r, 'plain JSON');
});

t.test('parseAttrPath: the name grammar and the URN prefix', async (t) => {
  const cases: [string, unknown][] = [
    ['a$b-c_d9', { attr: 'a$b-c_d9' }],
    ['$ref.x-y', { attr: '$ref', sub: 'x-y' }],
    [`URN:X:attr`, { urn: 'URN:X', attr: 'attr' }],
  ];
  for (const [text, path] of cases) t.strictSame(parseAttrPath(text), path, text);
  t.strictSame(Object.keys(parseAttrPath('emails')), ['attr'], 'no urn or sub keys when absent');
  t.strictSame(Object.keys(parseAttrPath('urn:a:emails')), ['attr', 'urn']);
  for (const bad of ['xurn:a:b', 'a:b', ':x', '-a', 'a.-b', 'é', 'a.', 'a..b', 'a.b c', 'ab!']) {
    t.equal(errorOf(() => parseAttrPath(bad)), `invalidPath: "${bad}" is not a valid attribute path`, bad);
  }
  t.equal(errorOf(() => parseAttrPath('x:y', 'invalidFilter')), 'invalidFilter: "x:y" is not a valid attribute path');
});

t.test('schemaUrns, findSchema, tryResolvePath across schemas', async (t) => {
  t.strictSame(schemaUrns('User'), [URN.user, ENT]);
  t.strictSame(schemaUrns('Group'), [URN.group]);
  t.equal(findSchema('User', ENT.toUpperCase()), ENTERPRISE_USER_SCHEMA);
  t.equal(findSchema('User', URN.user), USER_SCHEMA);
  t.equal(findSchema('Group', ENT), undefined);
  t.equal(findSchema('Group', URN.group.toLowerCase()), GROUP_SCHEMA);
  t.equal(tryResolvePath('User', { urn: ENT, attr: 'id' }), undefined, 'common attributes only through the core URN');
  t.equal(tryResolvePath('User', { urn: ENT, attr: 'manager', sub: 'nope' }), undefined);
  t.equal(tryResolvePath('User', { attr: 'title', sub: 'x' }), undefined, 'a sub-attribute of a simple attribute');
  t.strictSame(tryResolvePath('User', { urn: URN.user, attr: 'ID' }), { schema: URN.user, attr: resolvePath('User', { attr: 'id' }).attr });
  t.strictSame(Object.keys(tryResolvePath('User', { attr: 'userName' })!), ['schema', 'attr'], 'no sub key without a sub-attribute');
  t.equal(tryResolvePath('Group', { attr: 'id' })?.schema, URN.group);
  t.equal(errorOf(() => resolvePath('User', { urn: 'urn:x', attr: 'a', sub: 'b' })), 'invalidPath: Unknown attribute "urn:x:a.b" for resource type User');
  t.equal(errorOf(() => resolvePath('Group', { attr: 'a' }, 'invalidFilter')), 'invalidFilter: Unknown attribute "a" for resource type Group');
  t.equal(formatAttrPath({ attr: 'a' }), 'a');
  t.equal(formatAttrPath({ urn: 'urn:x', attr: 'a', sub: 'b' }), 'urn:x:a.b');
  t.equal(formatResolvedPath('User', resolvePath('User', parseAttrPath('userName'))), 'userName');
  t.equal(formatResolvedPath('User', resolvePath('User', parseAttrPath('manager.VALUE'))), `${ENT}:manager.value`);
});

t.test('schema-lookup: core attributes with the common ones first, extensions by URN', async (t) => {
  t.strictSame(coreAttributes('Group').map((a) => a.name), ['id', 'externalId', 'meta', 'displayName', 'members']);
  t.strictSame(coreAttributes('User').map((a) => a.name).slice(0, 5), ['id', 'externalId', 'meta', 'userName', 'name']);
  t.equal(coreAttributes('User').length, USER_SCHEMA.attributes.length + 3);
  t.equal(coreAttributes('User'), coreAttributes('User'), 'one list per resource type');
  t.equal(findExtension('User', ENT.toLowerCase()), ENTERPRISE_USER_SCHEMA);
  t.equal(findExtension('User', ENT), ENTERPRISE_USER_SCHEMA);
  t.equal(findExtension('User', URN.user), undefined, 'the core schema is no extension');
  t.equal(findExtension('User', 'department'), undefined);
  t.equal(findExtension('Group', ENT), undefined);
  t.equal(coreUrn('User'), URN.user);
  t.equal(coreUrn('Group'), URN.group);
  t.strictSame(schemasOf('User'), { core: USER_SCHEMA, extensions: [ENTERPRISE_USER_SCHEMA] });
  t.strictSame(schemasOf('Group'), { core: GROUP_SCHEMA, extensions: [] });
});


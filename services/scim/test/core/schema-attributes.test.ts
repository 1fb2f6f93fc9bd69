// The schema definitions as data (core/schema-attributes.ts, core/schema-defs.ts): every
// characteristic the /Schemas document publishes (RFC 7643 §7, §8.7.1) and that normalize,
// projection, PATCH and the filter compiler act on (mutability, returned, uniqueness,
// caseExact, multiValued, type).
import t from 'tap';
import { attr, caseInsensitiveIndex, complex, COMMON_ATTRIBUTES, findAttr, multiValuedQuartet, str } from '../../src/scim/core/schema-attributes.js';
import { ALL_SCHEMAS, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, renderSchema, USER_SCHEMA } from '../../src/scim/core/schema-defs.js';
import { URN, type AttributeDef } from '../../src/scim/core/types.js';

t.test('attr fills in the RFC 7643 §2.2 defaults and spells out every characteristic', async (t) => {
  t.strictSame(attr('n', 'integer', 'd'), {
    name: 'n', type: 'integer', multiValued: false, description: 'd', required: false, caseExact: false,
    mutability: 'readWrite', returned: 'default', uniqueness: 'none',
  });
  t.strictSame(attr('n', 'reference', 'd', {
    multiValued: true, required: true, caseExact: true, mutability: 'immutable', returned: 'request', uniqueness: 'global',
    canonicalValues: ['a'], referenceTypes: ['User'], maxLength: 7,
  }), {
    name: 'n', type: 'reference', multiValued: true, description: 'd', required: true, caseExact: true,
    mutability: 'immutable', returned: 'request', uniqueness: 'global', canonicalValues: ['a'], referenceTypes: ['User'], maxLength: 7,
  });
  t.strictSame(str('s', 'd'), attr('s', 'string', 'd'));
  const sub = str('v', 'd');
  t.strictSame(complex('c', 'd', [sub], { mutability: 'readOnly' }), { ...attr('c', 'complex', 'd', { mutability: 'readOnly' }), subAttributes: [sub] });
});

t.test('multiValuedQuartet: value, display, type, primary; canonical types only when given', async (t) => {
  const value = str('value', 'v');
  const q = multiValuedQuartet('things', 'd', value, ['a', 'b'], { mutability: 'readOnly' });
  t.strictSame({ ...q, subAttributes: undefined }, { ...attr('things', 'complex', 'd', { multiValued: true, mutability: 'readOnly' }), subAttributes: undefined });
  t.equal(q.subAttributes![0], value);
  t.strictSame(q.subAttributes!.slice(1), [
    str('display', 'A human-readable name, primarily used for display purposes.'),
    str('type', `A label indicating the attribute's function.`, { canonicalValues: ['a', 'b'] }),
    attr('primary', 'boolean', `A Boolean value indicating the 'primary' or preferred attribute value for this attribute.`),
  ]);
  t.notOk('canonicalValues' in multiValuedQuartet('x', 'd', value, undefined).subAttributes![2]!, 'no canonical values');
  t.strictSame(multiValuedQuartet('x', 'd', value, []).subAttributes![2]!.canonicalValues, [], 'an empty list is published as []');
  t.equal(multiValuedQuartet('x', 'd', value, undefined).multiValued, true);
});

t.test('findAttr: case-insensitive, the first definition wins, no list finds nothing', async (t) => {
  const a = str('Same', 'first');
  const list = [str('other', 'o'), a, str('same', 'second')];
  t.equal(findAttr(list, 'SAME'), a);
  t.equal(findAttr(list, 'same'), a, 'again, from the cached index');
  t.equal(findAttr(list, 'nope'), undefined);
  t.equal(findAttr(undefined, 'same'), undefined);
  t.equal(findAttr([str('x', 'x')], 'same'), undefined, 'another list has its own index');
  t.equal(findAttr(list, 'Same'), a, 'spelled as defined');
  t.equal(findAttr(list, 'Other'), list[0]);
});

t.test('caseInsensitiveIndex: each name as given and lower-cased → the first value matching it case-insensitively', async (t) => {
  const index = caseInsensitiveIndex([['userName', 1], ['USERNAME', 2], ['emails', 3], ['Emails', 4], ['urn:X:User', 5]]);
  const table: [string, number | undefined][] = [
    ['userName', 1], ['username', 1], ['USERNAME', 1], ['emails', 3], ['Emails', 3], ['urn:X:User', 5], ['urn:x:user', 5],
    ['UserName', undefined], ['EMAILS', undefined], ['nope', undefined],
  ];
  for (const [key, want] of table) t.equal(index.get(key), want, key);
  t.equal(index.size, 7, 'username, emails, urn:x:user and the four spellings that differ from them');
});

/** `path type single|multi required|optional caseExact|caseIgnore mutability returned uniqueness [canonical=…] [ref=…] [max=…]` */
function rows(prefix: string, list: readonly AttributeDef[]): string[] {
  const row = (p: string, a: AttributeDef) => [
    p, a.type, a.multiValued ? 'multi' : 'single', a.required ? 'required' : 'optional', a.caseExact ? 'caseExact' : 'caseIgnore',
    a.mutability, a.returned, a.uniqueness,
    ...(a.canonicalValues ? [`canonical=${a.canonicalValues.join('|')}`] : []),
    ...(a.referenceTypes ? [`ref=${a.referenceTypes.join('|')}`] : []),
    ...(a.maxLength ? [`max=${a.maxLength}`] : []),
  ].join(' ');
  return list.flatMap((a) => [row(prefix + a.name, a), ...(a.subAttributes ?? []).map((s) => row(`${prefix}${a.name}.${s.name}`, s))]);
}

t.test('the characteristics of every attribute (RFC 7643 §8.7.1, with the deviations schema-defs.ts lists)', async (t) => {
  t.strictSame(rows('', COMMON_ATTRIBUTES), [
    'id string single optional caseExact readOnly always server',
    'externalId string single optional caseExact readWrite default none max=512',
    'meta complex single optional caseIgnore readOnly default none',
    'meta.resourceType string single optional caseExact readOnly default none',
    'meta.created dateTime single optional caseIgnore readOnly default none',
    'meta.lastModified dateTime single optional caseIgnore readOnly default none',
    'meta.location reference single optional caseExact readOnly default none ref=uri',
    'meta.version string single optional caseExact readOnly default none',
  ]);
  t.strictSame(rows('', USER_SCHEMA.attributes), [
    'userName string single required caseIgnore readWrite default server max=512',
    'name complex single optional caseIgnore readWrite default none',
    'name.formatted string single optional caseIgnore readWrite default none',
    'name.familyName string single optional caseIgnore readWrite default none max=512',
    'name.givenName string single optional caseIgnore readWrite default none',
    'name.middleName string single optional caseIgnore readWrite default none',
    'name.honorificPrefix string single optional caseIgnore readWrite default none',
    'name.honorificSuffix string single optional caseIgnore readWrite default none',
    'displayName string single optional caseIgnore readWrite default none max=512',
    'nickName string single optional caseIgnore readWrite default none',
    'profileUrl reference single optional caseIgnore readWrite default none ref=external',
    'title string single optional caseIgnore readWrite default none',
    'userType string single optional caseIgnore readWrite default none',
    'preferredLanguage string single optional caseIgnore readWrite default none',
    'locale string single optional caseIgnore readWrite default none',
    'timezone string single optional caseIgnore readWrite default none',
    'active boolean single optional caseIgnore readWrite default none',
    'password string single optional caseIgnore writeOnly never none',
    'emails complex multi optional caseIgnore readWrite default none',
    'emails.value string single optional caseIgnore readWrite default none max=512',
    'emails.display string single optional caseIgnore readWrite default none',
    'emails.type string single optional caseIgnore readWrite default none canonical=work|home|other',
    'emails.primary boolean single optional caseIgnore readWrite default none',
    'phoneNumbers complex multi optional caseIgnore readWrite default none',
    'phoneNumbers.value string single optional caseIgnore readWrite default none',
    'phoneNumbers.display string single optional caseIgnore readWrite default none',
    'phoneNumbers.type string single optional caseIgnore readWrite default none canonical=work|home|mobile|fax|pager|other',
    'phoneNumbers.primary boolean single optional caseIgnore readWrite default none',
    'ims complex multi optional caseIgnore readWrite default none',
    'ims.value string single optional caseIgnore readWrite default none',
    'ims.display string single optional caseIgnore readWrite default none',
    'ims.type string single optional caseIgnore readWrite default none canonical=aim|gtalk|icq|xmpp|msn|skype|qq|yahoo',
    'ims.primary boolean single optional caseIgnore readWrite default none',
    'photos complex multi optional caseIgnore readWrite default none',
    'photos.value reference single optional caseIgnore readWrite default none ref=external',
    'photos.display string single optional caseIgnore readWrite default none',
    'photos.type string single optional caseIgnore readWrite default none canonical=photo|thumbnail',
    'photos.primary boolean single optional caseIgnore readWrite default none',
    'addresses complex multi optional caseIgnore readWrite default none',
    'addresses.formatted string single optional caseIgnore readWrite default none',
    'addresses.streetAddress string single optional caseIgnore readWrite default none',
    'addresses.locality string single optional caseIgnore readWrite default none',
    'addresses.region string single optional caseIgnore readWrite default none',
    'addresses.postalCode string single optional caseIgnore readWrite default none',
    'addresses.country string single optional caseIgnore readWrite default none',
    'addresses.type string single optional caseIgnore readWrite default none canonical=work|home|other',
    'addresses.primary boolean single optional caseIgnore readWrite default none',
    'groups complex multi optional caseIgnore readOnly default none',
    'groups.value string single optional caseIgnore readOnly default none',
    'groups.$ref reference single optional caseIgnore readOnly default none ref=User|Group',
    'groups.display string single optional caseIgnore readOnly default none',
    'groups.type string single optional caseIgnore readOnly default none canonical=direct|indirect',
    'entitlements complex multi optional caseIgnore readWrite default none',
    'entitlements.value string single optional caseIgnore readWrite default none',
    'entitlements.display string single optional caseIgnore readWrite default none',
    'entitlements.type string single optional caseIgnore readWrite default none',
    'entitlements.primary boolean single optional caseIgnore readWrite default none',
    'roles complex multi optional caseIgnore readWrite default none',
    'roles.value string single optional caseIgnore readWrite default none',
    'roles.display string single optional caseIgnore readWrite default none',
    'roles.type string single optional caseIgnore readWrite default none canonical=',
    'roles.primary boolean single optional caseIgnore readWrite default none',
    'x509Certificates complex multi optional caseIgnore readWrite default none',
    'x509Certificates.value binary single optional caseIgnore readWrite default none',
    'x509Certificates.display string single optional caseIgnore readWrite default none',
    'x509Certificates.type string single optional caseIgnore readWrite default none canonical=',
    'x509Certificates.primary boolean single optional caseIgnore readWrite default none',
  ]);
  t.strictSame(rows('', ENTERPRISE_USER_SCHEMA.attributes), [
    'employeeNumber string single optional caseIgnore readWrite default none',
    'costCenter string single optional caseIgnore readWrite default none',
    'organization string single optional caseIgnore readWrite default none',
    'division string single optional caseIgnore readWrite default none',
    'department string single optional caseIgnore readWrite default none',
    'manager complex single optional caseIgnore readWrite default none',
    'manager.value string single optional caseIgnore readWrite default none max=512',
    'manager.$ref reference single optional caseIgnore readWrite default none ref=User',
    'manager.displayName string single optional caseIgnore readOnly default none',
  ]);
  t.strictSame(rows('', GROUP_SCHEMA.attributes), [
    'displayName string single required caseIgnore readWrite default none max=512',
    'members complex multi optional caseIgnore readWrite default none',
    'members.value string single optional caseIgnore immutable default none',
    'members.$ref reference single optional caseIgnore immutable default none ref=User|Group',
    'members.display string single optional caseIgnore readOnly default none',
    'members.type string single optional caseIgnore immutable default none canonical=User|Group',
  ]);
  t.strictSame(ALL_SCHEMAS, [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA]);
});

t.test('every schema and attribute has a description (RFC 7643 §7)', async (t) => {
  t.strictSame(ALL_SCHEMAS.map((s) => [s.id, s.name, s.description]), [
    [URN.user, 'User', 'User Account'],
    [URN.enterpriseUser, 'EnterpriseUser', 'Enterprise User'],
    [URN.group, 'Group', 'Group'],
  ]);
  const undescribed: string[] = [];
  const walk = (prefix: string, list: readonly AttributeDef[]) => {
    for (const a of list) {
      // A sentence of its own, not the empty string or a stray word.
      if (typeof a.description !== 'string' || !/^\S.{10,}\.$/.test(a.description)) undescribed.push(prefix + a.name);
      walk(`${prefix}${a.name}.`, a.subAttributes ?? []);
    }
  };
  walk('', COMMON_ATTRIBUTES);
  for (const s of ALL_SCHEMAS) walk(`${s.name}:`, s.attributes);
  t.strictSame(undescribed, []);
});

t.test('renderSchema: every characteristic, the limit sentence, sub-attributes recursively', async (t) => {
  const r = renderSchema(GROUP_SCHEMA, 'https://h/scim/v2');
  t.strictSame(r, {
    schemas: [URN.schema],
    id: URN.group,
    name: 'Group',
    description: 'Group',
    attributes: [
      {
        name: 'displayName', type: 'string', multiValued: false,
        description: 'A human-readable name for the Group. At most 512 characters.',
        required: true, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none',
      },
      {
        name: 'members', type: 'complex', multiValued: true,
        description: 'A list of members of the Group. At most 50000 members per request.',
        required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none',
        subAttributes: [
          {
            name: 'value', type: 'string', multiValued: false,
            description: 'Identifier of the member of this Group. At most 4096 characters.',
            required: false, caseExact: false, mutability: 'immutable', returned: 'default', uniqueness: 'none',
          },
          {
            name: '$ref', type: 'reference', multiValued: false,
            description: 'The URI corresponding to a SCIM resource that is a member of this Group. At most 4096 characters.',
            required: false, caseExact: false, mutability: 'immutable', returned: 'default', uniqueness: 'none',
            referenceTypes: ['User', 'Group'],
          },
          {
            name: 'display', type: 'string', multiValued: false,
            description: 'A human-readable name for the member, primarily used for display purposes.',
            required: false, caseExact: false, mutability: 'readOnly', returned: 'default', uniqueness: 'none',
          },
          {
            name: 'type', type: 'string', multiValued: false,
            description: `A label indicating the type of resource, e.g., 'User' or 'Group'. At most 4096 characters.`,
            required: false, caseExact: false, mutability: 'immutable', returned: 'default', uniqueness: 'none',
            canonicalValues: ['User', 'Group'],
          },
        ],
      },
    ],
    meta: { resourceType: 'Schema', location: `https://h/scim/v2/Schemas/${URN.group}` },
  });
  const user = renderSchema(USER_SCHEMA, '') as { name: string; description: string; attributes: Record<string, unknown>[] };
  t.equal(user.name, 'User');
  t.equal(user.description, 'User Account');
  const byName = (n: string) => user.attributes.find((a) => a.name === n)!;
  t.equal(byName('active').description, `A Boolean value indicating the User's administrative status.`, 'a boolean has no limit');
  t.equal(byName('emails').description, 'Email addresses for the user. At most 100 values.');
  t.equal(byName('groups').description, 'A list of groups to which the user belongs, either direct or indirect.', 'readOnly: no limit');
  t.same((byName('x509Certificates').subAttributes as Record<string, unknown>[])[0]!.description, 'The value of an X.509 certificate. At most 16384 characters.');
  t.equal(byName('userName').description, 'Unique identifier for the User, typically used by the user to directly authenticate to the service provider. At most 512 characters.');
  t.strictSame(Object.keys(byName('name')), ['name', 'type', 'multiValued', 'description', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness', 'subAttributes']);
  t.strictSame(Object.keys(byName('profileUrl')), ['name', 'type', 'multiValued', 'description', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness', 'referenceTypes']);
  t.equal(renderSchema(ENTERPRISE_USER_SCHEMA, 'b').description, 'Enterprise User');
});

t.test('URNs (RFC 7643 §8.7, RFC 7644 §3)', async (t) => {
  t.strictSame(URN, {
    user: 'urn:ietf:params:scim:schemas:core:2.0:User',
    group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
    enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
    listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
    searchRequest: 'urn:ietf:params:scim:api:messages:2.0:SearchRequest',
    bulkRequest: 'urn:ietf:params:scim:api:messages:2.0:BulkRequest',
    bulkResponse: 'urn:ietf:params:scim:api:messages:2.0:BulkResponse',
    error: 'urn:ietf:params:scim:api:messages:2.0:Error',
    serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
    resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
    schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
  });
});

// RFC 7643 §4 schemas as data, characteristics copied from the §8.7.1 representation.
// Deviations from §8.7.1, each on purpose:
// - Group.displayName is required (§4.2 says REQUIRED; §8.7.1 says false, a known erratum).
// - addresses has `primary` (§4.1.2 lists it; §8.7.1 omits it).
// - Group.members has `display` (readOnly, derived by the server; RFC 7643 §4.2 text, IdPs send it).

import { attr, complex, COMMON_ATTRIBUTES, multiValuedQuartet, str } from './schema-attributes.js';
import { describeLimit, MAX_INDEXED_LENGTH as INDEXED } from './limits.js';
import { URN, type AttributeDef, type SchemaDef } from './types.js';

export { COMMON_ATTRIBUTES };

const nameSub = (name: string, description: string) => str(name, description);

const address = complex('addresses', 'A physical mailing address for this User.', [
  str('formatted', 'The full mailing address, formatted for display or use with a mailing label.'),
  str('streetAddress', 'The full street address component.'),
  str('locality', 'The city or locality component.'),
  str('region', 'The state or region component.'),
  str('postalCode', 'The zip code or postal code component.'),
  str('country', 'The country name component.'),
  str('type', `A label indicating the attribute's function, e.g., 'work' or 'home'.`, {
    canonicalValues: ['work', 'home', 'other'],
  }),
  attr('primary', 'boolean', `A Boolean value indicating the 'primary' or preferred address.`),
], { multiValued: true });

const groupsOfUser = complex('groups', 'A list of groups to which the user belongs, either direct or indirect.', [
  str('value', `The identifier of the User's group.`, { mutability: 'readOnly' }),
  attr('$ref', 'reference', `The URI of the corresponding 'Group' resource to which the user belongs.`, {
    mutability: 'readOnly', referenceTypes: ['User', 'Group'],
  }),
  str('display', 'A human-readable name, primarily used for display purposes.', { mutability: 'readOnly' }),
  str('type', `A label indicating the attribute's function, e.g., 'direct' or 'indirect'.`, {
    mutability: 'readOnly', canonicalValues: ['direct', 'indirect'],
  }),
], { multiValued: true, mutability: 'readOnly' });

/** RFC 7643 §4.1 User resource schema. */
export const USER_SCHEMA: SchemaDef = {
  id: URN.user,
  name: 'User',
  description: 'User Account',
  attributes: [
    str('userName', 'Unique identifier for the User, typically used by the user to directly authenticate to the service provider.', {
      required: true, uniqueness: 'server', maxLength: INDEXED,
    }),
    complex('name', `The components of the user's real name.`, [
      nameSub('formatted', 'The full name, including all middle names, titles, and suffixes as appropriate.'),
      str('familyName', 'The family name of the User.', { maxLength: INDEXED }),
      nameSub('givenName', 'The given name of the User.'),
      nameSub('middleName', 'The middle name(s) of the User.'),
      nameSub('honorificPrefix', 'The honorific prefix(es) of the User.'),
      nameSub('honorificSuffix', 'The honorific suffix(es) of the User.'),
    ]),
    str('displayName', 'The name of the User, suitable for display to end-users.', { maxLength: INDEXED }),
    str('nickName', 'The casual way to address the user in real life.'),
    attr('profileUrl', 'reference', `A fully qualified URL pointing to a page representing the User's online profile.`, {
      referenceTypes: ['external'],
    }),
    str('title', `The user's title, such as "Vice President".`),
    str('userType', 'Used to identify the relationship between the organization and the user.'),
    str('preferredLanguage', `Indicates the User's preferred written or spoken language.`),
    str('locale', `Used to indicate the User's default location for purposes of localizing items.`),
    str('timezone', `The User's time zone in the 'Olson' time zone database format.`),
    attr('active', 'boolean', `A Boolean value indicating the User's administrative status.`),
    str('password', `The User's cleartext password.`, { mutability: 'writeOnly', returned: 'never' }),
    multiValuedQuartet('emails', 'Email addresses for the user.',
      str('value', 'Email addresses for the user.', { maxLength: INDEXED }), ['work', 'home', 'other']),
    multiValuedQuartet('phoneNumbers', 'Phone numbers for the User.',
      str('value', 'Phone number of the User.'), ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    multiValuedQuartet('ims', 'Instant messaging addresses for the User.',
      str('value', 'Instant messaging address for the User.'),
      ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    multiValuedQuartet('photos', 'URLs of photos of the User.',
      attr('value', 'reference', 'URL of a photo of the User.', { referenceTypes: ['external'] }), ['photo', 'thumbnail']),
    address,
    groupsOfUser,
    multiValuedQuartet('entitlements', 'A list of entitlements for the User that represent a thing the User has.',
      str('value', 'The value of an entitlement.'), undefined),
    multiValuedQuartet('roles', 'A list of roles for the User that collectively represent who the User is.',
      str('value', 'The value of a role.'), []),
    multiValuedQuartet('x509Certificates', 'A list of certificates issued to the User.',
      attr('value', 'binary', 'The value of an X.509 certificate.'), []),
  ],
};

/** RFC 7643 §4.3 Enterprise User extension. */
export const ENTERPRISE_USER_SCHEMA: SchemaDef = {
  id: URN.enterpriseUser,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    str('employeeNumber', 'Numeric or alphanumeric identifier assigned to a person, typically based on order of hire or association with an organization.'),
    str('costCenter', 'Identifies the name of a cost center.'),
    str('organization', 'Identifies the name of an organization.'),
    str('division', 'Identifies the name of a division.'),
    str('department', 'Identifies the name of a department.'),
    complex('manager', `The User's manager.`, [
      str('value', 'The id of the SCIM resource representing the User\'s manager.', { maxLength: INDEXED }),
      attr('$ref', 'reference', 'The URI of the SCIM resource representing the User\'s manager.', { referenceTypes: ['User'] }),
      str('displayName', 'The displayName of the User\'s manager.', { mutability: 'readOnly' }),
    ]),
  ],
};

/** RFC 7643 §4.2 Group resource schema. */
export const GROUP_SCHEMA: SchemaDef = {
  id: URN.group,
  name: 'Group',
  description: 'Group',
  attributes: [
    str('displayName', 'A human-readable name for the Group.', { required: true, maxLength: INDEXED }),
    complex('members', 'A list of members of the Group.', [
      str('value', 'Identifier of the member of this Group.', { mutability: 'immutable' }),
      attr('$ref', 'reference', 'The URI corresponding to a SCIM resource that is a member of this Group.', {
        mutability: 'immutable', referenceTypes: ['User', 'Group'],
      }),
      str('display', 'A human-readable name for the member, primarily used for display purposes.', { mutability: 'readOnly' }),
      str('type', 'A label indicating the type of resource, e.g., \'User\' or \'Group\'.', {
        mutability: 'immutable', canonicalValues: ['User', 'Group'],
      }),
    ], { multiValued: true }),
  ],
};

export const ALL_SCHEMAS: SchemaDef[] = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA];

/** One attribute with every characteristic, sub-attributes rendered recursively (RFC 7643 §7). */
function renderAttribute(a: AttributeDef): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: a.name,
    type: a.type,
    multiValued: a.multiValued,
    description: (a.description ?? '') + describeLimit(a),
    required: a.required,
    caseExact: a.caseExact,
    mutability: a.mutability,
    returned: a.returned,
    uniqueness: a.uniqueness,
  };
  if (a.canonicalValues) out.canonicalValues = a.canonicalValues;
  if (a.referenceTypes) out.referenceTypes = a.referenceTypes;
  if (a.subAttributes) out.subAttributes = a.subAttributes.map(renderAttribute);
  return out;
}

/**
 * The `/Schemas/{id}` representation (RFC 7643 §7, §8.7.1). `baseUrl` is the SCIM base
 * (e.g. `https://host/scim/v2`, no trailing slash); meta.location is `${baseUrl}/Schemas/${id}`.
 */
export function renderSchema(def: SchemaDef, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [URN.schema],
    id: def.id,
    name: def.name,
    description: def.description,
    attributes: def.attributes.map(renderAttribute),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${def.id}` },
  };
}

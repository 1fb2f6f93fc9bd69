// Small constructors for RFC 7643 §2.2/§7 attribute definitions. Every characteristic is
// spelled out in the result (the /Schemas endpoint renders all of them); the constructors only
// supply the RFC 7643 §2.2 defaults so the definitions in schema-defs.ts stay readable.

import { MAX_INDEXED_LENGTH } from './limits.js';
import type { AttributeDef } from './types.js';

type Overrides = Partial<Omit<AttributeDef, 'name' | 'type'>>;

/** RFC 7643 §2.2 defaults: not required, caseExact false, readWrite, returned default, uniqueness none. */
export function attr(name: string, type: AttributeDef['type'], description: string, o: Overrides = {}): AttributeDef {
  const def: AttributeDef = {
    name,
    type,
    multiValued: o.multiValued ?? false,
    description,
    required: o.required ?? false,
    caseExact: o.caseExact ?? false,
    mutability: o.mutability ?? 'readWrite',
    returned: o.returned ?? 'default',
    uniqueness: o.uniqueness ?? 'none',
  };
  if (o.canonicalValues) def.canonicalValues = o.canonicalValues;
  if (o.referenceTypes) def.referenceTypes = o.referenceTypes;
  if (o.subAttributes) def.subAttributes = o.subAttributes;
  if (o.maxLength) def.maxLength = o.maxLength;
  return def;
}

export const str = (name: string, description: string, o: Overrides = {}) => attr(name, 'string', description, o);

export function complex(name: string, description: string, subAttributes: AttributeDef[], o: Overrides = {}): AttributeDef {
  return attr(name, 'complex', description, { ...o, subAttributes });
}

/**
 * The value/display/type/primary quartet shared by emails, phoneNumbers, ims, photos,
 * entitlements, roles and x509Certificates (RFC 7643 §2.4, §4.1.2, §8.7.1).
 */
export function multiValuedQuartet(
  name: string,
  description: string,
  value: AttributeDef,
  canonicalTypes: string[] | undefined,
  o: Overrides = {},
): AttributeDef {
  const typeOverrides: Overrides = canonicalTypes ? { canonicalValues: canonicalTypes } : {};
  return complex(name, description, [
    value,
    str('display', 'A human-readable name, primarily used for display purposes.'),
    str('type', `A label indicating the attribute's function.`, typeOverrides),
    attr('primary', 'boolean', `A Boolean value indicating the 'primary' or preferred attribute value for this attribute.`),
  ], { multiValued: true, ...o });
}

/**
 * Common attributes (RFC 7643 §3.1): part of every resource, not of any schema's attribute
 * list. `id` is caseExact and returned always; `meta` and all its sub-attributes are readOnly.
 */
export const COMMON_ATTRIBUTES: AttributeDef[] = [
  str('id', 'Unique identifier for the SCIM resource as defined by the service provider.', {
    caseExact: true, mutability: 'readOnly', returned: 'always', uniqueness: 'server',
  }),
  str('externalId', 'A String that is an identifier for the resource as defined by the provisioning client.', {
    caseExact: true, maxLength: MAX_INDEXED_LENGTH,
  }),
  complex('meta', 'A complex attribute containing resource metadata.', [
    str('resourceType', 'The name of the resource type of the resource.', { caseExact: true, mutability: 'readOnly' }),
    attr('created', 'dateTime', 'The DateTime that the resource was added to the service provider.', { mutability: 'readOnly' }),
    attr('lastModified', 'dateTime', 'The most recent DateTime that the details of this resource were updated.', {
      mutability: 'readOnly',
    }),
    attr('location', 'reference', 'The URI of the resource being returned.', {
      caseExact: true, mutability: 'readOnly', referenceTypes: ['uri'],
    }),
    str('version', 'The version of the resource being returned.', { caseExact: true, mutability: 'readOnly' }),
  ], { mutability: 'readOnly' }),
];

// Every request looks attribute names up many times (normalize, projection, PATCH, filters):
// one index per (static) definition list instead of a scan per lookup. It holds each name
// lower-cased and as defined, both mapping to the first definition whose name matches
// case-insensitively (as a scan would find it), so a name spelled as defined (`userName`, the
// usual case) is found without lower-casing it: no string allocated per lookup, on every key of
// every resource rendered (BENCHMARKS.md "The delta page's garbage").
const indexes = new WeakMap<readonly AttributeDef[], Map<string, AttributeDef>>();

export function findAttr(list: readonly AttributeDef[] | undefined, name: string): AttributeDef | undefined {
  if (!list) return undefined;
  let index = indexes.get(list);
  if (!index) {
    index = caseInsensitiveIndex(list.map((a) => [a.name, a]));
    indexes.set(list, index);
  }
  return index.get(name) ?? index.get(name.toLowerCase());
}

/** `[name, value]` pairs → a map from each name, as given and lower-cased, to the first value whose name matches it case-insensitively. */
export function caseInsensitiveIndex<T>(entries: Iterable<readonly [string, T]>): Map<string, T> {
  const index = new Map<string, T>();
  const exact: [string, string][] = [];
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    if (!index.has(lower)) index.set(lower, value);
    exact.push([name, lower]);
  }
  for (const [name, lower] of exact) index.set(name, index.get(lower)!);
  return index;
}

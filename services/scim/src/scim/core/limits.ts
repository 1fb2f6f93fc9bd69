// Limits of what one resource may hold (issue 14 findings 7 and 8), enforced in the protocol
// core so POST, PUT, PATCH and Bulk apply the same ones, and advertised in /Schemas (each
// attribute's description ends with its limit; see describeLimit).
import { codePointLength, unstorableReason } from '../../util/strings.js';
import { scimErrors } from './errors.js';
import type { AttributeDef } from './types.js';

/**
 * Attributes behind a b-tree index (userName, externalId, displayName, name.familyName,
 * emails.value, manager.value): PostgreSQL refuses an index row over 2,704 bytes, and 512
 * characters stay under it even at 4 bytes each after lower().
 */
export const MAX_INDEXED_LENGTH = 512;
/** Any other string: far beyond a real name, title or address line. */
export const MAX_STRING_LENGTH = 4096;
/** x509Certificates.value: a base64 DER certificate is 1–3 KB; chains and large keys fit. */
export const MAX_BINARY_LENGTH = 16_384;
/** As the admin API's password limit; scrypt's cost does not depend on it, the body size does. */
export const MAX_PASSWORD_LENGTH = 1024;
/** Values of one multi-valued user attribute (emails, phoneNumbers, addresses, roles…). */
export const MAX_VALUES = 100;
/** Members named by one request (a POST/PUT body, or all operations of a PATCH). */
export const MAX_MEMBERS_PER_REQUEST = 50_000;

export function maxLengthOf(def: AttributeDef): number {
  return def.maxLength ?? (def.type === 'binary' ? MAX_BINARY_LENGTH : MAX_STRING_LENGTH);
}

/** Throws invalidValue for a string that cannot be stored or is too long; never echoes it. */
export function checkString(value: string, max: number, label: string): void {
  const bad = unstorableReason(value);
  if (bad) throw scimErrors.invalidValue(`Attribute '${label}' ${bad}`);
  if (codePointLength(value, max) > max) throw scimErrors.invalidValue(`Attribute '${label}' must be at most ${max} characters`);
}

export function checkValueCount(count: number, label: string): void {
  if (count > MAX_VALUES) throw scimErrors.invalidValue(`Attribute '${label}' takes at most ${MAX_VALUES} values, got ${count}`);
}

export function checkMemberCount(count: number): void {
  if (count > MAX_MEMBERS_PER_REQUEST) {
    throw scimErrors.invalidValue(`At most ${MAX_MEMBERS_PER_REQUEST} members may be named in one request, got ${count}; send PATCH operations in batches`);
  }
}

export function checkPassword(value: string): void {
  checkString(value, MAX_PASSWORD_LENGTH, 'password');
}

/** The sentence /Schemas appends to an attribute's description. */
export function describeLimit(def: AttributeDef): string {
  if (def.mutability === 'readOnly') return '';
  if (def.multiValued && def.type === 'complex') {
    return def.name === 'members' ? ` At most ${MAX_MEMBERS_PER_REQUEST} members per request.` : ` At most ${MAX_VALUES} values.`;
  }
  if (def.type === 'string' || def.type === 'reference' || def.type === 'binary') return ` At most ${maxLengthOf(def)} characters.`;
  return '';
}

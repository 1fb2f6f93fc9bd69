import fc from 'fast-check';
import { ENT, PATCHOP } from '../../../../test/helpers/scim.js';

// Case counts of the property-based tests: a small seeded run in the normal suite, a large one
// on demand (FUZZ_RUNS=100000, FUZZ_SEED to vary or reproduce; fast-check prints the seed and
// the shrunk case of a failure).
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 14;

export function fuzzRuns(ciDefault: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : ciDefault;
}

// Strings PostgreSQL or the JSON scan must refuse, long ones, and ordinary ones.
export const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfff', '', ' ', '%00', '../../etc', '${x}', "'; DROP TABLE users; --", 'true', '-1', '1e308', '2147483648'),
  fc.nat(40_000).map((n) => 'x'.repeat(n)),
);
export const anyJson = fc.jsonValue({ maxDepth: 4 });
export const value = fc.oneof(nasty, anyJson);

// PATCH paths and filter-ish text (RFC 7644 §3.5.2): valid, read-only, unknown and broken ones.
export const SCIM_PATHS = [
  'userName eq "a"', 'emails[type eq "work"]', 'emails[type eq "work"].value', 'emails[primary eq true].type', 'members[value eq "x"]',
  'members[value eq "00000000-0000-4000-8000-000000000000"]', 'name', 'name.givenName', 'emails', 'emails.value', 'active', 'displayName', 'members',
  'externalId', 'userName', 'password', 'id', 'meta.created', 'groups', 'phoneNumbers', 'addresses[type eq "home"].country', 'x509Certificates',
  `${ENT}:manager`, `${ENT}:manager.value`, `${ENT}:employeeNumber`, 'urn:ietf:params:scim:schemas:core:2.0:User:userName', 'x[', 'emails[', 'a.b.c', '',
];
const patchOp = fc.record({
  op: fc.oneof(fc.constantFrom('add', 'remove', 'replace', 'Add', 'REPLACE', 'move', ''), value),
  path: fc.oneof(fc.constantFrom(...SCIM_PATHS), nasty),
  value,
}, { requiredKeys: [] });
export const patchBody = fc.record({
  schemas: fc.oneof(fc.constant([PATCHOP]), anyJson),
  Operations: fc.oneof(fc.array(patchOp, { maxLength: 4 }), anyJson),
}, { requiredKeys: [] });

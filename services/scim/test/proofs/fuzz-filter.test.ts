// Issue 14, property-based bad input: the filter parser and everything a parsed filter meets
// before the database (schema resolution, in-memory evaluation, SQL compilation), in-process.
// Whatever the text, the outcome is a filter or a ScimError 400 invalidFilter (RFC 7644
// §3.4.2.2, Table 9); any other exception would be a 500 on GET /Users?filter=…. Text built
// from the RFC's grammar always parses. CI runs a seeded few thousand cases; FUZZ_RUNS=n runs
// n per property (BENCHMARKS.md has the large run's count).
import fc from 'fast-check';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import t from 'tap';
import { ScimError } from '../../src/scim/core/errors.js';
import { evaluateFilter } from '../../src/scim/core/filter/evaluate.js';
import { parseFilter } from '../../src/scim/core/filter/parse.js';
import { checkAcrossTypes, resolveFilter } from '../../src/scim/core/filter/resolve.js';
import { compileGroupFilter, compileUserFilter } from '../../src/scim/core/filter/sql.js';
import { URN, type ResourceTypeName } from '../../src/scim/core/types.js';
import { FUZZ_SEED, fuzzRuns } from './fuzz-params.js';

const RUNS = fuzzRuns(3000);
// SQL compiled without a database: the compiler's own errors are what is looked for here.
const compiler = new Kysely<any>({
  dialect: { createAdapter: () => new PostgresAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db) => new PostgresIntrospector(db), createQueryCompiler: () => new PostgresQueryCompiler() },
});

const USER_DOC = {
  schemas: [URN.user], id: '2819c223-7f76-453a-919d-413861904646', userName: 'bjensen@example.com', active: true, displayName: 'Babs',
  name: { givenName: 'Barbara', familyName: 'Jensen' }, emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
  meta: { resourceType: 'User', created: '2026-01-01T00:00:00Z', lastModified: '2026-01-02T00:00:00Z', version: 'W/"1"' },
  [URN.enterpriseUser]: { employeeNumber: '42', manager: { value: 'm1' } },
};
const GROUP_DOC = { schemas: [URN.group], id: 'e9e30dba-f08f-4109-8486-d5c6a331660a', displayName: 'Tour', members: [{ value: USER_DOC.id, type: 'User' }] };

/** Parse, then what GET /Users and /Groups do with the filter; only ScimError 400 may escape. */
function runFilter(text: string): 'ok' | 'rejected' {
  let parsed;
  try {
    parsed = parseFilter(text);
  } catch (err) {
    if (err instanceof ScimError && err.status === 400 && err.scimType === 'invalidFilter') return 'rejected';
    throw err;
  }
  let resolvedAny = false;
  for (const [rt, doc, compile] of [['User', USER_DOC, compileUserFilter], ['Group', GROUP_DOC, compileGroupFilter]] as const) {
    for (const mode of ['strict', 'absent'] as const) {
      let resolved;
      try {
        resolved = resolveFilter(rt as ResourceTypeName, parsed, mode);
      } catch (err) {
        if (err instanceof ScimError && err.status === 400) continue;
        throw err;
      }
      resolvedAny = true;
      try {
        evaluateFilter(resolved, doc);
        compiler.selectFrom('users as u').selectAll().where(compile(resolved as never)).compile();
      } catch (err) {
        // A filter SQL cannot serve (e.g. on meta.version) is refused with its own 400.
        if (!(err instanceof ScimError && err.status === 400)) throw err;
      }
    }
  }
  try {
    checkAcrossTypes(['User', 'Group'], parsed);
  } catch (err) {
    if (!(err instanceof ScimError && err.status === 400)) throw err;
  }
  return resolvedAny ? 'ok' : 'rejected';
}

const ATTRS = [
  'userName', 'USERNAME', 'name.givenName', 'name.familyName', 'displayName', 'title', 'externalId', 'id', 'active', 'emails', 'emails.value',
  'emails.type', 'emails.primary', 'phoneNumbers.value', 'addresses.country', 'groups', 'groups.value', 'members', 'members.value',
  'members.display', 'meta.lastModified', 'meta.created', 'meta.resourceType', 'meta.version', 'x509Certificates.value', 'password', 'nope', 'name.nope',
  `${URN.enterpriseUser}:employeeNumber`, `${URN.enterpriseUser}:manager.value`, `${URN.enterpriseUser}:manager`, `${URN.user}:userName`, 'urn:bogus:x',
];
const SUB_ATTRS = ['value', 'type', 'primary', 'display', 'nope', 'givenName'];
const OPS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'EQ', 'Co'];
const stringValue = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('2026-01-01T00:00:00Z', '2026-13-45T99:00:00Z', 'not-a-date', '2819c223-7f76-453a-919d-413861904646', '%', '_', '\\'),
)
  // Strings PostgreSQL can store; NUL and unpaired surrogates (a 400 by design) come in by mutation.
  .filter((s) => !/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s))
  .map((s) => JSON.stringify(s));
const value = fc.oneof(stringValue, fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)), fc.integer().map(String), fc.constantFrom('true', 'false', 'null', 'True', '1e999', '-0'));
const attrExp = fc.oneof(
  fc.tuple(fc.constantFrom(...ATTRS), fc.constantFrom(...OPS), value).map(([a, op, v]) => `${a} ${op} ${v}`),
  fc.constantFrom(...ATTRS).map((a) => `${a} pr`),
);
const valFilter = fc.tuple(fc.constantFrom(...SUB_ATTRS), fc.constantFrom(...OPS), value).map(([a, op, v]) => `${a} ${op} ${v}`);
const { filter } = fc.letrec<{ filter: string }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    attrExp,
    fc.tuple(tie('filter'), fc.constantFrom('and', 'or', 'AND', 'Or'), tie('filter')).map(([l, op, r]) => `${l} ${op} ${r}`),
    tie('filter').map((f) => `not (${f})`),
    tie('filter').map((f) => `(${f})`),
    fc.tuple(fc.constantFrom('emails', 'members', 'groups', 'addresses', 'phoneNumbers', 'userName'), fc.array(valFilter, { minLength: 1, maxLength: 3 }))
      .map(([a, fs]) => `${a}[${fs.join(' and ')}]`),
  ),
}));

/** Grammar output with a few characters dropped, doubled or swapped for the grammar's own. */
const mutated = fc.tuple(filter, fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom('"', '\\', '(', ')', '[', ']', ' ', '.', ':', 'u', '\u0000', '\ud800', 'é', 'eq', 'not', 'pr', '\\u', '0x10', 'NaN')), { maxLength: 4 }))
  .map(([text, edits]) => {
    let s = text;
    for (const [at, del, ins] of edits) {
      const i = s.length ? at % s.length : 0;
      s = s.slice(0, i) + ins + s.slice(i + del);
    }
    return s;
  });

t.test('the filter parser on any text: a filter or a 400 invalidFilter, nothing else', async (t) => {
  const tally = { ok: 0, rejected: 0 };
  for (const [what, arb] of [
    ['any string', fc.string({ unit: 'binary', maxLength: 200 })],
    ['grammar-shaped text, mutated', mutated],
    ['very long or deeply nested text', fc.oneof(fc.nat(3000).map((n) => '('.repeat(n) + 'a pr' + ')'.repeat(n)), fc.nat(800).map((n) => Array(n).fill('a pr').join(' and ')), fc.nat(5000).map((n) => `userName eq "${'x'.repeat(n)}"`))],
  ] as const) {
    const before = { ...tally };
    fc.assert(fc.property(arb as fc.Arbitrary<string>, (text) => {
      tally[runFilter(text)]++;
    }), { numRuns: RUNS, seed: FUZZ_SEED });
    t.pass(`${what}: ${RUNS} cases, ${tally.ok - before.ok} resolved, ${tally.rejected - before.rejected} rejected with invalidFilter`);
  }
});

t.test('text built from the grammar always parses', async (t) => {
  fc.assert(fc.property(filter, (text) => {
    parseFilter(text);
  }), { numRuns: RUNS, seed: FUZZ_SEED });
  t.pass(`${RUNS} grammar filters parsed`);
});

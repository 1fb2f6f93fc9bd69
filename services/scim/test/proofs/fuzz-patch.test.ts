// Issue 14, property-based bad input: the PATCH engine (RFC 7644 §3.5.2), in-process. Any body
// against a user or a group gives a result or a ScimError 4xx (a 400 with its scimType, 409
// or 413); any other exception would be a 500. Request-level PATCH bodies are fuzzed in
// fuzz-http.test.ts; this goes through many more in the same time.
import fc from 'fast-check';
import t from 'tap';
import { ScimError } from '../../src/scim/core/errors.js';
import { applyGroupPatch, applyUserPatch } from '../../src/scim/core/patch/apply.js';
import { parsePatchRequest } from '../../src/scim/core/patch/parse.js';
import { URN } from '../../src/scim/core/types.js';
import { FUZZ_SEED, SCIM_PATHS, fuzzRuns, patchBody, value } from './fuzz-params.js';

const RUNS = fuzzRuns(3000);
const USER_DOC = {
  schemas: [URN.user, URN.enterpriseUser], userName: 'bjensen@example.com', active: true, displayName: 'Babs',
  name: { givenName: 'Barbara', familyName: 'Jensen' }, emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }, { value: 'b@home.example', type: 'home' }],
  addresses: [{ type: 'home', country: 'NL' }], [URN.enterpriseUser]: { employeeNumber: '42', manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' } },
};
const GROUP_DOC = { schemas: [URN.group], displayName: 'Tour', members: [{ value: '2819c223-7f76-453a-919d-413861904646', type: 'User' }] };

const plausibleOps = fc.array(fc.record({
  op: fc.constantFrom('add', 'replace', 'remove', 'Add', 'Replace'),
  path: fc.option(fc.constantFrom(...SCIM_PATHS), { freq: 5 }),
  value: fc.oneof(value, fc.constantFrom([{ value: '2819c223-7f76-453a-919d-413861904646' }], { active: false }, { displayName: 'x' }, [{ value: 'a@b.c', type: 'work' }], false, 'text')),
}), { minLength: 1, maxLength: 4 }).map((ops) => ({ schemas: [URN.patchOp], Operations: ops.map((o) => (o.path === null ? { op: o.op, value: o.value } : o)) }));

/** Parse and apply to each resource on its own: 'applied' or 'refused' for the user, then the group. */
function run(body: unknown): ('applied' | 'refused')[] {
  const attempt = (fn: () => unknown): 'applied' | 'refused' => {
    try {
      fn();
      return 'applied';
    } catch (err) {
      if (err instanceof ScimError && err.status >= 400 && err.status < 500) return 'refused';
      throw err;
    }
  };
  return [attempt(() => applyUserPatch(USER_DOC, parsePatchRequest(body))), attempt(() => applyGroupPatch(GROUP_DOC, parsePatchRequest(body)))];
}

t.test('the PATCH engine on any body: a result or a 4xx ScimError', async (t) => {
  for (const [what, arb] of [['PATCH-shaped bodies', patchBody], ['plausible operations', plausibleOps]] as const) {
    const applied = [0, 0];
    fc.assert(fc.property(arb as fc.Arbitrary<unknown>, (body) => {
      run(body).forEach((r, i) => { if (r === 'applied') applied[i]!++; });
    }), { numRuns: RUNS, seed: FUZZ_SEED });
    t.pass(`${what}: ${RUNS} cases, applied to the user ${applied[0]}, to the group ${applied[1]}, the rest refused with a 4xx`);
  }
});

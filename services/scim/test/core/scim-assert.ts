// Assert that a call throws a ScimError of one scimType (tap's `throws` typing does not take
// arbitrary error properties).
import type { Test } from 'tap';
import { ScimError, type ScimType } from '../../src/scim/core/errors.js';

export function throwsScim(t: Test, fn: () => unknown, scimType: ScimType, message?: string): void {
  try {
    fn();
    t.fail(`did not throw: ${message ?? scimType}`);
  } catch (err) {
    t.ok(err instanceof ScimError && err.scimType === scimType && err.status === 400, message ?? scimType);
  }
}

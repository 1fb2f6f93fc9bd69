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

/** Runs `fn` and returns the scimType it throws (or 'no error'). */
export function scimTypeOf(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (err) {
    if (err instanceof ScimError) return err.scimType ?? `status ${err.status}`;
    throw err;
  }
}

/** Runs `fn` and returns `scimType: detail` of the ScimError it throws (or 'no error'), to pin messages. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (err) {
    if (err instanceof ScimError) return `${err.scimType ?? `status ${err.status}`}: ${err.detail}`;
    throw err;
  }
}

/** The exact detail of the invalidFilter a call throws (RFC 7644 §3.12: the detail names what and where). */
export function invalidFilterDetail(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof ScimError && err.scimType === 'invalidFilter' && err.status === 400 ? err.message : `not invalidFilter: ${String(err)}`;
  }
  return 'did not throw';
}

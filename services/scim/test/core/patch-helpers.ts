// Shared fixtures for the PATCH tests: a base user document and a runner that goes through
// the same parse → apply path as the HTTP route.
import { applyGroupPatch, applyUserPatch } from '../../src/scim/core/patch/apply.js';
import { parsePatchRequest } from '../../src/scim/core/patch/parse.js';
import { ScimError } from '../../src/scim/core/errors.js';
import { URN, type JsonObject } from '../../src/scim/core/types.js';

export const ENT = URN.enterpriseUser;

export function baseUser(): JsonObject {
  return {
    schemas: [URN.user],
    userName: 'bjensen@example.com',
    name: { familyName: 'Jensen', givenName: 'Barbara' },
    displayName: 'Babs Jensen',
    active: true,
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ],
  };
}

export function patchUser(doc: JsonObject, ops: unknown[]) {
  return applyUserPatch(doc, parsePatchRequest({ schemas: [URN.patchOp], Operations: ops }));
}

export function patchGroup(doc: JsonObject, ops: unknown[]) {
  return applyGroupPatch(doc, parsePatchRequest({ schemas: [URN.patchOp], Operations: ops }));
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

// Shared fixtures for the PATCH tests: a base user document and a runner that goes through
// the same parse → apply path as the HTTP route.
import { applyGroupPatch, applyUserPatch } from '../../src/scim/core/patch/apply.js';
import { parsePatchRequest } from '../../src/scim/core/patch/parse.js';
import { URN, type JsonObject } from '../../src/scim/core/types.js';

// The ScimError helpers live in scim-assert.ts; the PATCH tests import them from here.
export { errorOf, scimTypeOf } from './scim-assert.js';

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


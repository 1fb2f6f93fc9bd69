import type { FastifyInstance } from 'fastify';
import type { LightMyRequestResponse } from 'fastify';

export const SCIM = 'application/scim+json';
export const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCHOP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** A tiny SCIM client over app.inject with a bearer token. */
export function scimClient(app: FastifyInstance, authorization: string) {
  const call = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
    app.inject({
      method: method as 'GET',
      url: url.startsWith('/scim/v2') ? url : `/scim/v2${url}`,
      headers: { authorization, ...(body !== undefined ? { 'content-type': SCIM } : {}), ...headers },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  return {
    get: (url: string, headers?: Record<string, string>) => call('GET', url, undefined, headers),
    post: (url: string, body: unknown, headers?: Record<string, string>) => call('POST', url, body, headers),
    put: (url: string, body: unknown, headers?: Record<string, string>) => call('PUT', url, body, headers),
    patch: (url: string, body: unknown, headers?: Record<string, string>) => call('PATCH', url, body, headers),
    patchOps: (url: string, ops: unknown[], headers?: Record<string, string>) => call('PATCH', url, { schemas: [PATCHOP], Operations: ops }, headers),
    delete: (url: string, headers?: Record<string, string>) => call('DELETE', url, undefined, headers),
    call,
  };
}

export type ScimClient = ReturnType<typeof scimClient>;

export function newUser(userName: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER],
    userName,
    name: { givenName: 'Test', familyName: 'User' },
    emails: [{ primary: true, value: userName.includes('@') ? userName : `${userName}@example.com`, type: 'work' }],
    active: true,
    ...extra,
  };
}

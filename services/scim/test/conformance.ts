// Shared set-up for the request-level conformance suites (test/idp, test/rfc): the production
// app on a fresh database, one token, and assertions for RFC 7644 §3.12 error bodies.
import type { LightMyRequestResponse } from 'fastify';
import type { Test } from 'tap';
import { buildTestApp } from '../../../test/helpers/app.js';
import { ERROR, LIST, scimClient } from '../../../test/helpers/scim.js';
import type { Teardown } from '../../../test/helpers/db.js';

export async function setup(t: Teardown, env: Record<string, string> = {}) {
  const ta = await buildTestApp(t, env);
  const tok = await ta.token();
  return { ...ta, auth: tok, c: scimClient(ta.app, tok.authorization) };
}

/** `?filter=…` value, percent-encoded as IdPs send it. */
export const q = (filter: string) => encodeURIComponent(filter);

type Assert = Pick<Test, 'equal' | 'ok' | 'match'>;

/** RFC 7644 §3.12: an Error body with a string status, a detail and (when given) the scimType. */
export function assertScimError(t: Assert, res: LightMyRequestResponse, status: number, scimType?: string, what = ''): void {
  t.equal(res.statusCode, status, `${what} → ${status} (${res.body.slice(0, 200)})`);
  t.match(res.headers['content-type'], /^application\/scim\+json/, `${what} error is application/scim+json`);
  const body = res.body ? res.json() : {};
  t.ok(Array.isArray(body.schemas) && body.schemas.includes(ERROR), `${what} error has the Error schema`);
  t.equal(body.status, String(status), `${what} error status is the string "${status}"`);
  t.ok(typeof body.detail === 'string' && body.detail.length > 0, `${what} error has a detail`);
  if (scimType) t.equal(body.scimType, scimType, `${what} scimType ${scimType}`);
}

/** A ListResponse with integer paging fields (RFC 7644 §3.4.2). */
export function assertList(t: Assert, res: LightMyRequestResponse, totalResults?: number, what = ''): Record<string, any> {
  t.equal(res.statusCode, 200, `${what} → 200 (${res.body.slice(0, 200)})`);
  const body = res.json();
  t.ok(body.schemas?.includes(LIST), `${what} is a ListResponse`);
  t.ok(Number.isInteger(body.totalResults), `${what} totalResults is an integer`);
  if (totalResults !== undefined) t.equal(body.totalResults, totalResults, `${what} totalResults ${totalResults}`);
  return body;
}

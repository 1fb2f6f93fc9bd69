// RFC 7644 §3.12 errors through the real app: every failure is an Error body with a string
// status and the right scimType; plus the concurrency and ownership conflicts (§3.3, 409).
import t from 'tap';
import { GROUP, PATCHOP, USER, newUser, scimClient } from '../../../../test/helpers/scim.js';
import { assertScimError, q, setup } from '../conformance.js';

t.test('scimType per failure', async (t) => {
  const { app, c } = await setup(t, { SCIM_MAX_BODY_BYTES: '4096' });
  const u = (await c.post('/Users', newUser('errors@example.com'))).json();

  assertScimError(t, await c.get(`/Users?filter=${q('userName eq')}`), 400, 'invalidFilter', 'truncated filter');
  assertScimError(t, await c.get(`/Users?filter=${q('userName xx "a"')}`), 400, 'invalidFilter', 'unknown operator');
  assertScimError(t, await c.get(`/Users?filter=${q('(userName eq "a"')}`), 400, 'invalidFilter', 'unbalanced parenthesis');
  assertScimError(t, await c.get(`/Users?filter=${q('favoriteColor eq "blue"')}`), 400, 'invalidFilter', 'unknown attribute in filter');
  assertScimError(t, await c.get(`/Users?filter=${q('name.nickname eq "x"')}`), 400, 'invalidFilter', 'unknown sub-attribute in filter');
  assertScimError(t, await c.get(`/Groups?filter=${q('userName eq "x"')}`), 400, 'invalidFilter', 'User attribute on Groups');
  assertScimError(t, await c.get(`/Users?filter=${q('userName eq unquoted')}`), 400, 'invalidFilter', 'unquoted value (RFC needs quotes)');

  assertScimError(t, await c.patchOps(`/Users/${u.id}`, [{ op: 'replace', path: 'emails[type eq "work"', value: 'x' }]), 400, 'invalidPath', 'malformed path');
  assertScimError(t, await c.patchOps(`/Users/${u.id}`, [{ op: 'replace', path: 'favoriteColor', value: 'x' }]), 400, 'invalidPath', 'unknown attribute in path');
  assertScimError(t, await c.patchOps(`/Users/${u.id}`, [{ op: 'remove' }]), 400, 'noTarget', 'remove without path');
  assertScimError(t, await c.patchOps(`/Users/${u.id}`, [{ op: 'replace', path: 'id', value: '00000000-0000-4000-8000-000000000000' }]), 400, 'mutability', 'changing id by path');
  assertScimError(t, await c.patchOps(`/Users/${u.id}`, [{ op: 'replace', path: 'meta.created', value: '2020-01-01T00:00:00Z' }]), 400, 'mutability', 'changing meta by path');
  assertScimError(t, await c.patchOps(`/Users/${u.id}`, [{ op: 'move', path: 'userName', value: 'x' }]), 400, 'invalidSyntax', 'unknown op');
  assertScimError(t, await c.patch(`/Users/${u.id}`, { Operations: [{ op: 'add', path: 'nickName', value: 'x' }] }), 400, 'invalidSyntax', 'PATCH without PatchOp schema');
  assertScimError(t, await c.patchOps(`/Users/${u.id}`, [{ op: 'replace', path: 'active', value: 'maybe' }]), 400, 'invalidValue', 'boolean of the wrong type');
  assertScimError(t, await c.patchOps(`/Users/${u.id}`, [{ op: 'replace', path: 'emails[value co "nothing"].type', value: 'home' }]), 400, 'noTarget', 'replace with a non-matching co filter');

  assertScimError(t, await c.post('/Users', newUser('ERRORS@example.com')), 409, 'uniqueness', 'userName differing only in case');
  const junk = await c.post('/Users', '{"schemas":[');
  assertScimError(t, junk, 400, 'invalidSyntax', 'junk JSON');
  t.notMatch(junk.json().detail, /application\/json/, 'the detail does not name a media type the request did not send');
  assertScimError(t, await c.post('/Users', ''), 400, 'invalidSyntax', 'empty body');
  assertScimError(t, await c.post('/Users', { userName: 'noschemas@example.com' }), 400, 'invalidSyntax', 'missing schemas');
  assertScimError(t, await c.post('/Users', { schemas: [USER], userName: 'x@example.com', favoriteColor: 'blue' }), 400, 'invalidSyntax', 'unknown attribute in body');
  assertScimError(t, await c.post('/Users', { schemas: [USER], userName: 'y@example.com', active: 'yes' }), 400, 'invalidValue', 'wrong type in body');
  assertScimError(t, await c.post('/Users', { schemas: [USER], userName: 'z@example.com', emails: [{ value: 'a@x', primary: true }, { value: 'b@x', primary: true }] }), 400, 'invalidValue', 'two primaries');
  assertScimError(t, await c.post('/Groups', { schemas: [GROUP] }), 400, undefined, 'group without displayName');
  assertScimError(t, await c.post('/Groups', { schemas: [GROUP], displayName: 'g', members: [{ value: '00000000-0000-4000-8000-000000000000' }] }), 400, 'invalidValue', 'unknown member id');

  assertScimError(t, await c.get('/Users/9f0c0c1e-1d0b-4c51-9a55-2b1f3f6a2c11'), 404, undefined, 'unknown uuid');
  assertScimError(t, await c.get('/Users/not-a-uuid'), 404, undefined, 'non-uuid id');
  assertScimError(t, await c.get('/Groups/9f0c0c1e-1d0b-4c51-9a55-2b1f3f6a2c11'), 404, undefined, 'unknown group');
  assertScimError(t, await c.put('/Users/9f0c0c1e-1d0b-4c51-9a55-2b1f3f6a2c11', newUser('p@example.com')), 404, undefined, 'PUT unknown');
  assertScimError(t, await c.patchOps('/Users/9f0c0c1e-1d0b-4c51-9a55-2b1f3f6a2c11', [{ op: 'add', path: 'nickName', value: 'x' }]), 404, undefined, 'PATCH unknown');
  assertScimError(t, await c.delete('/Users/9f0c0c1e-1d0b-4c51-9a55-2b1f3f6a2c11'), 404, undefined, 'DELETE unknown');
  assertScimError(t, await c.delete('/Groups/not-a-uuid'), 404, undefined, 'DELETE unknown group');
  assertScimError(t, await c.get('/Widgets'), 404, undefined, 'unknown route');
  assertScimError(t, await c.get('/Schemas/urn:nope'), 404, undefined, 'unknown schema');
  assertScimError(t, await c.get('/ResourceTypes/Widget'), 404, undefined, 'unknown resource type');

  // A known endpoint asked an unsupported method: 405 with Allow (RFC 9110 §15.5.6), SCIM body.
  const wrongMethod: [string, string, unknown, string][] = [
    ['PUT', '/Users', newUser('put-collection@example.com'), 'GET, POST, HEAD'],
    ['DELETE', '/Groups', undefined, 'GET, POST, HEAD'],
    ['POST', `/Users/${u.id}`, newUser('post-to-id@example.com'), 'GET, PUT, PATCH, DELETE, HEAD'],
    ['POST', '/Groups/9f0c0c1e-1d0b-4c51-9a55-2b1f3f6a2c11', { schemas: [GROUP], displayName: 'x' }, 'GET, PUT, PATCH, DELETE, HEAD'],
    ['GET', '/Bulk', undefined, 'POST'],
    ['GET', '/.search', undefined, 'POST'],
    ['GET', '/Users/.search', undefined, 'POST'],
    ['DELETE', '/ServiceProviderConfig', undefined, 'GET, HEAD'],
    ['PATCH', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User', { schemas: [PATCHOP], Operations: [] }, 'GET, HEAD'],
    ['POST', '/ResourceTypes', {}, 'GET, HEAD'],
  ];
  for (const [method, url, body, allow] of wrongMethod) {
    const res = await c.call(method, url, body);
    assertScimError(t, res, 405, undefined, `${method} ${url}`);
    t.equal(res.headers.allow, allow, `${method} ${url}: Allow`);
  }
  t.equal((await c.get(`/Users?filter=${q('userName eq "put-collection@example.com"')}`)).json().totalResults, 0, 'a 405 writes nothing');
  t.equal((await c.get(`/Users/${u.id}`)).statusCode, 200, 'the id route still serves GET');
  t.equal((await c.post('/Users/', newUser('slash@example.com'))).statusCode, 201, 'POST /Users/ creates, as GET /Users/ lists');
  t.equal((await c.post('/Groups/', { schemas: [GROUP], displayName: 'Slash' })).statusCode, 201, 'POST /Groups/ creates');
  t.equal((await c.call('PUT', '/Users/', newUser('slash2@example.com'))).headers.allow, 'GET, POST, HEAD', 'PUT /Users/: 405 with the list URL\'s Allow');

  assertScimError(t, await c.post('/Users', 'userName=x', { 'content-type': 'text/plain' }), 415, undefined, 'text/plain body');
  const big = { ...newUser('big@example.com'), displayName: 'x'.repeat(5000) };
  assertScimError(t, await c.post('/Users', big), 413, undefined, 'oversized body');

  assertScimError(t, await app.inject({ url: '/scim/v2/Users' }), 401, undefined, 'no token');
  assertScimError(t, await app.inject({ url: '/scim/v2/Users', headers: { authorization: 'Bearer not-a-real-token' } }), 401, undefined, 'unknown token');
  assertScimError(t, await app.inject({ method: 'POST', url: '/scim/v2/Users', headers: { authorization: 'non-token', 'content-type': 'application/scim+json' }, payload: JSON.stringify(newUser('anon@example.com')) }), 401, undefined, 'write without token');
  t.equal((await c.get(`/Users?filter=${q('userName eq "anon@example.com"')}`)).json().totalResults, 0, 'nothing written without a token');
  void PATCHOP;
});

t.test('20 concurrent POSTs of one userName: one 201, the rest 409 uniqueness, one row', async (t) => {
  const { c, db } = await setup(t);
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => c.post('/Users', newUser(i % 2 ? 'Race@Example.com' : 'race@example.com'))));
  const codes = results.map((r) => r.statusCode);
  t.equal(codes.filter((s) => s === 201).length, 1, `exactly one 201 (${codes.join(',')})`);
  t.equal(codes.filter((s) => s === 409).length, 19, 'the rest 409');
  t.notOk(codes.some((s) => s >= 500), 'never 500');
  for (const r of results.filter((x) => x.statusCode === 409)) t.equal(r.json().scimType, 'uniqueness');
  const rows = await db.pool.query(`SELECT count(*)::int AS n FROM users WHERE lower(user_name) = 'race@example.com'`);
  t.equal(rows.rows[0].n, 1, 'one row');
});

t.test('concurrent group creates with one displayName', async (t) => {
  const { c } = await setup(t);
  const results = await Promise.all(Array.from({ length: 10 }, () => c.post('/Groups', { schemas: [GROUP], displayName: 'Racers' })));
  const codes = results.map((r) => r.statusCode);
  t.equal(codes.filter((s) => s === 201).length, 1, `one 201 (${codes.join(',')})`);
  t.ok(codes.every((s) => s === 201 || s === 409), 'the rest 409, never 500');
});

t.test('a token of another connection cannot modify a resource', async (t) => {
  const { app, c, token } = await setup(t);
  const other = scimClient(app, (await token({ connection: 'other-idp' })).authorization);
  const u = (await c.post('/Users', newUser('owned@example.com'))).json();
  const g = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Owned' })).json();
  t.equal((await other.get(`/Users/${u.id}`)).statusCode, 200, 'reading is allowed');
  assertScimError(t, await other.patchOps(`/Users/${u.id}`, [{ op: 'replace', path: 'active', value: false }]), 409, undefined, 'PATCH by another connection');
  assertScimError(t, await other.put(`/Users/${u.id}`, newUser('owned@example.com', { active: false })), 409, undefined, 'PUT by another connection');
  assertScimError(t, await other.delete(`/Users/${u.id}`), 409, undefined, 'DELETE by another connection');
  assertScimError(t, await other.patchOps(`/Groups/${g.id}`, [{ op: 'replace', path: 'displayName', value: 'Stolen' }]), 409, undefined, 'group PATCH by another connection');
  assertScimError(t, await other.delete(`/Groups/${g.id}`), 409, undefined, 'group DELETE by another connection');
  t.equal((await c.get(`/Users/${u.id}`)).json().active, true, 'unchanged');
  t.equal((await c.get(`/Groups/${g.id}`)).json().displayName, 'Owned', 'unchanged');
  assertScimError(t, await other.post('/Users', newUser('OWNED@example.com')), 409, 'uniqueness', 'POST of a taken userName by another connection');
});

// RFC 7644 §3.14 versioning: weak ETag = meta.version; If-None-Match ⇒ 304; If-Match mismatch
// ⇒ 412 on PUT, PATCH and DELETE; a matching If-Match lets the write through.
import t from 'tap';
import { GROUP, newUser } from '../../../../test/helpers/scim.js';
import { assertScimError, setup } from '../conformance.js';

t.test('ETag, If-None-Match, If-Match', async (t) => {
  const { c } = await setup(t);
  const u = await c.post('/Users', newUser('etag@example.com'));
  const id = u.json().id;
  const v1 = u.headers.etag as string;
  t.match(v1, /^W\/".+"$/, 'weak ETag');
  t.equal(v1, u.json().meta.version);

  const notModified = await c.get(`/Users/${id}`, { 'if-none-match': v1 });
  t.equal(notModified.statusCode, 304, 'If-None-Match match ⇒ 304');
  t.equal(notModified.body, '', '304 without a body');
  t.equal((await c.get(`/Users/${id}`, { 'if-none-match': 'W/"999"' })).statusCode, 200, 'If-None-Match mismatch ⇒ 200');
  t.equal((await c.get(`/Users/${id}`, { 'if-none-match': '*' })).statusCode, 304, 'If-None-Match * ⇒ 304');

  assertScimError(t, await c.patchOps(`/Users/${id}`, [{ op: 'replace', path: 'displayName', value: 'x' }], { 'if-match': 'W/"999"' }), 412, undefined, 'PATCH with a stale If-Match');
  assertScimError(t, await c.put(`/Users/${id}`, newUser('etag@example.com', { displayName: 'y' }), { 'if-match': 'W/"999"' }), 412, undefined, 'PUT with a stale If-Match');
  assertScimError(t, await c.delete(`/Users/${id}`, { 'if-match': 'W/"999"' }), 412, undefined, 'DELETE with a stale If-Match');
  t.equal((await c.get(`/Users/${id}`)).json().meta.version, v1, 'nothing changed');

  const ok = await c.patchOps(`/Users/${id}`, [{ op: 'replace', path: 'displayName', value: 'Changed' }], { 'if-match': v1 });
  t.equal(ok.statusCode, 200, 'matching If-Match');
  const v2 = ok.headers.etag as string;
  t.not(v2, v1, 'a change bumps the version');
  t.equal(v2, ok.json().meta.version);
  t.equal((await c.get(`/Users/${id}`, { 'if-none-match': v1 })).statusCode, 200, 'the old ETag no longer matches');
  t.equal((await c.put(`/Users/${id}`, newUser('etag@example.com', { displayName: 'Put' }), { 'if-match': v2.replace(/^W\//, '') })).statusCode, 200, 'strong form of the tag accepted');

  const g = await c.post('/Groups', { schemas: [GROUP], displayName: 'Etags' });
  const gid = g.json().id;
  t.equal((await c.get(`/Groups/${gid}`, { 'if-none-match': g.headers.etag as string })).statusCode, 304, 'group 304');
  assertScimError(t, await c.patchOps(`/Groups/${gid}`, [{ op: 'replace', path: 'displayName', value: 'x' }], { 'if-match': 'W/"999"' }), 412, undefined, 'group PATCH stale');
  const gp = await c.patchOps(`/Groups/${gid}`, [{ op: 'replace', path: 'displayName', value: 'Etags2' }], { 'if-match': g.headers.etag as string });
  t.ok([200, 204].includes(gp.statusCode));
  t.ok(gp.headers.etag && gp.headers.etag !== g.headers.etag, 'group PATCH answers the new ETag');
  t.equal((await c.get(`/Groups/${gid}`)).json().meta.version, gp.headers.etag);
  t.equal((await c.delete(`/Groups/${gid}`, { 'if-match': '*' })).statusCode, 204, 'If-Match * deletes');
});

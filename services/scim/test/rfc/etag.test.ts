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
  t.equal(gp.statusCode, 204);
  t.ok(gp.headers.etag && gp.headers.etag !== g.headers.etag, 'group PATCH answers the new ETag');
  t.equal((await c.get(`/Groups/${gid}`)).json().meta.version, gp.headers.etag);
  t.equal((await c.delete(`/Groups/${gid}`, { 'if-match': '*' })).statusCode, 204, 'If-Match * deletes');
});

// A user's `groups` is part of its representation: joining or leaving a group is a new version
// of the user, so a cached copy is not answered 304 with a stale groups list.
t.test("membership changes move the member's ETag and meta.lastModified", async (t) => {
  const { c } = await setup(t);
  const u = (await c.post('/Users', newUser('member-etag@example.com'))).json();
  const other = (await c.post('/Users', newUser('bystander@example.com'))).json();
  const g = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Etag Group' })).json();
  const current = async (id: string) => (await c.get(`/Users/${id}`)).json() as { meta: { version: string; lastModified: string }; groups?: { value: string }[] };
  const steps: [string, () => Promise<unknown>, boolean][] = [
    ['added by PATCH', () => c.patchOps(`/Groups/${g.id}`, [{ op: 'add', path: 'members', value: [{ value: u.id }] }]), true],
    ['added again: nothing changes', () => c.patchOps(`/Groups/${g.id}`, [{ op: 'add', path: 'members', value: [{ value: u.id }] }]), false],
    ['group externalId changed: membership unchanged', () => c.patchOps(`/Groups/${g.id}`, [{ op: 'replace', path: 'externalId', value: 'x1' }]), false],
    ['removed by PATCH', () => c.patchOps(`/Groups/${g.id}`, [{ op: 'remove', path: `members[value eq "${u.id}"]` }]), true],
    ['added by PUT', () => c.put(`/Groups/${g.id}`, { schemas: [GROUP], displayName: 'Etag Group', members: [{ value: u.id }] }), true],
    ['group deleted', () => c.delete(`/Groups/${g.id}`), true],
  ];
  let before = await current(u.id);
  const bystander = (await current(other.id)).meta.version;
  for (const [what, step, changes] of steps) {
    const res = (await step()) as { statusCode: number };
    t.ok(res.statusCode < 300, `${what}: ${res.statusCode}`);
    const after = await current(u.id);
    if (changes) {
      t.not(after.meta.version, before.meta.version, `${what}: new version`);
      t.ok(after.meta.lastModified >= before.meta.lastModified, `${what}: lastModified moves forward`);
      t.equal((await c.get(`/Users/${u.id}`, { 'if-none-match': before.meta.version })).statusCode, 200, `${what}: the old ETag no longer matches`);
    } else t.equal(after.meta.version, before.meta.version, `${what}: same version`);
    before = after;
  }
  t.equal((await current(other.id)).meta.version, bystander, 'a user whose memberships did not change keeps its version');
  const created = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Created With Member', members: [{ value: other.id }] })).json();
  t.ok(created.id);
  t.not((await current(other.id)).meta.version, bystander, 'a group created with the user as member');
});

import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { GROUP, newUser, scimClient } from '../../../../test/helpers/scim.js';

const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

t.test('bulk: bulkId cross-references, forward references, per-operation errors', async (t) => {
  const { app, token, db } = await buildTestApp(t);
  const c = scimClient(app, (await token()).authorization);
  const res = await c.post('/Bulk', {
    schemas: [BULK],
    Operations: [
      // The group refers to a user created later in the same request (§3.7.2).
      { method: 'POST', path: '/Groups', bulkId: 'g1', data: { schemas: [GROUP], displayName: 'Bulk Group', members: [{ value: 'bulkId:u1' }] } },
      { method: 'POST', path: '/Users', bulkId: 'u1', data: newUser('bulk.one@example.com') },
      { method: 'POST', path: '/Users', bulkId: 'u2', data: newUser('bulk.one@example.com') },
      { method: 'PATCH', path: '/Users/bulkId:u1', data: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] } },
      { method: 'DELETE', path: '/Users/00000000-0000-0000-0000-000000000000' },
    ],
  });
  t.equal(res.statusCode, 200, res.body);
  const ops = res.json().Operations;
  t.same(ops.map((o: { status: string }) => o.status), ['201', '201', '409', '200', '404']);
  t.equal(ops[2].response.scimType, 'uniqueness');
  // RFC 7644 §3.7.3: location on every operation but a failed POST.
  t.equal(ops[2].location, undefined, 'a failed POST has no location');
  t.equal(ops[4].location, 'https://scim.test/scim/v2/Users/00000000-0000-0000-0000-000000000000', 'a failed DELETE names its resource');
  const userId = ops[1].location.split('/').at(-1);
  const group = await c.get(ops[0].location.replace('https://scim.test', ''));
  t.same(group.json().members.map((m: { value: string }) => m.value), [userId]);
  const user = await c.get(`/Users/${userId}`);
  t.equal(user.json().active, false);
  const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM audit_events WHERE request_id IS NOT NULL`);
  t.equal(rows[0].n, 3, 'one audit row per successful write');
});

t.test('bulk: failOnErrors stops processing; circular references fail; limits enforced', async (t) => {
  const { app, token } = await buildTestApp(t, { SCIM_BULK_MAX_OPERATIONS: '3', SCIM_BULK_MAX_PAYLOAD_BYTES: '2048' });
  const c = scimClient(app, (await token()).authorization);
  const stop = await c.post('/Bulk', {
    schemas: [BULK],
    failOnErrors: 1,
    Operations: [
      { method: 'POST', path: '/Users', bulkId: 'a', data: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] } },
      { method: 'POST', path: '/Users', bulkId: 'b', data: newUser('never.created') },
    ],
  });
  t.same(stop.json().Operations.map((o: { status: string }) => o.status), ['400']);
  const circular = await c.post('/Bulk', {
    schemas: [BULK],
    Operations: [
      { method: 'POST', path: '/Groups', bulkId: 'x', data: { schemas: [GROUP], displayName: 'X', members: [{ value: 'bulkId:y' }] } },
      { method: 'POST', path: '/Groups', bulkId: 'y', data: { schemas: [GROUP], displayName: 'Y', members: [{ value: 'bulkId:x' }] } },
    ],
  });
  t.same(circular.json().Operations.map((o: { status: string }) => o.status), ['400', '400']);
  const many = await c.post('/Bulk', { schemas: [BULK], Operations: Array.from({ length: 4 }, (_, i) => ({ method: 'DELETE', path: `/Users/${i}` })) });
  t.equal(many.statusCode, 413);
  t.equal(many.json().status, '413');
  const big = await c.post('/Bulk', { schemas: [BULK], Operations: [{ method: 'POST', path: '/Users', bulkId: 'z', data: newUser('x'.repeat(3000)) }] });
  t.equal(big.statusCode, 413);
  t.match(big.json(), { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '413' });
  const bad = await c.post('/Bulk', { schemas: ['nope'], Operations: [] });
  t.equal(bad.json().scimType, 'invalidSyntax');
});

// RFC 7644 §3.7: an operation's `version` is its If-Match (§3.14). A stale one must fail that
// operation with 412 and leave the resource as it was; the current one must go through.
t.test('bulk: an operation\'s version acts as If-Match', async (t) => {
  const { app, token } = await buildTestApp(t);
  const c = scimClient(app, (await token()).authorization);
  const created = await c.post('/Users', newUser('versioned@example.com'));
  const id = created.json().id as string;
  const current = created.headers.etag as string;
  t.match(current, /^W\/"\d+"$/);
  const stale = 'W/"999999"';
  const patch = (version: string, displayName: string) => ({
    method: 'PATCH', path: `/Users/${id}`, version,
    data: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'displayName', value: displayName }] },
  });
  const res = await c.post('/Bulk', {
    schemas: [BULK],
    Operations: [
      patch(stale, 'stale patch'),
      { method: 'PUT', path: `/Users/${id}`, version: stale, data: newUser('versioned@example.com', { displayName: 'stale put' }) },
      { method: 'DELETE', path: `/Users/${id}`, version: stale },
    ],
  });
  t.equal(res.statusCode, 200, res.body);
  const ops = res.json().Operations;
  t.same(ops.map((o: { status: string }) => o.status), ['412', '412', '412'], 'every stale version is refused');
  const after = await c.get(`/Users/${id}`);
  t.equal(after.statusCode, 200, 'the stale DELETE removed nothing');
  t.equal(after.json().displayName, undefined, 'the stale PATCH and PUT changed nothing');
  t.equal(after.headers.etag, current, 'the version did not move');

  const ok = await c.post('/Bulk', { schemas: [BULK], Operations: [patch(current, 'fresh patch')] });
  t.same(ok.json().Operations.map((o: { status: string }) => o.status), ['200'], 'the current version is accepted');
  t.equal((await c.get(`/Users/${id}`)).json().displayName, 'fresh patch');
});

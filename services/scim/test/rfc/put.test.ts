// RFC 7644 §3.5.1 PUT: the body replaces every writable attribute (omitted ⇒ cleared), readOnly
// input is ignored, required attributes stay required, a no-op PUT writes nothing.
import t from 'tap';
import { ENT, GROUP, USER } from '../../../../test/helpers/scim.js';
import { assertScimError, setup } from '../conformance.js';

t.test('PUT replace semantics', async (t) => {
  const { c, db } = await setup(t);
  const u = (await c.post('/Users', { schemas: [USER, ENT], userName: 'put@example.com', externalId: 'ext-put', displayName: 'Put', nickName: 'Putty', title: 'T', name: { givenName: 'P', familyName: 'Ut' }, emails: [{ value: 'put@example.com', type: 'work', primary: true }], phoneNumbers: [{ value: '+1 555', type: 'work' }], [ENT]: { department: 'Eng' } })).json();
  const res = await c.put(`/Users/${u.id}`, {
    schemas: [USER], id: '00000000-0000-4000-8000-000000000000', userName: 'put@example.com',
    name: { givenName: 'P2' }, emails: [{ value: 'put2@example.com', type: 'home' }],
    meta: { created: '2001-01-01T00:00:00Z', resourceType: 'User' }, groups: [{ value: '00000000-0000-4000-8000-000000000000' }],
  });
  t.equal(res.statusCode, 200, res.body);
  const r = res.json();
  t.equal(r.id, u.id, 'readOnly id in the body is ignored');
  t.equal(r.meta.created, u.meta.created, 'readOnly meta ignored');
  t.notOk(r.groups, 'readOnly groups ignored');
  for (const k of ['displayName', 'nickName', 'title', 'phoneNumbers', 'externalId', ENT]) t.notOk(k in r, `omitted ${k} is cleared`);
  t.same(r.name, { givenName: 'P2' }, 'complex attribute replaced whole');
  t.same(r.emails, [{ value: 'put2@example.com', type: 'home' }], 'multi-valued attribute replaced whole');
  t.equal(r.active, true, 'active defaults to true');
  t.notOk(r.schemas.includes(ENT), 'extension gone from schemas');
  const again = (await c.get(`/Users/${u.id}`)).json();
  t.same({ ...again, meta: undefined }, { ...r, meta: undefined }, 'GET agrees with the PUT response');
  const byMail = (await c.get(`/Users?filter=${encodeURIComponent('emails.value eq "put2@example.com"')}`)).json();
  t.equal(byMail.totalResults, 1, 'email index follows the PUT');
  t.equal((await c.get(`/Users?filter=${encodeURIComponent('emails.value eq "put@example.com"')}`)).json().totalResults, 0, 'old email no longer matches');

  assertScimError(t, await c.put(`/Users/${u.id}`, { schemas: [USER], name: { givenName: 'x' } }), 400, undefined, 'PUT without the required userName');
  const other = (await c.post('/Users', { schemas: [USER], userName: 'other@example.com' })).json();
  assertScimError(t, await c.put(`/Users/${other.id}`, { schemas: [USER], userName: 'PUT@example.com' }), 409, 'uniqueness', 'PUT onto a taken userName');

  // No-op PUT: same version, no outbox event.
  const before = (await c.get(`/Users/${u.id}`)).json();
  const events = async () => (await db.pool.query('SELECT count(*)::int AS n FROM outbox_events WHERE resource_id = $1', [u.id])).rows[0].n;
  const n0 = await events();
  const noop = await c.put(`/Users/${u.id}`, { schemas: [USER], userName: 'put@example.com', name: { givenName: 'P2' }, emails: [{ value: 'put2@example.com', type: 'home' }], active: true });
  t.equal(noop.statusCode, 200);
  t.equal(noop.json().meta.version, before.meta.version, 'no-op PUT keeps the version');
  t.equal(await events(), n0, 'no-op PUT emits no event');

  // Groups: PUT replaces displayName, externalId and members.
  const g = (await c.post('/Groups', { schemas: [GROUP], displayName: 'PutGroup', externalId: 'g-ext', members: [{ value: u.id }] })).json();
  const gp = await c.put(`/Groups/${g.id}`, { schemas: [GROUP], id: g.id, displayName: 'PutGroup2' });
  t.equal(gp.statusCode, 200, gp.body);
  t.equal(gp.json().displayName, 'PutGroup2');
  t.notOk(gp.json().externalId, 'group externalId cleared');
  t.notOk(gp.json().members, 'omitted members cleared');
  assertScimError(t, await c.put(`/Groups/${g.id}`, { schemas: [GROUP] }), 400, undefined, 'group PUT without displayName');
});

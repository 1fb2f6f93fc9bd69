// OneLogin's traffic (docs/idp-quirks.md, "OneLogin"): the calls its "Implement RESTful SCIM APIs"
// guide documents, with the "SCIM Provisioner with SAML (SCIM v2 Enterprise)" template shape that
// vendors publish. Group PATCH bodies are not documented by OneLogin: the RFC forms are used and
// labelled as such.
import t from 'tap';
import { ENT, GROUP, PATCHOP, USER } from '../../../../test/helpers/scim.js';
import { assertList, assertScimError, q, setup } from '../conformance.js';

const UA = { 'user-agent': 'OneLogin SCIM' };

function template(p: { userName: string; first: string; last: string; email: string; title: string; city: string; department: string; manager?: string }) {
  return {
    schemas: [USER, ENT],
    userName: p.userName,
    name: { familyName: p.last, givenName: p.first, formatted: `${p.first} ${p.last}` },
    title: p.title,
    emails: [{ value: p.email, type: 'work', primary: true }],
    addresses: [{ locality: p.city, region: 'CA', country: 'US' }],
    [ENT]: { department: p.department, manager: { value: p.manager ?? '', displayName: 'Manager Person' } },
  };
}

t.test('OneLogin provisioning', async (t) => {
  const { c } = await setup(t);
  assertList(t, await c.get(`/Users?filter=${q('userName eq "onelogin-probe-does-not-exist@example.com"')}`, UA), 0, 'initial connection probe');

  assertList(t, await c.get(`/Users?filter=${q('userName eq "manager@example.com"')}`, UA), 0, 'Get User by userName before create');
  const mgr = await c.post('/Users', template({ userName: 'manager@example.com', first: 'Manny', last: 'Ager', email: 'manager@example.com', title: 'Boss', city: 'SF', department: 'Exec' }), UA);
  t.equal(mgr.statusCode, 201, `template create with an empty manager.value: ${mgr.body}`);
  // The template renders an empty manager id for users without one: that is no manager.
  t.equal(mgr.json()[ENT]?.manager, undefined, 'manager {value: ""} is unassigned');
  const managerId = mgr.json().id;

  const res = await c.post('/Users', template({ userName: 'jane@example.com', first: 'Jane', last: 'Doe', email: 'jane@example.com', title: 'Engineer', city: 'Oakland', department: 'R&D', manager: managerId }), UA);
  t.equal(res.statusCode, 201, res.body);
  const jane = res.json();
  t.match(jane, {
    userName: 'jane@example.com', title: 'Engineer', name: { formatted: 'Jane Doe' },
    addresses: [{ locality: 'Oakland', region: 'CA', country: 'US' }],
    [ENT]: { department: 'R&D', manager: { value: managerId } },
  });
  t.ok(jane.schemas.includes(ENT));

  const found = assertList(t, await c.get(`/Users?filter=${q('userName eq "jane@example.com"')}`, UA), 1, 'Get User after create');
  t.equal(found.Resources[0].id, jane.id);
  t.equal((await c.get(`/Users/${jane.id}`, UA)).statusCode, 200, 'Get User by ID');

  // Update User: PUT of the rendered template.
  const put = await c.put(`/Users/${jane.id}`, template({ userName: 'jane@example.com', first: 'Jane', last: 'Smith', email: 'jane.smith@example.com', title: 'Lead', city: 'Berkeley', department: 'R&D', manager: managerId }), UA);
  t.equal(put.statusCode, 200, put.body);
  t.match(put.json(), { name: { familyName: 'Smith' }, title: 'Lead', emails: [{ value: 'jane.smith@example.com' }], addresses: [{ locality: 'Berkeley' }] });

  const users = assertList(t, await c.get('/Users?startIndex=1&count=50', UA), 2, 'Get Users');
  t.equal(users.Resources.length, 2);

  // Groups.
  assertList(t, await c.get('/Groups', UA), 0, 'Get Groups');
  const g = await c.post('/Groups', { schemas: [GROUP], displayName: 'OneLogin Role' }, UA);
  t.equal(g.statusCode, 201, `Create Group: ${g.body}`);
  const gid = g.json().id;
  // RFC forms (OneLogin's exact bodies are not documented).
  const add = await c.patch(`/Groups/${gid}`, { schemas: [PATCHOP], Operations: [{ op: 'add', path: 'members', value: [{ value: jane.id }, { value: managerId }] }] }, UA);
  t.equal(add.statusCode, 204, `Patch Group add (RFC form): ${add.body}`);
  t.equal((await c.get(`/Groups/${gid}`)).json().members.length, 2);
  const rm = await c.patch(`/Groups/${gid}`, { schemas: [PATCHOP], Operations: [{ op: 'remove', path: `members[value eq "${managerId}"]` }] }, UA);
  t.equal(rm.statusCode, 204, 'Patch Group remove (RFC form)');
  t.same((await c.get(`/Groups/${gid}`)).json().members.map((m: { value: string }) => m.value), [jane.id]);
  const groups = assertList(t, await c.get('/Groups', UA), 1, 'Get Groups after create');
  t.equal(groups.Resources[0].id, gid);
  t.equal((await c.get(`/Users/${jane.id}`)).json().groups?.[0]?.value, gid, 'user lists its group');

  // Delete User (app set to delete).
  t.equal((await c.delete(`/Users/${jane.id}`, UA)).statusCode, 204, 'Delete User');
  assertScimError(t, await c.get(`/Users/${jane.id}`), 404, undefined, 'deleted user');
  t.notOk((await c.get(`/Groups/${gid}`)).json().members, 'deleted user left the group');

  // OneLogin reportedly sends `emails` as a single object (idp-quirks.md: OneLogin emails as one
  // object): it is read as a one-element array.
  const single = await c.post('/Users', { schemas: [USER], userName: 'single@example.com', emails: { value: 'single@example.com', type: 'work', primary: true } }, UA);
  t.equal(single.statusCode, 201, 'emails as a single object is accepted');
  t.same(single.json().emails, [{ value: 'single@example.com', type: 'work', primary: true }], 'stored as a one-element array');
});

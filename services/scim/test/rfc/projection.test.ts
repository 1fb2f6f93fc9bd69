// RFC 7644 §3.4.2.5 / §3.9 attributes and excludedAttributes, with RFC 7643 §2.2 `returned`:
// id and schemas always, password never, a user's groups and a group's members by default.
import t from 'tap';
import { ENT, GROUP, USER } from '../../../../test/helpers/scim.js';
import { setup } from '../conformance.js';

t.test('attributes / excludedAttributes', async (t) => {
  const { c } = await setup(t);
  const u = (await c.post('/Users', { schemas: [USER, ENT], userName: 'proj@example.com', password: 'Secr3t!!', displayName: 'Proj', name: { givenName: 'P', familyName: 'Roj' }, emails: [{ value: 'proj@example.com', type: 'work', primary: true }], [ENT]: { department: 'Eng' } })).json();
  t.notOk('password' in u, 'password never returned on create');
  const g = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Projected', members: [{ value: u.id }] })).json();

  const full = (await c.get(`/Users/${u.id}`)).json();
  t.notOk('password' in full, 'password never returned on read');
  t.equal(full.groups?.[0]?.value, g.id, 'groups returned by default on a user');
  t.match(full.groups[0], { value: g.id, display: 'Projected', $ref: /\/Groups\// });

  let r = (await c.get(`/Users/${u.id}?attributes=userName`)).json();
  t.same(Object.keys(r).filter((k) => k !== 'meta').sort(), ['id', 'schemas', 'userName'], 'attributes=userName ⇒ id, schemas, userName');
  r = (await c.get(`/Users/${u.id}?attributes=password,userName`)).json();
  t.notOk('password' in r, 'password not returned even when asked');
  r = (await c.get(`/Users/${u.id}?attributes=name.givenName`)).json();
  t.same(r.name, { givenName: 'P' }, 'sub-attribute selection');
  r = (await c.get(`/Users/${u.id}?attributes=emails.value`)).json();
  t.same(r.emails, [{ value: 'proj@example.com' }], 'multi-valued sub-attribute selection');
  r = (await c.get(`/Users/${u.id}?attributes=${encodeURIComponent(`${ENT}:department`)}`)).json();
  t.same(r[ENT], { department: 'Eng' }, 'extension attribute by URN');
  r = (await c.get(`/Users/${u.id}?attributes=groups`)).json();
  t.equal(r.groups?.[0]?.value, g.id, 'attributes=groups');
  r = (await c.get(`/Users/${u.id}?attributes=id`)).json();
  t.ok(r.id && r.schemas, 'attributes=id');

  r = (await c.get(`/Users/${u.id}?excludedAttributes=id,schemas,userName`)).json();
  t.ok(r.id && r.schemas, 'id and schemas cannot be excluded');
  t.notOk('userName' in r, 'userName excluded');
  r = (await c.get(`/Users/${u.id}?excludedAttributes=groups,emails`)).json();
  t.notOk('groups' in r, 'groups excluded');
  t.notOk('emails' in r);
  t.ok(r.name && r.displayName, 'the rest kept');
  r = (await c.get(`/Users/${u.id}?excludedAttributes=name.givenName`)).json();
  t.same(r.name, { familyName: 'Roj' }, 'excluded sub-attribute');
  r = (await c.get(`/Users/${u.id}?excludedAttributes=${ENT}`)).json();
  t.notOk(ENT in r, 'whole extension excluded');
  t.notOk(r.schemas.includes(ENT), 'and gone from schemas');

  // On lists and on writes (§3.9 allows them on POST/PUT/PATCH).
  const list = (await c.get('/Users?attributes=userName')).json();
  t.same(Object.keys(list.Resources[0]).filter((k) => k !== 'meta').sort(), ['id', 'schemas', 'userName']);
  const patched = await c.patchOps(`/Users/${u.id}?attributes=displayName`, [{ op: 'replace', path: 'displayName', value: 'Proj2' }]);
  t.same(Object.keys(patched.json()).filter((k) => k !== 'meta').sort(), ['displayName', 'id', 'schemas']);
  const created = await c.post('/Users?excludedAttributes=emails', { schemas: [USER], userName: 'proj2@example.com', emails: [{ value: 'p2@example.com' }] });
  t.notOk('emails' in created.json(), 'excludedAttributes on POST');

  // Groups: members by default, excluded on request, selected sub-attributes.
  let gr = (await c.get(`/Groups/${g.id}`)).json();
  t.equal(gr.members.length, 1, 'members by default');
  t.match(gr.members[0], { value: u.id, $ref: /\/Users\//, type: 'User', display: 'Proj' });
  gr = (await c.get(`/Groups/${g.id}?excludedAttributes=members`)).json();
  t.notOk('members' in gr);
  t.ok(gr.id && gr.displayName && gr.schemas);
  gr = (await c.get(`/Groups/${g.id}?attributes=members.value`)).json();
  t.same(gr.members, [{ value: u.id }], 'attributes=members.value');
  t.notOk('displayName' in gr);
  gr = (await c.get(`/Groups/${g.id}?attributes=displayName`)).json();
  t.notOk('members' in gr, 'attributes=displayName leaves members out');
  const gl = (await c.get('/Groups?excludedAttributes=members')).json();
  t.notOk('members' in gl.Resources[0], 'excluded on the list');
  t.same(gl.Resources[0], (await c.get(`/Groups/${g.id}?excludedAttributes=members`)).json(), 'the listed group is the group as GET renders it');
  const idOnly = (await c.get(`/Groups/${g.id}?attributes=id`)).json();
  t.notOk('displayName' in idOnly, 'attributes=id');
  t.same((await c.get('/Groups?attributes=id')).json().Resources[0], idOnly, 'attributes=id on the list as on GET');
  t.equal((await c.get('/Groups')).json().Resources[0].members.length, 1, 'members on the list by default');
});

// Microsoft Entra ID's traffic (docs/idp-quirks.md, "Microsoft Entra ID"): every request of
// Microsoft's SCIM tutorial, both columns of the aadOptscim062020 table, and the shapes of
// Microsoft's validator and reference tests.
import t from 'tap';
import { ENT, GROUP, PATCHOP, USER } from '../../../../test/helpers/scim.js';
import { assertList, assertScimError, q, setup } from '../conformance.js';

const MS_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

function createBody(n: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER, ENT],
    externalId: `0a21f0f2-8d2a-4f8e-bf98-7363c4aed4e${n}`,
    userName: `Test_User_00aa00aa-${n}`,
    active: true,
    emails: [{ primary: true, type: 'work', value: `Test_User_11bb11bb-${n}@testuser.com` }],
    meta: { resourceType: 'User' },
    name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    roles: [],
    ...extra,
  };
}

t.test('user requests of the Entra tutorial', async (t) => {
  const { c } = await setup(t);
  assertList(t, await c.get(`/Users?filter=${q('userName eq "3f2a9c1e-1d0b-4c51-9a55-2b1f3f6a2c11"')}`), 0, 'Test Connection probe by userName');
  assertList(t, await c.get(`/Users?filter=${q('externalId eq "3f2a9c1e-1d0b-4c51-9a55-2b1f3f6a2c11"')}`), 0, 'probe by externalId');

  const res = await c.post('/Users', createBody('1'));
  t.equal(res.statusCode, 201, `Create User: ${res.body}`);
  const user = res.json();
  t.ok(user.id, 'id');
  t.equal(user.externalId, '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4e1', 'externalId echoed');
  t.match(user.meta, { resourceType: 'User', location: /\/Users\// }, 'server meta, not the client one');
  t.notOk(user.roles, 'roles: [] is unassigned');

  const nulls = await c.post('/Users', createBody('2', { addresses: null, phoneNumbers: null, preferredLanguage: null, title: null }));
  t.equal(nulls.statusCode, 201, `create with documented nulls: ${nulls.body}`);
  for (const k of ['addresses', 'phoneNumbers', 'preferredLanguage', 'title']) t.notOk(k in nulls.json(), `${k}: null is unassigned`);

  const byQuery = assertList(t, await c.get(`/Users?filter=${q('userName eq "Test_User_00aa00aa-1"')}`), 1, 'Get User by query');
  t.equal(byQuery.Resources[0].id, user.id);
  t.equal((await c.get(`/Users/${user.id}`)).statusCode, 200, 'Get User');
  assertScimError(t, await c.get('/Users/9f0c0c1e-1d0b-4c51-9a55-2b1f3f6a2c11'), 404, undefined, 'Get unknown user');

  const mv = await c.patchOps(`/Users/${user.id}`, [
    { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
    { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
  ]);
  t.equal(mv.statusCode, 200, `Update multi-valued: ${mv.body}`);
  t.equal(mv.json().emails.length, 1);
  t.match(mv.json(), { emails: [{ type: 'work', value: 'updatedEmail@microsoft.com', primary: true }], name: { familyName: 'updatedFamilyName', givenName: 'givenName' } });
  const byMail = assertList(t, await c.get(`/Users?filter=${q('emails[type eq "work"].value eq "updatedEmail@microsoft.com"')}`), 1, 'filter by emails[type eq "work"].value eq');
  t.equal(byMail.Resources[0].id, user.id);

  const sv = await c.patchOps(`/Users/${user.id}`, [{ op: 'Replace', path: 'userName', value: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com' }]);
  t.equal(sv.statusCode, 200, sv.body);
  t.equal(sv.json().userName, '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com');

  for (const [label, value, after] of [['false', false, false], ['"True"', 'True', true], ['"False"', 'False', false], ['"true"', 'true', true], ['"false"', 'false', false]] as const) {
    const d = await c.patchOps(`/Users/${user.id}`, [{ op: 'Replace', path: 'active', value }]);
    t.equal(d.statusCode, 200, `active ${label}: ${d.body}`);
    t.equal(d.json().active, after, `active ${label} stored as boolean ${after}`);
    const g = await c.get(`/Users/${user.id}`);
    t.equal(g.statusCode, 200, `after active ${label} the user is still returned`);
    t.equal(g.json().active, after);
    const f = assertList(t, await c.get(`/Users?filter=${q('userName eq "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"')}`), 1, `after active ${label} the filter finds the user`);
    t.equal(f.Resources[0].active, after);
  }
  assertList(t, await c.get(`/Users?filter=${q('active eq false')}`), 1, 'filter active eq false');

  t.equal((await c.delete(`/Users/${user.id}`)).statusCode, 204, 'Delete → 204');
  assertScimError(t, await c.get(`/Users/${user.id}`), 404, undefined, 'deleted user');
});

t.test('group requests of the Entra tutorial', async (t) => {
  const { c } = await setup(t);
  const u1 = (await c.post('/Users', createBody('1'))).json();
  const u2 = (await c.post('/Users', createBody('2'))).json();
  const probe = assertList(t, await c.get(`/Groups?excludedAttributes=members&filter=${q('displayName eq "displayName"')}`), 0, 'group probe');
  t.same(probe.Resources ?? [], []);

  const g = await c.post('/Groups', { schemas: [GROUP, MS_GROUP], externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159', displayName: 'displayName', meta: { resourceType: 'Group' } });
  t.equal(g.statusCode, 201, `Create Group: ${g.body}`);
  const id = g.json().id;
  t.equal(g.json().externalId, '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159');
  t.match(g.json().meta, { resourceType: 'Group', location: /\/Groups\// });

  const rn = await c.patchOps(`/Groups/${id}`, [{ op: 'Replace', path: 'displayName', value: 'displayName updatedDisplayName' }]);
  t.equal(rn.statusCode, 204, `Update group name: 204, as Entra advises (${rn.body})`);
  t.equal((await c.get(`/Groups/${id}`)).json().displayName, 'displayName updatedDisplayName');

  const add = await c.patchOps(`/Groups/${id}`, [{ op: 'Add', path: 'members', value: [{ $ref: null, value: u1.id }, { $ref: null, value: u2.id }] }]);
  t.equal(add.statusCode, 204, `Add members: ${add.body}`);
  const again = await c.patchOps(`/Groups/${id}`, [{ op: 'Add', path: 'members', value: [{ $ref: null, value: u1.id }] }]);
  t.equal(again.statusCode, 204, 're-adding a member is accepted');
  let got = await c.get(`/Groups/${id}`);
  t.equal(got.json().members.length, 2, 're-adding a member does not duplicate it');

  const lookup = assertList(t, await c.get(`/Groups?excludedAttributes=members&filter=${q('displayName eq "displayName updatedDisplayName"')}`), 1, 'group lookup');
  t.notOk('members' in lookup.Resources[0], 'excludedAttributes=members on the list');
  const one = await c.get(`/Groups/${id}?excludedAttributes=members`);
  t.equal(one.statusCode, 200);
  t.notOk('members' in one.json(), 'excludedAttributes=members on the read');
  t.ok(one.json().id && one.json().displayName);

  // Remove, default job form: path members + value array removes only the listed members.
  const rm = await c.patchOps(`/Groups/${id}`, [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: u1.id }] }]);
  t.equal(rm.statusCode, 204, `Remove members: ${rm.body}`);
  got = await c.get(`/Groups/${id}`);
  t.same(got.json().members.map((m: { value: string }) => m.value), [u2.id], 'only the listed member left');
  // aadOptscim062020 form.
  const rm2 = await c.patchOps(`/Groups/${id}`, [{ op: 'remove', path: `members[value eq "${u2.id}"]` }]);
  t.equal(rm2.statusCode, 204);
  t.notOk((await c.get(`/Groups/${id}`)).json().members, 'filter removal');

  // Several membership changes in one PATCH (gallery requirement).
  const many = await c.patchOps(`/Groups/${id}`, [
    { op: 'Add', path: 'members', value: [{ value: u1.id }] },
    { op: 'Add', path: 'members', value: [{ value: u2.id }] },
    { op: 'Remove', path: 'members', value: [{ value: u1.id }] },
  ]);
  t.equal(many.statusCode, 204);
  t.same((await c.get(`/Groups/${id}`)).json().members.map((m: { value: string }) => m.value), [u2.id], 'several ops in one PATCH');
  // Microsoft reference tests: remove path members without value removes every member.
  t.equal((await c.patchOps(`/Groups/${id}`, [{ op: 'remove', path: 'members' }])).statusCode, 204);
  t.notOk((await c.get(`/Groups/${id}`)).json().members, 'remove members without value empties the group');

  t.equal((await c.delete(`/Groups/${id}`)).statusCode, 204, 'Delete Group → 204');
  assertScimError(t, await c.get(`/Groups/${id}`), 404, undefined, 'deleted group');

  const schemas = assertList(t, await c.get('/Schemas'), undefined, 'GET /Schemas');
  t.ok(schemas.Resources.some((s: { id: string }) => s.id === USER) && schemas.Resources.some((s: { id: string }) => s.id === GROUP), 'Schemas lists User and Group');
});

t.test('aadOptscim062020: both columns, and the extra query parameter', async (t) => {
  const { c } = await setup(t);
  const u = (await c.post('/Users?aadOptscim062020', createBody('1', { [ENT]: { employeeNumber: '1' } }))).json();
  t.ok(u.id, 'POST with ?aadOptscim062020');
  const other = (await c.post('/Users', createBody('2'))).json();

  // Default column.
  let r = await c.patchOps(`/Users/${u.id}`, [{ op: 'Replace', path: 'active', value: 'False' }]);
  t.equal(r.json().active, false, 'default: Replace active "False"');
  r = await c.patchOps(`/Users/${u.id}`, [{ op: 'Add', path: 'nickName', value: 'Babs' }]);
  t.equal(r.json().nickName, 'Babs', 'default: Add nickName');
  r = await c.patchOps(`/Users/${u.id}`, [
    { op: 'Replace', path: 'displayName', value: 'Bjfe' },
    { op: 'Replace', path: 'emails[type eq "work"].value', value: 'bjfe@example.com' },
    { op: 'Replace', path: 'name.givenName', value: 'Kkom' },
    { op: 'Replace', path: 'name.familyName', value: 'Unua' },
    { op: 'Replace', path: 'externalId', value: 'ext-bjfe' },
    { op: `Replace`, path: `${ENT}:employeeNumber`, value: 'Aklq' },
  ]);
  t.equal(r.statusCode, 200, r.body);
  t.match(r.json(), { displayName: 'Bjfe', emails: [{ value: 'bjfe@example.com' }], name: { givenName: 'Kkom', familyName: 'Unua' }, externalId: 'ext-bjfe', [ENT]: { employeeNumber: 'Aklq' } }, 'default: one Replace per attribute');

  // Flag column (and the flag as a query parameter on every request).
  r = await c.patchOps(`/Users/${u.id}?aadOptscim062020`, [{ op: 'replace', path: 'active', value: true }]);
  t.equal(r.statusCode, 200, r.body);
  t.equal(r.json().active, true, 'flag: replace active true');
  r = await c.patchOps(`/Users/${u.id}?aadOptscim062020`, [{ op: 'add', path: 'nickName', value: 'Babs2' }]);
  t.equal(r.json().nickName, 'Babs2', 'flag: add nickName');
  r = await c.patchOps(`/Users/${u.id}?aadOptscim062020`, [
    { op: 'replace', path: 'emails[type eq "work"].value', value: 'kkom@example.com' },
    { op: 'replace', value: { displayName: 'Kkom Unua', 'name.givenName': 'Kkom2', 'name.familyName': 'Unua2', [`${ENT}:employeeNumber`]: 'Zz9' } },
  ]);
  t.equal(r.statusCode, 200, r.body);
  t.match(r.json(), { displayName: 'Kkom Unua', emails: [{ value: 'kkom@example.com' }], name: { givenName: 'Kkom2', familyName: 'Unua2' }, [ENT]: { employeeNumber: 'Zz9' } }, 'flag: path-less replace with dotted and URN keys');
  t.equal(r.json().name.formatted, 'givenName familyName', 'other name parts kept');

  const g = (await c.post('/Groups?aadOptscim062020', { schemas: [GROUP], displayName: 'flagged', members: [{ value: u.id }, { value: other.id }] })).json();
  t.equal((await c.patchOps(`/Groups/${g.id}?aadOptscim062020`, [{ op: 'remove', path: `members[value eq "${u.id}"]` }])).statusCode, 204);
  t.equal((await c.patchOps(`/Groups/${g.id}`, [{ op: 'Remove', path: 'members', value: [{ value: other.id }] }])).statusCode, 204);
  t.notOk((await c.get(`/Groups/${g.id}?aadOptscim062020`)).json().members, 'both removal forms');

  // The query parameter is ignored on reads, lists and deletes too.
  assertList(t, await c.get(`/Users?aadOptscim062020&filter=${q(`userName eq "${u.userName}"`)}`), 1, 'list with the flag');
  assertList(t, await c.get(`/Users?filter=${q(`userName eq "${u.userName}"`)}&aadOptscim062020`), 1, 'flag after the filter');
  assertList(t, await c.get('/Groups?aadOptscim062020&excludedAttributes=members'), 1, 'group list with the flag');
  t.equal((await c.get(`/Users/${u.id}?aadOptscim062020`)).statusCode, 200);
  t.equal((await c.put(`/Users/${other.id}?aadOptscim062020`, createBody('2', { displayName: 'put' }))).statusCode, 200);
  t.equal((await c.get('/Schemas?aadOptscim062020')).statusCode, 200);
  t.equal((await c.get('/ServiceProviderConfig?aadOptscim062020')).statusCode, 200);
  t.equal((await c.delete(`/Groups/${g.id}?aadOptscim062020`)).statusCode, 204);
  t.equal((await c.delete(`/Users/${other.id}?aadOptscim062020`)).statusCode, 204);
});

t.test('validator and issue-tracker shapes', async (t) => {
  const { c } = await setup(t);
  // Validator: add emails[type eq "work"].value to a user without a work email creates it (SDK#416).
  const home = (await c.post('/Users', { schemas: [USER], userName: 'nowork@example.com', emails: [{ type: 'home', value: 'home@example.com', primary: true }] })).json();
  let r = await c.patchOps(`/Users/${home.id}`, [{ op: 'add', path: 'emails[type eq "work"].value', value: 'work@example.com' }]);
  t.equal(r.statusCode, 200, r.body);
  t.same(r.json().emails.map((e: { type: string; value: string }) => [e.type, e.value]).sort(), [['home', 'home@example.com'], ['work', 'work@example.com']], 'work email created, home kept');
  // Replace by filter keeps the others (SDK#668).
  r = await c.patchOps(`/Users/${home.id}`, [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'work2@example.com' }]);
  t.same(r.json().emails.map((e: { type: string; value: string }) => [e.type, e.value]).sort(), [['home', 'home@example.com'], ['work', 'work2@example.com']], 'replace by filter keeps other emails');
  t.equal(r.json().emails.find((e: { type: string }) => e.type === 'home').primary, true, 'primary flag kept');
  // Several adds build one address (SDK#680).
  r = await c.patchOps(`/Users/${home.id}`, [
    { op: 'Add', path: 'addresses[type eq "work"].formatted', value: '1 Main St, Springfield' },
    { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Springfield' },
    { op: 'Add', path: 'addresses[type eq "work"].region', value: 'IL' },
  ]);
  t.equal(r.statusCode, 200, r.body);
  t.equal(r.json().addresses.length, 1, 'one address');
  t.match(r.json().addresses[0], { type: 'work', formatted: '1 Main St, Springfield', locality: 'Springfield', region: 'IL' });

  // Manager as a plain string under the enterprise path, then Remove (SDK#686).
  const boss = (await c.post('/Users', { schemas: [USER], userName: 'boss@example.com' })).json();
  r = await c.patchOps(`/Users/${home.id}`, [{ op: 'add', path: `${ENT}:manager`, value: boss.id }]);
  t.equal(r.statusCode, 200, r.body);
  t.equal(r.json()[ENT]?.manager?.value, boss.id, 'manager string wrapped into {value}');
  t.ok(r.json().schemas.includes(ENT), 'schemas lists the extension');
  r = await c.patchOps(`/Users/${home.id}`, [{ op: 'Add', path: 'manager', value: [{ $ref: `https://scim.test/scim/v2/Users/${boss.id}`, value: boss.id }] }]);
  t.equal(r.statusCode, 200, `older manager shape: ${r.body}`);
  t.equal(r.json()[ENT]?.manager?.value, boss.id);
  r = await c.patchOps(`/Users/${home.id}`, [{ op: 'Replace', path: `${ENT}:department`, value: 'Sales' }]);
  t.equal(r.json()[ENT]?.department, 'Sales', 'Replace enterprise attribute by URN path');
  r = await c.patchOps(`/Users/${home.id}`, [{ op: 'Remove', path: `${ENT}:manager` }]);
  t.equal(r.statusCode, 200, r.body);
  t.notOk(r.json()[ENT]?.manager, 'manager removed');
  t.equal(r.json()[ENT]?.department, 'Sales', 'department kept');
  assertList(t, await c.get(`/Users?filter=${q(`${ENT}:department eq "sales"`)}`), 1, 'filter on an enterprise attribute');

  // Microsoft reference tests: capitalised attribute names, "active": "True".
  const cap = await c.post('/Users', {
    schemas: [USER, ENT], userName: 'Employee.One@example.com', active: 'True', DisplayName: 'Employee One',
    name: { FamilyName: 'Employee', GivenName: 'One' },
    emails: [{ Primary: true, Type: 'work', Value: 'employee.one@example.com' }, { type: 'home', value: 'one@example.org' }],
    [ENT]: { Department: 'Eng', Manager: { Value: boss.id } },
  });
  t.equal(cap.statusCode, 201, `capitalised names: ${cap.body}`);
  t.equal(cap.json().active, true, '"active": "True" ⇒ true');
  t.match(cap.json(), { displayName: 'Employee One', name: { familyName: 'Employee' }, emails: [{ primary: true, value: 'employee.one@example.com' }], [ENT]: { department: 'Eng', manager: { value: boss.id } } });
  const cap2 = (await c.post('/Users', { schemas: [USER], userName: 'Other.Employee@example.net', name: { familyName: 'Employee' }, emails: [{ value: 'x@example.net' }] })).json();
  t.ok(cap2.id);

  // Microsoft reference tests' filters (quoted, as the RFC requires).
  const ids = (res: { json(): { Resources?: { id: string }[] } }) => (res.json().Resources ?? []).map((x) => x.id).sort();
  assertList(t, await c.get(`/Users?filter=${q('DisplayName eq "Employee One"')}`), 1, 'DisplayName eq');
  // The reference tests' literal URL form: trailing slash and `+` for spaces.
  assertList(t, await c.get('/Users/?filter=DisplayName+eq+%22Employee+One%22'), 1, 'Users/?filter=DisplayName+eq+%22…%22');
  assertList(t, await c.get(`/Groups/?filter=${q('displayName eq "nope"')}`), 0, 'Groups/?filter=');
  const compound = await c.get(`/Users?filter=${q('name.FamilyName eq "employee" and (emails.Value co "example.com" or emails.Value co "example.org")')}`);
  assertList(t, compound, 1, 'name.FamilyName eq … and (emails.Value co … or …)');
  t.same(ids(compound), [cap.json().id]);
  assertList(t, await c.get(`/Users?filter=${q('userName sw "O"')}`), 1, 'userName sw "O"');
  assertList(t, await c.get(`/Users?filter=${q('meta.Created gt "2015-10-10T14:38:21.8617979-07:00"')}`), 4, 'meta.Created gt (7-digit fraction)');
  assertList(t, await c.get(`/Users?filter=${q('meta.created lt "2015-10-10T14:38:21.8617979-07:00"')}`), 0, 'meta.created lt');
  const attrs = assertList(t, await c.get(`/Users/?attributes=userName,emails&filter=${q('userName eq "Employee.One@example.com"')}`), 1, 'attributes=userName,emails');
  t.same(Object.keys(attrs.Resources[0]).filter((k) => !['schemas', 'id', 'meta'].includes(k)).sort(), ['emails', 'userName']);
  const work = assertList(t, await c.get(`/Users?attributes=${q('emails[type eq "work"]')}&filter=${q('userName eq "Employee.One@example.com"')}`), 1, 'attributes=emails[type eq "work"]');
  t.ok(work.Resources[0].emails && !work.Resources[0].userName, 'emails only');
  const page = assertList(t, await c.get('/Users?startIndex=1&count=2'), 4, 'startIndex=1&count=2');
  t.equal(page.itemsPerPage, 2);
  t.equal(page.Resources.length, 2);

  // The reference tests' errors.
  assertScimError(t, await c.post('/Users', { schemas: [USER], userName: 'employee.one@EXAMPLE.com' }), 409, 'uniqueness', 'duplicate POST');
  const missing = await c.post('/Users', { schemas: [USER], name: { familyName: 'x' } });
  assertScimError(t, missing, 400, undefined, 'missing userName');
  assertScimError(t, await c.post('/Users', '{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": junk'), 400, 'invalidSyntax', 'junk JSON');
  r = await c.patchOps(`/Users/${cap2.id}`, [{ op: 'Replace', path: 'userName', value: 'renamed.employee@example.net' }]);
  t.equal(r.statusCode, 200, 'Replace userName (Microsoft reference tests)');
  t.equal((await c.get(`/Users/${cap2.id}`)).json().userName, 'renamed.employee@example.net');
  t.equal((await c.delete(`/Users/${cap2.id}`)).statusCode, 204);
});

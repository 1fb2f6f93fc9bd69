// Okta's traffic (docs/idp-quirks.md, "Okta"): the Runscope "Okta SCIM 2.0 SPEC Test" steps
// 1–12 in order, then the provisioning calls of Okta's SCIM 2.0 protocol reference (lookup,
// create, import, PUT, path-less PATCH deactivate/reactivate/password, AIW PUT, group push).
import t from 'tap';
import { ERROR, GROUP, LIST, PATCHOP, USER } from '../../../../test/helpers/scim.js';
import { assertList, assertScimError, q, setup } from '../conformance.js';

const RUNSCOPE = {
  accept: 'application/scim+json',
  'accept-charset': 'utf-8',
  'user-agent': 'OKTA SCIM Integration',
};

t.test('Runscope SPEC test, steps 1–12', async (t) => {
  const { app, c, auth } = await setup(t);
  // Okta's guide: the server must already hold one user.
  t.equal((await c.post('/Users', { schemas: [USER], userName: 'seed@example.com', name: { givenName: 'Seed', familyName: 'User' }, emails: [{ value: 'seed@example.com', type: 'work', primary: true }], active: true })).statusCode, 201);

  // 1
  const s1 = await c.get('/Users?count=1&startIndex=1', RUNSCOPE);
  const l1 = assertList(t, s1, undefined, 'step 1');
  for (const k of ['itemsPerPage', 'startIndex', 'totalResults']) t.equal(typeof l1[k], 'number', `step 1: ${k} is a number`);
  t.ok(l1.Resources.length > 0, 'step 1: Resources not empty');
  const r0 = l1.Resources[0];
  t.ok(r0.id && r0.name.familyName && r0.name.givenName && r0.userName && typeof r0.active === 'boolean' && r0.emails[0].value, 'step 1: Resources[0] has the fields Okta reads');

  // 2
  const s2 = await c.get(`/Users/${r0.id}`, RUNSCOPE);
  t.equal(s2.statusCode, 200);
  t.equal(s2.json().id, r0.id, 'step 2: same id');
  t.ok(s2.json().name.familyName && s2.json().emails[0].value, 'step 2: same fields');

  // 3
  assertList(t, await c.get(`/Users?filter=${q('userName eq "invalid-user-email@example.com"')}`, RUNSCOPE), 0, 'step 3');

  // 4
  const s4 = await c.get('/Users/010101001010101011001010101011', RUNSCOPE);
  assertScimError(t, s4, 404, undefined, 'step 4');

  const randomUsername = 'Runscope300Hfluaklab151@example.com';
  const randomUsernameCaps = 'RUNSCOPE300HFLUAKLAB151@example.com';
  const randomEmail = 'Runscope300Hfluaklab151@example.com';
  // 5
  assertList(t, await c.get(`/Users?filter=${q(`userName eq "${randomEmail}"`)}`, RUNSCOPE), 0, 'step 5');

  // 6: Content-Type application/json (not scim+json)
  const body = {
    schemas: [USER], userName: randomUsername,
    name: { givenName: 'Hfluaklab', familyName: 'Runscope' },
    emails: [{ primary: true, value: randomEmail, type: 'work' }],
    displayName: 'Hfluaklab Runscope', active: true,
  };
  const s6 = await c.post('/Users', body, { ...RUNSCOPE, 'content-type': 'application/json', accept: 'application/scim+json; charset=utf-8' });
  t.equal(s6.statusCode, 201, `step 6: ${s6.body}`);
  const created = s6.json();
  t.equal(created.active, true);
  t.ok(created.id);
  t.equal(created.userName, randomUsername);
  t.same(created.name, body.name);
  t.ok(created.schemas.includes(USER));

  // 7
  const s7 = await c.get(`/Users/${created.id}`, RUNSCOPE);
  t.equal(s7.statusCode, 200);
  t.match(s7.json(), { userName: randomUsername, name: { familyName: 'Runscope', givenName: 'Hfluaklab' } });

  // 8
  const s8 = await c.post('/Users', body, { ...RUNSCOPE, 'content-type': 'application/json' });
  assertScimError(t, s8, 409, 'uniqueness', 'step 8 duplicate');

  // 9: case sensitivity (userName caseExact false)
  const s9 = assertList(t, await c.get(`/Users?filter=${q(`userName eq "${randomUsernameCaps}"`)}`, RUNSCOPE), 1, 'step 9');
  t.equal(s9.Resources[0].id, created.id, 'step 9: the caps lookup finds the user');

  // 10: Runscope checks that GET /Groups answers (its 600 ms budget is a latency figure:
  // bench/, not here) with a list whose Resources is an array once it holds a group.
  const empty = assertList(t, await c.get('/Groups', RUNSCOPE), 0, 'step 10 (no groups yet)');
  t.same(empty.Resources ?? [], [], 'step 10: no Resources while there are no groups');
  t.equal((await c.post('/Groups', { schemas: [GROUP], displayName: 'Runscope group' })).statusCode, 201);
  const s10 = assertList(t, await c.get('/Groups', RUNSCOPE), 1, 'step 10');
  t.ok(Array.isArray(s10.Resources) && s10.Resources.length === 1, 'step 10: Resources is an array with the group');

  // 11
  const s11 = await app.inject({ url: `/scim/v2/Users?filter=${q(`userName eq "${randomUsername}"`)}`, headers: { ...RUNSCOPE, authorization: 'non-token' } });
  assertScimError(t, s11, 401, undefined, 'step 11');
  void auth;

  // 12
  assertScimError(t, await c.get('/Users/00919288221112222', RUNSCOPE), 404, undefined, 'step 12');
  t.ok((await c.get('/Users/00919288221112222')).json().schemas.includes(ERROR));
});

const OKTA = { 'user-agent': 'Okta SCIM Client 1.0.0' };

t.test('provisioning traffic: lookup, create, import, update, deactivate, password', async (t) => {
  const { c, db } = await setup(t);
  const lookup = await c.get(`/scim/v2/Users?filter=${q('userName eq "test.user@okta.local"')}&startIndex=1&count=100`, OKTA);
  assertList(t, lookup, 0, 'lookup before create');

  const createBody = {
    schemas: [USER], userName: 'test.user@okta.local',
    name: { givenName: 'Test', familyName: 'User' },
    emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
    displayName: 'Test User', locale: 'en-US', externalId: '00ujl29u0le5T6Aj10h7',
    groups: [], password: '1mz050nq', active: true,
  };
  const created = await c.post('/Users', createBody, OKTA);
  t.equal(created.statusCode, 201, created.body);
  const user = created.json();
  t.match(user, { userName: 'test.user@okta.local', externalId: '00ujl29u0le5T6Aj10h7', locale: 'en-US', active: true });
  t.notOk('password' in user, 'password is never returned');
  const hash1 = (await db.pool.query('SELECT password_hash FROM users WHERE id = $1', [user.id])).rows[0].password_hash;
  t.ok(hash1, 'the password was stored (hashed)');
  t.not(hash1, '1mz050nq', 'not in plaintext');
  assertScimError(t, await c.post('/Users', createBody, OKTA), 409, 'uniqueness', 'duplicate create');

  // Import: startIndex/count pages, integer fields, stable order, no gaps or duplicates.
  for (let i = 0; i < 7; i++) {
    t.equal((await c.post('/Users', { schemas: [USER], userName: `import${i}@okta.local`, name: { givenName: 'I', familyName: `${i}` }, emails: [{ value: `import${i}@okta.local`, type: 'work', primary: true }], active: true })).statusCode, 201);
  }
  const seen: string[] = [];
  for (let start = 1; start <= 8; start += 3) {
    const page = assertList(t, await c.get(`/Users?startIndex=${start}&count=3`, OKTA), 8, `import page ${start}`);
    t.equal(page.startIndex, start, 'startIndex echoed as an integer');
    t.ok(Number.isInteger(page.itemsPerPage) && page.itemsPerPage === page.Resources.length, 'itemsPerPage = Resources.length');
    seen.push(...page.Resources.map((r: { id: string }) => r.id));
  }
  t.equal(seen.length, 8, 'all users imported');
  t.equal(new Set(seen).size, 8, 'no duplicates across pages');
  const again = (await c.get('/Users?startIndex=1&count=100', OKTA)).json();
  t.same(again.Resources.map((r: { id: string }) => r.id), seen, 'order is stable');

  // Read + PUT profile update (whole profile, with id, groups: [] and meta).
  t.equal((await c.get(`/Users/${user.id}`, OKTA)).statusCode, 200);
  const put = await c.put(`/Users/${user.id}`, {
    schemas: [USER], id: user.id, userName: 'test.user@okta.local',
    name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' },
    emails: [{ primary: true, value: 'test.user@okta.local', type: 'work', display: 'test.user@okta.local' }],
    active: true, groups: [], meta: { resourceType: 'User' },
  }, OKTA);
  t.equal(put.statusCode, 200, put.body);
  t.match(put.json(), { name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' }, emails: [{ display: 'test.user@okta.local' }] });
  t.equal(put.json().id, user.id);

  // Deactivate with a path-less replace, then the user is still readable and findable. Okta
  // accepts 200 or 204; this server answers a User PATCH with 200 and the resource.
  const deact = await c.patch(`/Users/${user.id}`, { schemas: [PATCHOP], Operations: [{ op: 'replace', value: { active: false } }] }, OKTA);
  t.equal(deact.statusCode, 200, `deactivate → 200 (${deact.body})`);
  t.equal(deact.json().active, false);
  const afterDeact = await c.get(`/Users/${user.id}`, OKTA);
  t.equal(afterDeact.statusCode, 200, 'deactivated user still readable');
  t.equal(afterDeact.json().active, false, 'active false after deactivation');
  const found = assertList(t, await c.get(`/Users?filter=${q('userName eq "test.user@okta.local"')}&startIndex=1&count=100`, OKTA), 1, 'deactivated user still found');
  t.equal(found.Resources[0].active, false);

  const react = await c.patch(`/Users/${user.id}`, { schemas: [PATCHOP], Operations: [{ op: 'replace', value: { active: true } }] }, OKTA);
  t.equal(react.statusCode, 200);
  t.equal(react.json().active, true);
  t.equal((await c.get(`/Users/${user.id}`)).json().active, true, 'reactivated');

  const pw = await c.patch(`/Users/${user.id}`, { schemas: [PATCHOP], Operations: [{ op: 'replace', value: { password: 'n3wPassw0rd!' } }] }, OKTA);
  t.equal(pw.statusCode, 200, pw.body);
  t.equal(pw.json().id, user.id);
  t.notOk('password' in pw.json(), 'password not echoed');
  t.notMatch(pw.body, 'n3wPassw0rd!', 'the new password appears nowhere in the response');
  const hash2 = (await db.pool.query('SELECT password_hash FROM users WHERE id = $1', [user.id])).rows[0].password_hash;
  t.not(hash2, hash1, 'password sync changed the stored hash');

  // AIW apps deactivate with a PUT carrying active false.
  const aiw = await c.put(`/Users/${user.id}`, {
    schemas: [USER], id: user.id, userName: 'test.user@okta.local',
    name: { givenName: 'Another', familyName: 'User' },
    emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }], active: false,
  }, OKTA);
  t.equal(aiw.statusCode, 200, aiw.body);
  t.equal(aiw.json().active, false);
  t.equal((await c.get(`/Users/${user.id}`)).json().active, false, 'AIW deactivation sticks');
});

t.test('group push', async (t) => {
  const { c } = await setup(t);
  const users = [];
  for (const n of ['a', 'b', 'c']) {
    const r = await c.post('/Users', { schemas: [USER], userName: `${n}@okta.local`, name: { givenName: n, familyName: 'U' }, emails: [{ value: `${n}@okta.local`, type: 'work', primary: true }], active: true });
    users.push(r.json());
  }
  const [a, b, cc] = users;

  assertList(t, await c.get(`/Groups?filter=${q('displayName eq "Test SCIMv2"')}&startIndex=1&count=100`, OKTA), 0, 'group lookup before push');
  const g = await c.post('/Groups', { schemas: [GROUP], displayName: 'Test SCIMv2', members: [] }, OKTA);
  t.equal(g.statusCode, 201, g.body);
  const id = g.json().id;
  t.ok(id);
  t.equal((await c.get(`/Groups/${id}`, OKTA)).statusCode, 200);
  const found = assertList(t, await c.get(`/Groups?filter=${q('displayName eq "Test SCIMv2"')}&startIndex=1&count=100`, OKTA), 1, 'group lookup after push');
  t.equal(found.Resources[0].id, id);

  // Rename carries the readOnly id inside the value.
  const rename = await c.patch(`/Groups/${id}`, { schemas: [PATCHOP], Operations: [{ op: 'replace', value: { id, displayName: 'Test SCIMv2 renamed' } }] }, OKTA);
  // Group PATCH answers 204 (groups-routes.ts); Okta accepts 200 or 204.
  t.equal(rename.statusCode, 204, `rename → ${rename.statusCode} ${rename.body}`);
  t.equal((await c.get(`/Groups/${id}`)).json().displayName, 'Test SCIMv2 renamed');
  t.equal((await c.get(`/Groups/${id}`)).json().id, id, 'id unchanged');

  t.equal((await c.patchOps(`/Groups/${id}`, [{ op: 'add', path: 'members', value: [{ value: a.id, display: a.userName }] }])).statusCode, 204);
  const membership = await c.patch(`/Groups/${id}`, {
    schemas: [PATCHOP],
    Operations: [
      { op: 'remove', path: `members[value eq "${a.id}"]` },
      { op: 'add', path: 'members', value: [{ value: b.id, display: b.userName }, { value: cc.id, display: cc.userName }] },
    ],
  }, OKTA);
  t.equal(membership.statusCode, 204, membership.body);
  let members = ((await c.get(`/Groups/${id}`)).json().members ?? []).map((m: { value: string }) => m.value).sort();
  t.same(members, [b.id, cc.id].sort(), 'remove by filter + add array');

  const full = await c.patchOps(`/Groups/${id}`, [{ op: 'replace', path: 'members', value: [{ value: a.id, display: a.userName }] }], OKTA);
  t.equal(full.statusCode, 204);
  members = ((await c.get(`/Groups/${id}`)).json().members ?? []).map((m: { value: string }) => m.value);
  t.same(members, [a.id], 'full push replaces the member list');

  // AIW: PUT with displayName and members.
  const put = await c.put(`/Groups/${id}`, { schemas: [GROUP], id, displayName: 'Test SCIMv2', members: [{ value: b.id, display: b.userName }, { value: cc.id }] }, OKTA);
  t.equal(put.statusCode, 200, put.body);
  t.equal(put.json().displayName, 'Test SCIMv2');
  t.same(put.json().members.map((m: { value: string }) => m.value).sort(), [b.id, cc.id].sort(), 'PUT replaced the members');

  // Okta's empty push: replace members [] clears the group.
  t.equal((await c.patchOps(`/Groups/${id}`, [{ op: 'replace', path: 'members', value: [] }])).statusCode, 204);
  t.notOk((await c.get(`/Groups/${id}`)).json().members?.length, 'replace members [] clears the group');

  const imp = assertList(t, await c.get('/Groups?startIndex=1&count=100', OKTA), 1, 'group import');
  t.equal(imp.startIndex, 1);

  const del = await c.delete(`/Groups/${id}`, OKTA);
  t.equal(del.statusCode, 204);
  assertScimError(t, await c.get(`/Groups/${id}`), 404, undefined, 'deleted group');
  t.same(imp.schemas, [LIST], 'the import page names only the ListResponse schema');
});

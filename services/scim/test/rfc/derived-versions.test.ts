// A user's `groups[].display` is its groups' displayName; a group's `members[].display` is its
// members' displayName (else userName, for users). A rename therefore changes other resources'
// representations, and their meta.version must move with them (RFC 7644 §3.14: the version
// changes whenever the resource does), or a client caching by ETag keeps showing the old name.
// The rule proven here, for every observed resource after every step: its ETag goes stale
// exactly when its rendered representation changes — never missing a change, never moving
// without one. (docs/architecture.md: Versions of derived attributes.)
import t from 'tap';
import { GROUP, USER } from '../../../../test/helpers/scim.js';
import { signIn } from '../admin-api/helpers.js';
import { setup } from '../conformance.js';

type Json = Record<string, any>;

t.test('renames move the versions of the resources that show the name, and only those', async (t) => {
  const { app, c, db } = await setup(t, { SCIM_ADOPT_LOCAL_USERS: 'false' });
  const ann = (await c.post('/Users', { schemas: [USER], userName: 'ann@example.com', displayName: 'Ann' })).json();
  const bob = (await c.post('/Users', { schemas: [USER], userName: 'bob@example.com' })).json();
  const cy = (await c.post('/Users', { schemas: [USER], userName: 'cy@example.com', displayName: 'Cy' })).json();
  const nested = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Nested', members: [{ value: ann.id }] })).json();
  const one = (await c.post('/Groups', { schemas: [GROUP], displayName: 'One', members: [{ value: ann.id }, { value: bob.id }, { value: nested.id }] })).json();
  const two = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Two', members: [{ value: cy.id }] })).json();
  const observed: [string, string][] = [
    ['ann', `/Users/${ann.id}`], ['bob', `/Users/${bob.id}`], ['cy', `/Users/${cy.id}`],
    ['One', `/Groups/${one.id}`], ['Nested', `/Groups/${nested.id}`], ['Two', `/Groups/${two.id}`],
  ];
  const read = async () => {
    const out = new Map<string, { etag: string; body: Json }>();
    for (const [name, url] of observed) {
      const r = await c.get(url);
      t.equal(r.headers.etag, r.json().meta.version, `${name}: ETag header = meta.version`);
      const { meta, ...body } = r.json();
      out.set(name, { etag: meta.version, body: { ...body, lastModified: meta.lastModified } });
    }
    return out;
  };
  const ops = (url: string, list: unknown[]) => c.patchOps(url, list);
  const { cookie } = await signIn(app, db.db);

  // [what the step does, the step, which observed resources it changes].
  const steps: [string, () => Promise<{ statusCode: number; body: string }>, string[]][] = [
    ['user attribute that no group shows', () => ops(`/Users/${ann.id}`, [{ op: 'replace', path: 'title', value: 'Boss' }]), ['ann']],
    ['user displayName', () => ops(`/Users/${ann.id}`, [{ op: 'replace', path: 'displayName', value: 'Ann Two' }]), ['ann', 'One', 'Nested']],
    ['userName of a user whose groups show its displayName', () => ops(`/Users/${ann.id}`, [{ op: 'replace', path: 'userName', value: 'ann2@example.com' }]), ['ann']],
    ['userName of a user without displayName (groups show the userName)', () => ops(`/Users/${bob.id}`, [{ op: 'replace', path: 'userName', value: 'bobby@example.com' }]), ['bob', 'One']],
    ['displayName equal to the userName shown so far: groups look the same', () => ops(`/Users/${bob.id}`, [{ op: 'add', path: 'displayName', value: 'bobby@example.com' }]), ['bob']],
    ['displayName removed: groups fall back to the userName', () => ops(`/Users/${ann.id}`, [{ op: 'remove', path: 'displayName' }]), ['ann', 'One', 'Nested']],
    ['user PUT that renames', () => c.put(`/Users/${ann.id}`, { schemas: [USER], userName: 'ann2@example.com', displayName: 'Ann Put', title: 'Boss' }), ['ann', 'One', 'Nested']],
    ['user PUT that renames nothing', () => c.put(`/Users/${ann.id}`, { schemas: [USER], userName: 'ann2@example.com', displayName: 'Ann Put', title: 'Chief' }), ['ann']],
    ['group rename', () => ops(`/Groups/${one.id}`, [{ op: 'replace', path: 'displayName', value: 'Group One' }]), ['One', 'ann', 'bob']],
    ['rename of a group that is a member of another', () => ops(`/Groups/${nested.id}`, [{ op: 'replace', path: 'displayName', value: 'Nested Two' }]), ['Nested', 'One', 'ann']],
    ['group rename that only changes case', () => c.put(`/Groups/${one.id}`, { schemas: [GROUP], displayName: 'group one', members: [{ value: ann.id }, { value: bob.id }, { value: nested.id }] }), ['One', 'ann', 'bob']],
    ['group attribute that no member shows', () => ops(`/Groups/${one.id}`, [{ op: 'replace', path: 'externalId', value: 'g-1' }]), ['One']],
    ["Okta's rename re-sent with the same name", () => ops(`/Groups/${one.id}`, [{ op: 'replace', value: { id: one.id, displayName: 'group one' } }]), []],
    ['member added: existing members look the same', () => ops(`/Groups/${one.id}`, [{ op: 'add', path: 'members', value: [{ value: cy.id }] }]), ['One', 'cy']],
    ['rename and membership change in one PATCH', () => ops(`/Groups/${two.id}`, [{ op: 'replace', path: 'displayName', value: 'Two Renamed' }, { op: 'add', path: 'members', value: [{ value: bob.id }] }]), ['Two', 'cy', 'bob']],
    ['user deactivated (not shown by groups)', () => ops(`/Users/${cy.id}`, [{ op: 'replace', path: 'active', value: false }]), ['cy']],
    ['failed rename (name taken) changes nothing', () => ops(`/Groups/${two.id}`, [{ op: 'replace', path: 'displayName', value: 'Group One' }]), []],
  ];
  let before = await read();
  for (const [what, step, changes] of steps) {
    const res = await step();
    t.ok(res.statusCode < 300 || changes.length === 0, `${what}: ${res.statusCode} ${res.body.slice(0, 160)}`);
    const after = await read();
    for (const [name, url] of observed) {
      const b = before.get(name)!;
      const a = after.get(name)!;
      const rendered = JSON.stringify({ ...a.body, lastModified: undefined }) !== JSON.stringify({ ...b.body, lastModified: undefined });
      t.equal(rendered, changes.includes(name), `${what}: ${name}'s representation ${changes.includes(name) ? 'changes' : 'does not change'}`);
      t.equal(a.etag !== b.etag, rendered, `${what}: ${name}'s ETag ${rendered ? 'goes stale' : 'stays valid'}`);
      const cached = await c.get(url, { 'if-none-match': b.etag });
      t.equal(cached.statusCode, rendered ? 200 : 304, `${what}: ${name} If-None-Match with the cached ETag → ${rendered ? 200 : 304}`);
      if (rendered) t.ok(a.body.lastModified >= b.body.lastModified, `${what}: ${name}'s lastModified moves forward`);
      else t.equal(a.body.lastModified, b.body.lastModified, `${what}: ${name}'s lastModified stays`);
    }
    before = after;
  }

  // The admin console renames local groups and users: the same rule holds for SCIM clients
  // caching members that are shown there.
  const admin = (method: 'POST' | 'PATCH', url: string, payload: unknown) => app.inject({ method, url: `/api/admin${url}`, headers: { cookie }, payload: payload as string });
  const local = (await admin('POST', '/groups', { displayName: 'Local Group' })).json();
  t.equal((await admin('POST', `/groups/${local.id}/members`, { add: [cy.id] })).statusCode < 300, true, 'a SCIM user joins a local group');
  const cyBefore = (await c.get(`/Users/${cy.id}`)).json();
  t.ok(cyBefore.groups.some((g: Json) => g.display === 'Local Group'));
  const renamed = await admin('PATCH', `/groups/${local.id}`, { displayName: 'Local Renamed' });
  t.equal(renamed.statusCode, 200, renamed.body);
  const cyAfter = (await c.get(`/Users/${cy.id}`, { 'if-none-match': cyBefore.meta.version }));
  t.equal(cyAfter.statusCode, 200, 'an admin rename makes the member user\'s cached ETag stale');
  t.ok(cyAfter.json().groups.some((g: Json) => g.display === 'Local Renamed'));
  const localUser = (await admin('POST', '/users', { userName: 'local@example.com', displayName: 'Local' })).json();
  await admin('POST', `/groups/${local.id}/members`, { add: [localUser.id] });
  const groupBefore = (await c.get(`/Groups/${local.id}`)).json();
  t.equal((await admin('PATCH', `/users/${localUser.id}`, { displayName: 'Local Renamed User' })).statusCode, 200);
  const groupAfter = await c.get(`/Groups/${local.id}`, { 'if-none-match': groupBefore.meta.version });
  t.equal(groupAfter.statusCode, 200, 'an admin user rename makes its groups\' cached ETags stale');
  t.ok(groupAfter.json().members.some((m: Json) => m.display === 'Local Renamed User'));
});

t.test('a user rename changes no version of a group it left, and a deleted group bumps nothing', async (t) => {
  const { c } = await setup(t);
  const u = (await c.post('/Users', { schemas: [USER], userName: 'leaver@example.com', displayName: 'Leaver' })).json();
  const left = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Left', members: [{ value: u.id }] })).json();
  const gone = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Gone', members: [{ value: u.id }] })).json();
  await c.patchOps(`/Groups/${left.id}`, [{ op: 'remove', path: `members[value eq "${u.id}"]` }]);
  await c.delete(`/Groups/${gone.id}`);
  const leftVersion = (await c.get(`/Groups/${left.id}`)).json().meta.version;
  const r = await c.patchOps(`/Users/${u.id}`, [{ op: 'replace', path: 'displayName', value: 'Renamed Leaver' }]);
  t.equal(r.statusCode, 200, r.body);
  t.equal((await c.get(`/Groups/${left.id}`)).json().meta.version, leftVersion, 'a group the user left keeps its version');
  t.notOk(r.json().groups, 'the user is in no group');
});

// A user rename locks the user, then its groups (the trigger); a group write locks the group,
// then its member users. Racing each other they can deadlock in PostgreSQL: the victim is
// retried (inTransaction), so every request still succeeds, never 500, and the versions end
// up consistent with what is rendered.
t.test('user renames racing group renames and membership changes of the same rows', async (t) => {
  const { c } = await setup(t);
  const u = (await c.post('/Users', { schemas: [USER], userName: 'racer@example.com', displayName: 'Racer 0' })).json();
  const other = (await c.post('/Users', { schemas: [USER], userName: 'other-racer@example.com' })).json();
  const g = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Race 0', members: [{ value: u.id }, { value: other.id }] })).json();
  for (let i = 1; i <= 6; i++) {
    const results = await Promise.all([
      c.patchOps(`/Users/${u.id}`, [{ op: 'replace', path: 'displayName', value: `Racer ${i}` }]),
      c.patchOps(`/Groups/${g.id}`, [{ op: 'replace', path: 'displayName', value: `Race ${i}` }]),
      c.patchOps(`/Groups/${g.id}`, [{ op: i % 2 ? 'remove' : 'add', path: i % 2 ? `members[value eq "${other.id}"]` : 'members', ...(i % 2 ? {} : { value: [{ value: other.id }] }) }]),
      c.patchOps(`/Users/${other.id}`, [{ op: 'replace', path: 'userName', value: `other-racer-${i}@example.com` }]),
    ]);
    for (const r of results) t.ok(r.statusCode < 300, `round ${i}: ${r.statusCode} ${r.body.slice(0, 160)}`);
  }
  const user = (await c.get(`/Users/${u.id}`)).json();
  const group = (await c.get(`/Groups/${g.id}`)).json();
  t.equal(user.groups[0].display, 'Race 6', 'the user shows the last group name');
  t.equal(group.members.find((m: Json) => m.value === u.id).display, 'Racer 6', 'the group shows the last user name');
  // Each cached copy is stale after one more rename on the other side.
  await c.patchOps(`/Groups/${g.id}`, [{ op: 'replace', path: 'displayName', value: 'Race final' }]);
  t.equal((await c.get(`/Users/${u.id}`, { 'if-none-match': user.meta.version })).statusCode, 200, 'after the race, a group rename still makes the member\'s cached ETag stale');
  await c.patchOps(`/Users/${u.id}`, [{ op: 'replace', path: 'displayName', value: 'Racer final' }]);
  t.equal((await c.get(`/Groups/${g.id}`, { 'if-none-match': group.meta.version })).statusCode, 200, 'after the race, a member rename still makes the group\'s cached ETag stale');
});

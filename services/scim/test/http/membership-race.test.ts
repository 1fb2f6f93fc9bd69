// A group write locks the group, then its member users (their version moves with their groups);
// a user's DELETE locks the user, then its groups. Run against each other they can deadlock in
// PostgreSQL: the victim is retried (inTransaction), so both requests still succeed, never 500.
import t from 'tap';
import { GROUP, newUser } from '../../../../test/helpers/scim.js';
import { setup } from '../conformance.js';

t.test('user DELETE racing a group PATCH that removes or adds that user', async (t) => {
  const { c } = await setup(t);
  const g = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Race' })).json();
  for (let i = 0; i < 12; i++) {
    const u = (await c.post('/Users', newUser(`race${i}@example.com`))).json();
    const other = (await c.post('/Users', newUser(`race-other${i}@example.com`))).json();
    await c.patchOps(`/Groups/${g.id}`, [{ op: 'add', path: 'members', value: [{ value: u.id }] }]);
    const [patch, del] = await Promise.all([
      c.patchOps(`/Groups/${g.id}`, [
        { op: 'remove', path: `members[value eq "${u.id}"]` },
        { op: 'add', path: 'members', value: [{ value: other.id }] },
      ]),
      c.delete(`/Users/${u.id}`),
    ]);
    t.equal(del.statusCode, 204, `round ${i}: DELETE`);
    // The PATCH either ran first, or after the delete had already removed the membership.
    t.ok([200, 204].includes(patch.statusCode), `round ${i}: PATCH ${patch.statusCode} ${patch.body}`);
    t.equal((await c.get(`/Users/${u.id}`)).statusCode, 404, `round ${i}: user gone`);
  }
  const members = (await c.get(`/Groups/${g.id}`)).json().members as { value: string }[];
  t.equal(members.length, 12, 'every "other" user joined, every deleted user left');
});

t.test('user DELETE racing a group PATCH that adds that user: a deleted user never stays a member', async (t) => {
  const { c } = await setup(t);
  const g = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Join Race' })).json();
  for (let i = 0; i < 12; i++) {
    const u = (await c.post('/Users', newUser(`join-race${i}@example.com`))).json();
    const [patch, del] = await Promise.all([
      c.patchOps(`/Groups/${g.id}`, [{ op: 'add', path: 'members', value: [{ value: u.id }] }]),
      c.delete(`/Users/${u.id}`),
    ]);
    t.equal(del.statusCode, 204, `round ${i}: DELETE`);
    // Joined first (then removed by the delete), or refused: the user was gone by then.
    t.ok([200, 204, 400].includes(patch.statusCode), `round ${i}: PATCH ${patch.statusCode} ${patch.body}`);
  }
  const members = ((await c.get(`/Groups/${g.id}`)).json().members ?? []) as { value: string }[];
  t.same(members, [], 'no deleted user is left a member');
});

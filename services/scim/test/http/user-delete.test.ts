// DELETE /Users/{id} (resources/user-writes.ts deleteUser): a soft delete that takes the user out
// of every group, with one audit row, the user.deleted event and one members_removed event per
// group left; each group gets a new version. And its refusals, word for word.
import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { GROUP, newUser, scimClient } from '../../../../test/helpers/scim.js';

t.test('DELETE of a user in two groups: audit, events, the groups left and touched', async (t) => {
  const { app, token, db } = await buildTestApp(t);
  const c = scimClient(app, (await token({ connection: 'okta' })).authorization);
  const pool = db.pool;
  const id = (await c.post('/Users', newUser('leaver@example.com'))).json().id as string;
  const stays = (await c.post('/Users', newUser('stays@example.com'))).json().id as string;
  const g1 = (await c.post('/Groups', { schemas: [GROUP], displayName: 'One', members: [{ value: id }, { value: stays }] })).json().id as string;
  const g2 = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Two', members: [{ value: id }] })).json().id as string;
  const lone = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Lone', members: [{ value: stays }] })).json().id as string;
  const gv = async () => Object.fromEntries((await pool.query(`SELECT id, version FROM groups`)).rows.map((r) => [r.id, r.version]));
  const before = await gv();
  const lastEvent = (await pool.query(`SELECT max(id)::int AS n FROM outbox_events`)).rows[0].n as number;

  const res = await c.delete(`/Users/${id}`);
  t.equal(res.statusCode, 204, res.body);
  t.strictSame(await gv(), { [g1]: before[g1] + 1, [g2]: before[g2] + 1, [lone]: before[lone] }, 'each group left has a new version, the others not');
  t.strictSame((await pool.query(`SELECT group_id FROM group_members WHERE member_id = $1`, [id])).rows, []);
  t.strictSame((await pool.query(`SELECT member_id FROM group_members WHERE group_id = $1`, [g1])).rows, [{ member_id: stays }]);
  t.strictSame((await pool.query(`SELECT deleted_at IS NOT NULL AS deleted FROM users WHERE id = $1`, [id])).rows, [{ deleted: true }], 'the row stays, soft-deleted');
  t.strictSame((await pool.query(`SELECT action, resource_type, diff FROM audit_events WHERE resource_id = $1 ORDER BY id`, [id])).rows.at(-1),
    { action: 'user.deleted', resource_type: 'User', diff: { deleted: { after: true } } });

  const ev = (await pool.query(`SELECT type, resource_type, resource_id, payload FROM outbox_events WHERE id > $1 ORDER BY id`, [lastEvent])).rows;
  t.strictSame(ev.slice(0, 1).map((e) => [e.type, e.resource_type, e.resource_id]), [['user.deleted', 'User', id]]);
  // One removal event per group left (in no promised order).
  t.strictSame(ev.slice(1).map((e) => [e.type, e.resource_type, e.resource_id]).sort(), [g1, g2].sort().map((g) => ['group.members_removed', 'Group', g]));
  t.strictSame(ev[0].payload.changedFields, []);
  t.equal(ev[0].payload.resource.id, id);
  t.equal(ev[0].payload.resource.userName, 'leaver@example.com');
  for (const e of ev.slice(1)) {
    t.strictSame([e.payload.group, e.payload.members], [{ id: e.resource_id, displayName: e.resource_id === g1 ? 'One' : 'Two' }, [{ value: id, type: 'User' }]]);
  }
  t.equal((await c.get(`/Users/${id}`)).statusCode, 404);
  t.strictSame((await c.get(`/Groups/${g1}`)).json().members.map((m: { value: string }) => m.value), [stays]);
});

t.test('DELETE refusals: unknown or malformed id 404, another connection 409, nothing changes', async (t) => {
  const { app, token, db } = await buildTestApp(t);
  const c = scimClient(app, (await token({ connection: 'okta' })).authorization);
  const other = scimClient(app, (await token({ connection: 'entra', name: 'e' })).authorization);
  for (const id of ['00000000-0000-4000-8000-000000000001', 'not-a-uuid']) {
    const r = await c.delete(`/Users/${id}`);
    t.strictSame([r.statusCode, r.json().detail], [404, `User ${id} not found`]);
  }
  const id = (await c.post('/Users', newUser('kept@example.com'))).json().id as string;
  const r = await other.delete(`/Users/${id}`);
  t.strictSame([r.statusCode, r.json().detail], [409, `User ${id} is managed by another IdP connection; only that connection's tokens may change it`]);
  t.strictSame((await db.pool.query(`SELECT deleted_at FROM users WHERE id = $1`, [id])).rows, [{ deleted_at: null }]);
  t.equal((await db.pool.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'user.deleted'`)).rows[0].n, 0);
});

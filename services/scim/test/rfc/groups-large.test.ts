// A 2,000-member group through the app (architecture.md invariant 3): set-wise PATCH add/remove, reads
// with and without members (streamed, complete), PUT replace, filter removal, and the outbox /
// audit rows each write leaves (member ids in events of at most 1000).
import t from 'tap';
import { GROUP } from '../../../../test/helpers/scim.js';
import { setup } from '../conformance.js';

const SIZE = 2000;

t.test('group with 2,000 members', async (t) => {
  const { c, db, auth } = await setup(t);
  // Users inserted directly (2,000 POSTs would only test POST); 20 carry a display marker.
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO users (doc, source, connection_id)
     SELECT jsonb_build_object('schemas', jsonb_build_array('urn:ietf:params:scim:schemas:core:2.0:User'), 'userName', 'member' || i || '@example.com', 'active', true,
                               'displayName', CASE WHEN i <= 20 THEN 'Marked ' || i ELSE 'Member ' || i END),
            'scim', $1
       FROM generate_series(1, ${SIZE + 1}) AS i
     RETURNING id`, [auth.connectionId]);
  const ids = rows.map((r) => r.id);
  const [extra, ...members] = [ids.at(-1)!, ...ids.slice(0, SIZE)];
  const events = async (gid: string) => (await db.pool.query<{ type: string; payload: { members?: { value: string }[] } }>('SELECT type, payload FROM outbox_events WHERE resource_id = $1 ORDER BY id', [gid])).rows;
  const audits = async (gid: string) => (await db.pool.query('SELECT action FROM audit_events WHERE resource_id = $1 ORDER BY id', [gid])).rows.map((r) => r.action);

  const created = await c.post('/Groups', { schemas: [GROUP], displayName: 'Everyone', members: members.map((value) => ({ value })) });
  t.equal(created.statusCode, 201, created.body.slice(0, 300));
  const gid = created.json().id;
  t.equal(created.json().members.length, SIZE, 'create answers with every member');
  let ev = await events(gid);
  const added = ev.filter((e) => e.type === 'group.members_added');
  t.equal(added.length, 2, 'two member events for 2,000 members (≤ 1000 each)');
  t.ok(added.every((e) => (e.payload.members?.length ?? 0) <= 1000), 'each event ≤ 1000 members');
  t.same(added.flatMap((e) => e.payload.members!.map((m) => m.value)).sort(), [...members].sort(), 'events carry every member id');
  t.same(await audits(gid), ['group.created'], 'one audit row for the create');

  // Adding one member touches that member only (docs/architecture.md invariant 3): no existing
  // membership row is rewritten and no other member's version moves. Row versions (xmin) tell,
  // with no clock involved; the cost itself is measured in bench/.
  const footprint = async () => (await db.pool.query<{ rows: string; versions: string }>(
    `SELECT (SELECT string_agg(member_id::text || ':' || xmin::text, ',' ORDER BY member_id) FROM group_members WHERE group_id = $1 AND member_id <> $2) AS rows,
            (SELECT sum(version)::text FROM users WHERE id = ANY($3::uuid[])) AS versions`, [gid, extra, members])).rows[0]!;
  const beforeAdd = await footprint();
  const add = await c.patchOps(`/Groups/${gid}`, [{ op: 'add', path: 'members', value: [{ value: extra }] }]);
  t.equal(add.statusCode, 204, 'add one member → 204');
  t.same(await footprint(), beforeAdd, 'adding one member rewrote no other membership row and moved no other member\'s version');
  ev = await events(gid);
  t.same(ev.at(-1)!.payload.members!.map((m) => m.value), [extra], 'event carries the one added id');
  const rm = await c.patchOps(`/Groups/${gid}`, [{ op: 'remove', path: `members[value eq "${members[0]}"]` }]);
  t.equal(rm.statusCode, 204, 'remove one member → 204');
  ev = await events(gid);
  t.equal(ev.at(-1)!.type, 'group.members_removed');
  t.same(ev.at(-1)!.payload.members!.map((m) => m.value), [members[0]]);
  const noop = await c.patchOps(`/Groups/${gid}`, [{ op: 'add', path: 'members', value: [{ value: extra }] }]);
  t.equal(noop.statusCode, 204);
  t.equal((await events(gid)).length, ev.length, 're-adding an existing member emits nothing');

  const slim = await c.get(`/Groups/${gid}?excludedAttributes=members`);
  t.equal(slim.statusCode, 200);
  t.notOk('members' in slim.json(), 'excludedAttributes=members');
  t.ok(slim.body.length < 2000, 'and the body is small');

  const full = await c.get(`/Groups/${gid}`);
  t.equal(full.statusCode, 200);
  t.notOk(full.headers['content-length'], 'members are streamed (no Content-Length)');
  const got = full.json().members.map((m: { value: string }) => m.value);
  t.equal(got.length, SIZE, 'every member present');
  t.equal(new Set(got).size, SIZE, 'no duplicates');
  t.ok(got.includes(extra) && !got.includes(members[0]), 'reflects the PATCHes');

  // members[display co "…"] removal (compiled to SQL, not loaded).
  const marked = await c.patchOps(`/Groups/${gid}`, [{ op: 'remove', path: 'members[display co "Marked"]' }]);
  t.equal(marked.statusCode, 204);
  const afterMarked = (await c.get(`/Groups/${gid}?attributes=members.value`)).json().members.map((m: { value: string }) => m.value);
  t.equal(afterMarked.length, SIZE - 19, 'the 19 remaining marked members left');
  ev = await events(gid);
  t.equal(ev.at(-1)!.payload.members!.length, 19, 'the removal event lists them');

  // PUT replace of the members: half of them.
  const half = members.slice(0, 1000);
  const put = await c.put(`/Groups/${gid}`, { schemas: [GROUP], displayName: 'Everyone', members: half.map((value) => ({ value })) });
  t.equal(put.statusCode, 200, put.body.slice(0, 300));
  t.same(put.json().members.map((m: { value: string }) => m.value).sort(), [...half].sort(), 'PUT set the member list');
  const count = (await db.pool.query('SELECT count(*)::int AS n FROM group_members WHERE group_id = $1', [gid])).rows[0].n;
  t.equal(count, 1000, '1000 rows left');
  ev = await events(gid);
  const lastPut = ev.slice(-2);
  t.ok(lastPut.some((e) => e.type === 'group.members_removed'), 'PUT announced the removals');

  // Users list their group; removal of all.
  t.equal((await c.get(`/Users/${half[500]}`)).json().groups?.[0]?.value, gid);
  t.equal((await c.patchOps(`/Groups/${gid}`, [{ op: 'remove', path: 'members' }])).statusCode, 204);
  t.equal((await db.pool.query('SELECT count(*)::int AS n FROM group_members WHERE group_id = $1', [gid])).rows[0].n, 0, 'remove members empties the group');
  const removedAll = (await events(gid)).at(-1)!;
  t.equal(removedAll.payload.members!.length, 1000, 'one event of 1000 for the mass removal');

  const acts = await audits(gid);
  // create, add, remove, filter removal, PUT, remove all (the re-add was a no-op).
  t.equal(acts.length, 6, `one audit row per effective write (${acts.join(',')})`);
  t.ok(acts.slice(1).every((a) => a === 'group.updated'));
});

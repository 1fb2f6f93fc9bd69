// What a group write records (resources/group-writes.ts): the audit row's membership summary
// (counts, at most 100 ids each way), the net membership change of one PATCH, the events, the
// member users' new versions, adopting a local group, and what deleting a group does to the
// groups it was in and to its members. The IdP files drive the same code; these pin its records.
import type { Pool } from 'pg';
import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { GROUP, newUser, scimClient, type ScimClient } from '../../../../test/helpers/scim.js';

async function setup(t: Parameters<typeof buildTestApp>[0]) {
  const { app, token, db } = await buildTestApp(t);
  const tok = await token({ connection: 'okta' });
  const c = scimClient(app, tok.authorization);
  // The service wakes the dispatcher after each write that committed a change (app.ts onCommit).
  const commits = { n: 0 };
  (app.deps as { onCommit?: () => void }).onCommit = () => commits.n++;
  return { c, pool: db.pool, tok, commits, other: scimClient(app, (await token({ connection: 'entra', name: 'e' })).authorization) };
}

async function users(c: ScimClient, n: number, prefix = 'u'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await c.post('/Users', newUser(`${prefix}${i}@example.com`))).json().id);
  return ids;
}

const audits = async (pool: Pool, id: string) =>
  (await pool.query(`SELECT action, resource_type, diff FROM audit_events WHERE resource_id = $1 ORDER BY id`, [id])).rows;
const events = async (pool: Pool, id: string) =>
  (await pool.query(`SELECT type, resource_type, payload FROM outbox_events WHERE resource_id = $1 ORDER BY id`, [id])).rows as { type: string; resource_type: string; payload: Record<string, any> }[];
/** The version of each row of `table` with one of `ids`, by id. */
const versions = async (pool: Pool, ids: string[], table: 'users' | 'groups' = 'users') =>
  (await pool.query(`SELECT id, version FROM ${table} WHERE id = ANY($1::uuid[])`, [ids])).rows.reduce<Record<string, number>>((m, r) => ({ ...m, [r.id]: r.version }), {});

t.test('POST with members: one audit row with the member summary, the events, the members touched', async (t) => {
  const { c, pool } = await setup(t);
  const [a, b] = await users(c, 2);
  const res = await c.post('/Groups', { schemas: [GROUP], displayName: 'Eng', members: [{ value: a }, { value: b }, { value: a }] });
  t.equal(res.statusCode, 201, res.body);
  const id = res.json().id as string;
  const [row, ...more] = await audits(pool, id);
  t.equal(more.length, 0);
  t.strictSame([row.action, row.resource_type], ['group.created', 'Group']);
  t.strictSame(Object.keys(row.diff).sort(), ['displayName', 'members.added', 'schemas'].sort());
  t.strictSame(row.diff['members.added'].after.count, 2);
  t.strictSame([...row.diff['members.added'].after.ids].sort(), [a, b].sort());
  const ev = await events(pool, id);
  t.strictSame(ev.map((e) => e.type), ['group.created', 'group.members_added']);
  t.strictSame(ev[0]!.payload.changedFields, []);
  t.equal(ev[0]!.payload.resource.id, id);
  t.strictSame(ev[1]!.payload.members.map((m: { value: string }) => m.value).sort(), [a, b].sort());
  t.strictSame(ev[1]!.payload.group, { id, displayName: 'Eng' });
  t.strictSame(ev.map((e) => e.resource_type), ['Group', 'Group']);
  t.strictSame(await versions(pool, [a!, b!]), { [a!]: 2, [b!]: 2 }, "each member user's version moved (its groups changed)");

  const empty = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Empty' })).json().id as string;
  t.strictSame((await audits(pool, empty)).map((r) => Object.keys(r.diff).sort()), [['displayName', 'schemas']], 'no members, no member summary');
  t.strictSame((await events(pool, empty)).map((e) => e.type), ['group.created']);
});

t.test('PATCH: the net change of all its operations is what is recorded', async (t) => {
  const { c, pool, commits } = await setup(t);
  const [a, b, x] = await users(c, 3);
  const id = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Ops', members: [{ value: b }] })).json().id as string;
  const before = (await pool.query(`SELECT version FROM groups WHERE id = $1`, [id])).rows[0].version;
  commits.n = 0;

  // Added then removed in one request: no change at all.
  const noop = await c.patchOps(`/Groups/${id}`, [{ op: 'add', path: 'members', value: [{ value: x }] }, { op: 'remove', path: `members[value eq "${x}"]` }]);
  t.equal(noop.statusCode, 204, noop.body);
  t.equal(noop.headers.etag, `W/"${before}"`, 'the version did not move');
  t.equal((await audits(pool, id)).length, 1, 'no audit row');
  t.equal((await events(pool, id)).length, 2, 'no event');
  t.strictSame(await versions(pool, [x!]), { [x!]: 1 }, 'the user added and removed again was not touched');
  t.equal(commits.n, 0, 'nothing committed: the dispatcher is not woken');

  // Removed then added back: no change either.
  const back = await c.patchOps(`/Groups/${id}`, [{ op: 'remove', path: `members[value eq "${b}"]` }, { op: 'add', path: 'members', value: [{ value: b }] }]);
  t.equal(back.statusCode, 204);
  t.equal((await audits(pool, id)).length, 1);

  // One added, one removed, the document unchanged: an update audited with both, member events only.
  const moved = await c.patchOps(`/Groups/${id}`, [{ op: 'add', path: 'members', value: [{ value: a }] }, { op: 'remove', path: `members[value eq "${b}"]` }]);
  t.equal(moved.statusCode, 204);
  t.equal(moved.headers.etag, `W/"${before + 1}"`);
  t.equal(commits.n, 1, 'a change committed: the dispatcher is woken');
  const last = (await audits(pool, id)).at(-1)!;
  t.equal(last.resource_type, 'Group');
  t.strictSame([last.action, last.diff], ['group.updated', { 'members.added': { after: { count: 1, ids: [a] } }, 'members.removed': { before: { count: 1, ids: [b] } } }]);
  const ev = (await events(pool, id)).slice(2);
  t.strictSame(ev.map((e) => [e.type, e.payload.members?.map((m: { value: string }) => m.value)]), [['group.members_added', [a]], ['group.members_removed', [b]]], 'no group.updated: the document did not change');

  // remove with a member filter, then remove every member: each reported as removed.
  await c.patchOps(`/Groups/${id}`, [{ op: 'add', path: 'members', value: [{ value: b }, { value: x }] }]);
  t.equal((await c.patchOps(`/Groups/${id}`, [{ op: 'remove', path: `members[value eq "${x}"]` }])).statusCode, 204);
  t.strictSame((await audits(pool, id)).at(-1)!.diff, { 'members.removed': { before: { count: 1, ids: [x] } } });
  t.equal((await c.patchOps(`/Groups/${id}`, [{ op: 'remove', path: 'members' }])).statusCode, 204);
  const all = (await audits(pool, id)).at(-1)!.diff['members.removed'].before;
  t.strictSame([all.count, [...all.ids].sort()], [2, [a, b].sort()]);
  // PUT replaces the members: the ones not listed leave.
  await c.patchOps(`/Groups/${id}`, [{ op: 'add', path: 'members', value: [{ value: a }, { value: b }] }]);
  t.equal((await c.put(`/Groups/${id}`, { schemas: [GROUP], displayName: 'Ops', members: [{ value: a }, { value: x }] })).statusCode, 200);
  t.strictSame((await audits(pool, id)).at(-1)!.diff, { 'members.added': { after: { count: 1, ids: [x] } }, 'members.removed': { before: { count: 1, ids: [b] } } });
  const now = (await c.get(`/Groups/${id}`)).json().members.map((m: { value: string }) => m.value).sort();
  t.strictSame(now, [a, x].sort());

  // A rename alone: group.updated with its changed field, no member summary.
  t.equal((await c.patchOps(`/Groups/${id}`, [{ op: 'replace', path: 'displayName', value: 'Ops 2' }])).statusCode, 204);
  const rename = (await audits(pool, id)).at(-1)!;
  t.strictSame(rename.diff, { displayName: { before: 'Ops', after: 'Ops 2' } });
  const renameEv = (await events(pool, id)).at(-1)!;
  t.strictSame([renameEv.type, renameEv.payload.changedFields, renameEv.payload.resource.displayName], ['group.updated', ['displayName'], 'Ops 2']);
});

t.test('the audit row lists at most 100 member ids each way, with the full count; the events carry them all', async (t) => {
  const { c, pool } = await setup(t);
  const ids = await users(c, 105);
  const id = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Big' })).json().id as string;
  t.equal((await c.put(`/Groups/${id}`, { schemas: [GROUP], displayName: 'Big', members: ids.map((value) => ({ value })) })).statusCode, 200);
  const added = (await audits(pool, id)).at(-1)!.diff['members.added'].after;
  t.equal(added.count, 105);
  t.equal(added.ids.length, 100);
  t.ok(added.ids.every((x: string) => ids.includes(x)));
  const carried = (await events(pool, id)).filter((e) => e.type === 'group.members_added').flatMap((e) => e.payload.members.map((m: { value: string }) => m.value));
  t.strictSame(carried.sort(), [...ids].sort(), 'every member in the events');
  // PUT with no members removes them all.
  t.equal((await c.put(`/Groups/${id}`, { schemas: [GROUP], displayName: 'Big' })).statusCode, 200);
  const removed = (await audits(pool, id)).at(-1)!.diff;
  t.strictSame(Object.keys(removed), ['members.removed']);
  t.equal(removed['members.removed'].before.count, 105);
  t.equal(removed['members.removed'].before.ids.length, 100);
});

t.test('a SCIM write to a local group adopts it: audited as a link, announced as an update', async (t) => {
  const { c, pool, tok } = await setup(t);
  const { rows } = await pool.query(`INSERT INTO groups (doc, source) VALUES ('{"displayName":"Local"}', 'local') RETURNING id`);
  const id = rows[0].id as string;
  // Nothing in the document changes: the adoption alone is the change.
  const res = await c.patchOps(`/Groups/${id}`, [{ op: 'replace', path: 'displayName', value: 'Local' }]);
  t.equal(res.statusCode, 204, res.body);
  t.strictSame((await pool.query(`SELECT source, connection_id, version FROM groups WHERE id = $1`, [id])).rows, [{ source: 'scim', connection_id: tok.connectionId, version: 2 }]);
  t.strictSame((await audits(pool, id)).map((r) => [r.action, r.diff]), [['group.linked', {}]]);
  const ev = await events(pool, id);
  t.strictSame(ev.map((e) => [e.type, e.payload.changedFields]), [['group.updated', []]]);
  // Adopted once: the same write again changes nothing.
  t.equal((await c.patchOps(`/Groups/${id}`, [{ op: 'replace', path: 'displayName', value: 'Local' }])).statusCode, 204);
  t.equal((await audits(pool, id)).length, 1);
});

t.test('PATCH remove by a filter on members (not by value): only the matching members leave', async (t) => {
  const { c, pool } = await setup(t);
  const [a, b] = await users(c, 2, 'w');
  const sub = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Sub' })).json().id as string;
  const id = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Mixed', members: [{ value: a }, { value: b }, { value: sub }] })).json().id as string;
  const res = await c.patchOps(`/Groups/${id}`, [{ op: 'remove', path: 'members[type eq "User"]' }]);
  t.equal(res.statusCode, 204, res.body);
  t.strictSame((await c.get(`/Groups/${id}`)).json().members.map((m: { value: string }) => m.value), [sub], 'the nested group stays');
  const left = (await events(pool, id)).at(-1)!;
  t.strictSame([left.type, left.payload.members.map((m: { value: string }) => m.value).sort()], ['group.members_removed', [a, b].sort()]);
});

t.test('DELETE: the group leaves the groups it was in, and its member users get new versions', async (t) => {
  const { c, pool } = await setup(t);
  const [a] = await users(c, 1);
  const child = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Child', members: [{ value: a }] })).json().id as string;
  const p1 = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Parent 1' })).json().id as string;
  const p2 = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Parent 2' })).json().id as string;
  // A local parent (made in the product, not by the IdP) is touched too, and stays local.
  const local = (await pool.query(`INSERT INTO groups (doc, source) VALUES ('{"displayName":"Local parent"}', 'local') RETURNING id`)).rows[0].id as string;
  // The child joins its parents in DESCENDING id order, so the DELETE finds them in the reverse of
  // the order it must take them in: with random ids, joining in creation order matched id order
  // one time in six, and a delete that skipped the sort then passed (a mutation run caught it).
  await pool.query(`INSERT INTO group_members (group_id, member_id, member_type) SELECT g, $2, 'Group' FROM unnest($1::uuid[]) AS g ORDER BY g DESC`, [[p1, p2, local], child]);
  const groupVersions = () => versions(pool, [p1, p2], 'groups');
  const [gv, uv] = [await groupVersions(), (await versions(pool, [a!]))[a!]];

  const del = await c.delete(`/Groups/${child}`);
  t.equal(del.statusCode, 204, del.body);
  t.strictSame((await pool.query(`SELECT source, connection_id, version FROM groups WHERE id = $1`, [local])).rows, [{ source: 'local', connection_id: null, version: 2 }]);
  // The parents' removal events come in parent id order (the order the rows are locked in).
  const order = (await pool.query(`SELECT resource_id FROM outbox_events WHERE type = 'group.members_removed' ORDER BY id`)).rows.map((r) => r.resource_id);
  t.strictSame(order, [p1, p2, local].sort());
  t.strictSame(await groupVersions(), { [p1]: gv[p1]! + 1, [p2]: gv[p2]! + 1 }, 'each parent has a new version');
  t.equal((await versions(pool, [a!]))[a!], uv! + 1, 'the member user has a new version');
  t.strictSame((await pool.query(`SELECT count(*)::int AS n FROM group_members WHERE member_id = $1`, [child])).rows[0].n, 0);
  t.strictSame((await audits(pool, child)).at(-1)!, { action: 'group.deleted', resource_type: 'Group', diff: { deleted: { after: true } } });
  const ev = await events(pool, child);
  t.strictSame([ev.at(-1)!.type, ev.at(-1)!.resource_type], ['group.deleted', 'Group']);
  t.strictSame(ev.at(-1)!.payload.changedFields, []);
  for (const [p, name] of [[p1, 'Parent 1'], [p2, 'Parent 2']] as const) {
    const left = (await events(pool, p)).at(-1)!;
    t.strictSame([left.type, left.payload.group, left.payload.members], ['group.members_removed', { id: p, displayName: name }, [{ value: child, type: 'Group' }]], `${name} announced the removal`);
  }
  t.equal((await c.get(`/Groups/${child}`)).statusCode, 404);
  const user = (await c.get(`/Users/${a}`)).json();
  t.strictSame(user.groups ?? [], [], "the user's groups no longer show the deleted group");
});

t.test('refusals: an unknown or malformed id is 404, a taken displayName or another connection 409; nothing is written', async (t) => {
  const { c, pool, other } = await setup(t);
  const a = (await c.post('/Groups', { schemas: [GROUP], displayName: 'A' })).json().id as string;
  await c.post('/Groups', { schemas: [GROUP], displayName: 'B' });
  const missing = '00000000-0000-4000-8000-000000000001';
  for (const id of [missing, 'not-a-uuid']) {
    const detail = `Group ${id} not found`;
    for (const r of [await c.patchOps(`/Groups/${id}`, [{ op: 'replace', path: 'displayName', value: 'x' }]), await c.put(`/Groups/${id}`, { schemas: [GROUP], displayName: 'x' }), await c.delete(`/Groups/${id}`)]) {
      t.strictSame([r.statusCode, r.json().detail], [404, detail]);
    }
  }
  for (const r of [await c.patchOps(`/Groups/${a}`, [{ op: 'replace', path: 'displayName', value: 'b' }]), await c.put(`/Groups/${a}`, { schemas: [GROUP], displayName: 'B' }), await c.post('/Groups', { schemas: [GROUP], displayName: 'a' })]) {
    t.strictSame([r.statusCode, r.json().scimType, r.json().detail], [409, 'uniqueness', 'a group with this displayName already exists']);
  }
  // Another connection may not change it: the refusal names the resource type and id.
  for (const r of [await other.patchOps(`/Groups/${a}`, [{ op: 'replace', path: 'displayName', value: 'z' }]), await other.delete(`/Groups/${a}`)]) {
    t.strictSame([r.statusCode, r.json().detail], [409, `Group ${a} is managed by another IdP connection; only that connection's tokens may change it`]);
  }
  t.equal((await audits(pool, a)).length, 1, 'only the creation');
});

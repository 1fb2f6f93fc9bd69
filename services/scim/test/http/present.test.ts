// What a read returns (resources/present.ts): a group's members streamed page by page
// (MEMBER_PAGE at a time) as one well-formed document, member sub-attributes projected on every
// page, and a user's groups present exactly when the user has some — also when the write that
// answers did not load them.
import t from 'tap';
import { MEMBER_PAGE } from '../../src/scim/resources/present.js';
import { GROUP, newUser } from '../../../../test/helpers/scim.js';
import { setup } from '../conformance.js';

t.test(`a group of more than two member pages (${2 * MEMBER_PAGE + 1} members)`, async (t) => {
  const { c, db, auth } = await setup(t);
  const size = 2 * MEMBER_PAGE + 1;
  const gid = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Big' })).json().id as string;
  // Users and memberships through SQL: thousands of POSTs would only test POST.
  const ids = (await db.pool.query<{ id: string }>(
    `WITH u AS (INSERT INTO users (doc, source, connection_id)
                SELECT jsonb_build_object('userName', 'm' || i || '@example.com', 'displayName', 'M ' || i, 'active', true), 'scim', $1
                  FROM generate_series(1, ${size}) AS i RETURNING id),
          m AS (INSERT INTO group_members (group_id, member_id, member_type) SELECT $2, id, 'User' FROM u)
     SELECT id::text FROM u ORDER BY id`, [auth.connectionId, gid])).rows.map((r) => r.id);

  const full = await c.get(`/Groups/${gid}`);
  t.equal(full.statusCode, 200);
  const members = full.json().members as { value: string; type: string; display: string; $ref: string }[]; // json() fails on a malformed stream
  t.equal(members.length, size, 'every member, across the pages');
  t.strictSame(members.map((m) => m.value), ids, 'each once, in id order');
  t.strictSame(Object.keys(members[size - 1]!).sort(), ['$ref', 'display', 'type', 'value']);
  t.equal(full.json().displayName, 'Big');

  for (const [attrs, keys] of [['members.value', ['value']], ['members.display', ['display']], ['displayName,members.type', ['type']]] as const) {
    const r = (await c.get(`/Groups/${gid}?attributes=${attrs}`)).json();
    t.equal(r.members.length, size, `${attrs}: every member`);
    const seen = new Set(r.members.map((m: object) => Object.keys(m).sort().join(',')));
    t.strictSame([...seen], [keys.join(',')], `${attrs}: the same sub-attributes on every page`);
  }
  const listed = (await c.get(`/Groups?filter=${encodeURIComponent('displayName eq "Big"')}`)).json();
  t.equal(listed.Resources[0].members.length, size, 'a listing streams the same way');
  const without = (await c.get(`/Groups/${gid}?excludedAttributes=members`)).json();
  t.strictSame(Object.keys(without).sort(), ['displayName', 'id', 'meta', 'schemas']);
});

t.test('a user\'s groups: present when there are some, absent when none', async (t) => {
  const { c } = await setup(t);
  const member = (await c.post('/Users', newUser('member@example.com'))).json().id as string;
  const loner = (await c.post('/Users', newUser('loner@example.com'))).json().id as string;
  const gid = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Eng', members: [{ value: member }] })).json().id as string;
  const listed = (await c.get('/Users?attributes=groups')).json().Resources as { id: string; groups?: { value: string }[] }[];
  t.strictSame(listed.find((u) => u.id === member)!.groups!.map((g) => g.value), [gid]);
  t.notOk('groups' in listed.find((u) => u.id === loner)!, 'no groups attribute for a user in none (RFC 7643 §2.5)');
  // A PATCH that changes nothing answers with the stored user, whose groups the write did not load.
  const same = await c.patchOps(`/Users/${member}`, [{ op: 'replace', path: 'userName', value: 'member@example.com' }]);
  t.equal(same.statusCode, 200);
  t.strictSame(same.json().groups.map((g: { value: string; display: string }) => [g.value, g.display]), [[gid, 'Eng']]);
  const alone = await c.patchOps(`/Users/${loner}`, [{ op: 'replace', path: 'userName', value: 'loner@example.com' }]);
  t.equal(alone.statusCode, 200);
  t.notOk('groups' in alone.json(), 'and none for a user in no group');
});

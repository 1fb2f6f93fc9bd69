// resources/recent-users.ts: bounded (the oldest written first out), and a remembered row
// cannot be changed through the object a caller was handed.
import t from 'tap';
import { RecentUsers, recentUsersOf } from '../../src/scim/resources/recent-users.js';
import type { StoredUser } from '../../src/scim/resources/user-store.js';

const user = (id: string, version = 1): StoredUser => ({
  id, version, doc: { userName: `${id}@example.com`, emails: [{ value: `${id}@example.com` }] }, source: 'scim', connection_id: 'c',
  created_at: new Date('2026-12-03T00:00:00Z'), updated_at: new Date('2026-12-03T00:00:00Z'), deleted_at: null,
} as StoredUser);

t.test('at most max rows; the oldest written goes first; a rewrite counts as new', async (t) => {
  const r = new RecentUsers(2);
  r.put(user('a'));
  r.put(user('b'));
  t.same([r.get('a')?.id, r.get('b')?.id], ['a', 'b'], 'two fit in two');
  r.put(user('a', 2));
  r.put(user('c'));
  t.equal(r.get('b'), undefined, 'b, written longest ago, is out');
  t.same([r.get('a')?.version, r.get('c')?.id], [2, 'c'], 'a (rewritten) and c stay');
});

t.test('forget, and copies that do not reach the remembered row', async (t) => {
  const r = new RecentUsers();
  r.put(user('a'));
  const got = r.get('a')!;
  (got.doc.emails as { value: string }[])[0]!.value = 'changed';
  got.doc.userName = 'changed';
  t.same(r.get('a')!.doc, user('a').doc, 'the remembered document is unchanged');
  t.same(r.get('a')!.created_at, user('a').created_at);
  r.forget('a');
  t.equal(r.get('a'), undefined, 'forgotten');
  t.equal(r.get('never'), undefined);
});

t.test('one memory per pool', async (t) => {
  const p1 = {};
  const p2 = {};
  recentUsersOf(p1).put(user('a'));
  t.equal(recentUsersOf(p1).get('a')?.id, 'a');
  t.equal(recentUsersOf(p2).get('a'), undefined);
});

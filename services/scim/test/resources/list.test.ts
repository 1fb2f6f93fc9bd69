// runList (resources/list.ts) against a real database, with every statement it sends recorded:
// which page kinds pay a count, which carry the first page's count forward, which need no count
// at all (an IdP's lookup: one statement), and what the rows and totals are. The statements are
// the point here — a page that counted again would answer the same totals, only slower
// (BENCHMARKS.md "A million users").
import { Kysely, PostgresDialect } from 'kysely';
import t from 'tap';
import { TokenNoLongerValidError, type Database } from '@scim/db';
import type { ListRequest } from '../../src/scim/http/list-params.js';
import { ContinuationCache } from '../../src/scim/resources/list-snapshot.js';
import { runList } from '../../src/scim/resources/list.js';
import type { StoredUser } from '../../src/scim/resources/user-store.js';
import { createToken } from '../../src/tokens/token-store.js';
import { createTestDatabase } from '../../../../test/helpers/db.js';

const ROW_KEYS = ['connection_id', 'created_at', 'deleted_at', 'doc', 'id', 'source', 'updated_at', 'version'];

/** What a statement is, from its text: the page, a full count, or the count carried since a snapshot. */
function kind(text: string): string {
  if (/AS added/.test(text)) return 'since';
  if (/^\s*SELECT count\(\*\)/.test(text)) return 'count';
  if (/LIMIT/.test(text)) return 'page';
  return `other: ${text.slice(0, 60)}`;
}

t.test('runList', async (t) => {
  const handle = await createTestDatabase(t);
  const sent: string[] = [];
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: handle.pool }), log: (e) => void (e.level === 'query' && sent.push(kind(e.query.sql))) });
  const pool = { query: (q: { text: string }) => (sent.push(kind(q.text)), handle.pool.query(q as never)) } as never;
  // Five users, one statement each, so creation order is insertion order.
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    ids.push((await handle.pool.query(`INSERT INTO users (doc, source) VALUES ($1, 'local') RETURNING id`, [JSON.stringify({ userName: `u-${i}`, active: true })])).rows[0].id);
  }
  const g = (await handle.pool.query(`INSERT INTO groups (doc, source) VALUES ('{"displayName":"Eng"}', 'local') RETURNING id`)).rows[0].id as string;
  await handle.pool.query(`INSERT INTO group_members (group_id, member_id, member_type) VALUES ($1, $2, 'User')`, [g, ids[1]]);
  const byId = [...ids].sort();
  const continuations = new ContinuationCache();
  const list = async (r: Partial<ListRequest>, extra: Partial<Parameters<typeof runList>[3]> = {}) => {
    sent.length = 0;
    const req: ListRequest = { startIndex: 1, sortOrder: 'ascending', attributes: [], excludedAttributes: [], ...r };
    const res = await runList<StoredUser>(db, 'User', req, { maxPageSize: 1000, defaultPageSize: 100, cursorKey: 'k'.repeat(32), continuations, pool, ...extra });
    return { ...res, names: res.rows.map((u) => (u.doc as { userName: string }).userName), sent: [...sent].sort() };
  };

  t.test('a lookup is one statement: the short first page is its own count', async (t) => {
    const r = await list({ filter: 'userName eq "u-2"' });
    t.strictSame([r.names, r.total, r.sent], [['u-2'], 1, ['page']]);
    t.strictSame(Object.keys(r.rows[0]!).sort(), ROW_KEYS, 'the row as stored, nothing of the statement\'s own');
    const none = await list({ filter: 'userName eq "nobody"' });
    t.strictSame([none.names, none.total, none.sent], [[], 0, ['page']]);
  });

  t.test('a first page holding exactly every match is short too (one row more is read)', async (t) => {
    const r = await list({ count: 5 });
    t.strictSame([r.names, r.total, r.sent], [['u-0', 'u-1', 'u-2', 'u-3', 'u-4'], 5, ['page']]);
  });

  t.test('a blank filter is no filter', async (t) => {
    const r = await list({ filter: '   ', count: 5 });
    t.strictSame([r.total, r.names.length], [5, 5]);
  });

  t.test('startIndex paging: a full first page is counted; the next page continues and carries the count', async (t) => {
    const first = await list({ count: 2 });
    t.strictSame([first.names, first.total, first.sent], [['u-0', 'u-1'], 5, ['count', 'page']]);
    for (const r of first.rows) t.strictSame(Object.keys(r).sort(), ROW_KEYS);
    const next = await list({ count: 2, startIndex: 3 });
    t.strictSame([next.names, next.total, next.sent], [['u-2', 'u-3'], 5, ['page', 'since']]);
    for (const r of next.rows) t.strictSame(Object.keys(r).sort(), ROW_KEYS);
    // Another startIndex than where a page ended: OFFSET and a count of its own.
    const random = await list({ count: 2, startIndex: 2 });
    t.strictSame([random.names, random.total, random.sent], [['u-1', 'u-2'], 5, ['count', 'page']]);
    const last = await list({ count: 2, startIndex: 5 });
    t.strictSame([last.names, last.total, last.sent], [['u-4'], 5, ['page', 'since']], 'continued from the page that ended at 4');
  });

  t.test('descending creation order continues backwards', async (t) => {
    const first = await list({ count: 2, sortOrder: 'descending' });
    t.strictSame(first.names, ['u-4', 'u-3']);
    const next = await list({ count: 2, startIndex: 3, sortOrder: 'descending' });
    t.strictSame([next.names, next.total, next.sent], [['u-2', 'u-1'], 5, ['page', 'since']]);
  });

  t.test('cursor paging (RFC 9865): id order; the first page counts, the next carry it', async (t) => {
    const first = await list({ count: 2, cursor: '' });
    t.strictSame([first.rows.map((u) => u.id), first.total, first.sent], [byId.slice(0, 2), 5, ['count', 'page']]);
    t.ok(first.nextCursor);
    const second = await list({ count: 2, cursor: first.nextCursor });
    t.strictSame([second.rows.map((u) => u.id), second.total, second.sent], [byId.slice(2, 4), 5, ['page', 'since']]);
    const third = await list({ count: 2, cursor: second.nextCursor });
    t.strictSame([third.rows.map((u) => u.id), third.total, third.nextCursor, third.sent], [byId.slice(4), 5, undefined, ['page', 'since']]);
    const short = await list({ count: 10, cursor: '' });
    t.strictSame([short.rows.length, short.total, short.nextCursor, short.sent], [5, 5, undefined, ['page']]);
  });

  t.test('a cursor belongs to its query: another sortBy or filter is refused', async (t) => {
    const first = await list({ count: 2, cursor: '', sortBy: 'userName' });
    const refused = { status: 400, scimType: 'invalidCursor', message: 'the cursor was issued for a different filter, sort or resource type' };
    await t.rejects(list({ count: 2, cursor: first.nextCursor, sortBy: 'displayName' }), refused);
    await t.rejects(list({ count: 2, cursor: first.nextCursor }), refused);
    await t.rejects(list({ count: 2, cursor: first.nextCursor, sortBy: 'userName', filter: 'userName sw "u"' }), refused);
    const next = await list({ count: 2, cursor: first.nextCursor, sortBy: 'userName' });
    t.strictSame(next.names, ['u-2', 'u-3']);
  });

  t.test('with no memory of where pages ended, every later page is OFFSET and a count', async (t) => {
    const r = await list({ count: 2, startIndex: 3 }, { continuations: undefined });
    t.strictSame([r.names, r.total, r.sent], [['u-2', 'u-3'], 5, ['count', 'page']]);
  });

  t.test('the page after a short first page: empty, its total carried from that page', async (t) => {
    const first = await list({ filter: 'userName sw "u-"', count: 10 });
    t.strictSame([first.total, first.sent], [5, ['page']]);
    const after = await list({ filter: 'userName sw "u-"', count: 10, startIndex: 6 });
    t.strictSame([after.names, after.total, after.sent], [[], 5, ['page', 'since']]);
  });

  t.test('count=0 reads no rows, only the count', async (t) => {
    const r = await list({ count: 0 });
    t.strictSame([r.rows, r.total, r.sent], [[], 5, ['count']]);
  });

  t.test('groups read by the page statement when asked for: every user of the page has an entry', async (t) => {
    const r = await list({ count: 5 }, { userGroups: true });
    t.strictSame(r.sent, ['page'], 'no statement of their own');
    t.strictSame(ids.map((id) => r.groups!.get(id)), [[], [{ value: g, display: 'Eng' }], [], [], []]);
    for (const row of r.rows) t.strictSame(Object.keys(row).sort(), ROW_KEYS);
    t.equal((await list({ count: 5 })).groups, undefined, 'not asked for: not read');
  });

  t.test('the token check rides in the page statement', async (t) => {
    const tok = await createToken(handle.db, { source: 'cli' }, { name: 'list', connection: 'idp' });
    const check = { tokenId: tok.id, check: { verified: false } };
    const r = await list({ filter: 'userName eq "u-1"' }, { tokenCheck: check });
    t.strictSame([r.names, r.sent, check.check.verified], [['u-1'], ['page'], true]);
    t.strictSame(Object.keys(r.rows[0]!).sort(), ROW_KEYS);
    const empty = await list({ filter: 'userName eq "nobody"' }, { tokenCheck: { tokenId: tok.id, check: { verified: false } } });
    t.strictSame([empty.rows, empty.total], [[], 0], 'no match: the verdict row is not a user');
    await handle.pool.query(`UPDATE scim_tokens SET revoked_at = now() WHERE id = $1`, [tok.id]);
    const revoked = { tokenId: tok.id, check: { verified: false } };
    await t.rejects(list({ filter: 'userName eq "u-1"' }, { tokenCheck: revoked }), TokenNoLongerValidError);
    t.equal(revoked.check.verified, false);
  });
});

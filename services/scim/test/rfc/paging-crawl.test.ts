// A full listing the way Entra and Okta import: index paging (RFC 7644 §3.4.2.4) with count=100
// from startIndex 1 to the end, and the same with RFC 9865 cursors, while the IdP keeps writing.
// A sequential startIndex continues after the row the previous page ended on
// (scim/resources/list-snapshot.ts), so a deletion behind the crawl shifts nothing: with OFFSET
// a user would be skipped. totalResults follows inserts and deletions without a count per page.
import t, { type Test } from 'tap';
import { newUser } from '../../../../test/helpers/scim.js';
import { setup } from '../conformance.js';

type Ctx = Awaited<ReturnType<typeof setup>>;

async function seed({ db, auth }: Ctx) {
  // Two statements: 600 users share one created_at (ties are ordered by id), 450 another.
  for (const [from, to] of [[1, 600], [601, 1050]]) {
    await db.pool.query(
      `WITH u AS (INSERT INTO users (doc, source, connection_id)
                  SELECT jsonb_build_object('schemas', jsonb_build_array('urn:ietf:params:scim:schemas:core:2.0:User'), 'userName', 'crawl' || i || '@example.com', 'active', true),
                         'scim', $3 FROM generate_series($1::int, $2::int) AS i RETURNING id, user_name)
       INSERT INTO user_emails (user_id, ord, value) SELECT id, 0, user_name FROM u`,
      [from, to, auth.connectionId],
    );
  }
}

const liveCount = async ({ db }: Ctx) => (await db.pool.query(`SELECT count(*)::int AS n FROM users WHERE deleted_at IS NULL`)).rows[0].n as number;
const orderOf = async ({ db }: Ctx, ids: string[], order: string) =>
  (await db.pool.query(`SELECT id FROM users WHERE id = ANY($1::uuid[]) ORDER BY ${order}`, [ids])).rows.map((r) => r.id as string);

/** Between pages 2 and 3: three creates, a deletion behind the crawl and one ahead of it. */
async function writeDuringCrawl(t: Test, ctx: Ctx, seen: string[], ahead: string) {
  for (let i = 0; i < 3; i++) t.equal((await ctx.c.post('/Users', newUser(`late${i}-${seen.length}@example.com`))).statusCode, 201);
  t.equal((await ctx.c.delete(`/Users/${seen[5]}`)).statusCode, 204);
  t.equal((await ctx.c.delete(`/Users/${ahead}`)).statusCode, 204);
}

async function check(t: Test, ctx: Ctx, seen: string[], ahead: string, order: string) {
  t.equal(new Set(seen).size, seen.length, 'no user twice');
  t.same(seen, await orderOf(ctx, seen, order), 'in the listing order');
  const live = (await ctx.db.pool.query(`SELECT id FROM users WHERE deleted_at IS NULL`)).rows.map((r) => r.id as string);
  const missing = live.filter((id) => !seen.includes(id));
  t.same(missing, [], 'every live user, the late creates included, was listed');
  t.notOk(seen.includes(ahead), 'a user deleted before the crawl reached it is not listed');
  t.equal(seen.length, live.length + 1, 'plus the one deleted after it was listed');
}

t.test('startIndex crawl, count=100, with concurrent writes', async (t) => {
  const ctx = await setup(t);
  await seed(ctx);
  const order = (await ctx.db.pool.query(`SELECT id FROM users ORDER BY created_at, id`)).rows.map((r) => r.id as string);
  const ahead = order[900]!;
  const seen: string[] = [];
  let page = 0;
  for (let start = 1; ; page++) {
    const res = await ctx.c.get(`/Users?startIndex=${start}&count=100&attributes=userName`);
    t.equal(res.statusCode, 200, res.body);
    const body = res.json();
    t.equal(body.totalResults, await liveCount(ctx), `page ${page + 1}: totalResults is the live count`);
    t.equal(body.startIndex, start);
    const ids = (body.Resources ?? []).map((r: { id: string }) => r.id);
    seen.push(...ids);
    if (ids.length < 100) break;
    start += ids.length;
    if (page === 1) await writeDuringCrawl(t, ctx, seen, ahead);
    if (page === 4) {
      // Random access in the middle of a crawl is plain OFFSET and leaves the crawl alone.
      const random = (await ctx.c.get('/Users?startIndex=51&count=5')).json().Resources.map((r: { id: string }) => r.id);
      const expected = (await ctx.db.pool.query(`SELECT id FROM users WHERE deleted_at IS NULL ORDER BY created_at, id OFFSET 50 LIMIT 5`)).rows.map((r) => r.id);
      t.same(random, expected, 'random access is an offset into the current result set');
    }
  }
  t.ok(page >= 10, `${page + 1} pages`);
  await check(t, ctx, seen, ahead, 'created_at, id');
});

t.test('cursor crawl (RFC 9865), count=100, with concurrent writes', async (t) => {
  const ctx = await setup(t);
  await seed(ctx);
  const ahead = (await ctx.db.pool.query(`SELECT id FROM users ORDER BY id OFFSET 900 LIMIT 1`)).rows[0].id as string;
  const seen: string[] = [];
  let cursor = '';
  for (let page = 0; ; page++) {
    const body = (await ctx.c.get(`/Users?cursor=${encodeURIComponent(cursor)}&count=100&attributes=userName`)).json();
    t.equal(body.totalResults, await liveCount(ctx), `page ${page + 1}: totalResults is the live count`);
    seen.push(...(body.Resources ?? []).map((r: { id: string }) => r.id));
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
    if (page === 1) await writeDuringCrawl(t, ctx, seen, ahead);
  }
  // Cursor order is the id (random uuids): late creates land anywhere, so the crawl lists those
  // after its position only; every user that existed before it started is checked instead.
  t.equal(new Set(seen).size, seen.length, 'no user twice');
  t.same(seen, await orderOf(ctx, seen, 'id'), 'in id order');
  const before = (await ctx.db.pool.query(`SELECT id FROM users WHERE deleted_at IS NULL AND user_name LIKE 'crawl%'`)).rows.map((r) => r.id as string);
  t.same(before.filter((id) => !seen.includes(id)), [], 'every seeded live user was listed');
  t.notOk(seen.includes(ahead), 'a user deleted before the crawl reached it is not listed');
});

import t from 'tap';
import { sql } from 'kysely';
import { writeAudit } from '@scim/db';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { csvCell } from '../../src/audit/query.js';
import { signIn } from './helpers.js';

t.test('audit rows cannot be altered: UPDATE, DELETE and TRUNCATE raise', async (t) => {
  const { db } = await buildTestApp(t);
  await db.db.transaction().execute((trx) => writeAudit(trx, { source: 'system' }, [{ action: 'test.event' }]));
  await t.rejects(sql`UPDATE audit_events SET action = 'forged'`.execute(db.db), /append-only/);
  await t.rejects(sql`DELETE FROM audit_events`.execute(db.db), /append-only/);
  await t.rejects(sql`TRUNCATE audit_events`.execute(db.db), /append-only/);
  const rows = await db.db.selectFrom('audit_events').select('action').execute();
  t.same(rows, [{ action: 'test.event' }]);
});

t.test('audit query: filters, keyset paging, CSV and NDJSON export', async (t) => {
  const { app, db, token } = await buildTestApp(t);
  const okta = await token({ connection: 'okta' });
  const entra = await token({ connection: 'entra' });
  const { cookie, admin } = await signIn(app, db.db);
  // 30 rows by the Okta token in "last quarter", 5 by Entra, some now.
  const lastQuarter = new Date('2026-04-15T12:00:00Z');
  await db.db.transaction().execute(async (trx) => {
    for (let i = 0; i < 30; i++) {
      await trx
        .insertInto('audit_events')
        .values({ occurred_at: new Date(lastQuarter.getTime() + i * 1000), source: 'scim', connection_id: okta.connectionId, token_id: okta.id, action: i % 2 ? 'user.updated' : 'user.created', resource_type: 'User', resource_id: `u${i}`, user_agent: i === 3 ? '=HYPERLINK("x")' : 'Okta SCIM Client', diff: JSON.stringify({ 'name.givenName': { after: `N,"${i}"` } }) })
        .execute();
    }
    for (let i = 0; i < 5; i++) {
      await trx.insertInto('audit_events').values({ occurred_at: lastQuarter, source: 'scim', connection_id: entra.connectionId, token_id: entra.id, action: 'group.updated', resource_type: 'Group', resource_id: 'g1' }).execute();
    }
  });
  const get = (qs: string) => app.inject({ url: `/api/admin/audit?${qs}`, headers: { cookie } });
  const q = `tokenId=${okta.id}&from=2026-04-01T00:00:00Z&to=2026-07-01T00:00:00Z`;

  // "Every change this IdP token made last quarter" is one request (paged).
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await get(`${q}&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
    t.equal(res.statusCode, 200, res.body);
    const body = res.json();
    seen.push(...body.items.map((i: { resourceId: string }) => i.resourceId));
    cursor = body.nextCursor;
    pages++;
  } while (cursor);
  t.equal(pages, 5);
  t.equal(seen.length, 30);
  t.equal(new Set(seen).size, 30, 'no row twice');
  t.same(seen.slice(0, 2), ['u29', 'u28'], 'newest first');

  t.equal((await get(`connectionId=${entra.connectionId}`)).json().items.length, 5);
  t.equal((await get(`resourceType=Group&resourceId=g1`)).json().items.length, 5);
  t.equal((await get(`${q}&action=user.created`)).json().items.length, 15);
  t.equal((await get(`${q}&action=user.*`)).json().items.length, 30);
  t.equal((await get(`source=scim&from=2026-04-15T12:00:10Z&to=2026-04-15T12:00:20Z&tokenId=${okta.id}`)).json().items.length, 10);
  const mine = (await get(`adminId=${admin.id}`)).json().items;
  t.match(mine, [{ action: 'admin.signed_in', source: 'admin', adminId: admin.id }]);
  t.equal((await get('from=2026-05-01T00:00:00Z&to=2026-04-01T00:00:00Z')).json().code, 'validation_failed');
  t.equal((await get('tokenId=not-a-uuid')).statusCode, 400);
  t.equal((await get('cursor=eyJ4IjoxfQ')).json().code, 'invalid_cursor');

  // Rows committed within the same millisecond still page exactly (microsecond cursors).
  const sameMs = (await get(`connectionId=${entra.connectionId}&limit=2`)).json();
  const rest = (await get(`connectionId=${entra.connectionId}&limit=10&cursor=${sameMs.nextCursor}`)).json();
  t.equal(sameMs.items.length + rest.items.length, 5);

  const csv = await app.inject({ url: `/api/admin/audit/export?format=csv&${q}`, headers: { cookie } });
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /text\/csv/);
  t.match(csv.headers['content-disposition'], /attachment; filename="audit-.*\.csv"/);
  const lines = csv.body.trimEnd().split('\r\n');
  t.equal(lines[0], 'id,occurredAt,source,connectionId,tokenId,adminId,action,resourceType,resourceId,requestId,ip,userAgent,diff');
  t.equal(lines.length, 31);
  t.match(lines[1], /,user\.created,User,u0,/, 'oldest first');
  t.match(csv.body, /"'=HYPERLINK\(""x""\)"/, 'formula cells neutralised and quoted');
  t.match(lines[1], /"\{""name\.givenName"":\{""after"":""N,\\""0\\""""\}\}"/, 'diff JSON quoted');

  const ndjson = await app.inject({ url: `/api/admin/audit/export?format=ndjson&connectionId=${entra.connectionId}`, headers: { cookie } });
  t.match(ndjson.headers['content-type'], /application\/x-ndjson/);
  const items = ndjson.body.trim().split('\n').map((l) => JSON.parse(l));
  t.equal(items.length, 5);
  t.match(items[0], { action: 'group.updated', tokenId: entra.id, connectionId: entra.connectionId });
  t.equal((await app.inject({ url: '/api/admin/audit/export?format=xml', headers: { cookie } })).statusCode, 400);
  t.equal((await app.inject({ url: '/api/admin/audit/export?format=csv' })).statusCode, 401, 'export needs a session');
});

t.test('csv cells', async (t) => {
  t.equal(csvCell(null), '');
  t.equal(csvCell('plain'), 'plain');
  t.equal(csvCell('a,b'), '"a,b"');
  t.equal(csvCell('-1+1'), "'-1+1");
  t.equal(csvCell({ a: 1 }), '"{""a"":1}"');
});

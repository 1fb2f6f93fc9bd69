// The OpenAPI document covers every admin route with its responses, and the small additions the
// console needed (a user's groups paged, hourly activity, the admins list, the SCIM base URL).
import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { signIn } from './helpers.js';

t.test('GET /api/admin/openapi.json: every route, each with a 2xx and the error shape', async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ url: '/api/admin/openapi.json' });
  t.equal(res.statusCode, 200, 'public: it describes the API, holds no data');
  const doc = res.json();
  t.equal(doc.openapi, '3.1.0');
  const routes = app.printRoutes({ commonPrefix: false });
  const ops: string[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
    t.ok(path.startsWith('/api/admin/'), `${path} is an admin path`);
    for (const [method, op] of Object.entries(item)) {
      ops.push(`${method.toUpperCase()} ${path}`);
      const codes = Object.keys(op.responses);
      t.ok(codes.some((c) => /^2\d\d$/.test(c)), `${method} ${path} documents its success response`);
      t.ok(codes.includes('4XX'), `${method} ${path} documents the error shape`);
    }
  }
  for (const op of ['GET /api/admin/session', 'POST /api/admin/session', 'DELETE /api/admin/session', 'GET /api/admin/connections', 'POST /api/admin/connections/{id}/tokens',
    'POST /api/admin/tokens/{id}/rotate', 'POST /api/admin/connections/{id}/test', 'GET /api/admin/users', 'GET /api/admin/users/{id}/groups', 'GET /api/admin/groups/{id}/members',
    'GET /api/admin/audit', 'GET /api/admin/audit/export', 'GET /api/admin/admins', 'GET /api/admin/outbox/consumers']) {
    t.ok(ops.includes(op), `${op} is documented`);
  }
  t.notOk(ops.includes('GET /api/admin/openapi.json'), 'the document does not list itself');
  t.ok(routes.length > 0);
});

t.test('response schemas keep SCIM attributes they do not name (extensions)', async (t) => {
  const { app, db, token } = await buildTestApp(t);
  const { cookie } = await signIn(app, db.db);
  const { authorization } = await token({ connection: 'Okta' });
  const ext = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
  const created = await app.inject({
    method: 'POST',
    url: '/scim/v2/Users',
    headers: { authorization, 'content-type': 'application/scim+json' },
    payload: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ext], userName: 'grace@example.com', title: 'Rear Admiral', [ext]: { department: 'Navy' } },
  });
  t.equal(created.statusCode, 201, created.body);
  const u = (await app.inject({ url: `/api/admin/users/${created.json().id}`, headers: { cookie } })).json();
  t.equal(u.title, 'Rear Admiral');
  t.same(u[ext], { department: 'Navy' });
  t.match(u, { managedByScim: true, connection: { name: 'Okta' }, hasPassword: false });
});

t.test("a user's groups are paged; activity has hourly buckets; admins and the SCIM base URL are listed", async (t) => {
  const { app, db, config } = await buildTestApp(t);
  const { cookie, admin } = await signIn(app, db.db);
  const headers = { cookie };
  const user = (await app.inject({ method: 'POST', url: '/api/admin/users', headers, payload: { userName: 'ada@example.com' } })).json();
  const groupIds: string[] = [];
  for (const name of ['Alpha', 'Beta', 'Gamma']) {
    const g = (await app.inject({ method: 'POST', url: '/api/admin/groups', headers, payload: { displayName: name } })).json();
    await app.inject({ method: 'POST', url: `/api/admin/groups/${g.id}/members`, headers, payload: { add: [user.id] } });
    groupIds.push(g.id);
  }
  const first = await app.inject({ url: `/api/admin/users/${user.id}/groups?limit=2`, headers });
  t.equal(first.statusCode, 200, first.body);
  t.equal(first.json().items.length, 2);
  t.type(first.json().nextCursor, 'string');
  t.match(first.json().items[0], { value: groupIds[0], display: 'Alpha', type: 'direct', $ref: `${config.publicBaseUrl}/scim/v2/Groups/${groupIds[0]}` });
  const second = (await app.inject({ url: `/api/admin/users/${user.id}/groups?limit=2&cursor=${first.json().nextCursor}`, headers })).json();
  t.same(second.items.map((g: { display: string }) => g.display), ['Gamma']);
  t.equal(second.nextCursor, null);
  t.equal((await app.inject({ url: `/api/admin/users/not-a-uuid/groups`, headers })).statusCode, 404);
  t.equal((await app.inject({ url: `/api/admin/users/${user.id}/groups?cursor=bogus`, headers })).json().code, 'invalid_cursor');

  const admins = (await app.inject({ url: '/api/admin/admins', headers })).json();
  t.same(admins.items, [{ id: admin.id, email: admin.email }]);

  const conns = (await app.inject({ url: '/api/admin/connections', headers })).json();
  t.equal(conns.scimBaseUrl, 'https://scim.test/scim/v2');

  const conn = (await app.inject({ method: 'POST', url: '/api/admin/connections', headers, payload: { name: 'Okta', kind: 'okta' } })).json();
  const minted = (await app.inject({ method: 'POST', url: `/api/admin/connections/${conn.id}/tokens`, headers, payload: { name: 'okta' } })).json();
  const scim = { authorization: `Bearer ${minted.token}` };
  await app.inject({ url: '/scim/v2/Users', headers: scim });
  await app.inject({ url: '/scim/v2/Users/00000000-0000-4000-8000-000000000000', headers: scim });
  const activity = (await app.inject({ url: `/api/admin/connections/${conn.id}/activity`, headers })).json();
  t.equal(activity.requestsLast24h, 2);
  t.equal(activity.errorsLast24h, 1);
  t.equal(activity.hourly.length, 1);
  t.match(activity.hourly[0], { requests: 2, errors: 1, hour: /T\d\d:00:00\.000Z$/ });
  t.match(activity.lastError, { status: 404 });
});

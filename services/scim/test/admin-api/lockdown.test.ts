import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { insertScimManaged, signIn } from './helpers.js';

t.test('every mutating admin route refuses SCIM-managed users and groups', async (t) => {
  const { app, db, token } = await buildTestApp(t);
  const { connectionId } = await token({ connection: 'Entra prod' });
  const { userId, groupId } = await insertScimManaged(db.db, connectionId);
  const { cookie } = await signIn(app, db.db);
  const before = await db.db.selectFrom('users').select(['doc', 'version', 'password_hash', 'deleted_at']).where('id', '=', userId).executeTakeFirstOrThrow();
  const auditBefore = await db.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();

  const routes: { method: 'PATCH' | 'DELETE' | 'POST'; url: string; payload?: object }[] = [
    { method: 'PATCH', url: `/api/admin/users/${userId}`, payload: { displayName: 'Hacked' } },
    { method: 'PATCH', url: `/api/admin/users/${userId}`, payload: { active: false } },
    { method: 'DELETE', url: `/api/admin/users/${userId}` },
    { method: 'POST', url: `/api/admin/users/${userId}/password`, payload: { password: 'a-new-password-123' } },
    { method: 'PATCH', url: `/api/admin/groups/${groupId}`, payload: { displayName: 'Renamed' } },
    { method: 'DELETE', url: `/api/admin/groups/${groupId}` },
    { method: 'POST', url: `/api/admin/groups/${groupId}/members`, payload: { add: [userId] } },
  ];
  for (const r of routes) {
    const res = await app.inject({ ...r, headers: { cookie } });
    t.equal(res.statusCode, 409, `${r.method} ${r.url}`);
    t.match(res.json(), { statusCode: 409, code: 'scim_managed', message: /managed by IdP connection "Entra prod"/ });
  }
  const after = await db.db.selectFrom('users').select(['doc', 'version', 'password_hash', 'deleted_at']).where('id', '=', userId).executeTakeFirstOrThrow();
  t.same(after, before, 'the row is untouched');
  const auditAfter = await db.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  t.equal(auditAfter.n, auditBefore.n, 'nothing audited, nothing changed');
  t.equal((await db.db.selectFrom('outbox_events').selectAll().execute()).length, 0);

  // Reads show where the row comes from.
  const detail = await app.inject({ url: `/api/admin/users/${userId}`, headers: { cookie } });
  t.match(detail.json(), { id: userId, source: 'scim', managedByScim: true, connection: { id: connectionId, name: 'Entra prod' }, meta: { resourceType: 'User' } });
  const group = await app.inject({ url: `/api/admin/groups/${groupId}`, headers: { cookie } });
  t.match(group.json(), { id: groupId, source: 'scim', connection: { name: 'Entra prod' }, memberCount: 0 });
  const list = await app.inject({ url: '/api/admin/users?source=scim', headers: { cookie } });
  t.equal(list.json().items.length, 1);
});

t.test('local users: create, search, edit, deactivate, password, delete — each with audit and outbox', async (t) => {
  const { app, db } = await buildTestApp(t);
  const { cookie, admin } = await signIn(app, db.db);
  const headers = { cookie, 'user-agent': 'test-browser', 'x-request-id': 'req-42' };
  const created = await app.inject({
    method: 'POST',
    url: '/api/admin/users',
    headers,
    payload: { userName: 'ada@example.com', givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.com', password: 'analytical-engine-1843' },
  });
  t.equal(created.statusCode, 201, created.body);
  const user = created.json();
  t.match(user, { userName: 'ada@example.com', name: { givenName: 'Ada', familyName: 'Lovelace' }, emails: [{ value: 'ada@example.com', type: 'work', primary: true }], active: true, source: 'local', connection: null, hasPassword: true });
  const emails = await db.db.selectFrom('user_emails').selectAll().where('user_id', '=', user.id).execute();
  t.match(emails, [{ ord: 0, value: 'ada@example.com', type: 'work', is_primary: true }]);

  const dup = await app.inject({ method: 'POST', url: '/api/admin/users', headers, payload: { userName: 'ADA@example.com' } });
  t.equal(dup.statusCode, 409);
  t.equal(dup.json().code, 'conflict');

  await app.inject({ method: 'POST', url: '/api/admin/users', headers, payload: { userName: 'grace@example.com', displayName: 'Grace Hopper' } });
  const search = await app.inject({ url: '/api/admin/users?q=hopper', headers });
  t.same(search.json().items.map((u: { userName: string }) => u.userName), ['grace@example.com']);
  const byEmail = await app.inject({ url: '/api/admin/users?q=ADA%40EX', headers });
  t.equal(byEmail.json().items.length, 1);
  const page1 = await app.inject({ url: '/api/admin/users?limit=1', headers });
  t.ok(page1.json().nextCursor);
  const page2 = await app.inject({ url: `/api/admin/users?limit=1&cursor=${page1.json().nextCursor}`, headers });
  t.equal(page2.json().items[0].userName, 'grace@example.com');
  t.equal(page2.json().nextCursor, null);
  t.equal((await app.inject({ url: '/api/admin/users?cursor=garbage', headers })).json().code, 'invalid_cursor');

  const edited = await app.inject({ method: 'PATCH', url: `/api/admin/users/${user.id}`, headers, payload: { givenName: 'Augusta Ada', email: 'ada@lovelace.org' } });
  t.equal(edited.statusCode, 200);
  t.match(edited.json(), { name: { givenName: 'Augusta Ada' }, emails: [{ value: 'ada@lovelace.org' }], meta: { version: 'W/"2"' } });
  t.match(await db.db.selectFrom('user_emails').select('value').where('user_id', '=', user.id).execute(), [{ value: 'ada@lovelace.org' }]);

  const off = await app.inject({ method: 'PATCH', url: `/api/admin/users/${user.id}`, headers, payload: { active: false } });
  t.equal(off.json().active, false);
  const on = await app.inject({ method: 'PATCH', url: `/api/admin/users/${user.id}`, headers, payload: { active: true } });
  t.equal(on.json().active, true);
  t.equal((await app.inject({ method: 'POST', url: `/api/admin/users/${user.id}/password`, headers, payload: { password: 'short' } })).json().code, 'validation_failed');
  t.equal((await app.inject({ method: 'POST', url: `/api/admin/users/${user.id}/password`, headers, payload: { password: 'difference-engine-1822' } })).statusCode, 204);
  t.equal((await app.inject({ method: 'DELETE', url: `/api/admin/users/${user.id}`, headers })).statusCode, 204);
  t.equal((await app.inject({ method: 'DELETE', url: `/api/admin/users/${user.id}`, headers })).statusCode, 404, 'already deleted');
  const row = await db.db.selectFrom('users').select(['deleted_at', 'source', 'connection_id']).where('id', '=', user.id).executeTakeFirstOrThrow();
  t.ok(row.deleted_at, 'soft delete');

  const audit = await db.db.selectFrom('audit_events').selectAll().where('resource_id', '=', user.id).orderBy('id').execute();
  t.same(audit.map((a) => a.action), ['user.created', 'user.updated', 'user.deactivated', 'user.reactivated', 'user.password_reset', 'user.deleted']);
  t.ok(audit.every((a) => a.source === 'admin' && a.admin_id === admin.id && a.request_id === 'req-42' && a.user_agent === 'test-browser' && a.ip));
  t.match(audit[0]!.diff, { userName: { after: 'ada@example.com' }, password: { after: '[redacted]' } });
  t.match(audit[1]!.diff, { 'name.givenName': { before: 'Ada', after: 'Augusta Ada' } });
  t.notOk(JSON.stringify(audit).includes('analytical-engine'), 'no password in the audit log');

  const events = await db.db.selectFrom('outbox_events').selectAll().where('resource_id', '=', user.id).orderBy('id').execute();
  t.same(events.map((e) => e.type), ['user.created', 'user.updated', 'user.deactivated', 'user.reactivated', 'user.updated', 'user.deleted']);
  t.match(events[1]!.payload, { resource: { id: user.id, name: { givenName: 'Augusta Ada' } }, changedFields: ['name', 'emails'] });
  t.match(events[0]!.actor, { source: 'admin', adminId: admin.id });
});

t.test('local groups: create, rename, members, delete', async (t) => {
  const { app, db } = await buildTestApp(t);
  const { cookie } = await signIn(app, db.db);
  const u = (await app.inject({ method: 'POST', url: '/api/admin/users', headers: { cookie }, payload: { userName: 'm@example.com' } })).json();
  const g = await app.inject({ method: 'POST', url: '/api/admin/groups', headers: { cookie }, payload: { displayName: 'Engineering' } });
  t.equal(g.statusCode, 201);
  const id = g.json().id;
  t.equal((await app.inject({ method: 'POST', url: '/api/admin/groups', headers: { cookie }, payload: { displayName: 'engineering' } })).statusCode, 409);
  t.equal((await app.inject({ method: 'PATCH', url: `/api/admin/groups/${id}`, headers: { cookie }, payload: { displayName: 'Eng' } })).json().displayName, 'Eng');
  const m = await app.inject({ method: 'POST', url: `/api/admin/groups/${id}/members`, headers: { cookie }, payload: { add: [u.id, '00000000-0000-4000-8000-000000000000'] } });
  t.same(m.json(), { added: [u.id], removed: [] });
  const members = await app.inject({ url: `/api/admin/groups/${id}/members`, headers: { cookie } });
  t.match(members.json().items, [{ value: u.id, type: 'User', display: 'm@example.com' }]);
  t.match((await app.inject({ url: `/api/admin/users/${u.id}`, headers: { cookie } })).json().groups, [{ value: id, display: 'Eng' }]);
  t.equal((await app.inject({ method: 'DELETE', url: `/api/admin/groups/${id}`, headers: { cookie } })).statusCode, 204);
  const types = (await db.db.selectFrom('outbox_events').select('type').where('resource_type', '=', 'Group').orderBy('id').execute()).map((e) => e.type);
  t.same(types, ['group.created', 'group.updated', 'group.updated', 'group.deleted']);
});

// RFC 7644 §3.5.2 PATCH through the app: add/remove/replace forms, IdP quirks (case of op and
// attribute names, string booleans), no-op detection (same version, no outbox row) and the
// audit row every real write leaves.
import t from 'tap';
import { ENT, PATCHOP, USER } from '../../../../test/helpers/scim.js';
import { assertScimError, setup } from '../conformance.js';

t.test('PATCH semantics', async (t) => {
  const { c, db } = await setup(t);
  const u = (await c.post('/Users', { schemas: [USER], userName: 'patch@example.com', name: { givenName: 'Pat', familyName: 'Ch' }, emails: [{ value: 'w@example.com', type: 'work', primary: true }, { value: 'h@example.com', type: 'home' }], phoneNumbers: [{ value: '1', type: 'work' }] })).json();
  const id = u.id;
  const patch = (ops: unknown[], h?: Record<string, string>) => c.patchOps(`/Users/${id}`, ops, h);

  let r = await patch([{ op: 'add', path: 'emails', value: [{ value: 'o@example.com', type: 'other' }] }]);
  t.equal(r.json().emails.length, 3, 'add to a multi-valued attribute appends');
  r = await patch([{ op: 'add', path: 'emails', value: [{ value: 'o@example.com', type: 'other' }] }]);
  t.equal(r.json().emails.length, 3, 're-adding an identical value does not duplicate');
  r = await patch([{ op: 'add', path: 'name', value: { middleName: 'M' } }]);
  t.same(r.json().name, { givenName: 'Pat', middleName: 'M', familyName: 'Ch' }, 'add of a complex value merges');
  r = await patch([{ op: 'replace', path: 'name', value: { givenName: 'P2' } }]);
  t.equal(r.json().name.familyName, 'Ch', 'replace of a complex value keeps unspecified sub-attributes');
  t.equal(r.json().name.givenName, 'P2');
  r = await patch([{ op: 'remove', path: 'emails[type eq "other"]' }]);
  t.same(r.json().emails.map((e: { type: string }) => e.type), ['work', 'home'], 'remove by filter');
  r = await patch([{ op: 'replace', path: 'emails[type eq "home"].primary', value: true }]);
  t.same(r.json().emails.filter((e: { primary?: boolean }) => e.primary).map((e: { type: string }) => e.type), ['home'], 'making one primary clears the other (RFC 7643 §2.4)');
  r = await patch([{ op: 'remove', path: 'phoneNumbers' }]);
  t.notOk('phoneNumbers' in r.json(), 'remove of a multi-valued attribute without filter removes all values');
  r = await patch([{ op: 'remove', path: 'name.middleName' }]);
  t.notOk('middleName' in r.json().name, 'remove a sub-attribute');
  r = await patch([{ op: 'replace', value: { displayName: 'Path-less', active: 'False', 'name.familyName': 'Less', [`${ENT}:department`]: 'Ops', id: 'ignored' } }]);
  t.equal(r.statusCode, 200, r.body);
  t.match(r.json(), { displayName: 'Path-less', active: false, name: { familyName: 'Less' }, [ENT]: { department: 'Ops' } }, 'path-less replace with plain, dotted and URN keys');
  t.equal(r.json().id, id);
  r = await patch([{ op: 'add', value: { [ENT]: { employeeNumber: '7' }, nickName: 'Nick' } }]);
  t.match(r.json(), { nickName: 'Nick', [ENT]: { employeeNumber: '7', department: 'Ops' } }, 'path-less add with an extension object');
  r = await patch([{ op: 'remove', path: ENT }]);
  t.notOk(ENT in r.json(), 'remove a whole extension');
  t.notOk(r.json().schemas.includes(ENT));
  r = await c.patch(`/Users/${id}`, { schemas: [PATCHOP], operations: [{ Op: 'REPLACE', Path: 'DisplayName', Value: 'Cased' }] });
  t.equal(r.statusCode, 200, r.body);
  t.equal(r.json().displayName, 'Cased', 'op, member and attribute names are case-insensitive');
  r = await patch([{ op: 'Replace', path: 'Emails[Type eq "work"].Value', value: 'w2@example.com' }]);
  t.equal(r.json().emails.find((e: { type: string }) => e.type === 'work').value, 'w2@example.com', 'case-insensitive value path');
  r = await patch([{ op: 'replace', path: 'displayName', value: null }]);
  t.notOk('displayName' in r.json(), 'replace with null unassigns');
  // All or nothing.
  assertScimError(t, await patch([{ op: 'replace', path: 'nickName', value: 'Half' }, { op: 'replace', path: 'id', value: 'x' }]), 400, 'mutability', 'second op fails');
  t.equal((await c.get(`/Users/${id}`)).json().nickName, 'Nick', 'the first op was not applied');
  assertScimError(t, await patch([{ op: 'remove', path: 'userName' }]), 400, 'mutability', 'removing the required userName (RFC 7644 §3.5.2.2)');
  // Changing readOnly via path-less value is ignored (Okta's group rename carries id).
  r = await patch([{ op: 'replace', value: { meta: { created: '2000-01-01T00:00:00Z' }, nickName: 'Nick2' } }]);
  t.equal(r.statusCode, 200, r.body);
  t.not(r.json().meta.created, '2000-01-01T00:00:00Z');

  // No-op: version unchanged, no outbox row, no audit row.
  const count = async (table: string, col: string) => (await db.pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${col} = $1`, [id])).rows[0].n;
  const before = (await c.get(`/Users/${id}`)).json();
  const [o0, a0] = [await count('outbox_events', 'resource_id'), await count('audit_events', 'resource_id')];
  for (const ops of [
    [{ op: 'replace', path: 'nickName', value: 'Nick2' }],
    [{ op: 'add', path: 'emails', value: [{ value: 'h@example.com', type: 'home', primary: true }] }],
    [{ op: 'remove', path: 'title' }],
    [{ op: 'Replace', path: 'active', value: 'false' }],
    [{ op: 'replace', value: { nickName: 'Nick2', active: false } }],
    // The same emails re-sent whole, keys in another order than jsonb stores them.
    [{ op: 'replace', path: 'emails', value: before.emails.map((e: Record<string, unknown>) => Object.fromEntries(Object.entries(e).reverse())) }],
  ]) {
    const n = await patch(ops);
    t.equal(n.statusCode, 200, n.body);
    t.equal(n.json().meta.version, before.meta.version, `no-op ${JSON.stringify(ops)} keeps the version`);
    t.equal(n.headers.etag, before.meta.version);
  }
  t.equal(await count('outbox_events', 'resource_id'), o0, 'no-op PATCHes emit no outbox event');
  t.equal(await count('audit_events', 'resource_id'), a0, 'no-op PATCHes write no audit row');

  // A real change: one audit row and one outbox event, with the actor.
  r = await patch([{ op: 'replace', path: 'active', value: true }]);
  t.equal(await count('outbox_events', 'resource_id'), o0 + 1, 'one outbox event');
  t.equal(await count('audit_events', 'resource_id'), a0 + 1, 'one audit row');
  const ev = (await db.pool.query('SELECT type FROM outbox_events WHERE resource_id = $1 ORDER BY id DESC LIMIT 1', [id])).rows[0];
  t.equal(ev.type, 'user.reactivated', 'reactivation event');
  const audit = (await db.pool.query('SELECT source, action, connection_id FROM audit_events WHERE resource_id = $1 ORDER BY id DESC LIMIT 1', [id])).rows[0];
  t.match(audit, { source: 'scim', action: 'user.updated' });
  t.ok(audit.connection_id, 'audit row names the connection');
});

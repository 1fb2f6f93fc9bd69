import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { newUser, scimClient } from '../../../../test/helpers/scim.js';

async function insertLocalUser(pool: import('pg').Pool, userName: string): Promise<string> {
  const { rows } = await pool.query(`INSERT INTO users (doc, source) VALUES ($1, 'local') RETURNING id`, [JSON.stringify({ userName, active: true })]);
  return rows[0].id;
}

t.test('a SCIM POST matching a local user adopts it: same id, now managed, audited as a link', async (t) => {
  const { app, token, db } = await buildTestApp(t);
  const tok = await token({ connection: 'okta' });
  const c = scimClient(app, tok.authorization);
  const localId = await insertLocalUser(db.pool, 'Grace@Example.com');
  const res = await c.post('/Users', newUser('grace@example.com', { externalId: 'okta-grace' }));
  t.equal(res.statusCode, 201, res.body);
  t.equal(res.json().id, localId, 'the local user was adopted, not duplicated');
  const { rows } = await db.pool.query(`SELECT source, connection_id, external_id FROM users WHERE id = $1`, [localId]);
  t.same(rows, [{ source: 'scim', connection_id: tok.connectionId, external_id: 'okta-grace' }]);
  const audit = await db.pool.query(`SELECT action, token_id FROM audit_events WHERE resource_id = $1`, [localId]);
  t.same(audit.rows, [{ action: 'user.linked', token_id: tok.id }]);
  const events = await db.pool.query(`SELECT type, payload->'adopted' AS adopted FROM outbox_events WHERE resource_id = $1`, [localId]);
  t.same(events.rows, [{ type: 'user.updated', adopted: true }]);
  const count = await db.pool.query(`SELECT count(*)::int AS n FROM users`);
  t.equal(count.rows[0].n, 1);
});

t.test('a write through SCIM to a local user adopts it too; another connection then gets 409', async (t) => {
  const { app, token, db } = await buildTestApp(t);
  const okta = scimClient(app, (await token({ connection: 'okta' })).authorization);
  const entra = scimClient(app, (await token({ connection: 'entra', name: 'e' })).authorization);
  const localId = await insertLocalUser(db.pool, 'alan@example.com');
  const patched = await okta.patchOps(`/Users/${localId}`, [{ op: 'replace', path: 'displayName', value: 'Alan' }]);
  t.equal(patched.statusCode, 200, patched.body);
  const other = await entra.patchOps(`/Users/${localId}`, [{ op: 'replace', path: 'displayName', value: 'Nope' }]);
  t.equal(other.statusCode, 409);
  t.match(other.json().detail, /managed by another IdP connection/);
});

t.test('adoption can be switched off: the POST is a uniqueness conflict and nothing changes', async (t) => {
  const { app, token, db } = await buildTestApp(t, { SCIM_ADOPT_LOCAL_USERS: 'false' });
  const c = scimClient(app, (await token()).authorization);
  const localId = await insertLocalUser(db.pool, 'ada@example.com');
  const res = await c.post('/Users', newUser('ada@example.com'));
  t.equal(res.statusCode, 409);
  t.equal(res.json().scimType, 'uniqueness');
  const patch = await c.patchOps(`/Users/${localId}`, [{ op: 'replace', path: 'active', value: false }]);
  t.equal(patch.statusCode, 409);
  const { rows } = await db.pool.query(`SELECT source, connection_id, version, doc->'active' AS active FROM users WHERE id = $1`, [localId]);
  t.same(rows, [{ source: 'local', connection_id: null, version: 1, active: true }]);
  t.match(patch.json().detail, /is a local account; adopting local accounts through SCIM is disabled/, 'the refusal says why');
  const events = await db.pool.query(`SELECT count(*)::int AS n FROM outbox_events`);
  t.equal(events.rows[0].n, 0);
  // Rows this connection manages stay writable: only local rows are refused.
  const own = (await c.post('/Users', newUser('grace@example.com'))).json();
  t.equal((await c.patchOps(`/Users/${own.id}`, [{ op: 'replace', path: 'active', value: false }])).statusCode, 200, 'its own user: written');
});

import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { ENT, newUser, scimClient } from '../../../../test/helpers/scim.js';

// POST /Users of a new userName is one SQL statement that renders the outbox event's resource
// itself (scim/resources/user-create.ts); the event must carry exactly what the response and a
// later GET show (docs/outbox.md: `resource` is the full representation after the change).

t.test('the user.created event carries the very representation the POST answered with', async (t) => {
  const { app, token, db } = await buildTestApp(t);
  const c = scimClient(app, (await token({ connection: 'okta' })).authorization);
  // Many creates: timestamps land on every kind of microsecond fraction, so the SQL rendering's
  // millisecond cut and pg's Date parsing are compared across many values, not one.
  for (let i = 0; i < 40; i++) {
    const extra = i % 2 === 0
      ? { externalId: `ext-${i}`, displayName: `Ünïcode ${i}`, schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT], [ENT]: { department: 'R&D', manager: { value: 'm-1' } } }
      : { emails: [{ value: `a${i}@x.example`, type: 'work', primary: true }, { value: `b${i}@y.example`, type: 'home' }] };
    const res = await c.post('/Users', newUser(`Create.${i}@Example.com`, extra));
    t.equal(res.statusCode, 201, res.body);
    const created = res.json();
    const { rows } = await db.pool.query(`SELECT type, payload FROM outbox_events WHERE resource_id = $1`, [created.id]);
    t.same(rows.map((r) => r.type), ['user.created']);
    t.strictSame(rows[0].payload, { resource: created, changedFields: [] }, `event ${i} equals the response`);
    t.strictSame((await c.get(`/Users/${created.id}`)).json(), created, `GET ${i} equals the response`);
  }
});

t.test('the email rows, audit row and event of a create commit with the user', async (t) => {
  const { app, token, db } = await buildTestApp(t);
  const tok = await token({ connection: 'okta' });
  const c = scimClient(app, tok.authorization);
  const res = await c.post('/Users', newUser('mail@example.com', {
    emails: [{ value: 'Mail@Example.com', type: 'work', primary: true }, { value: 'other@example.com', display: 'Other' }],
    password: 'Correct-Horse-9',
  }));
  t.equal(res.statusCode, 201, res.body);
  const id = res.json().id;
  const emails = await db.pool.query(`SELECT ord, value, type, is_primary, display FROM user_emails WHERE user_id = $1 ORDER BY ord`, [id]);
  t.same(emails.rows, [
    { ord: 0, value: 'Mail@Example.com', type: 'work', is_primary: true, display: null },
    { ord: 1, value: 'other@example.com', type: null, is_primary: false, display: 'Other' },
  ]);
  const audit = await db.pool.query(`SELECT action, source, connection_id, token_id, diff FROM audit_events WHERE resource_id = $1`, [id]);
  t.equal(audit.rows.length, 1);
  t.match(audit.rows[0], { action: 'user.created', source: 'scim', connection_id: tok.connectionId, token_id: tok.id });
  t.same(audit.rows[0].diff.password, { after: '[redacted]' }, 'the password is in the audit diff only as a redacted change');
  t.notOk(JSON.stringify(audit.rows[0].diff).includes('Correct-Horse-9'));
  const event = await db.pool.query(`SELECT actor FROM outbox_events WHERE resource_id = $1`, [id]);
  t.same(event.rows[0].actor, { source: 'scim', connectionId: tok.connectionId, tokenId: tok.id, adminId: null });
  t.notOk(JSON.stringify(event.rows).includes('Correct-Horse-9'));
});

t.test('a create that is not new takes the locking path: revival by userName or externalId, conflict when live', async (t) => {
  const { app, token, db } = await buildTestApp(t);
  const c = scimClient(app, (await token({ connection: 'okta' })).authorization);
  const first = (await c.post('/Users', newUser('Back@Example.com', { externalId: 'okta-back' }))).json();
  t.equal((await c.delete(`/Users/${first.id}`)).statusCode, 204);
  const again = await c.post('/Users', newUser('back@example.COM', { externalId: 'okta-back' }));
  t.equal(again.statusCode, 201, again.body);
  t.equal(again.json().id, first.id, 'the soft-deleted user comes back with its id (userName matched case-insensitively)');
  t.equal((await c.post('/Users', newUser('BACK@example.com'))).json().scimType, 'uniqueness', 'a live holder is a conflict');
  t.equal((await c.delete(`/Users/${first.id}`)).statusCode, 204);
  const byExt = await c.post('/Users', newUser('renamed@example.com', { externalId: 'okta-back' }));
  t.equal(byExt.json().id, first.id, 'a deleted user is revived by its externalId under a new userName');
  const audit = await db.pool.query(`SELECT action FROM audit_events WHERE resource_id = $1 ORDER BY id`, [first.id]);
  t.same(audit.rows.map((r) => r.action), ['user.created', 'user.deleted', 'user.revived', 'user.deleted', 'user.revived']);
  const emails = await db.pool.query(`SELECT value FROM user_emails WHERE user_id = $1`, [first.id]);
  t.same(emails.rows, [{ value: 'renamed@example.com' }], 'the email rows follow the revived document');
});

t.test('PUT and PATCH: one statement writes the document, email rows, audit row and event', async (t) => {
  const { app, token, db } = await buildTestApp(t);
  const c = scimClient(app, (await token({ connection: 'okta' })).authorization);
  const id = (await c.post('/Users', newUser('upd@example.com', { emails: [{ value: 'a@x.example', primary: true }, { value: 'b@x.example' }, { value: 'c@x.example' }] }))).json().id;
  const emails = async () => (await db.pool.query(`SELECT ord, value, is_primary FROM user_emails WHERE user_id = $1 ORDER BY ord`, [id])).rows;
  const lastEvent = async () => (await db.pool.query(`SELECT type, payload FROM outbox_events WHERE resource_id = $1 ORDER BY id DESC LIMIT 1`, [id])).rows[0];

  const put = await c.put(`/Users/${id}`, newUser('upd@example.com', { displayName: 'Put', emails: [{ value: 'z@x.example', type: 'work' }] }));
  t.equal(put.statusCode, 200, put.body);
  t.same(await emails(), [{ ord: 0, value: 'z@x.example', is_primary: false }], 'fewer emails: the surplus rows are gone, the first rewritten');
  let ev = await lastEvent();
  t.equal(ev.type, 'user.updated');
  t.strictSame(ev.payload.resource, put.json(), 'the event carries the PUT response');
  t.ok(ev.payload.changedFields.includes('emails') && ev.payload.changedFields.includes('displayName'));

  const patch = await c.patchOps(`/Users/${id}`, [{ op: 'add', path: 'emails', value: [{ value: 'y@x.example', primary: true }] }, { op: 'replace', path: 'active', value: false }]);
  t.equal(patch.statusCode, 200, patch.body);
  t.same(await emails(), [{ ord: 0, value: 'z@x.example', is_primary: false }, { ord: 1, value: 'y@x.example', is_primary: true }], 'more emails: rows added');
  ev = await lastEvent();
  t.equal(ev.type, 'user.deactivated');
  t.strictSame(ev.payload.resource, patch.json(), 'the event carries the PATCH response');
  t.equal(patch.json().meta.version, 'W/"3"');

  const same = await c.patchOps(`/Users/${id}`, [{ op: 'replace', path: 'active', value: false }]);
  t.equal(same.json().meta.version, 'W/"3"', 'a PATCH that changes nothing writes nothing');
  const audit = await db.pool.query(`SELECT action FROM audit_events WHERE resource_id = $1 ORDER BY id`, [id]);
  t.same(audit.rows.map((r) => r.action), ['user.created', 'user.updated', 'user.updated']);
});

// The branches of a user write that the everyday path does not take (resources/user-writes.ts):
// a POST that revives a deleted user or links a local one, with the exact audit row and event
// each records; the password's place in the diff; and the optimistic PUT/PATCH meeting another
// write between its read and its guarded write — made deterministic by holding a row lock in a
// second transaction until the request's statement is queued behind it.
import t from 'tap';
import { verifyPassword } from '../../src/admin-accounts/password.js';
import { recentUsersOf } from '../../src/scim/resources/recent-users.js';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { deadlockCount, lockHolder, waitFor, waitUntilBlocked } from '../../../../test/helpers/pg-locks.js';
import { newUser, scimClient } from '../../../../test/helpers/scim.js';

const PASSWORD = 'Correct-horse-42';

async function setup(t: Parameters<typeof buildTestApp>[0]) {
  const ta = await buildTestApp(t);
  const tok = await ta.token({ connection: 'okta' });
  const pool = ta.db.pool;
  const lastAudit = async (id: string) =>
    (await pool.query(`SELECT action, resource_type, token_id, diff FROM audit_events WHERE resource_id = $1 ORDER BY id DESC LIMIT 1`, [id])).rows[0];
  const eventsSince = async (n: number) => (await pool.query(`SELECT type, resource_type, resource_id, payload FROM outbox_events WHERE id > $1 ORDER BY id`, [n])).rows;
  const lastEventId = async () => (await pool.query(`SELECT coalesce(max(id), 0)::int AS n FROM outbox_events`)).rows[0].n as number;
  const auditCount = async (id: string) => (await pool.query(`SELECT count(*)::int AS n FROM audit_events WHERE resource_id = $1`, [id])).rows[0].n as number;
  const row = async (id: string) =>
    (await pool.query(`SELECT source, connection_id, version, deleted_at, password_hash FROM users WHERE id = $1`, [id])).rows[0];
  return { ...ta, tok, pool, c: scimClient(ta.app, tok.authorization), lastAudit, eventsSince, lastEventId, auditCount, row };
}

t.test('POST of a deleted userName revives the same row: user.revived, user.created with revived', async (t) => {
  const { c, tok, pool, lastAudit, eventsSince, lastEventId, row, token, app } = await setup(t);
  const id = (await c.post('/Users', newUser('back@example.com', { displayName: 'Old', title: 'Intern' }))).json().id as string;
  t.equal((await c.delete(`/Users/${id}`)).statusCode, 204);
  // Revived by another connection's token: the row becomes that connection's.
  const entra = await token({ connection: 'entra', name: 'e' });
  const e = scimClient(app, entra.authorization);
  const since = await lastEventId();
  const res = await e.post('/Users', newUser('back@example.com', { displayName: 'New', emails: [{ value: 'new@example.com', type: 'work', primary: true }], password: PASSWORD }));
  t.equal(res.statusCode, 201, res.body);
  t.equal(res.json().id, id, 'the same internal id');
  const r = await row(id);
  t.strictSame([r.source, r.connection_id, r.deleted_at], ['scim', entra.connectionId, null]);
  t.ok(r.password_hash && (await verifyPassword(PASSWORD, r.password_hash)), 'the password given is the one stored');
  t.notOk(tok.connectionId === entra.connectionId);

  t.strictSame(await lastAudit(id), {
    action: 'user.revived', resource_type: 'User', token_id: entra.id,
    // The diff runs from the deleted document to the new one.
    diff: {
      displayName: { before: 'Old', after: 'New' },
      title: { before: 'Intern' },
      emails: { before: [{ primary: true, value: 'back@example.com', type: 'work' }], after: [{ value: 'new@example.com', type: 'work', primary: true }] },
      password: { after: '[redacted]' },
    },
  });
  const ev = await eventsSince(since);
  t.strictSame(ev.map((x) => [x.type, x.resource_type, x.resource_id]), [['user.created', 'User', id]]);
  t.strictSame([ev[0].payload.changedFields, ev[0].payload.revived, 'adopted' in ev[0].payload], [[], true, false]);
  t.strictSame([ev[0].payload.resource.id, ev[0].payload.resource.displayName, ev[0].payload.resource.title], [id, 'New', undefined]);
  // The email rows follow the new document (filters read them).
  const found = async (v: string) => (await e.get(`/Users?filter=${encodeURIComponent(`emails[value eq "${v}"]`)}`)).json().totalResults;
  t.strictSame([await found('new@example.com'), await found('back@example.com')], [1, 0]);
  t.equal((await pool.query(`SELECT count(*)::int AS n FROM users`)).rows[0].n, 1, 'no second row');
});

t.test('POST of a local user\'s userName links it: user.linked with the diff from the local document', async (t) => {
  const { c, tok, pool, lastAudit, eventsSince, lastEventId, row } = await setup(t);
  const id = (await pool.query(`INSERT INTO users (doc, source, password_hash) VALUES ($1, 'local', 'local-hash') RETURNING id`,
    [JSON.stringify({ userName: 'ada@example.com', displayName: 'Ada (local)', active: true })])).rows[0].id as string;
  const since = await lastEventId();
  const res = await c.post('/Users', newUser('ada@example.com', { displayName: 'Ada', password: PASSWORD }));
  t.equal(res.statusCode, 201, res.body);
  t.equal(res.json().id, id);
  const r = await row(id);
  t.strictSame([r.source, r.connection_id], ['scim', tok.connectionId]);
  t.ok(await verifyPassword(PASSWORD, r.password_hash), 'the IdP\'s password replaced the local one');
  t.strictSame(await lastAudit(id), {
    action: 'user.linked', resource_type: 'User', token_id: tok.id,
    // A local account's document (admin API) carries no `schemas`; the SCIM one does.
    diff: {
      schemas: { after: ['urn:ietf:params:scim:schemas:core:2.0:User'] },
      displayName: { before: 'Ada (local)', after: 'Ada' },
      'name.givenName': { after: 'Test' },
      'name.familyName': { after: 'User' },
      emails: { after: [{ primary: true, value: 'ada@example.com', type: 'work' }] },
      password: { after: '[redacted]' },
    },
  });
  const ev = await eventsSince(since);
  t.strictSame(ev.map((x) => [x.type, x.resource_type, x.resource_id]), [['user.updated', 'User', id]]);
  t.strictSame([ev[0].payload.changedFields, ev[0].payload.adopted, 'revived' in ev[0].payload], [['displayName', 'schemas', 'name', 'emails', 'password'], true, false]);
  t.equal(ev[0].payload.resource.displayName, 'Ada');
  t.equal((await c.get(`/Users?filter=${encodeURIComponent('emails[value eq "ada@example.com"]')}`)).json().totalResults, 1, 'its email rows written');
});

t.test('a linked or revived user without a password keeps the one it had', async (t) => {
  const { c, pool, lastAudit, row } = await setup(t);
  const local = (await pool.query(`INSERT INTO users (doc, source, password_hash) VALUES ($1, 'local', 'local-hash') RETURNING id`,
    [JSON.stringify({ userName: 'kept@example.com', active: true })])).rows[0].id as string;
  t.equal((await c.post('/Users', newUser('kept@example.com'))).statusCode, 201);
  t.equal((await row(local)).password_hash, 'local-hash');
  t.notOk('password' in (await lastAudit(local)).diff, 'no password in the diff');
});

t.test('the password in the audit diff: redacted when given, absent when not', async (t) => {
  const { c, lastAudit, eventsSince, lastEventId } = await setup(t);
  const withPw = (await c.post('/Users', newUser('pw@example.com', { password: PASSWORD }))).json().id as string;
  t.strictSame((await lastAudit(withPw)).diff.password, { after: '[redacted]' });
  const without = (await c.post('/Users', newUser('nopw@example.com'))).json().id as string;
  t.notOk('password' in (await lastAudit(without)).diff);
  // A PATCH of the password alone is a change: its diff and changedFields name only the password.
  const since = await lastEventId();
  const res = await c.patchOps(`/Users/${without}`, [{ op: 'replace', path: 'password', value: PASSWORD }]);
  t.equal(res.statusCode, 200, res.body);
  t.strictSame((await lastAudit(without)).diff, { password: { after: '[redacted]' } });
  t.strictSame((await eventsSince(since)).map((e) => [e.type, e.payload.changedFields]), [['user.updated', ['password']]]);
});

/** A user this process does not remember (recent-users.ts), so a PUT/PATCH reads it first. */
async function userNotRemembered(s: Awaited<ReturnType<typeof setup>>, userName: string): Promise<string> {
  const id = (await s.c.post('/Users', newUser(userName, { displayName: 'Before' }))).json().id as string;
  recentUsersOf(s.pool).forget(id);
  return id;
}

/**
 * PATCH displayName of `id` while another transaction runs `meanwhile` (uncommitted, holding
 * the row): the PATCH reads the row as it was, queues its guarded write behind that lock, and
 * the other transaction commits. Returns the answer and what `meanwhile` returned.
 */
async function patchWhile(t: Parameters<typeof setup>[0], s: Awaited<ReturnType<typeof setup>>, id: string, meanwhile: string) {
  const other = await lockHolder(t, s.db.url);
  const rows = (await other.query(meanwhile, [id])).rows;
  const patch = s.c.patchOps(`/Users/${id}`, [{ op: 'replace', path: 'displayName', value: 'After' }]);
  await waitUntilBlocked(s.pool, other);
  await other.query('COMMIT');
  return { res: await patch, rows };
}

t.test('the user deleted between the PATCH\'s read and its write: 404, nothing written', async (t) => {
  const s = await setup(t);
  const id = await userNotRemembered(s, 'gone@example.com');
  const since = await s.lastEventId();
  const { res } = await patchWhile(t, s, id, `UPDATE users SET deleted_at = now(), version = version + 1 WHERE id = $1`);
  t.strictSame([res.statusCode, res.json().detail], [404, `User ${id} not found`]);
  t.equal(await s.auditCount(id), 1, 'only the create\'s audit row');
  t.strictSame(await s.eventsSince(since), []);
});

t.test('the same change made between the read and the write: 200, unchanged, no second record', async (t) => {
  const s = await setup(t);
  const id = await userNotRemembered(s, 'same@example.com');
  const since = await s.lastEventId();
  const { res, rows } = await patchWhile(t, s, id, `UPDATE users SET doc = jsonb_set(doc, '{displayName}', '"After"'), version = version + 1 WHERE id = $1 RETURNING version`);
  const v = rows[0].version;
  t.equal(res.statusCode, 200, res.body);
  t.strictSame([res.json().displayName, res.json().meta.version], ['After', `W/"${v}"`], 'the row as the other write left it');
  t.equal((await s.row(id)).version, v, 'no version step of its own');
  t.equal(await s.auditCount(id), 1);
  t.strictSame(await s.eventsSince(since), []);
});

t.test('another change between the read and the write: the PATCH is planned again on the new row', async (t) => {
  const s = await setup(t);
  const id = await userNotRemembered(s, 'moved@example.com');
  const { res, rows } = await patchWhile(t, s, id, `UPDATE users SET doc = jsonb_set(doc, '{title}', '"Boss"'), version = version + 1 WHERE id = $1 RETURNING version`);
  const v = rows[0].version;
  t.equal(res.statusCode, 200, res.body);
  t.strictSame([res.json().displayName, res.json().title, res.json().meta.version], ['After', 'Boss', `W/"${v + 1}"`]);
  t.strictSame((await s.lastAudit(id)).diff, { displayName: { before: 'Before', after: 'After' } }, 'the diff against the row replaced');
});

t.test('the guarded write chosen as a deadlock victim: done again under the row lock, once', async (t) => {
  const s = await setup(t);
  const id = await userNotRemembered(s, 'victim@example.com');
  const v = (await s.row(id)).version;
  const deadlocksBefore = await deadlockCount(s.pool);
  const other = await lockHolder(t, s.db.url);
  await other.query(`SET LOCAL deadlock_timeout = '60s'`); // the PATCH's backend detects it, so the PATCH is the victim
  await other.query('SELECT 1 FROM user_emails WHERE user_id = $1 FOR UPDATE', [id]);
  // The statement updates the user row, then waits for its email row.
  const patch = s.c.patchOps(`/Users/${id}`, [{ op: 'replace', path: 'emails', value: [{ value: 'victim2@example.com', type: 'work', primary: true }] }]);
  await waitUntilBlocked(s.pool, other);
  await other.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [id]); // closes the cycle
  await other.query('COMMIT');
  const res = await patch;
  t.equal(res.statusCode, 200, res.body);
  t.equal(res.json().emails[0].value, 'victim2@example.com');
  t.equal((await s.row(id)).version, v + 1, 'one version step');
  t.equal(await s.auditCount(id), 2, 'the create and this PATCH, once');
  await waitFor(async () => (await deadlockCount(s.pool)) > deadlocksBefore, 30_000);
  t.equal(await deadlockCount(s.pool), deadlocksBefore + 1, 'PostgreSQL detected exactly one deadlock');
});

t.test('what a PUT or PATCH answers and records, word for word', async (t) => {
  const s = await setup(t);
  const commits = { n: 0 };
  // The service wakes the dispatcher after each write that committed a change (app.ts onCommit).
  (s.app.deps as { onCommit?: () => void }).onCommit = () => commits.n++;
  const id = (await s.c.post('/Users', newUser('words@example.com', { displayName: 'Before' }))).json().id as string;
  t.equal(commits.n, 1);
  const dup = await s.c.post('/Users', newUser('WORDS@example.com'));
  t.strictSame([dup.statusCode, dup.json().scimType, dup.json().detail], [409, 'uniqueness', 'a user with userName "WORDS@example.com" already exists']);
  for (const remembered of [true, false]) {
    if (!remembered) recentUsersOf(s.pool).forget(id);
    const what = remembered ? 'remembered' : 'read';
    const changed = await s.c.patchOps(`/Users/${id}`, [{ op: 'replace', path: 'displayName', value: `After ${what}` }]);
    t.equal(changed.statusCode, 200);
    if (!remembered) recentUsersOf(s.pool).forget(id);
    const same = await s.c.patchOps(`/Users/${id}`, [{ op: 'replace', path: 'displayName', value: `After ${what}` }]);
    t.equal(same.statusCode, 200);
    t.equal(commits.n, remembered ? 2 : 3, `${what}: a change wakes the dispatcher, an unchanged write does not`);
  }
  // The password alone: stored (hashed), not only audited.
  recentUsersOf(s.pool).forget(id);
  t.equal((await s.c.patchOps(`/Users/${id}`, [{ op: 'replace', path: 'password', value: PASSWORD }])).statusCode, 200);
  t.ok(await verifyPassword(PASSWORD, (await s.row(id)).password_hash), 'the new password is the stored one');
  const missing = '00000000-0000-4000-8000-000000000009';
  const r404 = await s.c.patchOps(`/Users/${missing}`, [{ op: 'replace', path: 'displayName', value: 'x' }]);
  t.strictSame([r404.statusCode, r404.json().detail], [404, `User ${missing} not found`]);
  const other = scimClient(s.app, (await s.token({ connection: 'entra', name: 'e' })).authorization);
  const r409 = await other.put(`/Users/${id}`, newUser('words@example.com'));
  t.strictSame([r409.statusCode, r409.json().detail], [409, `User ${id} is managed by another IdP connection; only that connection's tokens may change it`]);
});

t.test('the audit row of a POST, PUT and PATCH names the client: address and user agent', async (t) => {
  const s = await setup(t);
  const ua = { 'user-agent': 'Okta SCIM Client 1.0.0' };
  const client = async (id: string) =>
    (await s.pool.query(`SELECT action, ip, user_agent FROM audit_events WHERE resource_id = $1 ORDER BY id DESC LIMIT 1`, [id])).rows[0];
  const id = (await s.c.post('/Users', newUser('who@example.com'), ua)).json().id as string;
  t.strictSame(await client(id), { action: 'user.created', ip: '127.0.0.1', user_agent: ua['user-agent'] });
  // The remembered row (one statement, named) and the read one (the locking statement's twin).
  for (const remembered of [true, false]) {
    if (!remembered) recentUsersOf(s.pool).forget(id);
    const agent = { 'user-agent': `Entra ${remembered}` };
    t.equal((await s.c.patchOps(`/Users/${id}`, [{ op: 'replace', path: 'title', value: `T ${remembered}` }], agent)).statusCode, 200);
    t.strictSame(await client(id), { action: 'user.updated', ip: '127.0.0.1', user_agent: agent['user-agent'] }, `PATCH, ${remembered ? 'remembered' : 'read'}`);
    if (!remembered) recentUsersOf(s.pool).forget(id);
    t.equal((await s.c.put(`/Users/${id}`, newUser('who@example.com', { title: `P ${remembered}` }), ua)).statusCode, 200);
    t.strictSame(await client(id), { action: 'user.updated', ip: '127.0.0.1', user_agent: ua['user-agent'] }, `PUT, ${remembered ? 'remembered' : 'read'}`);
  }
});

t.test('a PATCH of a local user adopts it: user.linked, adopted, the row now this connection\'s', async (t) => {
  const { c, tok, pool, lastAudit, eventsSince, lastEventId, row } = await setup(t);
  const id = (await pool.query(`INSERT INTO users (doc, source) VALUES ($1, 'local') RETURNING id`,
    [JSON.stringify({ userName: 'grace@example.com', displayName: 'Grace', active: true })])).rows[0].id as string;
  const since = await lastEventId();
  const res = await c.patchOps(`/Users/${id}`, [{ op: 'replace', path: 'title', value: 'Admiral' }]);
  t.equal(res.statusCode, 200, res.body);
  t.strictSame([(await row(id)).source, (await row(id)).connection_id], ['scim', tok.connectionId]);
  t.strictSame(await lastAudit(id), { action: 'user.linked', resource_type: 'User', token_id: tok.id, diff: { title: { after: 'Admiral' } } });
  const ev = await eventsSince(since);
  t.strictSame(ev.map((e) => [e.type, e.payload.changedFields, e.payload.adopted]), [['user.updated', ['title'], true]]);
  // Adopted, the next write is an ordinary update.
  const since2 = await lastEventId();
  t.equal((await c.patchOps(`/Users/${id}`, [{ op: 'replace', path: 'title', value: 'Rear Admiral' }])).statusCode, 200);
  t.equal((await lastAudit(id)).action, 'user.updated');
  t.strictSame((await eventsSince(since2)).map((e) => [e.type, 'adopted' in e.payload]), [['user.updated', false]]);
});

t.test('a POST whose userName holder is renamed while the POST waits for it: 409, never a 500', async (t) => {
  const s = await setup(t);
  const holder = (await s.c.post('/Users', newUser('taken@example.com'))).json().id as string;
  const other = await lockHolder(t, s.db.url);
  await other.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [holder]);
  // The POST's insert finds the name taken, then waits to lock the row that holds it...
  const post = s.c.post('/Users', newUser('taken@example.com'));
  await waitUntilBlocked(s.pool, other);
  // ...which, by the time it gets the lock, holds another name: nothing to revive or adopt.
  await other.query(`UPDATE users SET doc = jsonb_set(doc, '{userName}', '"renamed@example.com"'), version = version + 1 WHERE id = $1`, [holder]);
  await other.query('COMMIT');
  const res = await post;
  t.strictSame([res.statusCode, res.json().detail], [409, 'a user with userName "taken@example.com" already exists']);
  t.equal((await s.pool.query(`SELECT count(*)::int AS n FROM users`)).rows[0].n, 1, 'nothing created');
});

t.test('a POST racing the rename of the local account holding its userName does not adopt it', async (t) => {
  const s = await setup(t);
  const local = (await s.pool.query(`INSERT INTO users (doc, source) VALUES ($1, 'local') RETURNING id`,
    [JSON.stringify({ userName: 'shared@example.com', displayName: 'Local', active: true })])).rows[0].id as string;
  const other = await lockHolder(t, s.db.url);
  await other.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [local]);
  const post = s.c.post('/Users', newUser('shared@example.com', { displayName: 'From the IdP' }));
  await waitUntilBlocked(s.pool, other);
  // An admin renames the local account meanwhile: it no longer holds the name the IdP sent.
  await other.query(`UPDATE users SET doc = jsonb_set(doc, '{userName}', '"renamed@example.com"'), version = version + 1 WHERE id = $1`, [local]);
  await other.query('COMMIT');
  const res = await post;
  t.equal(res.statusCode, 409, 'the race is lost, and said so (the IdP retries)');
  const r = (await s.pool.query(`SELECT source, connection_id, doc->>'userName' AS name, doc->>'displayName' AS display FROM users WHERE id = $1`, [local])).rows[0];
  t.strictSame(r, { source: 'local', connection_id: null, name: 'renamed@example.com', display: 'Local' }, 'the renamed account untouched, not linked');
  const retry = await s.c.post('/Users', newUser('shared@example.com', { displayName: 'From the IdP' }));
  t.equal(retry.statusCode, 201, 'the retry creates the user: the name is free');
  t.not(retry.json().id, local);
});

t.test('a revival that meets a concurrent create of the same userName: 409, nothing revived', async (t) => {
  const s = await setup(t);
  // A deleted user that an externalId names: the POST below revives it under a new userName...
  const dead = (await s.c.post('/Users', newUser('old-name@example.com', { externalId: 'ext-1' }))).json().id as string;
  t.equal((await s.c.delete(`/Users/${dead}`)).statusCode, 204);
  // ...while another transaction creates that userName and has not committed yet.
  const other = await lockHolder(t, s.db.url);
  await other.query(`INSERT INTO users (doc, source) VALUES ($1, 'local')`, [JSON.stringify({ userName: 'new-name@example.com', active: true })]);
  const post = s.c.post('/Users', newUser('new-name@example.com', { externalId: 'ext-1' }));
  await waitUntilBlocked(s.pool, other); // the revival waits on the unique index entry
  await other.query('COMMIT');
  const res = await post;
  t.strictSame([res.statusCode, res.json().detail], [409, 'a user with userName "new-name@example.com" already exists']);
  t.notOk((await s.row(dead)).deleted_at === null, 'the deleted user stays deleted');
});

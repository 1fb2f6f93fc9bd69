// A write on a token this process has already seen skips the separate token lookup: the check
// rides in the write's audit/outbox statement, or runs before the response leaves
// (scim/http/auth.ts). Whatever the route and outcome, a token revoked or expired before the
// request arrived gets a 401 and writes nothing.
import t, { type Test } from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { PATCHOP, newUser, scimClient } from '../../../../test/helpers/scim.js';
import { recentUsersOf } from '../../src/scim/resources/recent-users.js';
import { revokeToken } from '../../src/tokens/token-store.js';

async function setup(t: Test) {
  const ctx = await buildTestApp(t);
  const tok = await ctx.token();
  const scim = scimClient(ctx.app, tok.authorization);
  // Warm this process's identity cache with a write, and keep a user and a group to write to.
  const user = await scim.post('/Users', newUser('kept@example.com'));
  t.equal(user.statusCode, 201);
  const group = await scim.post('/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'kept' });
  t.equal(group.statusCode, 201);
  const counts = async () => ({
    users: Number((await ctx.db.pool.query('SELECT count(*) FROM users')).rows[0].count),
    audit: Number((await ctx.db.pool.query('SELECT count(*) FROM audit_events WHERE token_id IS NOT NULL')).rows[0].count),
    outbox: Number((await ctx.db.pool.query('SELECT count(*) FROM outbox_events')).rows[0].count),
    version: Number((await ctx.db.pool.query('SELECT version FROM users WHERE id = $1', [user.json().id])).rows[0].version),
  });
  return { ...ctx, tok, scim, userId: user.json().id as string, groupId: group.json().id as string, counts };
}

t.test('a cached identity keeps writing while the token is valid, audited under that token', async (t) => {
  const { scim, db, tok, counts } = await setup(t);
  const before = await counts();
  const res = await scim.post('/Users', newUser('second@example.com'));
  t.equal(res.statusCode, 201);
  t.equal((await counts()).audit, before.audit + 1);
  const row = await db.db.selectFrom('audit_events').select(['token_id', 'action']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  t.same(row, { token_id: tok.id, action: 'user.created' });
});

t.test('every write route refuses a token revoked after its identity was cached, and writes nothing', async (t) => {
  const { scim, db, tok, userId, groupId, counts } = await setup(t);
  await revokeToken(db.db, { source: 'cli' }, tok.id);
  const before = await counts();
  const attempts: [string, () => ReturnType<typeof scim.get>][] = [
    ['POST /Users (new)', () => scim.post('/Users', newUser('after-revoke@example.com'))],
    ['POST /Users (duplicate: would be 409)', () => scim.post('/Users', newUser('kept@example.com'))],
    ['PUT /Users/:id', () => scim.put(`/Users/${userId}`, newUser('kept@example.com', { displayName: 'changed' }))],
    ['PATCH /Users/:id (change)', () => scim.patchOps(`/Users/${userId}`, [{ op: 'replace', path: 'displayName', value: 'patched' }])],
    ['PATCH /Users/:id (no change: would be 200 with the user)', () => scim.patchOps(`/Users/${userId}`, [{ op: 'replace', path: 'userName', value: 'kept@example.com' }])],
    ['PATCH /Groups/:id (members)', () => scim.patchOps(`/Groups/${groupId}`, [{ op: 'add', path: 'members', value: [{ value: userId }] }])],
    ['DELETE /Users/:id', () => scim.delete(`/Users/${userId}`)],
    ['DELETE unknown id (would be 404)', () => scim.delete('/Users/00000000-0000-4000-8000-000000000000')],
    ['POST /Users invalid (would be 400)', () => scim.post('/Users', { schemas: [] })],
    ['POST /Bulk', () => scim.post('/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [{ method: 'POST', path: '/Users', bulkId: 'a', data: newUser('bulk@example.com') }],
    })],
  ];
  for (const [label, attempt] of attempts) {
    const res = await attempt();
    t.equal(res.statusCode, 401, label);
    t.match(res.json(), { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: /revoked/ }, label);
    t.match(res.headers['www-authenticate'], /Bearer/, label);
    t.notOk(res.headers.location, `${label}: no Location`);
    t.notOk(res.headers.etag, `${label}: no ETag`);
    t.notMatch(res.body, /kept@example\.com/, `${label}: no resource in the body`);
  }
  t.same(await counts(), before, 'no row, audit entry, event or version bump from any of them');
});

// The test above lets the POST meet the revocation first; its verdict then evicts the cached
// identity, so the later routes are refused at authentication. Here a PUT or a PATCH is the
// first write after the revocation: its own statement (resources/user-update.ts) must refuse it,
// on the row this process remembers (one statement) and on a row it reads first.
for (const [label, remembered] of [['remembered', true], ['read first', false]] as const) {
  t.test(`a PUT or PATCH that is the first write after the revocation writes nothing (${label})`, async (t) => {
    for (const method of ['PUT', 'PATCH'] as const) {
      const { scim, db, tok, userId, counts, app } = await setup(t);
      if (!remembered) recentUsersOf(app.deps.pool).forget(userId);
      await revokeToken(db.db, { source: 'cli' }, tok.id);
      const before = await counts();
      const res = method === 'PUT'
        ? await scim.put(`/Users/${userId}`, newUser('kept@example.com', { displayName: 'changed' }))
        : await scim.patchOps(`/Users/${userId}`, [{ op: 'replace', path: 'displayName', value: 'patched' }]);
      t.equal(res.statusCode, 401, method);
      t.match(res.json().detail, /revoked/, method);
      t.same(await counts(), before, `${method}: no version bump, audit entry or event`);
    }
  });
}

t.test('an expired token is refused on a cached write', async (t) => {
  const { scim, db, tok, counts } = await setup(t);
  await db.db.updateTable('scim_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', tok.id).execute();
  const before = await counts();
  const res = await scim.post('/Users', newUser('late@example.com'));
  t.equal(res.statusCode, 401);
  t.match(res.json().detail, /expired/);
  t.same(await counts(), before);
});

t.test('a write that fails for its own reason still reports that reason on a valid token', async (t) => {
  const { scim } = await setup(t);
  const dup = await scim.post('/Users', newUser('kept@example.com'));
  t.equal(dup.statusCode, 409);
  t.equal(dup.json().scimType, 'uniqueness');
  const noop = await scim.patchOps('/Users/00000000-0000-4000-8000-000000000000', [{ op: 'replace', path: 'displayName', value: 'x' }]);
  t.equal(noop.statusCode, 404);
  const body = { schemas: [PATCHOP], Operations: [{ op: 'replace', path: 'displayName', value: 'same' }] };
  t.equal((await scim.patch(`/Users/${(await scim.get('/Users?filter=userName eq "kept@example.com"')).json().Resources[0].id}`, body)).statusCode, 200);
});

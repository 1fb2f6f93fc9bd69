import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { revokeToken, rotateToken } from '../../src/tokens/token-store.js';

const SPC = '/scim/v2/ServiceProviderConfig';

t.test('a revoked token is refused on the very next request', async (t) => {
  const { app, db, token } = await buildTestApp(t);
  const { authorization, id } = await token();
  t.equal((await app.inject({ url: SPC, headers: { authorization } })).statusCode, 200);
  await revokeToken(db.db, { source: 'cli' }, id);
  const res = await app.inject({ url: SPC, headers: { authorization } });
  t.equal(res.statusCode, 401);
  t.match(res.json(), { status: '401', detail: /revoked/ });
});

// A read on a token the process has seen checks it in the statement that reads (scim/http/auth.ts):
// what it read must not leave once the token is revoked. Each URL gets its own token: a refusal
// drops the token from the process's cache, so the next request would be looked up first.
t.test('a read on a seen token sends no data once the token is revoked', async (t) => {
  const { app, db, token } = await buildTestApp(t);
  const admin = await token();
  const created = await app.inject({
    method: 'POST', url: '/scim/v2/Users', headers: { authorization: admin.authorization, 'content-type': 'application/scim+json' },
    payload: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'secret.person@example.com' },
  });
  t.equal(created.statusCode, 201);
  const group = await app.inject({
    method: 'POST', url: '/scim/v2/Groups', headers: { authorization: admin.authorization, 'content-type': 'application/scim+json' },
    payload: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Secret Group', members: [{ value: created.json().id }] },
  });
  t.equal(group.statusCode, 201);
  const list = `/scim/v2/Users?filter=${encodeURIComponent('userName eq "secret.person@example.com"')}`;
  const missing = '/scim/v2/Users/00000000-0000-4000-8000-000000000000';
  for (const [url, seenStatus] of [[list, 200], [`/scim/v2/Users/${created.json().id}`, 200], [missing, 404], ['/scim/v2/Groups', 200], [`/scim/v2/Groups/${group.json().id}`, 200]] as const) {
    const { authorization, id } = await token();
    t.equal((await app.inject({ url, headers: { authorization } })).statusCode, seenStatus, `${url}: the token is seen and works`);
    await revokeToken(db.db, { source: 'cli' }, id);
    const res = await app.inject({ url, headers: { authorization } });
    t.equal(res.statusCode, 401, url);
    t.match(res.json(), { status: '401', detail: /revoked/ });
    t.notMatch(res.body, /secret\.person|Secret Group/, 'no data of the read in the refusal');
    t.equal(res.headers.etag, undefined, 'no ETag of the read');
  }
});

t.test("a rotated token's overlap ends on time; the new token keeps working", async (t) => {
  const { app, db, token } = await buildTestApp(t);
  const old = await token({ name: 'okta prod' });
  const { old: before, created } = await rotateToken(db.db, { source: 'cli' }, old.id, { overlapSeconds: 3600 });
  t.equal(created.rotatedFromId, old.id);
  t.equal(created.connectionId, old.connectionId);
  t.equal(created.name, 'okta prod');
  // Expiry is decided by the database's clock (expires_at > now()): read the overlap there.
  const { rows } = await db.pool.query('SELECT extract(epoch FROM expires_at - now())::float AS left FROM scim_tokens WHERE id = $1', [old.id]);
  t.ok(rows[0].left > 3000 && rows[0].left <= 3600, `the old token expires at the end of the overlap (${Math.round(rows[0].left)} s left)`);
  t.equal(Date.parse(before.expiresAt!), (await db.pool.query('SELECT expires_at FROM scim_tokens WHERE id = $1', [old.id])).rows[0].expires_at.getTime(), 'rotateToken reports that expiry');

  const fresh = `Bearer ${created.token}`;
  t.equal((await app.inject({ url: SPC, headers: { authorization: old.authorization } })).statusCode, 200, 'old works during the overlap');
  t.equal((await app.inject({ url: SPC, headers: { authorization: fresh } })).statusCode, 200);
  // The overlap is over: the expiry moved into the past, as an hour's wait would have put it.
  await db.pool.query(`UPDATE scim_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [old.id]);
  const expired = await app.inject({ url: SPC, headers: { authorization: old.authorization } });
  t.equal(expired.statusCode, 401, 'old refused once the overlap is over');
  t.match(expired.json().detail, /expired/);
  t.equal((await app.inject({ url: SPC, headers: { authorization: fresh } })).statusCode, 200);

  const audit = await db.db.selectFrom('audit_events').select(['action', 'resource_id']).where('action', 'in', ['token.rotated', 'token.created']).orderBy('id').execute();
  t.match(audit.slice(-2), [{ action: 'token.rotated', resource_id: old.id }, { action: 'token.created', resource_id: created.id }]);

  await t.rejects(rotateToken(db.db, { source: 'cli' }, old.id, { overlapSeconds: 60 }), /expired/, 'an expired token cannot be rotated again');
});

t.test('rotation never extends an expiry that is already sooner', async (t) => {
  const { db, token } = await buildTestApp(t);
  const tok = await token();
  const sooner = new Date(Date.now() + 60_000);
  await db.db.updateTable('scim_tokens').set({ expires_at: sooner }).where('id', '=', tok.id).execute();
  const { old } = await rotateToken(db.db, { source: 'cli' }, tok.id, { overlapSeconds: 86400 });
  t.equal(Date.parse(old.expiresAt!), sooner.getTime(), 'the earlier expiry stays as it was');
});

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

t.test("a rotated token's overlap ends on time; the new token keeps working", async (t) => {
  const { app, db, token } = await buildTestApp(t);
  const old = await token({ name: 'okta prod' });
  const { old: before, created } = await rotateToken(db.db, { source: 'cli' }, old.id, { overlapSeconds: 1 });
  t.equal(created.rotatedFromId, old.id);
  t.equal(created.connectionId, old.connectionId);
  t.equal(created.name, 'okta prod');
  t.ok(before.expiresAt && Date.parse(before.expiresAt) <= Date.now() + 1500, 'old token now expires within the overlap');

  const fresh = `Bearer ${created.token}`;
  t.equal((await app.inject({ url: SPC, headers: { authorization: old.authorization } })).statusCode, 200, 'old works during the overlap');
  t.equal((await app.inject({ url: SPC, headers: { authorization: fresh } })).statusCode, 200);
  await new Promise((r) => setTimeout(r, 1300));
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
  await db.db.updateTable('scim_tokens').set({ expires_at: new Date(Date.now() + 60_000) }).where('id', '=', tok.id).execute();
  const { old } = await rotateToken(db.db, { source: 'cli' }, tok.id, { overlapSeconds: 86400 });
  t.ok(Date.parse(old.expiresAt!) <= Date.now() + 61_000);
});

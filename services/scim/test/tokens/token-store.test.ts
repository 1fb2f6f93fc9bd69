// The token and connection stores (tokens/token-format.ts, token-store.ts, connection-store.ts)
// through their exported functions, value by value: the token format, what create, list,
// revoke, rotate, authenticate and touch return, store and audit, and every refusal's code and
// message.
import { sql } from 'kysely';
import t from 'tap';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { waitUntilBlocked } from '../../../../test/helpers/pg-locks.js';
import { DISPLAY_PREFIX_LENGTH, generateToken, hashToken, looksLikeToken, TOKEN_PREFIX } from '../../src/tokens/token-format.js';
import {
  authenticateToken,
  authenticateTokenHash,
  createToken,
  DEFAULT_CONNECTION,
  listTokens,
  MAX_OVERLAP_SECONDS,
  revokeToken,
  rotateToken,
  TokenError,
  touchToken,
} from '../../src/tokens/token-store.js';
import { CONNECTION_KINDS, createConnection, getConnection, listConnections, MAX_RATE_LIMIT_PER_SECOND, updateConnection } from '../../src/tokens/connection-store.js';

const actor = { source: 'cli' as const };
const MISSING = '00000000-0000-4000-8000-000000000000';

async function audit(db: Parameters<typeof createToken>[0], action: string) {
  return db.selectFrom('audit_events').select(['action', 'source', 'resource_type', 'resource_id', 'diff']).where('action', '=', action).orderBy('id').execute();
}

t.test('token format: scim_ + 40 base62 characters, its display prefix and SHA-256', async (t) => {
  t.equal(TOKEN_PREFIX, 'scim_');
  t.equal(DISPLAY_PREFIX_LENGTH, 11);
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const { token, prefix, hash } = generateToken();
    t.match(token, /^scim_[0-9A-Za-z]{40}$/);
    t.equal(prefix, token.slice(0, 11));
    t.strictSame(hash, hashToken(token));
    t.equal(looksLikeToken(token), true);
    seen.add(token);
  }
  t.equal(seen.size, 50, 'no repeats');
  // Every character of the alphabet shows up in enough tokens (uniform sampling reaches all 62).
  const chars = new Set([...Array.from({ length: 200 }, () => generateToken().token.slice(5)).join('')]);
  t.equal(chars.size, 62);
  t.equal(hashToken('abc').toString('hex'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'SHA-256');

  const body = 'a'.repeat(40);
  t.equal(looksLikeToken(`scim_${body}`), true);
  t.equal(looksLikeToken(`scim_${'a'.repeat(39)}`), false, 'too short');
  t.equal(looksLikeToken(`scim_${'a'.repeat(41)}`), false, 'too long');
  t.equal(looksLikeToken(`scam_${body}`), false, 'another prefix');
  t.equal(looksLikeToken(`xscim${body}`), false);
  t.equal(looksLikeToken(`scim_${'a'.repeat(39)}-`), false, 'a character outside base62 at the end');
  t.equal(looksLikeToken(`scim_-${'a'.repeat(39)}`), false, 'at the start');
  t.equal(looksLikeToken(`scim_${'a'.repeat(20)}_${'a'.repeat(19)}`), false, 'in the middle');
  t.equal(looksLikeToken(`scim_${'Z9'.repeat(20)}`), true);
});

t.test('createToken: validation, connection by name or id, expiry, audit', async (t) => {
  const { db } = await createTestDatabase(t);
  const refusal = (code: string, message: string) => ({ name: 'Error', code, message });
  await t.rejects(createToken(db, actor, { name: '   ' }), refusal('invalid_argument', 'token name must not be empty'));
  for (const days of [0, -1, Number.NaN]) {
    await t.rejects(createToken(db, actor, { name: 'x', expiresInDays: days }), refusal('invalid_argument', 'expires-in-days must be a positive number'), String(days));
  }
  await t.rejects(createToken(db, actor, { name: 'x', connectionId: 'not-a-uuid' }), refusal('not_found', 'no connection with id not-a-uuid'));
  await t.rejects(createToken(db, actor, { name: 'x', connectionId: MISSING }), refusal('not_found', `no connection with id ${MISSING}`));
  t.equal((await db.selectFrom('scim_tokens').select('id').execute()).length, 0, 'nothing was created');

  // No connection named: the default one, created on first use and audited once.
  const a = await createToken(db, actor, { name: '  first  ', connection: '   ' });
  t.equal(DEFAULT_CONNECTION, 'default');
  t.equal(a.connectionName, 'default');
  t.equal(a.name, 'first', 'the name is trimmed');
  t.match(a.token, /^scim_[0-9A-Za-z]{40}$/);
  t.equal(a.prefix, a.token.slice(0, 11));
  t.equal(a.expiresAt, null);
  const row = await db.selectFrom('scim_tokens').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
  t.strictSame(row.token_hash, hashToken(a.token), 'only the hash is stored');
  t.strictSame(a, {
    id: row.id, name: 'first', prefix: row.prefix, connectionId: row.connection_id, connectionName: 'default', createdAt: row.created_at.toISOString(),
    expiresAt: null, revokedAt: null, lastUsedAt: null, lastUsedIp: null, lastUsedUserAgent: null, rotatedFromId: null, token: a.token,
  });

  // By name, case-insensitively: the existing connection, no second connection.created.
  const b = await createToken(db, actor, { name: 'second', connection: ' DEFAULT ', expiresInDays: 2 });
  t.equal(b.connectionId, a.connectionId);
  t.equal(b.connectionName, 'default');
  const bRow = await db.selectFrom('scim_tokens').select(['created_at', 'expires_at']).where('id', '=', b.id).executeTakeFirstOrThrow();
  t.equal((bRow.expires_at!.getTime() - bRow.created_at.getTime()) / 1000, 2 * 86400, 'expires in two days');
  t.equal(b.expiresAt, bRow.expires_at!.toISOString());

  const okta = await createToken(db, actor, { name: 'okta token', connection: 'Okta Prod' });
  t.equal(okta.connectionName, 'Okta Prod');
  t.not(okta.connectionId, a.connectionId);
  // By id: wins over the name.
  const c = await createToken(db, actor, { name: 'by id', connectionId: okta.connectionId, connection: 'default' });
  t.equal(c.connectionId, okta.connectionId);
  t.equal(c.connectionName, 'Okta Prod');

  const created = await audit(db, 'connection.created');
  t.strictSame(created.map((r) => [r.resource_type, r.resource_id, r.diff]), [
    ['Connection', a.connectionId, { name: { after: 'default' } }],
    ['Connection', okta.connectionId, { name: { after: 'Okta Prod' } }],
  ]);
  const tokens = await audit(db, 'token.created');
  t.strictSame(tokens.map((r) => [r.source, r.resource_type, r.resource_id, r.diff]), [
    ['cli', 'Token', a.id, { name: { after: 'first' }, prefix: { after: a.prefix }, expiresAt: { after: null } }],
    ['cli', 'Token', b.id, { name: { after: 'second' }, prefix: { after: b.prefix }, expiresAt: { after: b.expiresAt } }],
    ['cli', 'Token', okta.id, { name: { after: 'okta token' }, prefix: { after: okta.prefix }, expiresAt: { after: null } }],
    ['cli', 'Token', c.id, { name: { after: 'by id' }, prefix: { after: c.prefix }, expiresAt: { after: null } }],
  ]);

  // listTokens: creation order, filtered by connection or id.
  t.strictSame((await listTokens(db)).map((x) => x.id), [a.id, b.id, okta.id, c.id]);
  t.strictSame((await listTokens(db, { connectionId: okta.connectionId })).map((x) => x.id), [okta.id, c.id]);
  t.strictSame((await listTokens(db, { id: b.id })).map((x) => x.id), [b.id]);
  t.strictSame((await listTokens(db, { connectionId: a.connectionId, id: okta.id })), [], 'both filters apply');
  const { token: _t, ...summary } = a;
  t.strictSame((await listTokens(db, { id: a.id }))[0], summary);
});

t.test('revokeToken, authenticate, touch', async (t) => {
  const { db, pool } = await createTestDatabase(t);
  // An older token first, so revokeToken's answer is the revoked token, not the first one listed.
  const older = await createToken(db, actor, { name: 'older', connection: 'idp' });
  const tok = await createToken(db, actor, { name: 't', connection: 'idp' });
  await db.updateTable('idp_connections').set({ kind: 'okta', rate_limit_per_second: 7 }).execute();

  t.strictSame(await authenticateToken(pool, tok.token), { tokenId: tok.id, connectionId: tok.connectionId, connectionName: 'idp', connectionKind: 'okta', rateLimitPerSecond: 7 });
  t.strictSame(await authenticateTokenHash(pool, hashToken(tok.token)), { tokenId: tok.id, connectionId: tok.connectionId, connectionName: 'idp', connectionKind: 'okta', rateLimitPerSecond: 7 });
  t.equal(await authenticateToken(pool, 'Bearer nonsense'), 'malformed');
  t.equal(await authenticateToken(pool, `scim_${'q'.repeat(40)}`), 'unknown');

  await touchToken(db, tok.id, '192.0.2.7', 'a'.repeat(600));
  let [s] = await listTokens(db, { id: tok.id });
  t.equal(s!.lastUsedIp, '192.0.2.7');
  t.equal(s!.lastUsedUserAgent, 'a'.repeat(512), 'cut to 512 characters');
  t.type(s!.lastUsedAt, 'string');
  await touchToken(db, tok.id, null, null);
  [s] = await listTokens(db, { id: tok.id });
  t.equal(s!.lastUsedIp, null);
  t.equal(s!.lastUsedUserAgent, null);

  const refusal = (code: string, message: string) => ({ code, message });
  await t.rejects(revokeToken(db, actor, 'nope'), refusal('not_found', 'no token with id nope'));
  await t.rejects(revokeToken(db, actor, MISSING), refusal('not_found', `no token with id ${MISSING}`));
  const revoked = await revokeToken(db, actor, tok.id);
  const row = await db.selectFrom('scim_tokens').select('revoked_at').where('id', '=', tok.id).executeTakeFirstOrThrow();
  t.equal(revoked.revokedAt, row.revoked_at!.toISOString());
  t.equal(revoked.id, tok.id);
  t.equal(revoked.name, 't');
  t.equal((await listTokens(db, { id: older.id }))[0]!.revokedAt, null, 'the other token is untouched');
  await t.rejects(revokeToken(db, actor, tok.id), refusal('already_revoked', `token ${tok.id} was already revoked at ${row.revoked_at!.toISOString()}`));
  t.strictSame((await audit(db, 'token.revoked')).map((r) => [r.resource_type, r.resource_id, r.diff]), [['Token', tok.id, null]], 'audited once');
  t.equal(await authenticateToken(pool, tok.token), 'revoked');

  const exp = await createToken(db, actor, { name: 'exp', connection: 'idp', expiresInDays: 1 });
  t.equal((await authenticateToken(pool, exp.token) as { tokenId: string }).tokenId, exp.id);
  await db.updateTable('scim_tokens').set({ expires_at: sql`now()` as never }).where('id', '=', exp.id).execute();
  t.equal(await authenticateToken(pool, exp.token), 'expired', 'expires_at <= now() is expired');
  // Revoked wins over expired.
  await db.updateTable('scim_tokens').set({ revoked_at: sql`now()` as never }).where('id', '=', exp.id).execute();
  t.equal(await authenticateToken(pool, exp.token), 'revoked');
});

t.test('rotateToken: validation, the overlap, the new token, audit', async (t) => {
  const { db, pool } = await createTestDatabase(t);
  const old = await createToken(db, actor, { name: 'rotating', connection: 'idp' });
  const refusal = (code: string, message: string) => ({ code, message });
  const overlapMsg = 'overlap must be between 0 and 720 hours';
  t.equal(MAX_OVERLAP_SECONDS, 30 * 86400);
  await t.rejects(rotateToken(db, actor, 'nope', { overlapSeconds: 0 }), refusal('not_found', 'no token with id nope'));
  for (const overlapSeconds of [-1, MAX_OVERLAP_SECONDS + 1, Number.NaN]) {
    await t.rejects(rotateToken(db, actor, old.id, { overlapSeconds }), refusal('invalid_argument', overlapMsg), String(overlapSeconds));
  }
  for (const expiresInDays of [0, -2]) {
    await t.rejects(rotateToken(db, actor, old.id, { overlapSeconds: 60, expiresInDays }), refusal('invalid_argument', 'expires-in-days must be a positive number'));
  }
  await t.rejects(rotateToken(db, actor, MISSING, { overlapSeconds: 0 }), refusal('not_found', `no token with id ${MISSING}`));
  t.equal((await listTokens(db)).length, 1, 'nothing was created by the refusals');

  // The largest overlap is allowed; a token without expiry gets exactly the overlap.
  const r = await rotateToken(db, actor, old.id, { overlapSeconds: MAX_OVERLAP_SECONDS, expiresInDays: 3 });
  const rows = await db.selectFrom('scim_tokens').select(['id', 'expires_at', 'created_at', 'rotated_from_id', 'name', 'connection_id']).orderBy('created_at').execute();
  const [oldRow, newRow] = [rows.find((x) => x.id === old.id)!, rows.find((x) => x.id !== old.id)!];
  t.equal(r.old.id, old.id);
  t.equal(r.old.expiresAt, oldRow.expires_at!.toISOString());
  t.ok(Math.abs(oldRow.expires_at!.getTime() - Date.now() - MAX_OVERLAP_SECONDS * 1000) < 600_000, 'the old token expires after the overlap');
  t.strictSame(r.created, { ...(await listTokens(db, { id: newRow.id }))[0]!, token: r.created.token });
  t.equal(r.created.rotatedFromId, old.id);
  t.equal(r.created.name, 'rotating');
  t.equal(r.created.connectionId, old.connectionId);
  t.equal((newRow.expires_at!.getTime() - newRow.created_at.getTime()) / 1000, 3 * 86400);
  t.strictSame((await authenticateToken(pool, r.created.token) as { tokenId: string }).tokenId, newRow.id);
  const [rotated] = await audit(db, 'token.rotated');
  t.strictSame(rotated!.diff, { expiresAt: { before: null, after: r.old.expiresAt }, rotatedTo: { after: newRow.id } });
  t.equal(rotated!.resource_id, old.id);
  t.equal(rotated!.resource_type, 'Token');
  const createdAudit = (await audit(db, 'token.created')).at(-1)!;
  t.equal(createdAudit.resource_type, 'Token');
  t.equal(createdAudit.resource_id, newRow.id);
  t.strictSame(createdAudit.diff, { name: { after: 'rotating' }, prefix: { after: r.created.prefix }, expiresAt: { after: r.created.expiresAt }, rotatedFromId: { after: old.id } });

  // Overlap 0 on the new token: the old one ends now (expired on the next check), the new has no expiry.
  const r2 = await rotateToken(db, actor, r.created.id, { overlapSeconds: 0 });
  t.equal(r2.created.expiresAt, null);
  // The pair read back is this rotation's: the token rotated (not the first one made) and its successor.
  t.strictSame(r2.old, (await listTokens(db, { id: r.created.id }))[0]);
  t.not(r2.old.expiresAt, null, 'the old token now ends');
  t.strictSame(r2.created, { ...(await listTokens(db, { id: r2.created.id }))[0]!, token: r2.created.token });
  t.equal(r2.created.rotatedFromId, r.created.id);
  t.equal(await authenticateToken(pool, r.created.token), 'expired');
  await t.rejects(rotateToken(db, actor, r.created.id, { overlapSeconds: 60 }), refusal('invalid_argument', `token ${r.created.id} has expired; mint a new token instead`));
  await revokeToken(db, actor, r2.created.id);
  await t.rejects(rotateToken(db, actor, r2.created.id, { overlapSeconds: 60 }), refusal('already_revoked', `token ${r2.created.id} is revoked; mint a new token instead`));
});

t.test('connections: validation, create, update, list, counts, conflicts, audit', async (t) => {
  const { db } = await createTestDatabase(t);
  const refusal = (code: string, message: string) => ({ code, message });
  t.strictSame([...CONNECTION_KINDS], ['okta', 'entra', 'onelogin', 'other']);
  await t.rejects(createConnection(db, actor, { name: '  ' }), refusal('invalid_argument', 'connection name must not be empty'));
  await t.rejects(createConnection(db, actor, { name: 'x', kind: 'ldap' as never }), refusal('invalid_argument', 'kind must be one of okta, entra, onelogin, other'));
  t.equal(MAX_RATE_LIMIT_PER_SECOND, 100_000);
  const rateMsg = 'rate limit must be a whole number of requests per second from 0 (unlimited) to 100000';
  // 3e9 passed the old check and reached PostgreSQL's integer column ("out of range").
  for (const rateLimitPerSecond of [-1, 1.5, Number.NaN, 100_001, 3e9]) {
    await t.rejects(createConnection(db, actor, { name: 'x', rateLimitPerSecond }), refusal('invalid_argument', rateMsg), String(rateLimitPerSecond));
  }
  await t.rejects(updateConnection(db, actor, MISSING, { rateLimitPerSecond: 3e9 }), refusal('invalid_argument', rateMsg), 'validated before the lookup');
  t.strictSame(await listConnections(db), []);

  const a = await createConnection(db, actor, { name: '  Beta  ' });
  const row = await db.selectFrom('idp_connections').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
  t.strictSame(a, { id: row.id, name: 'Beta', kind: 'other', rateLimitPerSecond: null, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(), activeTokens: 0, managedUsers: 0, managedGroups: 0 });
  const b = await createConnection(db, actor, { name: 'alpha', kind: 'okta', rateLimitPerSecond: 0 });
  t.match(b, { name: 'alpha', kind: 'okta', rateLimitPerSecond: 0 });
  await t.rejects(createConnection(db, actor, { name: ' BETA ' }), refusal('conflict', 'a connection named "BETA" already exists'));
  t.strictSame((await listConnections(db)).map((c) => c.name), ['alpha', 'Beta'], 'ordered by name, case-insensitively');
  t.strictSame((await audit(db, 'connection.created')).map((r) => [r.source, r.resource_type, r.resource_id, r.diff]), [
    ['cli', 'Connection', a.id, { name: { after: 'Beta' }, kind: { after: 'other' }, rateLimitPerSecond: { after: null } }],
    ['cli', 'Connection', b.id, { name: { after: 'alpha' }, kind: { after: 'okta' }, rateLimitPerSecond: { after: 0 } }],
  ]);

  // Counts: active tokens only (not revoked, not expired), live users and groups only.
  const live = await createToken(db, actor, { name: 'live', connectionId: a.id });
  await createToken(db, actor, { name: 'future', connectionId: a.id, expiresInDays: 1 });
  const dead = await createToken(db, actor, { name: 'revoked', connectionId: a.id });
  await revokeToken(db, actor, dead.id);
  const expired = await createToken(db, actor, { name: 'expired', connectionId: a.id });
  await db.updateTable('scim_tokens').set({ expires_at: sql`now()` as never }).where('id', '=', expired.id).execute();
  for (const [i, deleted] of [[1, false], [2, false], [3, true]] as const) {
    await db.insertInto('users').values({ doc: JSON.stringify({ userName: `u${i}@example.com` }), source: 'scim', connection_id: a.id, ...(deleted ? { deleted_at: sql`now()` as never } : {}) } as never).execute();
  }
  await db.insertInto('groups').values({ doc: JSON.stringify({ displayName: 'G1' }), source: 'scim', connection_id: a.id } as never).execute();
  await db.insertInto('groups').values({ doc: JSON.stringify({ displayName: 'G2' }), source: 'scim', connection_id: a.id, deleted_at: sql`now()` as never } as never).execute();
  t.match(await getConnection(db, a.id), { activeTokens: 2, managedUsers: 2, managedGroups: 1 });
  t.match(await getConnection(db, b.id), { activeTokens: 0, managedUsers: 0, managedGroups: 0 });
  t.ok(live.id);
  t.equal(await getConnection(db, 'not-a-uuid'), undefined);
  t.equal(await getConnection(db, MISSING), undefined);

  // Updates: only the fields given; audited only when something changed.
  await t.rejects(updateConnection(db, actor, 'nope', { name: 'x' }), refusal('not_found', 'no connection with id nope'));
  await t.rejects(updateConnection(db, actor, MISSING, { name: 'x' }), refusal('not_found', `no connection with id ${MISSING}`));
  await t.rejects(updateConnection(db, actor, a.id, { name: ' ' }), refusal('invalid_argument', 'connection name must not be empty'));
  await t.rejects(updateConnection(db, actor, a.id, { name: ' Alpha ' }), refusal('conflict', 'a connection named "Alpha" already exists'));
  const u1 = await updateConnection(db, actor, a.id, { kind: 'entra' });
  t.match(u1, { id: a.id, name: 'Beta', kind: 'entra', rateLimitPerSecond: null });
  t.ok(u1.updatedAt >= a.updatedAt);
  const u2 = await updateConnection(db, actor, a.id, { rateLimitPerSecond: 5, name: '  Gamma ' });
  t.match(u2, { name: 'Gamma', kind: 'entra', rateLimitPerSecond: 5 });
  const u3 = await updateConnection(db, actor, a.id, { rateLimitPerSecond: null });
  t.match(u3, { name: 'Gamma', kind: 'entra', rateLimitPerSecond: null });
  await updateConnection(db, actor, a.id, { name: 'Gamma' }); // no change: no audit row
  await updateConnection(db, actor, a.id, {});
  t.strictSame((await audit(db, 'connection.updated')).map((r) => [r.resource_type, r.resource_id, r.diff]), [
    ['Connection', a.id, { kind: { before: 'other', after: 'entra' } }],
    ['Connection', a.id, { name: { before: 'Beta', after: 'Gamma' }, rateLimitPerSecond: { before: null, after: 5 } }],
    ['Connection', a.id, { rateLimitPerSecond: { before: 5, after: null } }],
  ]);
});

t.test('concurrent first uses of a connection name share one connection, created and audited once', async (t) => {
  const { db } = await createTestDatabase(t);
  const made = await Promise.all(Array.from({ length: 6 }, (_, i) => createToken(db, actor, { name: `t${i}`, connection: i % 2 ? 'Race' : 'race' })));
  t.equal(new Set(made.map((m) => m.connectionId)).size, 1);
  t.equal((await db.selectFrom('idp_connections').select('id').execute()).length, 1);
  t.equal((await audit(db, 'connection.created')).length, 1);
  t.equal((await audit(db, 'token.created')).length, 6);
});

t.test('a rate limit given at creation is stored, up to the cap', async (t) => {
  const { db } = await createTestDatabase(t);
  const capped = await createConnection(db, actor, { name: 'capped', kind: 'entra', rateLimitPerSecond: MAX_RATE_LIMIT_PER_SECOND });
  t.match(capped, { name: 'capped', kind: 'entra', rateLimitPerSecond: 100_000 });
  t.equal((await db.selectFrom('idp_connections').select('rate_limit_per_second').where('id', '=', capped.id).executeTakeFirstOrThrow()).rate_limit_per_second, 100_000);
  t.strictSame((await audit(db, 'connection.created'))[0]!.diff, { name: { after: 'capped' }, kind: { after: 'entra' }, rateLimitPerSecond: { after: 100_000 } });
});

t.test('createToken with no connection at all uses the default one', async (t) => {
  const { db } = await createTestDatabase(t);
  const tok = await createToken(db, actor, { name: 'bare' });
  t.equal(tok.connectionName, DEFAULT_CONNECTION);
  t.strictSame((await db.selectFrom('idp_connections').select('name').execute()).map((r) => r.name), ['default']);
});

t.test('a first use that loses the race for a new connection name takes the winner\'s connection', async (t) => {
  // Deterministic form of the race above: another transaction has inserted the name and not
  // committed, so our insert (ON CONFLICT DO NOTHING) waits on it and then returns no row.
  const { db, pool } = await createTestDatabase(t);
  const other = await pool.connect();
  t.teardown(() => other.release());
  await other.query('BEGIN');
  const { rows } = await other.query<{ id: string }>(`INSERT INTO idp_connections (name) VALUES ('Contended') RETURNING id`);
  const pending = createToken(db, actor, { name: 'loser', connection: 'contended' });
  // Wait until our insert is blocked on the other transaction's row.
  await waitUntilBlocked(pool, other);
  await other.query('COMMIT');
  const tok = await pending;
  t.equal(tok.connectionId, rows[0]!.id, 'the committed connection');
  t.equal(tok.connectionName, 'Contended');
  t.equal((await db.selectFrom('idp_connections').select('id').execute()).length, 1);
  t.equal((await audit(db, 'connection.created')).length, 0, 'the loser audits no connection it did not create');
  t.equal((await audit(db, 'token.created')).length, 1);
});

t.test('a failed connection write that is not a name conflict is not reported as one', async (t) => {
  // Only 23505 on the name index means "already exists"; any other failure propagates as it is.
  const { db } = await createTestDatabase(t);
  await sql`CREATE FUNCTION refuse_trip() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.name = 'trip' THEN RAISE EXCEPTION 'refused by the test trigger' USING ERRCODE = 'P0001'; END IF; RETURN NEW; END $$`.execute(db);
  await sql`CREATE TRIGGER refuse_trip BEFORE INSERT OR UPDATE ON idp_connections FOR EACH ROW EXECUTE FUNCTION refuse_trip()`.execute(db);
  await t.rejects(createConnection(db, actor, { name: 'trip' }), { code: 'P0001', message: 'refused by the test trigger' });
  const a = await createConnection(db, actor, { name: 'fine' });
  await t.rejects(updateConnection(db, actor, a.id, { name: 'trip' }), { code: 'P0001', message: 'refused by the test trigger' });
  t.equal((await getConnection(db, a.id))!.name, 'fine', 'nothing changed');
  t.equal((await audit(db, 'connection.created')).length, 1);
  t.equal((await audit(db, 'connection.updated')).length, 0);
});

import type pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { writeAudit, type Actor, type Database } from '@scim/db';
import { generateToken, hashToken, looksLikeToken } from './token-format.js';

export const DEFAULT_CONNECTION = 'default';

import { UUID_RE as UUID } from '../util/uuid.js';

export interface TokenSummary {
  id: string;
  name: string;
  prefix: string;
  connectionId: string;
  connectionName: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  lastUsedUserAgent: string | null;
  rotatedFromId: string | null;
}

export class TokenError extends Error {
  constructor(readonly code: 'not_found' | 'invalid_argument' | 'already_revoked' | 'conflict', message: string) {
    super(message);
  }
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Finds the named connection, creating it (kind 'other') when it does not exist yet. */
async function ensureConnection(db: Kysely<Database>, actor: Actor, name: string): Promise<{ id: string; name: string }> {
  return db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom('idp_connections').select(['id', 'name']).where(sql`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();
    if (found) return found;
    const created = await trx
      .insertInto('idp_connections')
      .values({ name })
      .onConflict((oc) => oc.expression(sql`lower(name)`).doNothing())
      .returning(['id', 'name'])
      .executeTakeFirst();
    if (!created) {
      // Lost a race with a concurrent creator: theirs is the connection.
      return trx.selectFrom('idp_connections').select(['id', 'name']).where(sql`lower(name)`, '=', name.toLowerCase()).executeTakeFirstOrThrow();
    }
    await writeAudit(trx, actor, [{ action: 'connection.created', resourceType: 'Connection', resourceId: created.id, diff: { name: { after: name } } }]);
    return created;
  });
}

export interface CreateTokenInput {
  name: string;
  /** Connection by name, created (kind 'other') when missing: the CLI's shortcut. */
  connection?: string;
  /** Connection by id (the admin API); wins over `connection`. */
  connectionId?: string;
  expiresInDays?: number;
}

async function connectionById(db: Kysely<Database>, id: string): Promise<{ id: string; name: string }> {
  const found = UUID.test(id) ? await db.selectFrom('idp_connections').select(['id', 'name']).where('id', '=', id).executeTakeFirst() : undefined;
  if (!found) throw new TokenError('not_found', `no connection with id ${id}`);
  return found;
}

export async function createToken(db: Kysely<Database>, actor: Actor, input: CreateTokenInput): Promise<TokenSummary & { token: string }> {
  if (!input.name.trim()) throw new TokenError('invalid_argument', 'token name must not be empty');
  if (input.expiresInDays !== undefined && !(input.expiresInDays > 0)) {
    throw new TokenError('invalid_argument', 'expires-in-days must be a positive number');
  }
  const conn = input.connectionId
    ? await connectionById(db, input.connectionId)
    : await ensureConnection(db, actor, input.connection?.trim() || DEFAULT_CONNECTION);
  const { token, prefix, hash } = generateToken();
  const row = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('scim_tokens')
      .values({
        connection_id: conn.id,
        name: input.name.trim(),
        token_hash: hash,
        prefix,
        expires_at: input.expiresInDays ? sql<Date>`now() + make_interval(secs => ${input.expiresInDays * 86400})` as never : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, [
      { action: 'token.created', resourceType: 'Token', resourceId: inserted.id, diff: { name: { after: inserted.name }, prefix: { after: prefix }, expiresAt: { after: iso(inserted.expires_at) } } },
    ]);
    return inserted;
  });
  return { ...summarize({ ...row, connection_name: conn.name }), token };
}

type TokenJoinRow = {
  id: string; name: string; prefix: string; connection_id: string; connection_name: string; created_at: Date;
  expires_at: Date | null; revoked_at: Date | null; last_used_at: Date | null; last_used_ip: string | null; last_used_user_agent: string | null; rotated_from_id: string | null;
};

function summarize(r: TokenJoinRow): TokenSummary {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    connectionId: r.connection_id,
    connectionName: r.connection_name,
    createdAt: r.created_at.toISOString(),
    expiresAt: iso(r.expires_at),
    revokedAt: iso(r.revoked_at),
    lastUsedAt: iso(r.last_used_at),
    lastUsedIp: r.last_used_ip,
    lastUsedUserAgent: r.last_used_user_agent,
    rotatedFromId: r.rotated_from_id,
  };
}

export async function listTokens(db: Kysely<Database>, filter: { connectionId?: string; id?: string } = {}): Promise<TokenSummary[]> {
  let q = db
    .selectFrom('scim_tokens as t')
    .innerJoin('idp_connections as c', 'c.id', 't.connection_id')
    .select(['t.id', 't.name', 't.prefix', 't.connection_id', 'c.name as connection_name', 't.created_at', 't.expires_at', 't.revoked_at', 't.last_used_at', 't.last_used_ip', 't.last_used_user_agent', 't.rotated_from_id'])
    .orderBy('t.created_at')
    .orderBy('t.id');
  if (filter.connectionId) q = q.where('t.connection_id', '=', filter.connectionId);
  if (filter.id) q = q.where('t.id', '=', filter.id);
  return (await q.execute()).map(summarize);
}

export async function revokeToken(db: Kysely<Database>, actor: Actor, id: string): Promise<TokenSummary> {
  if (!UUID.test(id)) throw new TokenError('not_found', `no token with id ${id}`);
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('scim_tokens').select(['id', 'revoked_at']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new TokenError('not_found', `no token with id ${id}`);
    if (row.revoked_at) throw new TokenError('already_revoked', `token ${id} was already revoked at ${row.revoked_at.toISOString()}`);
    await trx.updateTable('scim_tokens').set({ revoked_at: sql`now()` as never }).where('id', '=', id).execute();
    await writeAudit(trx, actor, [{ action: 'token.revoked', resourceType: 'Token', resourceId: id }]);
  });
  return (await listTokens(db, { id }))[0]!;
}

/** Longest overlap a rotation may keep the old token alive: a forgotten rotation must end. */
export const MAX_OVERLAP_SECONDS = 30 * 86400;

/**
 * Rotation: a new token for the same connection, and the old one kept working for `overlap`
 * (so the admin can paste the new token into the IdP without a gap), then expiring on its own.
 * An old token that already expires sooner keeps its earlier expiry.
 */
export async function rotateToken(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  opts: { overlapSeconds: number; expiresInDays?: number },
): Promise<{ old: TokenSummary; created: TokenSummary & { token: string } }> {
  if (!UUID.test(id)) throw new TokenError('not_found', `no token with id ${id}`);
  if (!(opts.overlapSeconds >= 0 && opts.overlapSeconds <= MAX_OVERLAP_SECONDS)) {
    throw new TokenError('invalid_argument', `overlap must be between 0 and ${MAX_OVERLAP_SECONDS / 3600} hours`);
  }
  if (opts.expiresInDays !== undefined && !(opts.expiresInDays > 0)) throw new TokenError('invalid_argument', 'expires-in-days must be a positive number');
  const { token, prefix, hash } = generateToken();
  const newId = await db.transaction().execute(async (trx) => {
    const old = await trx
      .selectFrom('scim_tokens')
      .select(['id', 'name', 'connection_id', 'revoked_at', 'expires_at', sql<boolean>`expires_at IS NOT NULL AND expires_at <= now()`.as('expired')])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!old) throw new TokenError('not_found', `no token with id ${id}`);
    if (old.revoked_at) throw new TokenError('already_revoked', `token ${id} is revoked; mint a new token instead`);
    if (old.expired) throw new TokenError('invalid_argument', `token ${id} has expired; mint a new token instead`);
    const updated = await trx
      .updateTable('scim_tokens')
      .set({ expires_at: sql`least(coalesce(expires_at, 'infinity'), now() + make_interval(secs => ${opts.overlapSeconds}))` as never })
      .where('id', '=', id)
      .returning(['expires_at'])
      .executeTakeFirstOrThrow();
    const inserted = await trx
      .insertInto('scim_tokens')
      .values({
        connection_id: old.connection_id,
        name: old.name,
        token_hash: hash,
        prefix,
        rotated_from_id: old.id,
        expires_at: opts.expiresInDays ? (sql<Date>`now() + make_interval(secs => ${opts.expiresInDays * 86400})` as never) : null,
      })
      .returning(['id', 'expires_at'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, [
      { action: 'token.rotated', resourceType: 'Token', resourceId: old.id, diff: { expiresAt: { before: iso(old.expires_at), after: iso(updated.expires_at) }, rotatedTo: { after: inserted.id } } },
      { action: 'token.created', resourceType: 'Token', resourceId: inserted.id, diff: { name: { after: old.name }, prefix: { after: prefix }, expiresAt: { after: iso(inserted.expires_at) }, rotatedFromId: { after: old.id } } },
    ]);
    return inserted.id;
  });
  const [old, created] = [(await listTokens(db, { id }))[0]!, (await listTokens(db, { id: newId }))[0]!];
  return { old, created: { ...created, token } };
}

export interface AuthenticatedToken {
  tokenId: string;
  connectionId: string;
  connectionName: string;
  connectionKind: string;
  rateLimitPerSecond: number | null;
}

export type AuthFailure = 'malformed' | 'unknown' | 'revoked' | 'expired';

// Runs on every SCIM read: a named prepared statement, so PostgreSQL parses and plans it
// once per connection instead of once per request.
const AUTH_QUERY = {
  name: 'scim-authenticate-token',
  text: `SELECT t.id, t.connection_id, c.name, c.kind, c.rate_limit_per_second, t.revoked_at IS NOT NULL AS revoked,
                t.expires_at IS NOT NULL AND t.expires_at <= now() AS expired
           FROM scim_tokens t JOIN idp_connections c ON c.id = t.connection_id
          WHERE t.token_hash = $1`,
};

/**
 * Looks a token up by its hash (hashToken), uncached: a revocation or expiry shows on the very
 * next call, from any process. The SCIM edge (scim/http/auth.ts) calls it for every read;
 * writes on a token it has already seen check validity inside their own statement instead.
 */
export async function authenticateTokenHash(pool: pg.Pool, hash: Buffer): Promise<AuthenticatedToken | Exclude<AuthFailure, 'malformed'>> {
  type Row = { id: string; connection_id: string; name: string; kind: string; rate_limit_per_second: number | null; revoked: boolean; expired: boolean };
  const row = (await pool.query<Row>({ ...AUTH_QUERY, values: [hash] })).rows[0];
  if (!row) return 'unknown';
  if (row.revoked) return 'revoked';
  if (row.expired) return 'expired';
  return { tokenId: row.id, connectionId: row.connection_id, connectionName: row.name, connectionKind: row.kind, rateLimitPerSecond: row.rate_limit_per_second };
}

export async function authenticateToken(pool: pg.Pool, token: string): Promise<AuthenticatedToken | AuthFailure> {
  return looksLikeToken(token) ? authenticateTokenHash(pool, hashToken(token)) : 'malformed';
}

/** Records last use; the caller throttles (one write per token per minute per process). */
export async function touchToken(db: Kysely<Database>, tokenId: string, ip: string | null, userAgent: string | null): Promise<void> {
  await db
    .updateTable('scim_tokens')
    .set({ last_used_at: sql`now()` as never, last_used_ip: ip, last_used_user_agent: userAgent?.slice(0, 512) ?? null })
    .where('id', '=', tokenId)
    .execute();
}

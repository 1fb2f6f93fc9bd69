import { sql, type Kysely } from 'kysely';
import { writeAudit, type Actor, type Database, type IdpConnectionRow } from '@scim/db';
import { diffFields } from '../audit/diff.js';
import { UUID_RE as UUID } from '../util/uuid.js';
import { TokenError } from './token-store.js';

export const CONNECTION_KINDS = ['okta', 'entra', 'onelogin', 'other'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];
/** The largest per-connection rate limit: far above any IdP's push rate, and inside the integer column (the CLI once sent 3e9 and got PostgreSQL's "out of range" back). */
export const MAX_RATE_LIMIT_PER_SECOND = 100_000;

export interface ConnectionSummary {
  id: string;
  name: string;
  kind: ConnectionKind;
  /** null = the process default (SCIM_RATE_LIMIT_PER_SECOND); 0 = unlimited. */
  rateLimitPerSecond: number | null;
  createdAt: string;
  updatedAt: string;
  activeTokens: number;
  managedUsers: number;
  managedGroups: number;
}

export interface ConnectionInput {
  name?: string;
  kind?: ConnectionKind;
  rateLimitPerSecond?: number | null;
}

function validate(input: ConnectionInput): void {
  if (input.name !== undefined && !input.name.trim()) throw new TokenError('invalid_argument', 'connection name must not be empty');
  if (input.kind !== undefined && !CONNECTION_KINDS.includes(input.kind)) {
    throw new TokenError('invalid_argument', `kind must be one of ${CONNECTION_KINDS.join(', ')}`);
  }
  const r = input.rateLimitPerSecond;
  if (r !== undefined && r !== null && !(Number.isInteger(r) && r >= 0 && r <= MAX_RATE_LIMIT_PER_SECOND)) {
    throw new TokenError('invalid_argument', `rate limit must be a whole number of requests per second from 0 (unlimited) to ${MAX_RATE_LIMIT_PER_SECOND}`);
  }
}

/** The unique index on lower(name) is the only duplicate check (no check-then-insert). */
function isNameConflict(err: unknown): boolean {
  return (err as { code?: string; constraint?: string }).code === '23505';
}

function plain(row: IdpConnectionRow) {
  return { name: row.name, kind: row.kind, rateLimitPerSecond: row.rate_limit_per_second };
}

export async function createConnection(db: Kysely<Database>, actor: Actor, input: ConnectionInput & { name: string }): Promise<ConnectionSummary> {
  validate(input);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('idp_connections')
      .values({ name: input.name.trim(), kind: input.kind ?? 'other', rate_limit_per_second: input.rateLimitPerSecond ?? null })
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch((err) => {
        if (isNameConflict(err)) throw new TokenError('conflict', `a connection named "${input.name.trim()}" already exists`);
        throw err;
      });
    await writeAudit(trx, actor, [{ action: 'connection.created', resourceType: 'Connection', resourceId: row.id, diff: diffFields({}, plain(row)) }]);
    return row.id;
  });
  return (await getConnection(db, id))!;
}

export async function updateConnection(db: Kysely<Database>, actor: Actor, id: string, input: ConnectionInput): Promise<ConnectionSummary> {
  validate(input);
  if (!UUID.test(id)) throw new TokenError('not_found', `no connection with id ${id}`);
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('idp_connections').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw new TokenError('not_found', `no connection with id ${id}`);
    const set: { name?: string; kind?: ConnectionKind; rate_limit_per_second?: number | null } = {};
    if (input.name !== undefined) set.name = input.name.trim();
    if (input.kind !== undefined) set.kind = input.kind;
    if (input.rateLimitPerSecond !== undefined) set.rate_limit_per_second = input.rateLimitPerSecond;
    const after = await trx
      .updateTable('idp_connections')
      .set({ ...set, updated_at: sql`now()` as never })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch((err) => {
        if (isNameConflict(err)) throw new TokenError('conflict', `a connection named "${set.name}" already exists`);
        throw err;
      });
    const diff = diffFields(plain(before), plain(after));
    if (Object.keys(diff).length > 0) {
      await writeAudit(trx, actor, [{ action: 'connection.updated', resourceType: 'Connection', resourceId: id, diff }]);
    }
  });
  return (await getConnection(db, id))!;
}

function connectionQuery(db: Kysely<Database>) {
  return db
    .selectFrom('idp_connections as c')
    .selectAll('c')
    .select([
      sql<number>`(SELECT count(*)::int FROM scim_tokens t WHERE t.connection_id = c.id AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()))`.as('active_tokens'),
      sql<number>`(SELECT count(*)::int FROM users u WHERE u.connection_id = c.id AND u.deleted_at IS NULL)`.as('managed_users'),
      sql<number>`(SELECT count(*)::int FROM groups g WHERE g.connection_id = c.id AND g.deleted_at IS NULL)`.as('managed_groups'),
    ]);
}

type ConnectionJoinRow = IdpConnectionRow & { active_tokens: number; managed_users: number; managed_groups: number };

function summarize(r: ConnectionJoinRow): ConnectionSummary {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    rateLimitPerSecond: r.rate_limit_per_second,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    activeTokens: r.active_tokens,
    managedUsers: r.managed_users,
    managedGroups: r.managed_groups,
  };
}

export async function listConnections(db: Kysely<Database>): Promise<ConnectionSummary[]> {
  return (await connectionQuery(db).orderBy(sql`lower(c.name)`).execute()).map(summarize);
}

export async function getConnection(db: Kysely<Database>, id: string): Promise<ConnectionSummary | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await connectionQuery(db).where('c.id', '=', id).executeTakeFirst();
  return row ? summarize(row) : undefined;
}

import { isIP } from 'node:net';
import { sql, type Kysely } from 'kysely';
import type { Database } from '@scim/db';

/**
 * Sign-in attempts per client address, in the database so every replica counts the same
 * ones. Within WINDOW_SECONDS an (email, address) pair gets MAX_FAILURES checked passwords
 * and an address MAX_ADDRESS_FAILURES, whatever emails it tries (made-up emails each cost a
 * full scrypt: issue 14 finding 4). Keyed by address too, so an attacker cannot lock a real
 * admin out from elsewhere by failing on purpose.
 *
 * An attempt is counted and recorded under a transaction-scoped advisory lock on its address,
 * *before* its password is checked, so each sees every earlier one and at most the limit get
 * through, however many run in parallel (the old check-then-record let 59 of 60 through:
 * finding 2). The lock is only tried: an attempt that finds its address's lock held is
 * refused at once rather than holding a pooled connection while it waits, so a flood from
 * one address cannot drain the pool the SCIM API shares. Only attempts that go on to
 * check a password leave a row; a refused one neither counts nor extends the lockout. A
 * success clears the pair's rows.
 */
export const MAX_FAILURES = 5;
export const MAX_ADDRESS_FAILURES = 20;
export const WINDOW_SECONDS = 15 * 60;

/**
 * The key an address is counted under: IPv4 as is (IPv4-mapped IPv6 too), IPv6 by its /64,
 * the block one subscriber usually holds (RFC 6177), so rotating within it gains nothing.
 */
export function clientKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4) return v4[1]!;
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

export interface LoginAttempt {
  id: string;
  /** Seconds until an attempt is allowed again; 0 = this one may check its password. */
  retryAfter: number;
}

export async function claimLoginAttempt(db: Kysely<Database>, email: string, address: string): Promise<LoginAttempt> {
  const lower = email.toLowerCase();
  const pair = sql`lower(email) = ${lower}`;
  const secondsUntilOldestLeaves = (filter: ReturnType<typeof sql>) =>
    sql<number>`coalesce(ceil(extract(epoch FROM (min(failed_at) FILTER (WHERE ${filter}) + make_interval(secs => ${WINDOW_SECONDS}) - now()))), 1)::int`;
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(hashtextextended(${`admin-sign-in:${address}`}, 0)) AS locked`.execute(trx);
    if (!rows[0]?.locked) return { id: '', retryAfter: 1 };
    const row = await trx
      .selectFrom('admin_login_failures')
      .select([
        sql<number>`count(*) FILTER (WHERE ${pair})::int`.as('pair'),
        sql<number>`count(*)::int`.as('address'),
        secondsUntilOldestLeaves(pair).as('pairWait'),
        secondsUntilOldestLeaves(sql`true`).as('addressWait'),
      ])
      .where('ip', '=', address)
      .where('failed_at', '>', sql<Date>`now() - make_interval(secs => ${WINDOW_SECONDS})`)
      .executeTakeFirstOrThrow();
    let retryAfter = 0;
    if (row.pair >= MAX_FAILURES) retryAfter = Math.max(1, row.pairWait);
    if (row.address >= MAX_ADDRESS_FAILURES) retryAfter = Math.max(retryAfter, row.addressWait, 1);
    if (retryAfter > 0) return { id: '', retryAfter };
    const { id } = await trx.insertInto('admin_login_failures').values({ email: lower, ip: address }).returning('id').executeTakeFirstOrThrow();
    return { id: String(id), retryAfter: 0 };
  });
}

/** An attempt whose password was never checked (refused, or no hashing slot free) counts for nothing. */
export async function releaseLoginAttempt(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('admin_login_failures').where('id', '=', id as never).execute();
}

/** After a wrong password: the attempt's row stays and counts; old rows are pruned on the way. */
export async function pruneLoginAttempts(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('admin_login_failures').where('failed_at', '<', sql<Date>`now() - make_interval(secs => ${WINDOW_SECONDS * 2})`).execute();
}

export async function clearLoginFailures(db: Kysely<Database>, email: string, address: string): Promise<void> {
  await db.deleteFrom('admin_login_failures').where(sql`lower(email)`, '=', email.toLowerCase()).where('ip', '=', address).execute();
}

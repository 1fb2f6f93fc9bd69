import { sql, type Kysely } from 'kysely';
import type { Database } from '@scim/db';

/**
 * Failed sign-ins per (email, IP) in the database, so every replica counts the same failures:
 * after MAX_FAILURES within WINDOW_SECONDS the pair is refused (429) until the oldest failure
 * leaves the window. Keyed by email *and* IP so an attacker cannot lock a real admin out from
 * elsewhere by failing on purpose.
 */
export const MAX_FAILURES = 5;
export const WINDOW_SECONDS = 15 * 60;

/** Seconds until the next attempt is allowed; 0 = allowed now. */
export async function loginRetryAfter(db: Kysely<Database>, email: string, ip: string): Promise<number> {
  const row = await db
    .selectFrom('admin_login_failures')
    .select([
      sql<number>`count(*)::int`.as('n'),
      sql<number>`ceil(extract(epoch FROM (min(failed_at) + make_interval(secs => ${WINDOW_SECONDS}) - now())))::int`.as('wait'),
    ])
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .where('ip', '=', ip)
    .where('failed_at', '>', sql<Date>`now() - make_interval(secs => ${WINDOW_SECONDS})`)
    .executeTakeFirstOrThrow();
  return row.n >= MAX_FAILURES ? Math.max(1, row.wait) : 0;
}

export async function recordLoginFailure(db: Kysely<Database>, email: string, ip: string): Promise<void> {
  await db.insertInto('admin_login_failures').values({ email: email.toLowerCase(), ip }).execute();
  // Rows older than the window count for nothing: prune them on the way (no timer needed).
  await db.deleteFrom('admin_login_failures').where('failed_at', '<', sql<Date>`now() - make_interval(secs => ${WINDOW_SECONDS * 2})`).execute();
}

export async function clearLoginFailures(db: Kysely<Database>, email: string, ip: string): Promise<void> {
  await db.deleteFrom('admin_login_failures').where(sql`lower(email)`, '=', email.toLowerCase()).where('ip', '=', ip).execute();
}

import type { Kysely, Transaction } from 'kysely';
import type pg from 'pg';
import type { Actor, Database } from '@scim/db';

/** What a SCIM write needs from its edge (HTTP request, bulk operation). */
export interface WriteContext {
  db: Kysely<Database>;
  /** The pool under `db`: the hot create statement runs as a named prepared statement (user-create.ts). */
  pool: pg.Pool;
  actor: Actor;
  /** The connection of the calling token: it manages what it creates. */
  connectionId: string;
  baseUrl: string;
  adoptLocalUsers: boolean;
  /** Value of If-Match, when the client sent one (RFC 7644 §3.14). */
  ifMatch?: string;
}

/** SQLSTATE unique_violation: the unique index, not a prior SELECT, decides uniqueness. */
export function isUniqueViolation(err: unknown): err is { constraint?: string } {
  return (err as { code?: string })?.code === '23505';
}

// deadlock_detected, serialization_failure: PostgreSQL aborted this transaction so that another
// could finish; running it again from the start is the documented remedy.
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

export function isRetryable(err: unknown): boolean {
  return RETRYABLE.has((err as { code?: string })?.code ?? '');
}

/**
 * Runs a SCIM write transaction, again from the start if PostgreSQL picked it as a deadlock or
 * serialization victim. Membership writes lock group then member users while a user's delete
 * locks the user then its groups; a rare cycle between the two costs a retry, never a 500.
 * `fn` must derive everything from what it reads inside the transaction.
 */
export async function inTransaction<T>(db: Kysely<Database>, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(fn);
    } catch (err) {
      if (attempt >= ATTEMPTS || !isRetryable(err)) throw err;
    }
  }
}

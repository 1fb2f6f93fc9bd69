import type { Kysely } from 'kysely';
import type { Actor, Database } from '@scim/db';

/** What a SCIM write needs from its edge (HTTP request, bulk operation). */
export interface WriteContext {
  db: Kysely<Database>;
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

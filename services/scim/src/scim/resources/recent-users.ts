import type { StoredUser } from './user-store.js';

/**
 * The user rows this process wrote or read last, by id: a PUT or PATCH of a user written or
 * read here before plans on that row and writes in ONE round trip, skipping the read (issue 17;
 * BENCHMARKS.md "PUT and PATCH on a remembered row"). IdPs write the same user in bursts — Entra
 * sends a PATCH per changed attribute group, Okta a PUT after a PATCH of the same push — and
 * read it just before: Entra looks the user up (`userName eq`) before its PATCH, Okta GETs
 * /Users/{id} before its PUT (scim/http/users-routes.ts, list-response.ts remember those rows).
 * A row read may be older than one this process wrote meanwhile: the version guard refuses it
 * like any other stale row.
 *
 * Sound because a user row's version moves on every write of it (docs/architecture.md,
 * invariant "one version per content"): a remembered row at version v is the stored row as long
 * as the stored version is v, and the write statement only writes when it is
 * (user-update.ts, `$20`). A remembered row is trusted for nothing else: when the plan made on
 * it refuses (404, If-Match, ownership, a PATCH target), changes nothing, or the guarded write
 * finds another version, the row is read again and the request planned on what is stored.
 *
 * Bounded (oldest written first out); the document is kept as JSON text so no caller can change
 * a remembered row through the object it was handed.
 */
export class RecentUsers {
  private readonly rows = new Map<string, { row: Omit<StoredUser, 'doc'>; doc: string }>();

  constructor(private readonly max = 10_000) {}

  get(id: string): StoredUser | undefined {
    const hit = this.rows.get(id);
    return hit && { ...hit.row, doc: JSON.parse(hit.doc) };
  }

  put(user: StoredUser): void {
    const { doc, ...row } = user;
    this.rows.delete(user.id);
    this.rows.set(user.id, { row, doc: JSON.stringify(doc) });
    if (this.rows.size > this.max) this.rows.delete(this.rows.keys().next().value!);
  }

  forget(id: string): void {
    this.rows.delete(id);
  }
}

const PER_POOL = new WeakMap<object, RecentUsers>();

/** One memory per database pool (tests run many apps, each on its own database, in one process). */
export function recentUsersOf(pool: object): RecentUsers {
  let recent = PER_POOL.get(pool);
  if (!recent) PER_POOL.set(pool, (recent = new RecentUsers()));
  return recent;
}

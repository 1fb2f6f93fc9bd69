import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '@scim/db';

// What lets a full listing cost per page what the page costs (issue 17). Entra and Okta import
// by index paging, startIndex 1, 101, 201 … to the end: OFFSET makes page k read k·count rows,
// and count(*) for totalResults reads every matching row, on every page.
//
// - The listing's snapshot: the first page counts once (`total`; a first page shorter than
//   `count` is its own count, list.ts) and records the statement's time (`since`); a later
//   page's totalResults is that count plus the matching rows created since, minus those
//   created before it and deleted since: two index range scans over what changed during the
//   crawl (created_at, updated_at), not over the table. Not counted: a row whose transaction
//   began before the first page's count and committed after it, and a revival during the
//   crawl (a soft-deleted row made live again). Both are seen by the next listing.
// - Continuation: when a page of the default order (creation order) ends, its last position
//   is remembered under the next startIndex; a request for exactly that startIndex continues
//   after the position (keyset, on the (created_at, id) index) instead of skipping rows with
//   OFFSET. Any other startIndex is random access and uses OFFSET. A position lives in the
//   process that served the page before; a request landing on another process falls back to
//   OFFSET once and continues from there.

export interface ListSnapshot {
  total: number;
  /** created_at/deleted_at boundary of the snapshot, as PostgreSQL's text (µs exact). */
  since: string;
}

export interface Continuation extends ListSnapshot {
  /** The last row of the previous page: (created_at as text, id). */
  afterTs: string;
  afterId: string;
  at: number;
}

export const MAX_ENTRIES = 10_000;
export const TTL_MS = 15 * 60_000;

/**
 * Positions of listings in progress, per process; bounded, oldest dropped first, each kept
 * TTL_MS: they cap the memory abandoned crawls hold. A request whose position was dropped is
 * served by OFFSET, as random access is: on a table nobody writes meanwhile, the same page.
 */
export class ContinuationCache {
  private readonly entries = new Map<string, Continuation>();

  /** `now`: the clock, for tests. */
  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.entries.size;
  }

  take(query: string, startIndex: number): Continuation | undefined {
    const key = `${query}\u0000${startIndex}`;
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    return this.now() - hit.at < TTL_MS ? hit : undefined;
  }

  put(query: string, startIndex: number, c: Omit<Continuation, 'at'>): void {
    const key = `${query}\u0000${startIndex}`;
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { ...c, at: this.now() });
  }
}

/** A fresh snapshot: count(*) of the matching live rows and the time it was taken. */
export async function takeSnapshot(db: Kysely<Database>, from: RawBuilder<unknown>, where: RawBuilder<boolean>): Promise<ListSnapshot> {
  const r = await sql<{ n: string; since: string }>`SELECT count(*)::text AS n, now()::text AS since FROM ${from} WHERE ${where}`.execute(db);
  return { total: Number(r.rows[0]!.n), since: r.rows[0]!.since };
}

/**
 * totalResults now, from a snapshot: `live` is the filter over live rows, `any` the same filter
 * over every row (deleted ones included), `alias` the table alias both use.
 */
export async function totalSince(
  db: Kysely<Database>, from: RawBuilder<unknown>, alias: string, live: RawBuilder<boolean>, any: RawBuilder<boolean>, snap: ListSnapshot,
): Promise<number> {
  const ref = (c: string) => sql.ref(`${alias}.${c}`);
  const since = sql`${snap.since}::timestamptz`;
  const r = await sql<{ added: string; removed: string }>`
    SELECT (SELECT count(*) FROM ${from} WHERE ${live} AND ${ref('created_at')} >= ${since})::text AS added,
           (SELECT count(*) FROM ${from} WHERE ${any} AND ${ref('updated_at')} >= ${since} AND ${ref('deleted_at')} >= ${since}
               AND ${ref('created_at')} < ${since})::text AS removed`.execute(db);
  return snap.total + Number(r.rows[0]!.added) - Number(r.rows[0]!.removed);
}

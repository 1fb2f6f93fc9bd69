import { sql, type RawBuilder } from 'kysely';

/**
 * Keyset paging helpers shared by the admin lists and the audit query: opaque cursors over
 * (timestamp, id). Timestamps travel as text with microseconds: a JS Date keeps only
 * milliseconds, and a cursor rounded down would repeat or skip rows within one millisecond.
 */
export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not valid: pass the nextCursor of a previous page unchanged');
  }
}

export function encodeCursor(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** A [timestamp, id] cursor; `id` must match `idPattern` (it is cast in SQL). */
export function decodeCursor(cursor: string, idPattern: RegExp): [string, string] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parts) || parts.length !== 2 || !parts.every((p) => typeof p === 'string')) throw new InvalidCursorError();
  const [ts, id] = parts as [string, string];
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(ts) || !idPattern.test(id)) throw new InvalidCursorError();
  return [ts, id];
}

/** `col` as an exact UTC text timestamp (microseconds), for cursors. */
export function exactTimestamp(col: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(col)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** LIKE pattern for a user-typed search term: its own % and _ match literally. */
export function containsPattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;

/** Splits the `limit + 1` rows of a keyset query into the page and the next cursor. */
export function keysetPage<T>(rows: T[], limit: number, key: (row: T) => [string, string]): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(key(last)) : null };
}

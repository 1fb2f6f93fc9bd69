export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuid columns: a value that is not a UUID can match no row (and must not reach a cast). */
export function isUuid(v: string): boolean {
  return UUID_RE.test(v);
}

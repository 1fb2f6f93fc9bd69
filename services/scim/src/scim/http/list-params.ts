import { scimErrors } from '../core/errors.js';
import { parseAttributeList } from '../core/projection.js';
import { URN } from '../core/types.js';

/** A list/search request, from GET query parameters or a POST /.search body (RFC 7644 §3.4.2-3). */
export interface ListRequest {
  filter?: string;
  startIndex: number;
  count?: number;
  sortBy?: string;
  sortOrder: 'ascending' | 'descending';
  attributes: string[];
  excludedAttributes: string[];
  /** RFC 9865: present (possibly "") = cursor paging. */
  cursor?: string;
}

// PostgreSQL's OFFSET is a bigint: 1e20 failed the query with a 500 (issue 14 finding 7). No
// list is near 2^31 rows; a larger startIndex is a client bug, refused by name.
const MAX_START_INDEX = 2 ** 31 - 1;

function int(name: string, v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) throw scimErrors.invalidValue(`${name} must be an integer, got ${JSON.stringify(v).slice(0, 40)}`);
  return n;
}

function sortOrder(v: unknown): 'ascending' | 'descending' {
  if (v === undefined || v === '') return 'ascending';
  const s = String(v).toLowerCase();
  if (s !== 'ascending' && s !== 'descending') throw scimErrors.invalidValue(`sortOrder must be "ascending" or "descending"`);
  return s;
}

function str(name: string, v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw scimErrors.invalidValue(`${name} must be a string`);
  return v;
}

function list(name: string, v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.flatMap((x) => parseAttributeList(x));
  if (typeof v === 'string') return parseAttributeList(v);
  throw scimErrors.invalidValue(`${name} must be a list of attribute names`);
}

function build(get: (key: string) => unknown): ListRequest {
  const startIndex = int('startIndex', get('startindex'));
  if (startIndex !== undefined && startIndex > MAX_START_INDEX) throw scimErrors.invalidValue(`startIndex must be at most ${MAX_START_INDEX}`);
  // RFC 7644 §3.4.2.4: a count above maxResults is answered with maxResults (list.ts clamps).
  const count = int('count', get('count'));
  const cursor = str('cursor', get('cursor'));
  if (cursor !== undefined && startIndex !== undefined) {
    throw scimErrors.invalidValue('use either startIndex (index paging) or cursor (RFC 9865), not both');
  }
  return {
    filter: str('filter', get('filter')),
    // RFC 7644 §3.4.2.4: startIndex < 1 is interpreted as 1; a negative count as 0.
    startIndex: Math.max(1, startIndex ?? 1),
    count: count === undefined ? undefined : Math.max(0, count),
    sortBy: str('sortBy', get('sortby')) || undefined,
    sortOrder: sortOrder(get('sortorder')),
    attributes: list('attributes', get('attributes')),
    excludedAttributes: list('excludedAttributes', get('excludedattributes')),
    cursor,
  };
}

/** Query parameter names are matched case-insensitively (Entra/MS tests vary the case). */
export function parseListQuery(query: Record<string, unknown>): ListRequest {
  const lower = new Map(Object.entries(query).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.at(-1) : v]));
  return build((k) => lower.get(k));
}

/** POST /.search body (RFC 7644 §3.4.3): a SearchRequest message. */
export function parseSearchBody(body: unknown): ListRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw scimErrors.invalidSyntax('the search request body must be a JSON object');
  const b = body as Record<string, unknown>;
  const schemas = b.schemas;
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === URN.searchRequest.toLowerCase())) {
    throw scimErrors.invalidSyntax(`schemas must contain "${URN.searchRequest}"`);
  }
  const lower = new Map(Object.entries(b).map(([k, v]) => [k.toLowerCase(), v]));
  return build((k) => lower.get(k));
}

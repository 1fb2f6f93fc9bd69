import { scimErrors } from '../core/errors.js';
import { URN } from '../core/types.js';

// Pure parts of /Bulk (RFC 7644 §3.7): request validation and bulkId references.

export type BulkMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface BulkOperation {
  index: number;
  method: BulkMethod;
  path: string;
  bulkId?: string;
  version?: string;
  data?: unknown;
}

export interface BulkRequest {
  failOnErrors?: number;
  operations: BulkOperation[];
}

const METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function parseBulkRequest(body: unknown, maxOperations: number): BulkRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw scimErrors.invalidSyntax('the bulk request body must be a JSON object');
  const b = Object.fromEntries(Object.entries(body as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
  if (!Array.isArray(b.schemas) || !b.schemas.some((s) => typeof s === 'string' && s.toLowerCase() === URN.bulkRequest.toLowerCase())) {
    throw scimErrors.invalidSyntax(`schemas must contain "${URN.bulkRequest}"`);
  }
  const ops = b.operations;
  if (!Array.isArray(ops)) throw scimErrors.invalidSyntax('Operations must be an array');
  // §3.7.4: more operations than maxOperations is 413 Payload Too Large.
  if (ops.length > maxOperations) throw scimErrors.payloadTooLarge(`the bulk request has ${ops.length} operations; maxOperations is ${maxOperations}`);
  const failOnErrors = b.failonerrors;
  if (failOnErrors !== undefined && !(Number.isInteger(failOnErrors) && (failOnErrors as number) >= 1)) {
    throw scimErrors.invalidSyntax('failOnErrors must be a positive integer');
  }
  const seen = new Set<string>();
  const operations = ops.map((raw, index): BulkOperation => {
    if (typeof raw !== 'object' || raw === null) throw scimErrors.invalidSyntax(`Operations[${index}] must be an object`);
    const o = Object.fromEntries(Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
    const method = typeof o.method === 'string' ? o.method.toUpperCase() : '';
    if (!METHODS.has(method)) throw scimErrors.invalidSyntax(`Operations[${index}].method must be POST, PUT, PATCH or DELETE`);
    if (typeof o.path !== 'string' || !o.path.startsWith('/')) throw scimErrors.invalidSyntax(`Operations[${index}].path must be a resource path such as /Users`);
    if (o.bulkid !== undefined && typeof o.bulkid !== 'string') throw scimErrors.invalidSyntax(`Operations[${index}].bulkId must be a string`);
    if (method === 'POST' && !o.bulkid) throw scimErrors.invalidSyntax(`Operations[${index}]: bulkId is required for POST (RFC 7644 §3.7)`);
    if (o.bulkid) {
      if (seen.has(o.bulkid as string)) throw scimErrors.invalidSyntax(`bulkId "${o.bulkid}" is used twice`);
      seen.add(o.bulkid as string);
    }
    if ((method === 'POST' || method === 'PUT' || method === 'PATCH') && o.data === undefined) {
      throw scimErrors.invalidSyntax(`Operations[${index}]: data is required for ${method}`);
    }
    return { index, method: method as BulkMethod, path: o.path, bulkId: o.bulkid as string | undefined, version: o.version as string | undefined, data: o.data };
  });
  return { failOnErrors: failOnErrors as number | undefined, operations };
}

const REF = /^bulkId:(.+)$/;

/** bulkIds this operation refers to ("bulkId:x" in its path or in any string of its data). */
export function referencedBulkIds(op: BulkOperation): string[] {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      const m = REF.exec(v);
      if (m) out.add(m[1]!);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(op.data);
  for (const seg of op.path.split('/')) walk(seg);
  return [...out];
}

/** Replaces every "bulkId:x" with the id created for x (§3.7.2). */
export function substituteBulkIds<T>(value: T, ids: Map<string, string>): T {
  const sub = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const m = REF.exec(v);
      return m && ids.has(m[1]!) ? ids.get(m[1]!) : v;
    }
    if (Array.isArray(v)) return v.map(sub);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sub(x)]));
    return v;
  };
  return sub(value) as T;
}

/**
 * Processing order: request order, except that an operation waits until the operations
 * defining the bulkIds it references have run (§3.7.2 allows any order that resolves them).
 * Operations whose references can never resolve (unknown or circular) come last and fail.
 */
export function executionOrder(ops: BulkOperation[]): { order: BulkOperation[]; unresolvable: Set<number> } {
  const definers = new Map(ops.filter((o) => o.bulkId).map((o) => [o.bulkId!, o.index]));
  const done = new Set<number>();
  const order: BulkOperation[] = [];
  let progress = true;
  while (progress) {
    progress = false;
    for (const op of ops) {
      if (done.has(op.index)) continue;
      const deps = referencedBulkIds(op).map((b) => definers.get(b));
      if (deps.every((d) => d !== undefined && d !== op.index && done.has(d))) {
        done.add(op.index);
        order.push(op);
        progress = true;
      }
    }
  }
  const unresolvable = new Set(ops.filter((o) => !done.has(o.index)).map((o) => o.index));
  return { order: [...order, ...ops.filter((o) => unresolvable.has(o.index))], unresolvable };
}

/** The operation with its data and its path segments (`/Users/bulkId:u1`) resolved. */
export function resolveOperation(op: BulkOperation, ids: Map<string, string>): BulkOperation {
  return {
    ...op,
    data: substituteBulkIds(op.data, ids),
    path: op.path.split('/').map((seg) => substituteBulkIds(seg, ids)).join('/'),
  };
}

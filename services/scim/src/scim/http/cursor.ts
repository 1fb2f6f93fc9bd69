import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { scimErrors } from '../core/errors.js';

/**
 * RFC 9865 cursors: opaque, HMAC-signed (a client cannot forge a position), bound to the
 * query they were issued for (§3: the other parameters must be identical) and expiring
 * after cursorTimeout.
 */
export interface CursorState {
  /** Keyset position: the id of the last row (id order); or an offset for sortBy orders. */
  after?: string;
  offset?: number;
  /** The listing's snapshot (resources/list-snapshot.ts): totalResults without a count per page. */
  total?: number;
  since?: string;
}

export const CURSOR_TIMEOUT_SECONDS = 3600;

export function queryHash(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

function sign(key: string, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

export function encodeCursor(key: string, state: CursorState, hash: string): string {
  const payload = Buffer.from(JSON.stringify({ ...state, h: hash, x: Math.floor(Date.now() / 1000) + CURSOR_TIMEOUT_SECONDS })).toString('base64url');
  return `${payload}.${sign(key, payload)}`;
}

export function decodeCursor(key: string, cursor: string, hash: string): CursorState {
  const [payload, mac] = cursor.split('.');
  const expected = payload ? sign(key, payload) : '';
  if (!payload || !mac || mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) {
    throw scimErrors.invalidCursor('the cursor is not one this service issued');
  }
  const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CursorState & { h: string; x: number };
  if (data.x < Date.now() / 1000) throw scimErrors.expiredCursor('the cursor has expired; start again without a cursor value');
  if (data.h !== hash) throw scimErrors.invalidCursor('the cursor was issued for a different filter, sort or resource type');
  return { after: data.after, offset: data.offset, total: data.total, since: data.since };
}

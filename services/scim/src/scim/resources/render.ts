import { URN, type JsonObject } from '../core/types.js';

/**
 * Stored rows → SCIM representations (RFC 7643 §3.1 meta, §4.1 User, §4.2 Group). The one
 * place that knows how `doc` + row columns become a resource: SCIM responses, outbox
 * snapshots and the admin API all render through here.
 */
export interface UserRowLike {
  id: string;
  doc: unknown;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface GroupRef {
  value: string;
  display: string | null;
}

export function etag(version: number): string {
  return `W/"${version}"`;
}

export function userLocation(baseUrl: string, id: string): string {
  return `${baseUrl}/scim/v2/Users/${id}`;
}

export function groupLocation(baseUrl: string, id: string): string {
  return `${baseUrl}/scim/v2/Groups/${id}`;
}

function meta(resourceType: 'User' | 'Group', row: UserRowLike, location: string) {
  return {
    resourceType,
    created: row.created_at.toISOString(),
    lastModified: row.updated_at.toISOString(),
    location,
    version: etag(row.version),
  };
}

/** `groups` (readOnly, derived from memberships) is included only when the caller loaded it. */
export function renderUser(row: UserRowLike, baseUrl: string, groups?: GroupRef[]): JsonObject {
  const doc = row.doc as JsonObject;
  const schemas: string[] = [URN.user];
  if (doc[URN.enterpriseUser] !== undefined) schemas.push(URN.enterpriseUser);
  const out: JsonObject = { schemas, id: row.id, ...doc };
  if (groups && groups.length > 0) {
    out.groups = groups.map((g) => ({ value: g.value, $ref: groupLocation(baseUrl, g.value), display: g.display ?? undefined, type: 'direct' }));
  }
  out.meta = meta('User', row, userLocation(baseUrl, row.id));
  return out;
}

/** Members are rendered separately (streamed for large groups); never part of `doc`. */
export function renderGroup(row: UserRowLike, baseUrl: string): JsonObject {
  return { schemas: [URN.group], id: row.id, ...(row.doc as JsonObject), meta: meta('Group', row, groupLocation(baseUrl, row.id)) };
}

export function memberRef(baseUrl: string, m: { member_id: string; member_type: 'User' | 'Group'; display: string | null }): JsonObject {
  const ref = m.member_type === 'User' ? userLocation(baseUrl, m.member_id) : groupLocation(baseUrl, m.member_id);
  const out: JsonObject = { value: m.member_id, $ref: ref, type: m.member_type };
  if (m.display) out.display = m.display;
  return out;
}

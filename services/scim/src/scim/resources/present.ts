import type { Kysely } from 'kysely';
import type { Database } from '@scim/db';
import { projectResource, wantsAttribute, type ProjectionOptions } from '../core/projection.js';
import type { JsonObject } from '../core/types.js';
import { memberPage } from './group-members.js';
import type { StoredGroup } from './group-store.js';
import { memberRef, renderGroup, renderUser, type GroupRef } from './render.js';
import { groupsOfUsers, type StoredUser } from './user-store.js';

// Rows → what the client asked for (RFC 7644 §3.4.2.5 attributes/excludedAttributes). Derived
// attributes (a user's groups, a group's members) are read only when they will be returned.

/**
 * `known`: the users' groups when the caller has them already — an empty map for a row just
 * inserted, or what a write statement returned (user-update.ts).
 */
export async function presentUsers(db: Kysely<Database>, rows: StoredUser[], baseUrl: string, opts: ProjectionOptions, known?: Map<string, GroupRef[]>): Promise<JsonObject[]> {
  const groups = known ?? (wantsAttribute('User', opts, 'groups') ? await groupsOfUsers(db, rows.map((r) => r.id)) : undefined);
  return rows.map((r) => projectResource(renderUser(r, baseUrl, groups?.get(r.id) ?? []), 'User', opts));
}

/** A group as projected, without its members (rendered apart: groupJsonChunks). */
export function groupHead(row: StoredGroup, baseUrl: string, opts: ProjectionOptions): JsonObject {
  return projectResource(renderGroup(row, baseUrl), 'Group', opts);
}

export const MEMBER_PAGE = 5000;

/**
 * A group as JSON text chunks: the group without members, then its members read page by page
 * (keyset) and emitted as they come — a 100,000-member group is never one array in memory.
 * With excludedAttributes=members (Entra) the membership table is not touched at all.
 */
export async function* groupJsonChunks(db: Kysely<Database>, row: StoredGroup, baseUrl: string, opts: ProjectionOptions): AsyncGenerator<string> {
  const head = groupHead(row, baseUrl, opts);
  if (!wantsAttribute('Group', opts, 'members')) {
    yield JSON.stringify(head);
    return;
  }
  // Which member sub-attributes survive the projection (attributes=members.value…).
  const sample = projectResource({ schemas: [], id: row.id, members: [{ value: 'v', $ref: 'r', type: 'User', display: 'd' }] }, 'Group', opts);
  const keys = Object.keys(((sample.members as JsonObject[] | undefined) ?? [{}])[0] ?? {});
  const pick = (m: JsonObject) => (keys.length === 4 ? m : Object.fromEntries(Object.entries(m).filter(([k]) => keys.includes(k))));
  const headText = JSON.stringify(head);
  let first = true;
  let after: string | null = null;
  for (;;) {
    const page = await memberPage(db, row.id, after, MEMBER_PAGE);
    if (page.length === 0) break;
    const parts = page.map((m) => JSON.stringify(pick(memberRef(baseUrl, m))));
    if (first) {
      yield `${headText.slice(0, -1)}${headText.length > 2 ? ',' : ''}"members":[${parts.join(',')}`;
      first = false;
    } else yield `,${parts.join(',')}`;
    after = page.at(-1)!.member_id;
    if (page.length < MEMBER_PAGE) break;
  }
  // An empty group carries no members attribute (RFC 7643 §2.5: empty multi-valued = unassigned).
  yield first ? headText : ']}';
}

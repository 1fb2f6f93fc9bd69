import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { pendingTokenCheck } from './auth.js';
import type { UnknownAttributes } from '../core/filter/resolve.js';
import { wantsAttribute } from '../core/projection.js';
import { URN, type ResourceTypeName } from '../core/types.js';
import type { StoredGroup } from '../resources/group-store.js';
import { runList } from '../resources/list.js';
import { ContinuationCache } from '../resources/list-snapshot.js';
import { groupHead, groupJsonChunks, presentUsers } from '../resources/present.js';
import { recentUsersOf } from '../resources/recent-users.js';
import type { StoredUser } from '../resources/user-store.js';
import type { ListRequest } from './list-params.js';
import { SCIM_CONTENT_TYPE } from './reply.js';

/** Per app (its database): where listings in progress stand (resources/list-snapshot.ts). */
const CONTINUATIONS = new WeakMap<object, ContinuationCache>();

/**
 * A response body as JSON text: whole (an array of parts, joined once), or streamed. A body that
 * is whole is never wrapped in an async generator: a finished async generator kept what its
 * closure held (a page's rows and rendered users) alive through the next young-generation
 * collection, so every page of 100 users was copied and promoted to old space — ~200 KB per
 * page, against none as an array (bench/page-gc.ts; BENCHMARKS.md "The delta page's garbage").
 */
export type Chunks = readonly string[] | AsyncIterable<string>;

/**
 * The ListResponse (RFC 7644 §3.4.2) of GET /Users, GET /Groups and POST …/.search. Groups are
 * streamed so that their member lists are never built in memory at once.
 */
export async function listChunks(
  app: FastifyInstance, rt: ResourceTypeName, req: ListRequest, unknownAttributes: UnknownAttributes = 'strict',
  tokenCheck?: { tokenId: string; check: { verified: boolean } },
): Promise<Chunks> {
  const { db, config } = app.deps;
  let continuations = CONTINUATIONS.get(app.deps);
  if (!continuations) CONTINUATIONS.set(app.deps, (continuations = new ContinuationCache()));
  const result = await runList<StoredUser | StoredGroup>(db, rt, req, {
    maxPageSize: config.SCIM_MAX_PAGE_SIZE,
    defaultPageSize: Math.min(100, config.SCIM_MAX_PAGE_SIZE),
    cursorKey: app.deps.secrets.signingKey,
    unknownAttributes,
    continuations,
    userGroups: rt === 'User' && wantsAttribute('User', req, 'groups'),
    tokenCheck,
    pool: app.deps.pool,
  });
  const envelope = {
    schemas: [URN.listResponse],
    totalResults: result.total,
    // RFC 7644 §3.4.2: the number of resources on this page, never the requested count.
    itemsPerPage: result.rows.length,
    ...(result.cursorMode ? {} : { startIndex: result.startIndex }),
    ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
  };
  const base = config.publicBaseUrl;
  if (rt === 'User') {
    const rows = result.rows as StoredUser[];
    // A page of one user is an IdP's lookup (`userName eq …`, Entra before its PATCH): the
    // write that follows plans on this row in one round trip (recent-users.ts).
    if (rows.length === 1) recentUsersOf(app.deps.pool).put(rows[0]!);
    // One stringify of the whole body: one flat string, not the page's text copied again.
    return [JSON.stringify({ ...envelope, Resources: await presentUsers(db, rows, base, req, result.groups) })];
  }
  const groups = result.rows as StoredGroup[];
  // Without members (Entra lists groups with excludedAttributes=members) a page is whole too.
  if (!wantsAttribute('Group', req, 'members')) return [JSON.stringify({ ...envelope, Resources: groups.map((r) => groupHead(r, base, req)) })];
  const head = JSON.stringify(envelope).slice(0, -1);
  return (async function* () {
    yield `${head},"Resources":[`;
    let first = true;
    for (const row of groups) {
      if (!first) yield ',';
      first = false;
      yield* groupJsonChunks(db, row, base, req);
    }
    yield ']}';
  })();
}

export async function sendList(app: FastifyInstance, reply: FastifyReply, rt: ResourceTypeName, req: ListRequest) {
  const chunks = await listChunks(app, rt, req, 'strict', pendingTokenCheck(reply.request));
  return sendChunks(reply, 200, chunks);
}

/** Sends a JSON body; one that is whole, or streams as a single chunk, goes out as a plain body (with Content-Length). */
export async function sendChunks(reply: FastifyReply, status: number, chunks: Chunks) {
  if (isWhole(chunks)) return reply.code(status).header('content-type', SCIM_CONTENT_TYPE).send(chunks.join(''));
  const it = chunks[Symbol.asyncIterator]();
  const first = await it.next();
  const second = first.done ? first : await it.next();
  reply.code(status).header('content-type', SCIM_CONTENT_TYPE);
  if (second.done) return reply.send(first.done ? '' : first.value);
  async function* rest() {
    yield first.value as string;
    yield second.value as string;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  }
  return reply.send(Readable.from(rest()));
}

function isWhole(chunks: Chunks): chunks is readonly string[] {
  return Array.isArray(chunks);
}

/** The whole body as one string. */
export async function collectChunks(chunks: Chunks): Promise<string> {
  if (isWhole(chunks)) return chunks.join('');
  let s = '';
  for await (const c of chunks) s += c;
  return s;
}

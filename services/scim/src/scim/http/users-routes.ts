import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { scimErrors } from '../core/errors.js';
import { wantsAttribute } from '../core/projection.js';
import { parsePatchRequest } from '../core/patch/parse.js';
import { isUuid } from '../../util/uuid.js';
import { presentUsers } from '../resources/present.js';
import { recentUsersOf } from '../resources/recent-users.js';
import { etag, userLocation, type GroupRef } from '../resources/render.js';
import { readLiveUser, type StoredUser } from '../resources/user-store.js';
import { createUser, deleteUser, patchUser, replaceUser } from '../resources/user-writes.js';
import { allowOnly } from './allow.js';
import { readChecked } from './auth.js';
import { committed, projectionOf, writeContext } from './context.js';
import { parseListQuery } from './list-params.js';
import { sendList } from './list-response.js';
import { matchesEtag, sendScim } from './reply.js';

type IdParams = { Params: { id: string } };

export const userRoutes: FastifyPluginAsync = async (app) => {
  const { db, config } = app.deps;
  const base = config.publicBaseUrl;

  // `/Users/` lists too: Microsoft's reference tests send `Users/?filter=…` (idp-quirks.md:
  // Microsoft reference tests: URL forms), which
  // would otherwise reach `/Users/:id` with an empty id and answer 404.
  // POST at the slash URL too: a client that lists with the slash creates with it.
  for (const url of ['/Users', '/Users/']) {
    app.get(url, async (req, reply) => sendList(app, reply, 'User', parseListQuery(req.query as Record<string, unknown>)));
    app.post(url, async (req, reply) => {
      const result = await createUser(writeContext(app, req), req.body);
      committed(app);
      return respond(reply, req, result.user, 201, result.groups);
    });
  }

  app.get<IdParams>('/Users/:id', async (req, reply) => {
    const opts = projectionOf(req);
    if (!isUuid(req.params.id)) throw scimErrors.notFound(`User ${req.params.id} not found`);
    // The row, its groups and the token check in one statement (user-store.ts, auth.ts).
    const { row, groups } = await readChecked(req, (tokenId) => readLiveUser(db, req.params.id, { groups: wantsAttribute('User', opts, 'groups'), tokenId, pool: app.deps.pool }));
    if (!row) throw scimErrors.notFound(`User ${req.params.id} not found`);
    // Okta reads a user before its PUT: the write then plans on this row (recent-users.ts).
    recentUsersOf(app.deps.pool).put(row);
    reply.header('etag', etag(row.version));
    if (matchesEtag(req.headers['if-none-match'] as string | undefined, row.version)) return reply.code(304).send();
    const [user] = await presentUsers(db, [row], base, opts, groups && new Map([[row.id, groups]]));
    return sendScim(reply, 200, user);
  });

  /** `groups`: the user's groups when the write already knows them (none for a new row). */
  async function respond(reply: FastifyReply, req: FastifyRequest, row: StoredUser, status: number, groups?: GroupRef[]) {
    const [user] = await presentUsers(db, [row], base, projectionOf(req), groups && new Map([[row.id, groups]]));
    reply.header('etag', etag(row.version));
    if (status === 201) reply.header('location', userLocation(base, row.id));
    return sendScim(reply, status, user);
  }

  app.put<IdParams>('/Users/:id', async (req, reply) => {
    const result = await replaceUser(writeContext(app, req), req.params.id, req.body);
    if (result.changed) committed(app);
    return respond(reply, req, result.user, 200, result.groups);
  });

  // Users answer 200 with the resource: Microsoft's validator expects the body (idp-quirks.md:
  // Entra PATCH responses).
  app.patch<IdParams>('/Users/:id', async (req, reply) => {
    const result = await patchUser(writeContext(app, req), req.params.id, parsePatchRequest(req.body));
    if (result.changed) committed(app);
    return respond(reply, req, result.user, 200, result.groups);
  });

  app.delete<IdParams>('/Users/:id', async (req, reply) => {
    await deleteUser(writeContext(app, req), req.params.id);
    committed(app);
    return reply.code(204).send();
  });

  allowOnly(app, ['/Users', '/Users/'], ['GET', 'POST']);
  allowOnly(app, ['/Users/:id'], ['GET', 'PUT', 'PATCH', 'DELETE']);
};


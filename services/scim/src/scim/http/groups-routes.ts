import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { scimErrors } from '../core/errors.js';
import { parsePatchRequest } from '../core/patch/parse.js';
import { isUuid } from '../../util/uuid.js';
import type { StoredGroup } from '../resources/group-store.js';
import { readLiveRow } from '../resources/row-store.js';
import { createGroup, deleteGroup, patchGroup, replaceGroup } from '../resources/group-writes.js';
import { groupJsonChunks } from '../resources/present.js';
import { etag, groupLocation } from '../resources/render.js';
import { allowOnly } from './allow.js';
import { readChecked } from './auth.js';
import { committed, hasProjection, projectionOf, writeContext } from './context.js';
import { parseListQuery } from './list-params.js';
import { sendChunks, sendList } from './list-response.js';
import { matchesEtag } from './reply.js';

type IdParams = { Params: { id: string } };

export const groupRoutes: FastifyPluginAsync = async (app) => {
  const { db, config } = app.deps;
  const base = config.publicBaseUrl;

  function respond(reply: FastifyReply, req: FastifyRequest, row: StoredGroup, status: number) {
    reply.header('etag', etag(row.version));
    if (status === 201) reply.header('location', groupLocation(base, row.id));
    return sendChunks(reply, status, groupJsonChunks(db, row, base, projectionOf(req)));
  }

  // `/Groups/` lists too (idp-quirks.md: Microsoft reference tests: URL forms).
  // POST at the slash URL too: a client that lists with the slash creates with it.
  for (const url of ['/Groups', '/Groups/']) {
    app.get(url, async (req, reply) => sendList(app, reply, 'Group', parseListQuery(req.query as Record<string, unknown>)));
    app.post(url, async (req, reply) => {
      const result = await createGroup(writeContext(app, req), req.body);
      committed(app);
      return respond(reply, req, result.group, 201);
    });
  }

  app.get<IdParams>('/Groups/:id', async (req, reply) => {
    if (!isUuid(req.params.id)) throw scimErrors.notFound(`Group ${req.params.id} not found`);
    // The row and the token check in one statement (row-store.ts, auth.ts); the members are
    // read after it, on a token that was valid after the request arrived.
    const { row } = await readChecked(req, (tokenId) => readLiveRow(db, 'groups', req.params.id, { tokenId, pool: app.deps.pool }));
    if (!row) throw scimErrors.notFound(`Group ${req.params.id} not found`);
    reply.header('etag', etag(row.version));
    if (matchesEtag(req.headers['if-none-match'] as string | undefined, row.version)) return reply.code(304).send();
    return respond(reply, req, row, 200);
  });

  app.put<IdParams>('/Groups/:id', async (req, reply) => {
    const result = await replaceGroup(writeContext(app, req), req.params.id, req.body);
    if (result.changed) committed(app);
    return respond(reply, req, result.group, 200);
  });

  // Group PATCH answers 204 (RFC 7644 §3.5.2 allows it; Entra advises it, and re-reading a
  // large group after each membership change would cost O(members): architecture.md
  // invariant 3); a client that asks for attributes gets 200 with them.
  app.patch<IdParams>('/Groups/:id', async (req, reply) => {
    const result = await patchGroup(writeContext(app, req), req.params.id, parsePatchRequest(req.body));
    if (result.changed) committed(app);
    if (hasProjection(projectionOf(req))) return respond(reply, req, result.group, 200);
    reply.header('etag', etag(result.group.version));
    return reply.code(204).send();
  });

  app.delete<IdParams>('/Groups/:id', async (req, reply) => {
    await deleteGroup(writeContext(app, req), req.params.id);
    committed(app);
    return reply.code(204).send();
  });

  allowOnly(app, ['/Groups', '/Groups/'], ['GET', 'POST']);
  allowOnly(app, ['/Groups/:id'], ['GET', 'PUT', 'PATCH', 'DELETE']);
};

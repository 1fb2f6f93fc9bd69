import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { renderScimError, scimErrors, type ScimError } from '../core/errors.js';
import { parsePatchRequest } from '../core/patch/parse.js';
import { URN } from '../core/types.js';
import type { WriteContext } from '../resources/context.js';
import { createGroup, deleteGroup, patchGroup, replaceGroup } from '../resources/group-writes.js';
import { etag, groupLocation, userLocation } from '../resources/render.js';
import { createUser, deleteUser, patchUser, replaceUser } from '../resources/user-writes.js';
import { executionOrder, parseBulkRequest, referencedBulkIds, resolveOperation, type BulkOperation } from './bulk.js';
import { allowOnly } from './allow.js';
import { committed, writeContext } from './context.js';
import { toScimError } from './errors.js';
import { sendScim } from './reply.js';

interface OpResult {
  location?: string;
  method: string;
  bulkId?: string;
  version?: string;
  status: string;
  response?: unknown;
}

const PATH = /^\/(Users|Groups)(?:\/([^/?#]+))?$/i;

/** Runs one bulk operation through the same write functions as the single-resource routes. */
async function execute(ctx: WriteContext, op: BulkOperation, base: string): Promise<OpResult> {
  const m = PATH.exec(op.path);
  if (!m) throw scimErrors.invalidPath(`unsupported bulk path ${op.path}`);
  const type = m[1]!.toLowerCase() === 'users' ? 'User' : 'Group';
  const id = m[2] ? decodeURIComponent(m[2]) : undefined;
  if ((op.method === 'POST') === (id !== undefined)) {
    throw scimErrors.invalidPath(op.method === 'POST' ? 'POST goes to /Users or /Groups' : `${op.method} needs /${m[1]}/{id}`);
  }
  const c: WriteContext = { ...ctx, ifMatch: op.version };
  const loc = (rid: string) => (type === 'User' ? userLocation(base, rid) : groupLocation(base, rid));
  const done = (row: { id: string; version: number }, status: number): OpResult => ({
    location: loc(row.id), method: op.method, bulkId: op.bulkId, version: etag(row.version), status: String(status),
  });
  switch (op.method) {
    case 'POST': {
      const r = type === 'User' ? (await createUser(c, op.data)).user : (await createGroup(c, op.data)).group;
      return done(r, 201);
    }
    case 'PUT': {
      const r = type === 'User' ? (await replaceUser(c, id!, op.data)).user : (await replaceGroup(c, id!, op.data)).group;
      return done(r, 200);
    }
    case 'PATCH': {
      const ops = parsePatchRequest(op.data);
      const r = type === 'User' ? (await patchUser(c, id!, ops)).user : (await patchGroup(c, id!, ops)).group;
      return done(r, 200);
    }
    case 'DELETE':
      if (type === 'User') await deleteUser(c, id!);
      else await deleteGroup(c, id!);
      return { location: loc(id!), method: op.method, status: '204' };
  }
}

function failure(op: BulkOperation, err: ScimError, base: string): OpResult {
  // RFC 7644 §3.7.3: `location` is required for every operation except a failed POST.
  const location = op.method === 'POST' ? undefined : `${base}/scim/v2${op.path.startsWith('/') ? '' : '/'}${op.path}`;
  return { location, method: op.method, bulkId: op.bulkId, status: String(err.status), response: renderScimError(err) };
}

/**
 * /Bulk (RFC 7644 §3.7). Each operation is its own transaction with its own audit row and
 * outbox event — a bulk request is many writes, not one, exactly as if sent one by one — and
 * processing stops once failOnErrors operations have failed.
 */
export const bulkRoutes: FastifyPluginAsync = async (app) => {
  const { config } = app.deps;
  app.post(
    '/Bulk',
    // maxPayloadSize, advertised in /ServiceProviderConfig, is the body limit of this route.
    { bodyLimit: config.SCIM_BULK_MAX_PAYLOAD_BYTES },
    async (req: FastifyRequest, reply) => {
      const bulk = parseBulkRequest(req.body, config.SCIM_BULK_MAX_OPERATIONS);
      const ctx = writeContext(app, req);
      const { order, unresolvable } = executionOrder(bulk.operations);
      const ids = new Map<string, string>();
      const results = new Map<number, OpResult>();
      let errors = 0;
      for (const op of order) {
        if (bulk.failOnErrors !== undefined && errors >= bulk.failOnErrors) break;
        let result: OpResult;
        if (unresolvable.has(op.index)) {
          result = failure(op, scimErrors.invalidValue('the operation refers to a bulkId that no successful operation of this request defines (unknown or circular reference)'), config.publicBaseUrl);
        } else {
          try {
            result = await execute(ctx, resolveOperation(op, ids), config.publicBaseUrl);
            if (op.bulkId && result.location) ids.set(op.bulkId, result.location.split('/').at(-1)!);
          } catch (err) {
            const e = toScimError(err as Error);
            if (e.status >= 500) req.log.error({ err, bulkOp: op.index }, 'bulk operation failed');
            result = failure(op, e, config.publicBaseUrl);
          }
        }
        if (Number(result.status) >= 400) {
          errors++;
          // A failed POST leaves its bulkId undefined: dependants fail as unresolvable.
          if (op.bulkId) for (const o of order) if (referencedBulkIds(o).includes(op.bulkId)) unresolvable.add(o.index);
        }
        results.set(op.index, result);
      }
      committed(app);
      const operations = [...results.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
      return sendScim(reply, 200, { schemas: [URN.bulkResponse], Operations: operations });
    },
  );
  allowOnly(app, ['/Bulk'], ['POST']);
};

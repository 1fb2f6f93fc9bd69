import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CONNECTION_KINDS, createConnection, getConnection, listConnections, updateConnection } from '../tokens/connection-store.js';
import { MAX_OVERLAP_SECONDS, createToken, listTokens, revokeToken, rotateToken } from '../tokens/token-store.js';
import { adminErrors } from './errors.js';
import { adminActor } from './session.js';

const Kind = Type.Union(CONNECTION_KINDS.map((k) => Type.Literal(k)));
const RateLimit = Type.Union([Type.Integer({ minimum: 0, maximum: 100_000 }), Type.Null()]);
const CreateConnection = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), kind: Type.Optional(Kind), rateLimitPerSecond: Type.Optional(RateLimit) },
  { additionalProperties: false },
);
const UpdateConnection = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), kind: Type.Optional(Kind), rateLimitPerSecond: Type.Optional(RateLimit) },
  { additionalProperties: false },
);
const CreateToken = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), expiresInDays: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 3650 })) },
  { additionalProperties: false },
);
// The body is optional, and Fastify validates a missing body as null, which Type.Optional (a
// property modifier) does not admit at the top level: null is allowed explicitly.
const RotateToken = Type.Union([Type.Object(
  { overlapSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OVERLAP_SECONDS })), expiresInDays: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 3650 })) },
  { additionalProperties: false },
), Type.Null()]);
const IdParams = Type.Object({ id: Type.String() });

/** Default overlap of a rotation: a day to paste the new token into the IdP. */
const DEFAULT_OVERLAP_SECONDS = 24 * 3600;

export const connectionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get('/connections', async () => ({ items: await listConnections(db), defaultRateLimitPerSecond: app.deps.config.SCIM_RATE_LIMIT_PER_SECOND }));

  app.post('/connections', { schema: { body: CreateConnection } }, async (req, reply) => {
    const c = await createConnection(db, adminActor(req), req.body);
    return reply.code(201).send(c);
  });

  app.get('/connections/:id', { schema: { params: IdParams } }, async (req) => {
    const c = await getConnection(db, req.params.id);
    if (!c) throw adminErrors.notFound(`connection ${req.params.id}`);
    return c;
  });

  app.patch('/connections/:id', { schema: { params: IdParams, body: UpdateConnection } }, async (req) =>
    updateConnection(db, adminActor(req), req.params.id, req.body),
  );

  app.get('/connections/:id/tokens', { schema: { params: IdParams } }, async (req) => {
    if (!(await getConnection(db, req.params.id))) throw adminErrors.notFound(`connection ${req.params.id}`);
    return { items: await listTokens(db, { connectionId: req.params.id }) };
  });

  // The plaintext token is in this response and nowhere else, ever (DESIGN invariant 7).
  app.post('/connections/:id/tokens', { schema: { params: IdParams, body: CreateToken } }, async (req, reply) => {
    const t = await createToken(db, adminActor(req), { connectionId: req.params.id, name: req.body.name, expiresInDays: req.body.expiresInDays });
    return reply.code(201).header('cache-control', 'no-store').send(t);
  });

  app.get('/tokens', async () => ({ items: await listTokens(db) }));

  app.post('/tokens/:id/revoke', { schema: { params: IdParams } }, async (req) => revokeToken(db, adminActor(req), req.params.id));

  app.post('/tokens/:id/rotate', { schema: { params: IdParams, body: Type.Optional(RotateToken) } }, async (req, reply) => {
    const { old, created } = await rotateToken(db, adminActor(req), req.params.id, {
      overlapSeconds: req.body?.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS,
      expiresInDays: req.body?.expiresInDays,
    });
    return reply.code(201).header('cache-control', 'no-store').send({ old, token: created });
  });
};

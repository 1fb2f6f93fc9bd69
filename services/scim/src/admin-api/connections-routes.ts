import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CONNECTION_KINDS, MAX_RATE_LIMIT_PER_SECOND, createConnection, getConnection, listConnections, updateConnection } from '../tokens/connection-store.js';
import { MAX_OVERLAP_SECONDS, createToken, listTokens, revokeToken, rotateToken } from '../tokens/token-store.js';
import { adminErrors } from './errors.js';
import { Connection, MintedToken, Token, responses } from './schemas.js';
import { adminActor } from './session.js';

const Kind = Type.Union(CONNECTION_KINDS.map((k) => Type.Literal(k)));
const RateLimit = Type.Union([Type.Integer({ minimum: 0, maximum: MAX_RATE_LIMIT_PER_SECOND }), Type.Null()]);
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
const ConnectionList = Type.Object({
  items: Type.Array(Connection),
  defaultRateLimitPerSecond: Type.Integer(),
  scimBaseUrl: Type.String({ description: 'what the IdP is given: PUBLIC_BASE_URL/scim/v2' }),
});
const TokenList = Type.Object({ items: Type.Array(Token) });
const tags = ['connections'];

/** Default overlap of a rotation: a day to paste the new token into the IdP. */
const DEFAULT_OVERLAP_SECONDS = 24 * 3600;

export const connectionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get('/connections', { schema: { tags, response: responses({ 200: ConnectionList }) } }, async () => ({
    items: await listConnections(db),
    defaultRateLimitPerSecond: app.deps.config.SCIM_RATE_LIMIT_PER_SECOND,
    scimBaseUrl: `${app.deps.config.publicBaseUrl}/scim/v2`,
  }));

  app.post('/connections', { schema: { tags, body: CreateConnection, response: responses({ 201: Connection }) } }, async (req, reply) => {
    const c = await createConnection(db, adminActor(req), req.body);
    return reply.code(201).send(c);
  });

  app.get('/connections/:id', { schema: { tags, params: IdParams, response: responses({ 200: Connection }) } }, async (req) => {
    const c = await getConnection(db, req.params.id);
    if (!c) throw adminErrors.notFound(`connection ${req.params.id}`);
    return c;
  });

  app.patch('/connections/:id', { schema: { tags, params: IdParams, body: UpdateConnection, response: responses({ 200: Connection }) } }, async (req) =>
    updateConnection(db, adminActor(req), req.params.id, req.body),
  );

  app.get('/connections/:id/tokens', { schema: { tags, params: IdParams, response: responses({ 200: TokenList }) } }, async (req) => {
    if (!(await getConnection(db, req.params.id))) throw adminErrors.notFound(`connection ${req.params.id}`);
    return { items: await listTokens(db, { connectionId: req.params.id }) };
  });

  // The plaintext token is in this response and nowhere else, ever (docs/architecture.md invariant 7).
  app.post('/connections/:id/tokens', { schema: { tags, params: IdParams, body: CreateToken, response: responses({ 201: MintedToken }) } }, async (req, reply) => {
    const t = await createToken(db, adminActor(req), { connectionId: req.params.id, name: req.body.name, expiresInDays: req.body.expiresInDays });
    return reply.code(201).header('cache-control', 'no-store').send(t);
  });

  app.get('/tokens', { schema: { tags, response: responses({ 200: TokenList }) } }, async () => ({ items: await listTokens(db) }));

  app.post('/tokens/:id/revoke', { schema: { tags, params: IdParams, response: responses({ 200: Token }) } }, async (req) => revokeToken(db, adminActor(req), req.params.id));

  app.post('/tokens/:id/rotate', { schema: { tags, params: IdParams, body: Type.Optional(RotateToken), response: responses({ 201: Type.Object({ old: Token, token: MintedToken }) }) } }, async (req, reply) => {
    const { old, created } = await rotateToken(db, adminActor(req), req.params.id, {
      overlapSeconds: req.body?.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS,
      expiresInDays: req.body?.expiresInDays,
    });
    return reply.code(201).header('cache-control', 'no-store').send({ old, token: created });
  });
};

import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { consumerLag } from '@scim/db';
import { ConsumerLag, responses } from './schemas.js';

/**
 * `GET /outbox/consumers`: each outbox consumer's cursor, pending events and lag
 * (docs/outbox.md). Registered by the admin API under its authenticated `/api/admin` prefix.
 */
export const outboxAdminRoutes: FastifyPluginAsync = async (app) => {
  app.get('/outbox/consumers', { schema: { tags: ['outbox'], response: responses({ 200: Type.Array(ConsumerLag) }) } }, async () => consumerLag(app.deps.db));
};

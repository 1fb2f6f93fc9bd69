import type { FastifyPluginAsync } from 'fastify';
import { consumerLag } from '@scim/db';

/**
 * `GET /outbox/consumers`: each outbox consumer's cursor, pending events and lag
 * (docs/outbox.md). Registered by the admin API under its authenticated `/api/admin` prefix.
 */
export const outboxAdminRoutes: FastifyPluginAsync = async (app) => {
  app.get('/outbox/consumers', async () => consumerLag(app.deps.db));
};

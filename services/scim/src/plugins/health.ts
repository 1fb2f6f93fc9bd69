import type { FastifyPluginAsync } from 'fastify';
import { migrationsCurrent } from '@scim/db';

/** /healthz: the process is alive. /readyz: the database answers and migrations are current. */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      const current = await migrationsCurrent(app.deps.pool);
      if (!current) return reply.code(503).send({ status: 'migrations pending' });
      return { status: 'ready' };
    } catch (err) {
      app.log.warn({ err: (err as Error).message }, 'readiness check failed');
      return reply.code(503).send({ status: 'database unreachable' });
    }
  });
};

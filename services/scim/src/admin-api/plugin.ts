import type { FastifyPluginAsync } from 'fastify';
import { TypeBoxValidatorCompiler, registerAjvFormats } from '@fastify/type-provider-typebox';
import { auditRoutes } from './audit-routes.js';
import { connectionTestRoutes } from './connection-test.js';
import { connectionRoutes } from './connections-routes.js';
import { adminErrorHandler } from './errors.js';
import { groupRoutes } from './groups-routes.js';
import { outboxAdminRoutes } from './outbox-routes.js';
import { registerSessionSupport, requireAdmin, sessionRoutes, signInRoutes } from './session.js';
import { userRoutes } from './users-routes.js';

/**
 * The admin API under /api/admin (the SPA's only backend): JSON, TypeBox-validated, errors as
 * `{ statusCode, code, message }`. Everything but sign-in sits behind a session check.
 */
// uuid, date-time, email… for TypeBox's own checker (it ships without string formats).
registerAjvFormats();

export const adminPlugin: FastifyPluginAsync = async (app) => {
  // TypeBox checks the schemas it defines: bodies are not coerced (Ajv's coerceTypes would turn
  // `null` into 0 for `integer | null`), query strings and params are converted.
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.setErrorHandler(adminErrorHandler);
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ statusCode: 404, code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` }),
  );
  await registerSessionSupport(app);
  await app.register(signInRoutes);
  await app.register(async (authed) => {
    authed.addHook('onRequest', requireAdmin);
    await authed.register(sessionRoutes);
    await authed.register(connectionRoutes);
    await authed.register(connectionTestRoutes);
    await authed.register(userRoutes);
    await authed.register(groupRoutes);
    await authed.register(auditRoutes);
    await authed.register(outboxAdminRoutes);
  });
};

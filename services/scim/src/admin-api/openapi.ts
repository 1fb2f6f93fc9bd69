import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

/**
 * The admin API's OpenAPI document, generated from the routes' TypeBox schemas and served at
 * GET /api/admin/openapi.json (public: it describes the API, it holds no data). The console's
 * client types are generated from it (web/src/lib/api-schema.ts, `pnpm --filter @scim/web
 * generate:api`), and a test fails when the two drift apart.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'SCIM provisioning admin API', version: '1', description: 'The admin console’s backend. Errors are `{ statusCode, code, message }`.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'scim_admin_session' } } },
      security: [{ session: [] }],
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

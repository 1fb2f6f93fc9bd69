import type { FastifyPluginAsync } from 'fastify';
import { scimErrors } from '../core/errors.js';
import { ALL_SCHEMAS, renderSchema } from '../core/schema-defs.js';
import { URN } from '../core/types.js';
import { allowOnly } from './allow.js';
import { sendScim } from './reply.js';

/**
 * Discovery (RFC 7644 §4, RFC 7643 §5-7). Clients change behaviour on these values (Authentik
 * chooses PUT vs PATCH and its PATCH chunk size from them), so they describe
 * exactly what is implemented.
 */
export const discoveryRoutes: FastifyPluginAsync = async (app) => {
  const { config } = app.deps;
  const base = `${config.publicBaseUrl}/scim/v2`;

  const serviceProviderConfig = {
    schemas: [URN.serviceProviderConfig],
    documentationUri: `${config.publicBaseUrl}/`,
    patch: { supported: true },
    bulk: { supported: true, maxOperations: config.SCIM_BULK_MAX_OPERATIONS, maxPayloadSize: config.SCIM_BULK_MAX_PAYLOAD_BYTES },
    filter: { supported: true, maxResults: config.SCIM_MAX_PAGE_SIZE },
    changePassword: { supported: true },
    sort: { supported: true },
    etag: { supported: true },
    // RFC 9865 §4: both methods; index stays the default because Entra and Okta page by startIndex.
    pagination: {
      cursor: true,
      index: true,
      defaultPaginationMethod: 'index',
      defaultPageSize: Math.min(100, config.SCIM_MAX_PAGE_SIZE),
      maxPageSize: config.SCIM_MAX_PAGE_SIZE,
      cursorTimeout: 3600,
    },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication with a bearer token minted by this service (pnpm scim tokens create, or the admin console)',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };

  const resourceTypes = [
    {
      schemas: [URN.resourceType],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: URN.user,
      schemaExtensions: [{ schema: URN.enterpriseUser, required: false }],
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` },
    },
    {
      schemas: [URN.resourceType],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'Group',
      schema: URN.group,
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` },
    },
  ];

  const list = (items: unknown[]) => ({
    schemas: [URN.listResponse],
    totalResults: items.length,
    itemsPerPage: items.length,
    startIndex: 1,
    Resources: items,
  });

  // RFC 7644 §4: these endpoints are not filterable; a filter SHOULD get 403 so a client never
  // takes an unfiltered answer for a filtered one.
  app.addHook('preHandler', async (req) => {
    if ((req.query as Record<string, unknown> | undefined)?.filter !== undefined) {
      throw scimErrors.forbidden(`${req.url.split('?')[0]} does not support filtering (RFC 7644 §4)`);
    }
  });

  const schemas = ALL_SCHEMAS.map((s) => renderSchema(s, base));
  app.get('/Schemas', async (_req, reply) => sendScim(reply, 200, list(schemas)));
  app.get<{ Params: { id: string } }>('/Schemas/:id', async (req, reply) => {
    const schema = schemas.find((s) => String(s.id).toLowerCase() === req.params.id.toLowerCase());
    if (!schema) throw scimErrors.notFound(`no schema ${req.params.id}`);
    return sendScim(reply, 200, schema);
  });

  app.get('/ServiceProviderConfig', async (_req, reply) => sendScim(reply, 200, serviceProviderConfig));
  app.get('/ResourceTypes', async (_req, reply) => sendScim(reply, 200, list(resourceTypes)));
  app.get<{ Params: { id: string } }>('/ResourceTypes/:id', async (req, reply) => {
    const rt = resourceTypes.find((r) => r.id.toLowerCase() === req.params.id.toLowerCase());
    if (!rt) throw scimErrors.notFound(`no resource type ${req.params.id}`);
    return sendScim(reply, 200, rt);
  });

  allowOnly(app, ['/Schemas', '/Schemas/:id', '/ServiceProviderConfig', '/ResourceTypes', '/ResourceTypes/:id'], ['GET']);
};

import type { FastifyPluginAsync } from 'fastify';
import { scimErrors } from '../core/errors.js';
import { registerScimAuth } from './auth.js';
import { registerScimRateLimit } from './rate-limit.js';
import { registerRequestStats } from './request-stats.js';
import { scimErrorHandler } from './errors.js';
import { bulkRoutes } from './bulk-routes.js';
import { discoveryRoutes } from './discovery.js';
import { groupRoutes } from './groups-routes.js';
import { searchRoutes } from './search-routes.js';
import { userRoutes } from './users-routes.js';

/** Everything under /scim/v2: media types, bearer auth, the SCIM error renderer, routes. */
export const scimPlugin: FastifyPluginAsync = async (app) => {
  // RFC 7644 §3.1/§8.1: clients send application/scim+json; Okta posts application/json.
  app.addContentTypeParser('application/scim+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  // Fastify parses text/plain by default; a SCIM body in any other media type is 415 (§3.8),
  // not a string that later fails as invalidSyntax.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler(scimErrorHandler);
  app.setNotFoundHandler(async (req) => {
    throw scimErrors.notFound(`no SCIM endpoint ${req.method} ${req.url.split('?')[0]}`);
  });
  registerScimAuth(app);
  // RFC 7644 §3.11: a server without /Me SHOULD answer 501. Tokens here belong to an IdP
  // connection, never to a user, so there is no "me".
  for (const url of ['/Me', '/Me/*']) {
    app.all(url, async () => {
      throw scimErrors.notImplemented('/Me is not supported: tokens authenticate an IdP connection, not a user');
    });
  }
  registerRequestStats(app);
  await registerScimRateLimit(app);
  await app.register(discoveryRoutes);
  await app.register(searchRoutes);
  await app.register(userRoutes);
  await app.register(groupRoutes);
  await app.register(bulkRoutes);
};

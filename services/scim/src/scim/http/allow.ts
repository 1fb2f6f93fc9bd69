import type { FastifyInstance } from 'fastify';
import { scimErrors } from '../core/errors.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Answers the methods `url` does not serve with 405 and an `Allow` header (RFC 9110 §15.5.6),
 * as a SCIM error body like every other failure on /scim/v2 (RFC 7644 §3.12): `PUT /Users`
 * or `DELETE /ServiceProviderConfig` is a known endpoint asked the wrong thing, not a missing
 * one. Registered beside the routes it complements, so the list cannot drift from them.
 */
export function allowOnly(app: FastifyInstance, urls: string[], allowed: Method[]): void {
  const others = METHODS.filter((m) => !allowed.includes(m));
  // Fastify answers HEAD for every GET route.
  const allow = (allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed).join(', ');
  for (const url of urls) {
    app.route({
      method: others,
      url,
      handler: async (req) => {
        throw scimErrors.methodNotAllowed(`${req.method} is not supported on ${url}; allowed: ${allow}`, allow);
      },
    });
  }
}

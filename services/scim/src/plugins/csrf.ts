import type { FastifyReply, onRequestHookHandler } from 'fastify';
import { hasBody } from './json-body.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function refuse(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).send({ statusCode: status, code, message });
}

/**
 * CSRF defence of the cookie-authenticated admin API, on top of the SameSite=Strict cookie
 * (issue 14 finding 5: a text/plain POST with a foreign Origin revoked a token).
 *
 * A state-changing request must come from a same-origin browser context:
 * - `Sec-Fetch-Site` (Fetch Metadata, set by the browser, not by page scripts) must be
 *   `same-origin` when present; it also covers the console behind the Vite dev proxy, whose
 *   Origin is the dev server's;
 * - otherwise `Origin`, when present, must be PUBLIC_BASE_URL's origin or the one the request
 *   itself was addressed to (scheme + Host), so a deployment reached under a second name works.
 * A request with neither header is not a browser's (curl, the CLI, app.inject): browsers send
 * Origin on every cross-origin POST, PUT, PATCH and DELETE, and such a client holds no
 * victim's cookie. Bodies must be JSON: a cross-site page can only send JSON after a CORS
 * preflight, which this service never grants, so this holds even for a browser sending
 * neither header.
 */
export function csrfGuard(publicBaseUrl: string): onRequestHookHandler {
  const publicOrigin = new URL(publicBaseUrl).origin;
  return (req, reply, done) => {
    if (SAFE_METHODS.has(req.method)) return done();
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    const sameOrigin = site !== undefined
      ? site === 'same-origin'
      : origin === undefined || origin === publicOrigin || origin === `${req.protocol}://${req.host}`;
    if (!sameOrigin) {
      req.log.info({ secFetchSite: site, origin }, 'cross-site admin request refused');
      return refuse(reply, 403, 'cross_site_request', 'state-changing admin requests must come from the admin console (same origin)');
    }
    if (hasBody(req) && req.headers['content-type']?.split(';')[0]?.trim().toLowerCase() !== 'application/json') {
      return refuse(reply, 415, 'unsupported_media_type', 'send application/json');
    }
    done();
  };
}

import type { onRequestHookHandler } from 'fastify';
import { hasBody } from './json-body.js';

/**
 * A request that declares no content — no Content-Length (or 0) and no Transfer-Encoding, so
 * its body is empty (RFC 9112 §6.3) — carries no body, whatever Content-Type it names: many
 * HTTP client libraries send the header on every request, a GET or DELETE included, and with
 * no content there is nothing for it to describe (RFC 9110 §8.3). The header is dropped before
 * Fastify picks a body parser, so no parser refuses the empty body ("Body cannot be empty") or
 * its media type (415). The route sees `req.body === undefined`: an operation that takes no
 * body goes ahead; one that needs a body refuses the missing one with its surface's own error.
 * (docs/idp-quirks.md: Content-Type on a request without a body.)
 */
export const ignoreContentTypeWithoutBody: onRequestHookHandler = (req, _reply, done) => {
  if (req.raw.headers['content-type'] !== undefined && !hasBody(req)) delete req.raw.headers['content-type'];
  done();
};

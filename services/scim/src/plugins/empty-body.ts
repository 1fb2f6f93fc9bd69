import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';

/**
 * The body parsers of one surface, where an empty body is no body whatever Content-Type the
 * request declares: many HTTP client libraries send the header on every request, a GET or
 * DELETE included, and with no content there is nothing for it to describe (RFC 9110 §8.3).
 * The route then sees `req.body === undefined`: an operation that takes no body goes ahead, one
 * that needs a body refuses the missing body with that surface's own error. Non-empty bodies
 * are parsed as before: JSON for `json`, text for `text`, 415 for any other media type.
 * (docs/idp-quirks.md: Content-Type on a request without a body.)
 */
export function registerBodyParsers(app: FastifyInstance, opts: { json: string[]; text?: string[] }): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  for (const type of opts.json) {
    if (app.hasContentTypeParser(type)) app.removeContentTypeParser(type);
    app.addContentTypeParser(type, { parseAs: 'string' }, (req, body, done) => {
      if (body === '') done(null, undefined);
      else parseJson(req, body as string, done);
    });
  }
  for (const type of opts.text ?? []) {
    if (app.hasContentTypeParser(type)) app.removeContentTypeParser(type);
    app.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => done(null, body === '' ? undefined : body));
  }
  // Any other media type: nothing to parse when the request declares no content; otherwise
  // 415, answered from the headers without reading the body (as Fastify does without a parser).
  app.addContentTypeParser('*', (req, _payload, done) => {
    if (req.is404 || declaresNoContent(req)) done(null, undefined);
    else done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), undefined);
  });
}

/** No Content-Length (or 0) and no Transfer-Encoding: the body is empty (RFC 9112 §6.3). */
function declaresNoContent(req: FastifyRequest): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
}

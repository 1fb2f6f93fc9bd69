import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { TokenNoLongerValidError, isDatabaseUnavailable } from '@scim/db';
import { ScimError, renderScimError, scimErrors } from '../core/errors.js';
import { JsonBodyError } from '../../plugins/json-body.js';
import { QueryStringError } from '../../plugins/query-guard.js';
import { LimiterBusyError } from '../../util/limiter.js';
import { sendScim } from './reply.js';

/**
 * The one error renderer of the SCIM surface: every failure under /scim/v2 leaves as an RFC
 * 7644 §3.12 body. Fastify's own errors (body parsing, limits, media type) are mapped to the
 * closest SCIM error; anything unexpected is a bug: logged with context, rendered as a 500.
 */
export function toScimError(err: FastifyError | ScimError | Error): ScimError {
  if (err instanceof ScimError) return err;
  // A write on a cached identity whose token was revoked meanwhile (http/auth.ts).
  if (err instanceof TokenNoLongerValidError) return scimErrors.unauthorized(err.message);
  if (err instanceof JsonBodyError) return scimErrors[err.scimType](err.message);
  if (err instanceof QueryStringError) return err.param.toLowerCase() === 'filter' ? scimErrors.invalidFilter(err.message) : scimErrors.invalidValue(err.message);
  // A SCIM write with a password while the hashing slots are full (admin-accounts/password.ts).
  if (err instanceof LimiterBusyError) return new ScimError(503, err.message, undefined, { 'retry-after': '1' });
  if (isDatabaseUnavailable(err)) return new ScimError(503, 'the database is unavailable; retry later', undefined, { 'retry-after': '1' });
  const e = err as FastifyError & { statusCode?: number };
  switch (e.code) {
    // Fastify's own messages name application/json whatever the request sent.
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return scimErrors.invalidSyntax('request body is not valid JSON');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return scimErrors.invalidSyntax('request body is empty; a JSON object is required');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return scimErrors.payloadTooLarge('request body exceeds the maximum size');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? scimErrors.unsupportedMediaType('Content-Type must be application/scim+json or application/json')
        : scimErrors.badRequest(e.message);
    case 'FST_ERR_RATE_LIMIT_EXCEEDED':
      return new ScimError(429, e.message);
  }
  if (e instanceof SyntaxError) return scimErrors.invalidSyntax(`request body is not valid JSON: ${e.message}`);
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new ScimError(e.statusCode, e.message);
  return new ScimError(500, 'internal server error');
}

export function scimErrorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) {
  const scimErr = toScimError(err);
  if (scimErr.status === 503 && isDatabaseUnavailable(err)) req.log.warn({ code: (err as { code?: string }).code }, 'database unavailable');
  else if (scimErr.status >= 500) req.log.error({ err }, 'SCIM request failed');
  else req.log.info({ status: scimErr.status, scimType: scimErr.scimType }, 'SCIM request rejected');
  if (scimErr.headers) reply.headers(scimErr.headers);
  return sendScim(reply, scimErr.status, renderScimError(scimErr));
}

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '@scim/db';
import { JsonBodyError } from '../plugins/json-body.js';
import { QueryStringError } from '../plugins/query-guard.js';
import { TokenError } from '../tokens/token-store.js';
import { LimiterBusyError } from '../util/limiter.js';
import { InvalidCursorError } from '../util/keyset-paging.js';

/**
 * The admin API's one error shape: `{ statusCode, code, message }` with a stable, documented
 * `code` the SPA switches on (one error renderer per surface: docs/architecture.md invariant 10). Messages are for humans and may change.
 */
export class AdminApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

export const adminErrors = {
  validation: (message: string) => new AdminApiError(400, 'validation_failed', message),
  unauthenticated: (message = 'sign in first') => new AdminApiError(401, 'unauthenticated', message),
  sessionExpired: () => new AdminApiError(401, 'session_expired', 'the session has expired or was signed out; sign in again'),
  invalidCredentials: () => new AdminApiError(401, 'invalid_credentials', 'email or password is wrong'),
  notFound: (what: string) => new AdminApiError(404, 'not_found', `${what} not found`),
  conflict: (message: string) => new AdminApiError(409, 'conflict', message),
  scimManaged: (message: string) => new AdminApiError(409, 'scim_managed', message),
  tooManyLoginAttempts: (retryAfterSeconds: number) =>
    new AdminApiError(429, 'too_many_login_attempts', `too many failed sign-ins; try again in ${retryAfterSeconds} s`, {
      'retry-after': String(retryAfterSeconds),
    }),
} as const;

const TOKEN_ERROR_STATUS: Record<TokenError['code'], [number, string]> = {
  not_found: [404, 'not_found'],
  invalid_argument: [400, 'validation_failed'],
  already_revoked: [409, 'already_revoked'],
  conflict: [409, 'conflict'],
};

export function toAdminError(err: FastifyError | Error): AdminApiError {
  if (err instanceof AdminApiError) return err;
  if (err instanceof TokenError) {
    const [status, code] = TOKEN_ERROR_STATUS[err.code];
    return new AdminApiError(status, code, err.message);
  }
  if (err instanceof InvalidCursorError) return new AdminApiError(400, 'invalid_cursor', err.message);
  if (err instanceof LimiterBusyError) return new AdminApiError(503, 'busy', err.message, { 'retry-after': '1' });
  if (isDatabaseUnavailable(err)) return new AdminApiError(503, 'database_unavailable', 'the database is unavailable; retry later', { 'retry-after': '1' });
  if (err instanceof QueryStringError) return adminErrors.validation(err.message);
  if (err instanceof JsonBodyError) return new AdminApiError(400, err.code === 'invalid_string' ? 'validation_failed' : 'invalid_json', err.message);
  const e = err as FastifyError;
  if (e.validation) return adminErrors.validation(e.message);
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AdminApiError(400, 'invalid_json', e.message);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AdminApiError(413, 'payload_too_large', e.message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AdminApiError(415, 'unsupported_media_type', 'send application/json');
  }
  if (e instanceof SyntaxError) return new AdminApiError(400, 'invalid_json', e.message);
  if (e.statusCode === 404) return new AdminApiError(404, 'not_found', e.message);
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new AdminApiError(e.statusCode, 'bad_request', e.message);
  return new AdminApiError(500, 'internal_error', 'internal server error');
}

export function adminErrorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) {
  const e = toAdminError(err);
  if (e.code === 'database_unavailable') req.log.warn({ code: (err as { code?: string }).code }, 'database unavailable');
  else if (e.statusCode >= 500) req.log.error({ err }, 'admin request failed');
  if (e.headers) reply.headers(e.headers);
  return reply.code(e.statusCode).send({ statusCode: e.statusCode, code: e.code, message: e.message });
}

/** Unique violations (23505) carry the index name: the one uniqueness check (no check-then-insert). */
export function uniqueViolation(err: unknown): string | undefined {
  const e = err as { code?: string; constraint?: string };
  return e.code === '23505' ? (e.constraint ?? 'unique') : undefined;
}

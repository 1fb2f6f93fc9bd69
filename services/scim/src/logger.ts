import type { FastifyServerOptions } from 'fastify';
import { stdSerializers } from 'pino';

interface PgError extends Error {
  code: string;
  severity?: string;
  constraint?: string;
  table?: string;
  column?: string;
  dataType?: string;
  routine?: string;
}

function isDatabaseError(err: unknown): err is PgError {
  const e = err as PgError | null;
  return !!e && typeof e === 'object' && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string';
}

/**
 * A PostgreSQL error's message, detail and where echo the request's values ("Key
 * (lower(email))=(…) already exists", "invalid input syntax for type uuid: \"…\""): logged by
 * SQLSTATE and the schema objects it names, never by its text (issue 14 finding 7).
 */
export function serializeError(err: unknown): unknown {
  if (isDatabaseError(err)) {
    const { code, severity, constraint, table, column, dataType, routine } = err;
    return { type: 'DatabaseError', message: `database error ${code}`, code, severity, constraint, table, column, dataType, routine };
  }
  if (!(err instanceof Error)) return err;
  const out = stdSerializers.err(err) as unknown as Record<string, unknown>;
  if (err.cause !== undefined) out.cause = serializeError(err.cause);
  return out;
}

/**
 * pino options shared by every process: credentials never reach a log line (docs/architecture.md
 * invariant 7: log ids and sizes, never bodies, tokens or secrets).
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'password',
  'token',
  'secret',
];

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      // Typed as pino's own: a database error's summary has no stack (pg's is its parser's anyway).
      err: (e: Error) => serializeError(e) as ReturnType<typeof stdSerializers.err>,
      // Only what an operator needs to correlate; never query strings of admin routes with
      // secrets (none carry secrets today; SCIM filters may carry PII, so the path is enough).
      req: (req: { method: string; url: string; headers: Record<string, unknown>; ip?: string }) => ({
        method: req.method,
        url: req.url.split('?')[0],
        userAgent: req.headers['user-agent'],
        ip: req.ip,
      }),
    },
  };
}

import type { FastifyServerOptions } from 'fastify';

/**
 * pino options shared by every process: credentials never reach a log line (STYLE.md: log
 * ids and sizes, never bodies, tokens or secrets).
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

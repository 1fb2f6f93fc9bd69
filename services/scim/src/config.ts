import { Type, type Static } from 'typebox';
import { Bool, LogLevel, Port, Url, parseEnv } from '@scim/db';

/** Every variable the scim process reads. `.env.example` lists the same names. */
export const ScimConfigSchema = Type.Object({
  HOST: Type.String({ default: '127.0.0.1', description: 'interface to listen on (0.0.0.0 in containers)' }),
  PORT: Port('HTTP port', 8080),
  PUBLIC_BASE_URL: Type.Optional(Url('external URL of this service, e.g. https://scim.example.com (default http://HOST:PORT)')),
  DATABASE_URL: Type.Optional(Url('PostgreSQL 15+ connection string; unset = embedded PostgreSQL under DATA_DIR')),
  DATA_DIR: Type.String({ default: './.data', description: 'embedded PostgreSQL cluster and generated secrets' }),
  LOG_LEVEL: LogLevel,
  REDIS_URL: Type.Optional(Url('Redis for the shared rate-limit store; unset = in-memory per process')),
  SESSION_SECRET: Type.Optional(Type.String({ minLength: 32, description: 'admin session signing key; unset = generated in DATA_DIR' })),
  ENCRYPTION_KEY: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$', description: '32-byte base64 key for secrets at rest; unset = generated in DATA_DIR' })),
  ADMIN_SESSION_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 30 * 86400, default: 8 * 3600, description: 'admin console session lifetime in seconds' }),
  DB_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 200, default: 20, description: 'PostgreSQL connections per process' }),
  SCIM_RATE_LIMIT_PER_SECOND: Type.Integer({ minimum: 0, default: 100, description: 'requests per second per SCIM token (0 disables)' }),
  SCIM_MAX_PAGE_SIZE: Type.Integer({ minimum: 1, maximum: 10000, default: 1000, description: 'largest count a list request returns (filter.maxResults)' }),
  SCIM_MAX_BODY_BYTES: Type.Integer({ minimum: 1024, default: 16 * 1024 * 1024, description: 'largest SCIM request body (PUT of a large group)' }),
  SCIM_BULK_MAX_OPERATIONS: Type.Integer({ minimum: 1, default: 1000, description: 'bulk.maxOperations' }),
  SCIM_BULK_MAX_PAYLOAD_BYTES: Type.Integer({ minimum: 1024, default: 1024 * 1024, description: 'bulk.maxPayloadSize' }),
  SCIM_ADOPT_LOCAL_USERS: Bool('a SCIM POST whose userName matches a local user adopts it instead of failing', true),
  TRUST_PROXY: Bool('trust X-Forwarded-* from a reverse proxy (client IPs in the audit log)', false),
  SERVE_WEB: Bool('serve the built admin SPA (web/dist) at /', true),
  RUN_DISPATCHER: Bool('`pnpm start` only: run the dispatcher in the same process', true),
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16, description: 'bearer token Prometheus sends to GET /metrics; unset = /metrics is open' })),
});

export type ScimConfig = Static<typeof ScimConfigSchema> & { publicBaseUrl: string };

export function loadScimConfig(env: NodeJS.ProcessEnv = process.env): ScimConfig {
  const c = parseEnv(ScimConfigSchema, env);
  const host = c.HOST === '0.0.0.0' || c.HOST === '::' ? 'localhost' : c.HOST;
  const publicBaseUrl = (c.PUBLIC_BASE_URL ?? `http://${host}:${c.PORT}`).replace(/\/+$/, '');
  return { ...c, publicBaseUrl };
}

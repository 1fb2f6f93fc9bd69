import { isIP } from 'node:net';
import { Type, type Static } from 'typebox';
import { Bool, ConfigError, LogLevel, Port, Url, parseEnv } from '@scim/db';
import { WebhookClientConfigSchema } from '@scim/dispatcher/config';

const TRUST_PROXY_FORMS =
  'false (no proxy), the number of reverse proxies in front of the service (e.g. 1), or their addresses/CIDRs (e.g. 10.0.0.0/8,fd00::/8; also loopback, linklocal, uniquelocal)';

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
  // A PUT of a 50,000-member group (the members cap) as Okta sends it is 4.8 MB; 8 MiB leaves
  // room for long display names. Bulk has its own limit (SCIM_BULK_MAX_PAYLOAD_BYTES).
  SCIM_MAX_BODY_BYTES: Type.Integer({ minimum: 1024, default: 8 * 1024 * 1024, description: 'largest SCIM request body other than /Bulk (a PUT of a large group)' }),
  SCIM_BULK_MAX_OPERATIONS: Type.Integer({ minimum: 1, default: 1000, description: 'bulk.maxOperations' }),
  SCIM_BULK_MAX_PAYLOAD_BYTES: Type.Integer({ minimum: 1024, default: 1024 * 1024, description: 'bulk.maxPayloadSize' }),
  SCIM_ADOPT_LOCAL_USERS: Bool('a SCIM POST whose userName matches a local user adopts it instead of failing', true),
  // Checked by parseTrustProxy below (a hop count or a list), not by the schema.
  TRUST_PROXY: Type.String({ default: 'false', description: TRUST_PROXY_FORMS }),
  SERVE_WEB: Bool('serve the built admin SPA (web/dist) at /', true),
  RUN_DISPATCHER: Bool('`pnpm start` only: run the dispatcher in the same process', true),
  // Webhook URLs are checked and test events sent from this process too (docs/webhooks.md).
  ...WebhookClientConfigSchema.properties,
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16, description: 'bearer token Prometheus sends to GET /metrics; unset = /metrics is open' })),
});

/** What Fastify's trustProxy takes: no proxy, a hop count, or the proxies' addresses. */
export type TrustProxy = false | number | string[];

export type ScimConfig = Omit<Static<typeof ScimConfigSchema>, 'TRUST_PROXY'> & { TRUST_PROXY: TrustProxy; publicBaseUrl: string };

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [addr = '', bits, extra] = entry.split('/');
  const family = isIP(addr);
  if (!family || extra !== undefined) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

/**
 * TRUST_PROXY used to be a boolean, and `true` trusted every hop: a client chose its own
 * address with X-Forwarded-For, escaping the sign-in limits and forging the audit ip (issue 14
 * finding 3). `true` is refused rather than read as one hop: a deployment behind a CDN and a
 * load balancer would silently record the CDN's address, and its operator must decide. The
 * result is a value or, for a bad one, the problem line.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy | { problem: string } {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false' || value === '0') return false;
  const got = ` (got ${JSON.stringify(value)})`;
  if (value === 'true') {
    return { problem: `TRUST_PROXY: true is no longer accepted${got}: it trusted every hop, so any client could choose its address with X-Forwarded-For; set ${TRUST_PROXY_FORMS}` };
  }
  if (/^\d+$/.test(value)) return Number(value) <= 20 ? Number(value) : { problem: `TRUST_PROXY: a hop count must be at most 20${got}` };
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  const bad = entries.filter((e) => !isAddressOrCidr(e));
  if (bad.length > 0) return { problem: `TRUST_PROXY: not an address or CIDR: ${bad.join(', ')}${got} — ${TRUST_PROXY_FORMS}` };
  return entries;
}

export function loadScimConfig(env: NodeJS.ProcessEnv = process.env): ScimConfig {
  const trust = parseTrustProxy(env.TRUST_PROXY);
  const trustProblems = typeof trust === 'object' && !Array.isArray(trust) ? [trust.problem] : [];
  let c: Static<typeof ScimConfigSchema>;
  try {
    c = parseEnv(ScimConfigSchema, env);
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError([...err.problems, ...trustProblems]);
    throw err;
  }
  if (trustProblems.length > 0) throw new ConfigError(trustProblems);
  const host = c.HOST === '0.0.0.0' || c.HOST === '::' ? 'localhost' : c.HOST;
  const publicBaseUrl = (c.PUBLIC_BASE_URL ?? `http://${host}:${c.PORT}`).replace(/\/+$/, '');
  return { ...c, TRUST_PROXY: trust as TrustProxy, publicBaseUrl };
}

import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { consumerLag } from '@scim/db';

/**
 * `GET /metrics` in the Prometheus text format (prom-client). Labels carry route patterns,
 * status codes and IdP connection ids and names only: never a raw URL (ids and filters would
 * explode the series count and carry personal data), a user name or a token.
 */
export interface ScimMetrics {
  registry: Registry;
  requests: Counter<RequestLabel>;
  duration: Histogram<RequestLabel>;
  rateLimited: Counter<'connection_id' | 'connection'>;
  authFailures: Counter<never>;
  outboxLagEvents: Gauge<'consumer'>;
  outboxLagSeconds: Gauge<'consumer'>;
}

type RequestLabel = 'method' | 'route' | 'status_code' | 'connection_id' | 'connection';

/** Requests that matched no route share one label value instead of one series per URL. */
export const UNMATCHED_ROUTE = 'unmatched';

// Node process metrics (CPU, memory, event-loop lag, GC) describe the process, not an app
// instance, and start monitors when collected: one registry per process, however many apps
// (tests build hundreds) are created in it.
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

type PoolLike = { totalCount: number; idleCount: number; waitingCount: number; options: { max?: number } };

export function createScimMetrics(pool?: PoolLike): ScimMetrics {
  const registry = new Registry();
  const requestLabels: RequestLabel[] = ['method', 'route', 'status_code', 'connection_id', 'connection'];
  const m: ScimMetrics = {
    registry,
    requests: new Counter({ name: 'scim_http_requests_total', help: 'HTTP requests answered, by route pattern, status and IdP connection (empty for requests without a SCIM token).', labelNames: requestLabels, registers: [registry] }),
    duration: new Histogram({ name: 'scim_http_request_duration_seconds', help: 'Time from request to response sent, by route pattern, status and IdP connection.', labelNames: requestLabels, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry] }),
    rateLimited: new Counter({ name: 'scim_rate_limit_rejections_total', help: 'SCIM requests refused with 429 by the per-token rate limit, by IdP connection.', labelNames: ['connection_id', 'connection'], registers: [registry] }),
    authFailures: new Counter({ name: 'scim_token_auth_failures_total', help: 'SCIM requests refused with 401: missing, malformed, unknown, revoked or expired bearer tokens.', registers: [registry] }),
    outboxLagEvents: new Gauge({ name: 'scim_outbox_consumer_lag_events', help: 'Committed outbox events the consumer has not acknowledged.', labelNames: ['consumer'], registers: [registry] }),
    outboxLagSeconds: new Gauge({ name: 'scim_outbox_consumer_lag_seconds', help: 'Age of the oldest outbox event the consumer has not acknowledged (0 when caught up).', labelNames: ['consumer'], registers: [registry] }),
  };
  if (pool) {
    new Gauge({ name: 'scim_db_pool_connections', help: 'PostgreSQL connections of this process, checked out (active) or idle in the pool.', labelNames: ['state'], registers: [registry], collect() {
      this.set({ state: 'active' }, pool.totalCount - pool.idleCount);
      this.set({ state: 'idle' }, pool.idleCount);
    } });
    new Gauge({ name: 'scim_db_pool_waiting_clients', help: 'Queries waiting for a free pool connection (pool exhausted when above 0).', registers: [registry], collect() {
      this.set(pool.waitingCount);
    } });
    new Gauge({ name: 'scim_db_pool_max_connections', help: 'Configured pool size (DB_POOL_SIZE).', registers: [registry], collect() {
      this.set(pool.options.max ?? 10);
    } });
  }
  return m;
}

/** Counts one answered request (an onResponse hook: the status is final, the route known). */
export function observeRequest(m: ScimMetrics, req: FastifyRequest, reply: FastifyReply): void {
  const route = req.routeOptions?.url ?? UNMATCHED_ROUTE;
  const auth = (req as { scimAuth?: { connectionId: string; connectionName: string } | null }).scimAuth;
  const connection = { connection_id: auth?.connectionId ?? '', connection: auth?.connectionName ?? '' };
  const labels = { method: req.method, route, status_code: String(reply.statusCode), ...connection };
  m.requests.inc(labels);
  m.duration.observe(labels, reply.elapsedTime / 1000);
  if (!route.startsWith('/scim/v2') && !req.url.startsWith('/scim/v2')) return;
  if (reply.statusCode === 429) m.rateLimited.inc(connection);
  else if (reply.statusCode === 401) m.authFailures.inc();
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Bearer check for METRICS_TOKEN in constant time (hashes have equal length). */
export function metricsAuthorized(header: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

const metrics: FastifyPluginAsync = async (app) => {
  const m = createScimMetrics(app.deps.pool);
  app.addHook('onResponse', (req, reply, done) => {
    observeRequest(m, req, reply);
    done();
  });
  app.get('/metrics', async (req, reply) => {
    const token = app.deps.config?.METRICS_TOKEN;
    if (!metricsAuthorized(req.headers.authorization, token)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .send({ statusCode: 401, code: 'unauthenticated', message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>' });
    }
    m.outboxLagEvents.reset();
    m.outboxLagSeconds.reset();
    try {
      for (const l of await consumerLag(app.deps.db)) {
        m.outboxLagEvents.set({ consumer: l.name }, l.pendingEvents);
        m.outboxLagSeconds.set({ consumer: l.name }, l.lagSeconds);
      }
    } catch (err) {
      // The process metrics still matter most when the database is in trouble.
      req.log.warn({ err: (err as Error).message }, 'outbox lag unavailable for /metrics');
    }
    const body = (await m.registry.metrics()) + '\n' + (await processMetrics().metrics());
    return reply.type(m.registry.contentType).send(body);
  });
};

/** Not encapsulated: the request hooks see every route of the app. */
export const metricsRoutes = fp(metrics, { name: 'metrics' });

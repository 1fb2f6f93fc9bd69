import type { FastifyPluginAsync } from 'fastify';
import { consumerLag, type ConsumerLag } from '@scim/db';

// Prometheus text exposition format 0.0.4: label values escape \, " and newline.
const label = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function gauge(name: string, help: string, lags: ConsumerLag[], value: (l: ConsumerLag) => number): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...lags.map((l) => `${name}{consumer="${label(l.name)}"} ${value(l)}`)];
}

/** Renders the outbox consumer gauges (docs/outbox.md "Lag and retention"). */
export function renderOutboxMetrics(lags: ConsumerLag[]): string {
  return [
    ...gauge('scim_outbox_consumer_lag_events', 'Committed outbox events the consumer has not acknowledged.', lags, (l) => l.pendingEvents),
    ...gauge('scim_outbox_consumer_lag_seconds', 'Age of the oldest outbox event the consumer has not acknowledged (0 when caught up).', lags, (l) => l.lagSeconds),
  ].join('\n') + '\n';
}

/** `GET /metrics`: Prometheus scrape endpoint (ids and counts only, nothing secret). */
export const metricsRoutes: FastifyPluginAsync = async (app) => {
  app.get('/metrics', async (_req, reply) => {
    const body = renderOutboxMetrics(await consumerLag(app.deps.db));
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(body);
  });
};

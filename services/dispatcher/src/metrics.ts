import http from 'node:http';
import { sql, type Kysely } from 'kysely';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Database } from '@scim/db';

/**
 * The dispatcher's Prometheus metrics (prom-client). Labels are subscription ids and fixed
 * outcome words: never a URL (a Slack URL is a credential). Under `pnpm start` they live in
 * prom-client's default registry, which the scim service's /metrics serves; the standalone
 * dispatcher serves the same registry on DISPATCHER_METRICS_HOST:DISPATCHER_METRICS_PORT.
 */
export interface WebhookMetrics {
  attempt(subscriptionId: string, outcome: string, seconds: number): void;
  delivered(subscriptionId: string, kind: string, outcome: 'succeeded' | 'failed'): void;
}

function metric<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export function createWebhookMetrics(registry: Registry, db: Kysely<Database>): WebhookMetrics {
  const registers = [registry];
  const attempts = metric(registry, 'scim_webhook_attempts_total', () =>
    new Counter({ name: 'scim_webhook_attempts_total', help: 'Webhook delivery attempts by subscription and outcome (succeeded, retry, failed, disabled).', labelNames: ['subscription', 'outcome'], registers }),
  );
  const deliveries = metric(registry, 'scim_webhook_deliveries_total', () =>
    new Counter({ name: 'scim_webhook_deliveries_total', help: 'Webhook deliveries finished, by subscription, kind (single, summary, test) and outcome (succeeded, failed = dead letter).', labelNames: ['subscription', 'kind', 'outcome'], registers }),
  );
  const latency = metric(registry, 'scim_webhook_attempt_duration_seconds', () =>
    new Histogram({ name: 'scim_webhook_attempt_duration_seconds', help: 'Duration of webhook delivery attempts (connect to the end of the capped response read).', labelNames: ['subscription'], buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30], registers }),
  );

  // Both gauges come from one query per scrape (prom-client collects each metric separately,
  // moments apart).
  let cached: { at: number; rows: Promise<{ id: string; pending: number; age: number }[]> } | undefined;
  const pendingRows = () => {
    if (!cached || Date.now() - cached.at > 250) {
      cached = {
        at: Date.now(),
        rows: sql<{ id: string; pending: number; age: number }>`
          SELECT s.id,
                 coalesce(sum(d.event_count) FILTER (WHERE d.status IN ('open', 'pending', 'delivering')), 0)::int AS pending,
                 coalesce(extract(epoch FROM now() - min(d.first_event_at) FILTER (WHERE d.status IN ('open', 'pending', 'delivering'))), 0)::float8 AS age
            FROM webhook_subscriptions s LEFT JOIN webhook_deliveries d ON d.subscription_id = s.id
           GROUP BY s.id`.execute(db).then((r) => r.rows, () => []),
      };
    }
    return cached.rows;
  };
  metric(registry, 'scim_webhook_pending_events', () =>
    new Gauge({
      name: 'scim_webhook_pending_events',
      help: 'Events routed to a subscription and not yet delivered (open summaries, pending and in-flight deliveries).',
      labelNames: ['subscription'],
      registers,
      async collect() {
        this.reset();
        for (const r of await pendingRows()) this.set({ subscription: r.id }, r.pending);
      },
    }),
  );
  metric(registry, 'scim_webhook_oldest_pending_event_age_seconds', () =>
    new Gauge({
      name: 'scim_webhook_oldest_pending_event_age_seconds',
      help: 'Age of the oldest event routed to a subscription and not yet delivered (0 when none).',
      labelNames: ['subscription'],
      registers,
      async collect() {
        this.reset();
        for (const r of await pendingRows()) this.set({ subscription: r.id }, Math.max(0, r.age));
      },
    }),
  );

  return {
    attempt(subscription, outcome, seconds) {
      attempts.inc({ subscription, outcome });
      latency.observe({ subscription }, seconds);
    },
    delivered(subscription, kind, outcome) {
      deliveries.inc({ subscription, kind, outcome });
    },
  };
}

/** The standalone dispatcher's scrape endpoint: GET /metrics, nothing else. */
export async function serveMetrics(registry: Registry, host: string, port: number): Promise<{ address: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n'),
    );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, () => resolve()));
  const a = server.address() as { address: string; port: number };
  return {
    address: `http://${a.address.includes(':') ? `[${a.address}]` : a.address}:${a.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

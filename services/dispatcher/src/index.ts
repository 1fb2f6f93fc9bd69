// @scim/dispatcher: the dispatcher (outbox → webhooks) and the webhook subscription API the
// scim service's admin API and CLI use.
import { register } from 'prom-client';

export * from './dispatcher.js';
export * from './config.js';
export * from './event-patterns.js';
export * from './subscriptions.js';
export * from './deliveries.js';
export * from './runtime.js';
export { UnsafeUrlError, checkWebhookUrl, type GuardOptions, type LookupAll } from './ssrf-guard.js';
export { COALESCE_DEFAULTS, type CoalesceParams } from './coalesce.js';
export { serveMetrics } from './metrics.js';

/** prom-client's default registry: `pnpm start` puts the dispatcher's metrics there, so the scim service's /metrics shows them. */
export const defaultMetricsRegistry = register;

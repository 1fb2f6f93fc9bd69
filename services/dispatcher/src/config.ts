import { Type, type Static } from 'typebox';
import { Bool, LogLevel as LOG_LEVEL, Url, parseEnv } from '@scim/db';

/** Outbox retention (docs/outbox.md "Retention"); also read by `pnpm start`, which runs the dispatcher in-process. */
export const RetentionConfigSchema = Type.Object({
  OUTBOX_RETENTION_HOURS: Type.Number({ minimum: 0, default: 168, description: 'outbox events acknowledged by every consumer are purged after this many hours' }),
  OUTBOX_PURGE_IGNORE_LAG_HOURS: Type.Optional(
    Type.Number({ exclusiveMinimum: 0, description: 'unset = never; else a consumer lagging more than this many hours stops holding retention back and loses purged events' }),
  ),
});

export type RetentionConfig = Static<typeof RetentionConfigSchema>;

/**
 * What every process that talks to webhook endpoints reads: the dispatcher, and the scim
 * service (its admin API checks URLs when they are saved and sends `webhooks test`).
 */
export const WebhookClientConfigSchema = Type.Object({
  WEBHOOKS_ALLOW_PRIVATE_NETWORKS: Bool('allow webhook URLs on private, loopback and link-local addresses and plain http:// (local receivers and tests only)', false),
  WEBHOOK_CONNECT_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 5000, description: 'webhook connect timeout in ms' }),
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 500, maximum: 120_000, default: 15_000, description: 'webhook request timeout in ms (connect, send, read the capped response)' }),
  ENCRYPTION_KEY_PREVIOUS: Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9+/=,\\s]+$', description: 'comma-separated previous ENCRYPTION_KEYs: they decrypt old values, which the dispatcher re-encrypts under ENCRYPTION_KEY' }),
  ),
});

export type WebhookClientConfig = Static<typeof WebhookClientConfigSchema>;

/** The delivery side of the dispatcher; also read by `pnpm start`. */
export const WebhookDispatchConfigSchema = Type.Object({
  ...WebhookClientConfigSchema.properties,
  DISPATCHER_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 256, default: 16, description: 'webhook attempts in flight per dispatcher process' }),
  WEBHOOK_AUTO_DISABLE_HOURS: Type.Number({ exclusiveMinimum: 0, default: 120, description: 'a subscription whose every attempt failed for this many hours is disabled' }),
});

export type WebhookDispatchConfig = Static<typeof WebhookDispatchConfigSchema>;

/** Every variable the dispatcher process reads (`.env.example` lists them too). */
export const DispatcherConfigSchema = Type.Object({
  ...RetentionConfigSchema.properties,
  ...WebhookDispatchConfigSchema.properties,
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'PostgreSQL connection string; unset = attach to the embedded PostgreSQL under DATA_DIR' })),
  DATA_DIR: Type.String({ default: './.data', description: 'embedded PostgreSQL folder (only without DATABASE_URL) and the generated encryption key' }),
  LOG_LEVEL,
  DISPATCHER_POLL_INTERVAL_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 1000, description: 'how often the outbox is polled when no NOTIFY arrives' }),
  DB_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 100, default: 5, description: 'PostgreSQL connections' }),
  ENCRYPTION_KEY: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$', description: 'the scim service\'s ENCRYPTION_KEY (32-byte base64); unset = the key generated in DATA_DIR' })),
  PUBLIC_BASE_URL: Type.Optional(Url('the scim service\'s external URL, for links to the admin console in Slack messages')),
  DISPATCHER_METRICS_HOST: Type.String({ default: '127.0.0.1', description: 'interface of the dispatcher\'s Prometheus endpoint (0.0.0.0 in containers)' }),
  DISPATCHER_METRICS_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 9465, description: 'port of the dispatcher\'s Prometheus endpoint GET /metrics; 0 disables it' }),
});

export type DispatcherConfig = Static<typeof DispatcherConfigSchema>;

export function loadDispatcherConfig(env: NodeJS.ProcessEnv = process.env): DispatcherConfig {
  return parseEnv(DispatcherConfigSchema, env);
}

export function loadRetentionConfig(env: NodeJS.ProcessEnv = process.env): RetentionConfig {
  return parseEnv(RetentionConfigSchema, env);
}

export function loadWebhookDispatchConfig(env: NodeJS.ProcessEnv = process.env): WebhookDispatchConfig {
  return parseEnv(WebhookDispatchConfigSchema, env);
}

import { Type, type Static } from 'typebox';
import { LogLevel as LOG_LEVEL, parseEnv } from '@scim/db';

/** Outbox retention (docs/outbox.md "Retention"); also read by `pnpm start`, which runs the dispatcher in-process. */
export const RetentionConfigSchema = Type.Object({
  OUTBOX_RETENTION_HOURS: Type.Number({ minimum: 0, default: 168, description: 'outbox events acknowledged by every consumer are purged after this many hours' }),
  OUTBOX_PURGE_IGNORE_LAG_HOURS: Type.Optional(
    Type.Number({ exclusiveMinimum: 0, description: 'unset = never; else a consumer lagging more than this many hours stops holding retention back and loses purged events' }),
  ),
});

export type RetentionConfig = Static<typeof RetentionConfigSchema>;

/** Every variable the dispatcher process reads (`.env.example` lists them too). */
export const DispatcherConfigSchema = Type.Object({
  ...RetentionConfigSchema.properties,
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'PostgreSQL connection string; unset = attach to the embedded PostgreSQL under DATA_DIR' })),
  DATA_DIR: Type.String({ default: './.data', description: 'embedded PostgreSQL folder (only without DATABASE_URL)' }),
  LOG_LEVEL,
  DISPATCHER_POLL_INTERVAL_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 1000, description: 'how often the outbox is polled when no NOTIFY arrives' }),
  DB_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 100, default: 5, description: 'PostgreSQL connections' }),
});

export type DispatcherConfig = Static<typeof DispatcherConfigSchema>;

export function loadDispatcherConfig(env: NodeJS.ProcessEnv = process.env): DispatcherConfig {
  return parseEnv(DispatcherConfigSchema, env);
}

export function loadRetentionConfig(env: NodeJS.ProcessEnv = process.env): RetentionConfig {
  return parseEnv(RetentionConfigSchema, env);
}

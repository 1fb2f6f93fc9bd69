import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/** Every variable the dispatcher process reads (`.env.example` lists them too). */
export const DispatcherConfigSchema = Type.Object({
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'PostgreSQL connection string; unset = attach to the embedded PostgreSQL under DATA_DIR' })),
  DATA_DIR: Type.String({ default: './.data', description: 'embedded PostgreSQL folder (only without DATABASE_URL)' }),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info', description: 'pino log level' }),
  DISPATCHER_POLL_INTERVAL_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 1000, description: 'how often the outbox is polled when no NOTIFY arrives' }),
  DB_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 100, default: 5, description: 'PostgreSQL connections' }),
});

export type DispatcherConfig = Static<typeof DispatcherConfigSchema>;

export class DispatcherConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadDispatcherConfig(env: NodeJS.ProcessEnv = process.env): DispatcherConfig {
  const props = DispatcherConfigSchema.properties as Record<string, unknown>;
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(props)) if (env[key]) input[key] = env[key];
  const value = Value.Convert(DispatcherConfigSchema, Value.Default(DispatcherConfigSchema, input)) as Record<string, unknown>;
  const problems: string[] = [];
  for (const [key, prop] of Object.entries(DispatcherConfigSchema.properties)) {
    if (value[key] === undefined) continue;
    const err = [...Value.Errors(prop, value[key])].at(-1);
    if (err) problems.push(`${key}: ${err.message} (got ${JSON.stringify(String(input[key]))})`);
  }
  if (problems.length) throw new DispatcherConfigError(problems);
  return value as DispatcherConfig;
}

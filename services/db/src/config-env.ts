import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';

/**
 * Turns process.env into a typed config, reporting every problem at once (STYLE.md: one
 * TypeBox schema per process, validated at boot). Unknown variables are ignored; empty
 * strings count as unset so `FOO=` in a .env file falls back to the default.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Config errors go to stderr and container logs: never echo a secret (DESIGN.md invariant 7). */
function shownValue(key: string, value: string): string {
  if (/SECRET|KEY|PASSWORD|TOKEN/.test(key)) return `${value.length} characters, not shown`;
  return JSON.stringify(value.replace(/(\/\/[^:/@\s]*:)[^@\s]*@/, '$1***@'));
}

export function parseEnv<S extends TSchema>(schema: S, env: NodeJS.ProcessEnv): Static<S> {
  const props = (schema as unknown as { properties: Record<string, TSchema> }).properties;
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(props)) {
    const v = env[key];
    if (v !== undefined && v !== '') input[key] = v;
  }
  const value = Value.Convert(schema, Value.Default(schema, input));
  // Checked property by property: one failing union must not hide the problems after it.
  const problems: string[] = [];
  for (const [key, prop] of Object.entries(props)) {
    const v = (value as Record<string, unknown>)[key];
    const optional = !((schema as unknown as { required?: string[] }).required ?? []).includes(key);
    if (v === undefined && optional) continue;
    const first = v === undefined ? { message: 'is required' } : [...Value.Errors(prop, v)].at(-1);
    if (!first) continue;
    const shown = key in input ? ` (got ${shownValue(key, String(input[key]))})` : '';
    const desc = (prop as { description?: string }).description;
    problems.push(`${key}: ${first.message}${shown}${desc ? ` — ${desc}` : ''}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return value as Static<S>;
}

export const Port = (description: string, def: number) =>
  Type.Integer({ minimum: 1, maximum: 65535, default: def, description });
export const Url = (description: string) => Type.String({ pattern: '^[a-z][a-z0-9+.-]*://', description });
export const LogLevel = Type.Union(
  ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
  { default: 'info', description: 'pino log level' },
);
export const Bool = (description: string, def: boolean) => Type.Boolean({ default: def, description });

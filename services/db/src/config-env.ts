import { readFileSync } from 'node:fs';
import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';

/**
 * Turns process.env into a typed config, reporting every problem at once (one TypeBox schema
 * per process, validated at boot). Unknown variables are ignored; empty strings count as unset
 * so `FOO=` in a .env file falls back to the default.
 *
 * Every variable can instead come from a file: `NAME_FILE=/run/secrets/name` reads NAME from
 * that file (one trailing newline dropped), as Docker and Kubernetes secrets are mounted, so
 * secrets need not sit in the environment that `docker inspect` shows. Setting both is an error.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Config errors go to stderr and container logs: never echo a secret (architecture.md invariant 7). */
function shownValue(key: string, value: string, fromFile: boolean): string {
  if (fromFile) return `from ${key}_FILE, ${value.length} characters, not shown`;
  if (/SECRET|KEY|PASSWORD|TOKEN/.test(key)) return `${value.length} characters, not shown`;
  return JSON.stringify(value.replace(/(\/\/[^:/@\s]*:)[^@\s]*@/, '$1***@'));
}

export function parseEnv<S extends TSchema>(schema: S, env: NodeJS.ProcessEnv): Static<S> {
  const props = (schema as unknown as { properties: Record<string, TSchema> }).properties;
  const input: Record<string, unknown> = {};
  const fromFile = new Set<string>();
  const problems: string[] = [];
  for (const key of Object.keys(props)) {
    const v = env[key];
    const file = env[`${key}_FILE`];
    if (file === undefined || file === '') {
      if (v !== undefined && v !== '') input[key] = v;
      continue;
    }
    if (v !== undefined && v !== '') {
      problems.push(`${key}: set either ${key} or ${key}_FILE, not both`);
      continue;
    }
    const read = readSecretFile(file);
    if ('problem' in read) problems.push(`${key}_FILE: ${read.problem}`);
    else {
      input[key] = read.value;
      fromFile.add(key);
    }
  }
  const value = Value.Convert(schema, Value.Default(schema, input));
  // Checked property by property: one failing union must not hide the problems after it.
  for (const [key, prop] of Object.entries(props)) {
    if (problems.some((p) => p.startsWith(`${key}:`) || p.startsWith(`${key}_FILE:`))) continue;
    const v = (value as Record<string, unknown>)[key];
    const optional = !((schema as unknown as { required?: string[] }).required ?? []).includes(key);
    if (v === undefined && optional) continue;
    const first = v === undefined ? { message: 'is required' } : [...Value.Errors(prop, v)].at(-1);
    if (!first) continue;
    const shown = key in input ? ` (got ${shownValue(key, String(input[key]), fromFile.has(key))})` : '';
    const desc = (prop as { description?: string }).description;
    problems.push(`${key}: ${first.message}${shown}${desc ? ` — ${desc}` : ''}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return value as Static<S>;
}

function readSecretFile(file: string): { value: string } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { problem: `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  // `echo secret > file` and most editors end the file with a newline that is not part of it.
  const value = text.replace(/(\r?\n)+$/, '');
  return value === '' ? { problem: `${file} is empty` } : { value };
}

export const Port = (description: string, def: number) =>
  Type.Integer({ minimum: 1, maximum: 65535, default: def, description });
export const Url = (description: string) => Type.String({ pattern: '^[a-z][a-z0-9+.-]*://', description });
export const LogLevel = Type.Union(
  ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
  { default: 'info', description: 'pino log level' },
);
export const Bool = (description: string, def: boolean) => Type.Boolean({ default: def, description });

import type { CompiledQuery } from 'kysely';
import type pg from 'pg';

/**
 * Hot read statements as named prepared statements: PostgreSQL parses a named statement once
 * per connection and, after five executions whose custom plans cost no less than its generic
 * one, stops planning it too (plancache.c). An IdP lookup (`userName eq`) spent 0.15 ms parsing
 * and 0.37 ms binding and planning against 0.07 ms executing when sent unnamed (issue 17,
 * BENCHMARKS.md "Named lookups").
 *
 * A name stands for one SQL text for the life of the process (pg refuses a name reused with
 * another text). Texts are named first come, first served up to MAX_NAMED; later texts run
 * unnamed, so a client that sends endless filter shapes costs each server connection at most
 * MAX_NAMED prepared statements, never an unbounded set. The shapes IdPs send are a handful.
 */
const MAX_NAMED = 64;
const names = new Map<string, string>();

export function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) names.set(text, (name = `scim-read-${names.size + 1}`));
  return name;
}

/** Runs a compiled Kysely query through `pool`, named when statementName gives it a name. */
export async function queryNamed<R extends pg.QueryResultRow>(pool: Pick<pg.Pool, 'query'>, q: CompiledQuery<R>): Promise<{ rows: R[] }> {
  const name = statementName(q.sql);
  const values = [...q.parameters];
  return name === undefined ? pool.query<R>(q.sql, values) : pool.query<R>({ name, text: q.sql, values });
}

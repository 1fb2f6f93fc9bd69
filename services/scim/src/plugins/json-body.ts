import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * JSON bodies pass a linear pre-scan before JSON.parse sees them. JSON.parse's cost is not
 * its input's length but the values it builds: 7 MB of `[[[…]]]` took 2.5 s and a flat 8 MiB
 * array of `{}` 3.2 s on this project's 2-core machines, while a 4.8 MB group PUT of 50,000
 * members (Okta's form) took 18 ms. The scan reads each character once, builds nothing,
 * stops at the first problem, and is bounded by the route's body limit.
 */

/** Deepest legitimate SCIM body: Bulk → Operations → data → PATCH Operations → value → extension → manager → value is 8. */
export const MAX_JSON_DEPTH = 32;
/**
 * Containers plus separators (≈ JSON values). A 50,000-member group PUT whose members carry
 * value, display, $ref and type counts 250,000; 500,000 refuses the hostile flat shapes above
 * at about a sixth of their cost.
 */
export const MAX_JSON_VALUES = 500_000;

export type JsonBodyProblem = 'json_too_deep' | 'json_too_many_values' | 'invalid_string';

/** A body refused by the pre-scan: 400 on every surface (SCIM renders it with a scimType). */
export class JsonBodyError extends Error {
  readonly statusCode = 400;
  constructor(
    readonly code: JsonBodyProblem,
    message: string,
    /** Where the scan stopped (tests prove it stops early). */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JsonBodyError';
  }

  /** RFC 7644 §3.12: structure problems are invalidSyntax, unstorable strings invalidValue. */
  get scimType(): 'invalidSyntax' | 'invalidValue' {
    return this.code === 'invalid_string' ? 'invalidValue' : 'invalidSyntax';
  }
}

const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c;
const OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d, OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d;

/** Throws a JsonBodyError for the first problem; syntax errors are left to JSON.parse. */
export function scanJson(text: string, maxDepth = MAX_JSON_DEPTH, maxValues = MAX_JSON_VALUES): void {
  let depth = 0;
  let values = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = scanString(text, i);
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > maxDepth) throw new JsonBodyError('json_too_deep', `the JSON body is nested deeper than ${maxDepth} levels`, i);
      if (++values > maxValues) throw tooMany(maxValues, i);
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    } else if (c === COMMA && ++values > maxValues) {
      throw tooMany(maxValues, i);
    }
  }
}

function tooMany(maxValues: number, offset: number): JsonBodyError {
  return new JsonBodyError('json_too_many_values', `the JSON body has more than ${maxValues} values`, offset);
}

function hexAt(text: string, i: number): number {
  const h = text.slice(i, i + 4);
  return /^[0-9a-fA-F]{4}$/.test(h) ? parseInt(h, 16) : -1;
}

/**
 * From the opening quote to the closing one. Only escapes can carry what PostgreSQL refuses
 * (the body was decoded as UTF-8, so a raw lone surrogate cannot occur and a raw NUL is
 * invalid JSON): `\u0000`, and a `\uD800`–`\uDFFF` escape that is not half of a pair.
 */
function scanString(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i;
    if (c !== BACKSLASH) continue;
    i++;
    if (text.charCodeAt(i) !== 0x75 /* u */) continue;
    const code = hexAt(text, i + 1);
    if (code === 0) throw invalidString('NUL (U+0000)', i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = text.charCodeAt(i + 5) === BACKSLASH && text.charCodeAt(i + 6) === 0x75 ? hexAt(text, i + 7) : -1;
      if (low < 0xdc00 || low > 0xdfff) throw invalidString('an unpaired surrogate', i);
      i += 10;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      throw invalidString('an unpaired surrogate', i);
    } else if (code >= 0) {
      i += 4;
    }
  }
  return text.length;
}

function invalidString(what: string, offset: number): JsonBodyError {
  return new JsonBodyError('invalid_string', `a string in the JSON body contains ${what}, which cannot be stored`, offset);
}

/** Whether a request carries a body (by its framing, before any byte is read). */
export function hasBody(req: FastifyRequest): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

type Done = (err: Error | null, body?: unknown) => void;

/** The JSON parser of every JSON media type: pre-scan, then Fastify's prototype-poisoning-safe parse. */
export function jsonBodyParser(app: FastifyInstance): (req: FastifyRequest, body: string, done: Done) => void {
  const parse = app.getDefaultJsonParser('error', 'error') as (req: FastifyRequest, body: string, done: Done) => void;
  return (req, body, done) => {
    try {
      scanJson(body);
    } catch (err) {
      done(err as JsonBodyError);
      return;
    }
    parse(req, body, done);
  };
}

/**
 * The root's body parsers: JSON only. text/plain goes, so a cross-site form can no longer
 * post a body any route accepts (issue 14 finding 5); other media types answer 415.
 */
export function registerJsonParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, jsonBodyParser(app));
}

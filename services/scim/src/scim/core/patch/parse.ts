// PATCH request and path grammar (RFC 7644 §3.5.2):
//   PATH = attrPath / valuePath [subAttr]
import { scimErrors, ScimError } from '../errors.js';
import { parseFilter } from '../filter/parse.js';
import type { AttrPath, Filter, JsonObject } from '../types.js';
import { parseAttrPath } from '../schema-registry.js';
import { URN } from '../types.js';
import { isObject } from '../coerce-value.js';

export type PatchOpName = 'add' | 'remove' | 'replace';

/** A parsed, not yet schema-resolved PATCH path. `filter` paths are relative to `attr`. */
export interface PatchPath {
  text: string;
  urn?: string;
  attr: string;
  filter?: Filter;
  sub?: string;
}

export interface PatchOperation {
  op: PatchOpName;
  path?: PatchPath;
  value?: unknown;
}

/** Guards against pathological bodies; RFC 7644 sets no limit. */
export const MAX_PATCH_OPERATIONS = 1000;

const NAME = /^[A-Za-z$][\w$-]*$/; // sub-attribute after `]`

export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw scimErrors.invalidSyntax('The PATCH body must be a JSON object');
  const schemas = field(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === URN.patchOp.toLowerCase())) {
    throw scimErrors.invalidSyntax(`'schemas' must contain '${URN.patchOp}'`);
  }
  const ops = field(body, 'Operations');
  if (!Array.isArray(ops) || ops.length === 0) throw scimErrors.invalidSyntax("'Operations' must be a non-empty array");
  if (ops.length > MAX_PATCH_OPERATIONS) {
    throw scimErrors.invalidSyntax(`At most ${MAX_PATCH_OPERATIONS} operations are allowed in one PATCH request`);
  }
  return ops.map((raw, i) => parseOperation(raw, i));
}

function parseOperation(raw: unknown, index: number): PatchOperation {
  if (!isObject(raw)) throw scimErrors.invalidSyntax(`Operations[${index}] must be an object`);
  const opText = field(raw, 'op');
  // Entra sends "Add"/"Replace"/"Remove" (idp-quirks.md: Entra capitalised ops).
  const op = typeof opText === 'string' ? opText.toLowerCase() : undefined;
  if (op !== 'add' && op !== 'remove' && op !== 'replace') {
    throw scimErrors.invalidSyntax(`Operations[${index}].op must be add, remove or replace`);
  }
  const pathText = field(raw, 'path');
  if (pathText !== undefined && pathText !== null && typeof pathText !== 'string') {
    throw scimErrors.invalidPath(`Operations[${index}].path must be a string`);
  }
  const hasPath = typeof pathText === 'string' && pathText.trim() !== '';
  if (!hasPath && op === 'remove') throw scimErrors.noTarget('A remove operation requires a path (RFC 7644 §3.5.2.2)');
  const value = field(raw, 'value');
  if (!hasPath && value !== undefined && !isObject(value)) {
    throw scimErrors.invalidValue(`Operations[${index}]: without a path the value must be an object of attributes`);
  }
  const out: PatchOperation = { op };
  if (hasPath) out.path = parsePatchPath(pathText);
  if (value !== undefined) out.value = value;
  return out;
}

/** Operation members are matched case-insensitively (`Operations`, `Op`, `Path`, `Value`). */
function field(obj: JsonObject, name: string): unknown {
  if (obj[name] !== undefined) return obj[name];
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower && obj[k] !== undefined);
  return key === undefined ? undefined : obj[key];
}

export function parsePatchPath(text: string): PatchPath {
  const trimmed = text.trim();
  const open = trimmed.indexOf('[');
  if (open < 0) return { text: trimmed, ...parseAttrText(trimmed, true) };
  const close = trimmed.lastIndexOf(']');
  if (close < open) throw scimErrors.invalidPath(`Malformed path '${text}'`);
  const head = parseAttrText(trimmed.slice(0, open), false);
  const rest = trimmed.slice(close + 1);
  let sub: string | undefined;
  if (rest !== '') {
    if (!rest.startsWith('.') || !NAME.test(rest.slice(1))) throw scimErrors.invalidPath(`Malformed path '${text}'`);
    sub = rest.slice(1);
  }
  let filter: Filter;
  try {
    filter = parseFilter(trimmed.slice(open + 1, close));
  } catch (err) {
    if (err instanceof ScimError) throw scimErrors.invalidPath(`Malformed filter in path '${text}': ${err.detail}`);
    throw err;
  }
  const out: PatchPath = { text: trimmed, attr: head.attr, filter };
  if (head.urn) out.urn = head.urn;
  if (sub) out.sub = sub;
  return out;
}

/** A head before `[` names the attribute only; the sub-attribute comes after `]`. */
function parseAttrText(text: string, allowSub: boolean): AttrPath {
  const path = parseAttrPath(text, 'invalidPath');
  if (path.sub !== undefined && !allowSub) throw scimErrors.invalidPath(`Malformed path '${text}'`);
  return path;
}

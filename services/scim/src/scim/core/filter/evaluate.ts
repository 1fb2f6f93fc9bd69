// In-memory evaluation of a resolved filter against one SCIM resource (RFC 7644 §3.4.2.2).
// Used by the PATCH engine for value filters and as the oracle the SQL compiler is tested
// against, so its semantics are the reference:
// - a multi-valued attribute matches if ANY of its values matches;
// - a valuePath needs ONE element to satisfy the whole inner filter;
// - `ne` on an absent value is true, every other operator on an absent value is false;
// - strings honour caseExact; dateTimes compare as instants; `not` simply negates.

import type { AttributeDef, JsonObject, ResolvedPath } from '../types.js';
import { leafAttribute, type ResolvedFilter } from './resolve.js';

type Leaf = Extract<ResolvedFilter, { kind: 'compare' | 'present' }>;

/** Case-insensitive property read (RFC 7643 §2.1), exact key first. */
export function getCaseInsensitive(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const o = obj as JsonObject;
  if (key in o) return o[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

/** The container of a path's attribute: the resource, or its extension object. */
function attributeValue(resource: JsonObject, path: ResolvedPath, coreUrn: string | undefined): unknown {
  const isExtension = coreUrn !== undefined ? path.schema !== coreUrn : path.schema.includes(':extension:');
  const container = isExtension ? getCaseInsensitive(resource, path.schema) : resource;
  return getCaseInsensitive(container, path.attr.name);
}

/**
 * The values a leaf looks at. One entry per element for a multi-valued attribute (an element
 * without the sub-attribute gives undefined, so `ne` matches it, as one SQL row would);
 * a single entry otherwise.
 */
function leafValues(v: unknown, path: ResolvedPath): unknown[] {
  if (path.attr.multiValued) {
    const elements = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
    return path.sub ? elements.map((e) => getCaseInsensitive(e, path.sub!.name)) : elements;
  }
  return [path.sub ? getCaseInsensitive(v, path.sub.name) : v];
}

export function isPresent(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.some(isPresent);
  if (typeof v === 'object') return Object.values(v as JsonObject).some(isPresent);
  return true;
}

function compareScalar(def: AttributeDef, op: Leaf & { kind: 'compare' }, actual: unknown): boolean {
  const { op: o, value } = op;
  if (actual === undefined || actual === null) return o === 'ne';
  let a: string | number | boolean;
  let b: string | number | boolean = value;
  switch (def.type) {
    case 'boolean':
      if (typeof actual !== 'boolean') return o === 'ne';
      a = actual;
      break;
    case 'integer':
    case 'decimal':
      if (typeof actual !== 'number') return o === 'ne';
      a = actual;
      break;
    case 'dateTime': {
      const ms = typeof actual === 'string' ? Date.parse(actual) : NaN;
      if (Number.isNaN(ms)) return o === 'ne';
      a = ms;
      b = Date.parse(value as string);
      break;
    }
    default:
      if (typeof actual === 'object') return o === 'ne';
      a = String(actual);
      if (!def.caseExact) {
        a = a.toLowerCase();
        b = String(b).toLowerCase();
      }
  }
  switch (o) {
    case 'eq': return a === b;
    case 'ne': return a !== b;
    case 'co': return (a as string).includes(b as string);
    case 'sw': return (a as string).startsWith(b as string);
    case 'ew': return (a as string).endsWith(b as string);
    case 'gt': return a > b;
    case 'ge': return a >= b;
    case 'lt': return a < b;
    case 'le': return a <= b;
  }
}

function evalLeaf(f: Leaf, values: unknown[]): boolean {
  if (f.kind === 'present') return values.some(isPresent);
  const def = leafAttribute(f.path);
  return values.some((v) => compareScalar(def, f, v));
}

interface Scope {
  attr: AttributeDef;
  schema: string;
  element: unknown;
}

function evalNode(f: ResolvedFilter, resource: JsonObject, coreUrn: string | undefined, scope?: Scope): boolean {
  switch (f.kind) {
    case 'and': return evalNode(f.left, resource, coreUrn, scope) && evalNode(f.right, resource, coreUrn, scope);
    case 'or': return evalNode(f.left, resource, coreUrn, scope) || evalNode(f.right, resource, coreUrn, scope);
    case 'not': return !evalNode(f.filter, resource, coreUrn, scope);
    case 'const': return f.value;
    case 'valuePath': {
      const v = attributeValue(resource, f.path, coreUrn);
      const elements = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
      return elements.some((element) =>
        evalNode(f.filter, resource, coreUrn, { attr: f.path.attr, schema: f.path.schema, element }));
    }
    case 'compare':
    case 'present': {
      if (scope && f.path.attr === scope.attr && f.path.schema === scope.schema && f.path.sub) {
        return evalLeaf(f, [getCaseInsensitive(scope.element, f.path.sub.name)]);
      }
      return evalLeaf(f, leafValues(attributeValue(resource, f.path, coreUrn), f.path));
    }
  }
}

/**
 * Does `resource` match the filter? `coreUrn` is the resource type's core schema URN; without
 * it, a path's schema counts as an extension when its URN contains ":extension:".
 */
export function evaluateFilter(filter: ResolvedFilter, resource: JsonObject, coreUrn?: string): boolean {
  return evalNode(filter, resource, coreUrn);
}

/**
 * Does one element of a multi-valued attribute match the inner filter of a valuePath? For the
 * PATCH engine: `emails[type eq "work"]` selects the elements for which this returns true.
 */
export function matchesElement(valuePath: Extract<ResolvedFilter, { kind: 'valuePath' }>, element: unknown): boolean {
  return evalNode(valuePath.filter, {}, undefined, { attr: valuePath.path.attr, schema: valuePath.path.schema, element });
}

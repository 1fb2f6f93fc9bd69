// RFC 7644 §3.5.2.2 "remove".
import type { JsonObject } from '../types.js';
import { coerceValue, isObject } from '../coerce-value.js';
import { checkMutability, readAttr, writeAttr } from './doc.js';
import { jsonEqual } from '../../../util/json-equal.js';
import { matchElement } from './match.js';
import type { AttrTarget } from './target.js';

export function applyRemove(doc: JsonObject, t: AttrTarget, value: unknown): void {
  const current = readAttr(doc, t);
  checkMutability(t, current, 'remove');
  if (current === undefined) return; // removing an unassigned value is a no-op
  const list = Array.isArray(current) ? current : undefined;
  if (t.filter) {
    const filter = t.filter;
    if (!list) return;
    const sub = t.sub;
    writeAttr(doc, t, sub
      ? list.map((el) => (matchElement(filter, el) && isObject(el) ? without(el, sub.name) : el))
      : list.filter((el) => !matchElement(filter, el)));
    return;
  }
  if (t.sub) {
    const name = t.sub.name;
    writeAttr(doc, t, list ? list.map((el) => (isObject(el) ? without(el, name) : el)) : without(current as JsonObject, name));
    return;
  }
  if (list && value !== undefined && value !== null) {
    // A value array removes only the listed values (the form Entra uses for members).
    const items = (coerceValue(t.attr, value, t.text) as unknown[] | undefined) ?? [];
    writeAttr(doc, t, list.filter((el) => !items.some((item) => sameValue(item, el))));
    return;
  }
  writeAttr(doc, t, undefined); // no filter: the attribute and all its values go
}

function without(el: JsonObject, key: string): JsonObject {
  const { [key]: _dropped, ...rest } = el;
  return rest;
}

/** An item identifies an element when every sub-attribute it gives is equal. */
function sameValue(item: unknown, el: unknown): boolean {
  if (!isObject(item) || !isObject(el)) return jsonEqual(item, el);
  return Object.entries(item).every(([k, v]) => jsonEqual(el[k], v));
}

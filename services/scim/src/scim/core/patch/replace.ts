// RFC 7644 §3.5.2.3 "replace".
import type { JsonObject } from '../types.js';
import { checkSinglePrimary, coerceValue, isObject } from '../coerce-value.js';
import { checkMutability, orderKeys, readAttr, writeAttr } from './doc.js';
import { setFiltered, setSub } from './add.js';
import type { AttrTarget } from './target.js';

export function applyReplace(doc: JsonObject, t: AttrTarget, value: unknown): void {
  const current = readAttr(doc, t);
  checkMutability(t, current, 'replace', value);
  // Replace on a filter that matches nothing behaves like add for eq filters (Entra, see setFiltered).
  if (t.filter) return setFiltered(doc, t, value);
  if (t.sub) return setSub(doc, t, t.sub, value);
  const v = coerceValue(t.attr, value, t.text);
  if (t.attr.multiValued) {
    checkSinglePrimary(v, t.attr.name);
    writeAttr(doc, t, v);
  } else if (t.attr.type === 'complex' && isObject(current) && isObject(v)) {
    // "Sub-attributes that are not specified in the value parameter are left unchanged."
    writeAttr(doc, t, orderKeys(t.attr, { ...current, ...v }));
  } else {
    writeAttr(doc, t, v); // null ⇒ unassigned (RFC 7643 §2.5)
  }
}

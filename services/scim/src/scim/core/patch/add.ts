// RFC 7644 §3.5.2.1 "add", plus the value-filter form shared with "replace".
import { scimErrors } from '../errors.js';
import type { AttributeDef, JsonObject } from '../types.js';
import { checkSinglePrimary, coerceValue, isObject } from '../coerce-value.js';
import { checkMutability, orderKeys, readAttr, writeAttr } from './doc.js';
import { jsonEqual } from '../../../util/json-equal.js';
import { keepOnePrimary, matchElement, seedFromFilter } from './match.js';
import type { AttrTarget } from './target.js';

export function applyAdd(doc: JsonObject, t: AttrTarget, value: unknown): void {
  const current = readAttr(doc, t);
  checkMutability(t, current, 'add', value);
  if (t.filter) return setFiltered(doc, t, value);
  if (t.sub) return setSub(doc, t, t.sub, value);
  const v = coerceValue(t.attr, value, t.text);
  if (v === undefined) return;
  if (t.attr.multiValued) {
    // One value may carry at most one primary (RFC 7643 §2.4), as for replace, POST and PUT; a
    // primary it adds then takes the flag from the existing element: what it adds is appended,
    // and with no winner named keepOnePrimary keeps the last primary.
    checkSinglePrimary(v, t.attr.name);
    // Append without duplicating an identical value (RFC 7644 §3.5.2.1; Entra and Okta re-send).
    const list = Array.isArray(current) ? [...current] : [];
    list.push(...(v as unknown[]).filter((item) => !list.some((el) => jsonEqual(el, item))));
    keepOnePrimary(list);
    writeAttr(doc, t, list);
  } else if (t.attr.type === 'complex' && isObject(current)) {
    // A complex value's sub-attributes are merged into the existing value.
    writeAttr(doc, t, orderKeys(t.attr, { ...current, ...(v as JsonObject) }));
  } else {
    writeAttr(doc, t, v);
  }
}

/** `name.givenName`, or `emails.display` (every element of a multi-valued attribute). */
export function setSub(doc: JsonObject, t: AttrTarget, sub: AttributeDef, value: unknown): void {
  const v = coerceValue(sub, value, t.text);
  const current = readAttr(doc, t);
  if (!t.attr.multiValued) {
    const obj = isObject(current) ? { ...current } : {};
    obj[sub.name] = v;
    writeAttr(doc, t, orderKeys(t.attr, obj));
    return;
  }
  const list = Array.isArray(current) && current.length > 0 ? current : [{}];
  writeAttr(doc, t, list.map((el) => orderKeys(t.attr, { ...(isObject(el) ? el : {}), [sub.name]: v })));
  if (sub.name === 'primary' && v === true && list.length > 1) {
    throw scimErrors.invalidValue(`'${t.text}' would make several values primary`);
  }
}

/**
 * `emails[type eq "work"].value` and `emails[type eq "work"]`: changes the matching elements
 * only (idp-quirks.md: Entra value-filter paths). When nothing matches and the filter is an `eq` on type/primary/value,
 * the element is created (Entra, same entry); otherwise noTarget (RFC 7644 §3.5.2.3).
 */
export function setFiltered(doc: JsonObject, t: AttrTarget, value: unknown): void {
  const filter = t.filter!;
  const current = readAttr(doc, t);
  const list = Array.isArray(current) ? current.map((el) => (isObject(el) ? { ...el } : el)) : [];
  let matches = list.filter((el) => matchElement(filter, el)) as JsonObject[];
  if (matches.length === 0) {
    const seed = seedFromFilter(filter);
    if (!seed) throw scimErrors.noTarget(`No value matches '${t.text}'`);
    const el = coerceValue({ ...t.attr, multiValued: false }, seed, t.text) as JsonObject;
    list.push(el);
    matches = [el];
  }
  const v = t.sub
    ? coerceValue(t.sub, value, t.text)
    : coerceValue({ ...t.attr, multiValued: false }, value, t.text);
  if (!t.sub && v !== undefined && !isObject(v)) throw scimErrors.invalidValue(`'${t.text}' needs an object value`);
  for (const el of matches) {
    if (t.sub) el[t.sub.name] = v;
    else Object.assign(el, v);
  }
  const ordered = list.map((el) => (isObject(el) ? orderKeys(t.attr, el) : el));
  const madePrimary = t.sub ? t.sub.name === 'primary' && v === true : isObject(v) && v.primary === true;
  if (madePrimary) {
    if (matches.length > 1) throw scimErrors.invalidValue(`'${t.text}' would make several values primary`);
    const winner = ordered[list.indexOf(matches[0])];
    keepOnePrimary(ordered, new Set([winner]));
  }
  checkSinglePrimary(ordered, t.attr.name);
  writeAttr(doc, t, ordered);
}

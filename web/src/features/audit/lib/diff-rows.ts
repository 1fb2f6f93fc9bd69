/**
 * An audit row's `diff` as table rows. The server writes field-level diffs
 * (`{ "name.givenName": { before, after } }`, secrets as "[redacted]") and, for membership
 * changes, `{ members: { added: [...], removed: [...] } }`.
 */
export type ChangeKind = 'added' | 'removed' | 'changed';

export interface DiffRow {
  field: string;
  kind: ChangeKind;
  before?: string;
  after?: string;
}

export const REDACTED = '[redacted]';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value as one line: strings bare, everything else as JSON. */
export function showValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function diffRows(diff: unknown): DiffRow[] {
  if (!isObject(diff)) return [];
  const rows: DiffRow[] = [];
  for (const [field, change] of Object.entries(diff)) {
    if (!isObject(change)) continue;
    if (Array.isArray(change.added) || Array.isArray(change.removed)) {
      for (const id of (change.added as unknown[] | undefined) ?? []) rows.push({ field: `${field} +`, kind: 'added', after: showValue(id) });
      for (const id of (change.removed as unknown[] | undefined) ?? []) rows.push({ field: `${field} −`, kind: 'removed', before: showValue(id) });
      continue;
    }
    const hasBefore = 'before' in change && change.before !== undefined;
    const hasAfter = 'after' in change && change.after !== undefined;
    rows.push({
      field,
      kind: hasBefore && hasAfter ? 'changed' : hasAfter ? 'added' : 'removed',
      ...(hasBefore ? { before: showValue(change.before) } : {}),
      ...(hasAfter ? { after: showValue(change.after) } : {}),
    });
  }
  return rows.sort((a, b) => a.field.localeCompare(b.field));
}

import type { ReactNode } from 'react';
import { Button } from './button.js';

/** A column header; `{ hidden }` names a column screen readers hear but nobody needs to see (actions). */
export type Column = string | { hidden: string };

export function TableHead({ columns }: { columns: Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) =>
          typeof c === 'string' ? (
            <th key={c} scope="col">
              {c}
            </th>
          ) : (
            <th key={c.hidden} scope="col">
              <span className="visually-hidden">{c.hidden}</span>
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}

/** Opens a row's details below it (the audit diff, a delivery's attempts); says what it controls. */
export function RowToggle({ open, controls, onToggle, show, hide }: { open: boolean; controls: string; onToggle: () => void; show: string; hide: string }) {
  return (
    <Button size="sm" variant="ghost" aria-expanded={open} aria-controls={controls} onClick={onToggle}>
      {open ? hide : show}
    </Button>
  );
}

export function DetailRow({ id, colSpan, children }: { id: string; colSpan: number; children: ReactNode }) {
  return (
    <tr className="row-detail" id={id}>
      <td colSpan={colSpan}>{children}</td>
    </tr>
  );
}

import { REDACTED, diffRows } from '../lib/diff-rows.js';
import { TableHead } from '../../../components/table.js';

function Value({ v }: { v: string | undefined }) {
  if (v === undefined) return <span className="none">not set</span>;
  if (v === REDACTED) return <span className="none">changed (value not recorded)</span>;
  return <>{v}</>;
}

/** Before/after per field of one audit row. */
export function DiffView({ diff }: { diff: unknown }) {
  const rows = diffRows(diff);
  if (rows.length === 0) return <p className="muted">No field-level changes recorded for this event.</p>;
  return (
    <table className="diff" data-testid="diff-view">
      <TableHead columns={['Field', 'Before', 'After']} />
      <tbody>
        {rows.map((r, i) => (
          <tr key={`${r.field}-${i}`} data-kind={r.kind}>
            <th scope="row" className="field-name">
              {r.field}
            </th>
            <td className="before">
              <Value v={r.before} />
            </td>
            <td className="after">
              <Value v={r.after} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

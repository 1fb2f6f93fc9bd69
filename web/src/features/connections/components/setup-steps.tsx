import { CopyButton } from '../../../components/copy-button.js';
import type { ConnectionKind } from '../../../lib/api-types.js';
import { fieldValue, needsHttps, setupGuide } from '../lib/idp-setup.js';
import { TableHead } from '../../../components/table.js';

/** Step-by-step for one IdP: where to go, which value goes in which field, what to do next. */
export function SetupSteps({ kind, baseUrl, token }: { kind: ConnectionKind; baseUrl: string; token?: string }) {
  const guide = setupGuide(kind, baseUrl);
  return (
    <div className="stack" data-testid={`setup-${kind}`}>
      {needsHttps(baseUrl) ? (
        <p className="notice notice-warning">
          {guide.idp} must reach this service over HTTPS. Deploy it behind TLS (or a tunnel for a trial) and set <code>PUBLIC_BASE_URL</code> to that address; the
          base URL below follows it.
        </p>
      ) : null}
      <ol className="steps">
        {guide.where.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ol>
      <div className="table-wrap">
      <table className="table setup-fields">
        <TableHead columns={[guide.kind === 'other' ? 'Setting' : `${guide.idp} field`, 'Value', { hidden: 'Copy' }]} />
        <tbody>
          {guide.fields.map((f) => {
            const value = fieldValue(f, token);
            const copyable = !f.isToken || !!token;
            return (
              <tr key={f.label}>
                <th scope="row" className="setup-label">
                  {f.label}
                </th>
                <td>
                  <code className={f.isToken && !token ? 'muted' : undefined}>{value}</code>
                  {f.note ? <p className="cell-sub">{f.note}</p> : null}
                </td>
                <td className="cell-actions">{copyable ? <CopyButton text={f.isToken && token ? token : value} /> : null}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      </div>
      <div>
        <h3 className="steps-title">Then</h3>
        <ol className="steps">
          {guide.then.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ol>
      </div>
      <details>
        <summary>Attribute mappings {guide.idp} needs</summary>
        <table className="table">
          <TableHead columns={['SCIM attribute', 'From']} />
          <tbody>
            {guide.mappings.map((m) => (
              <tr key={m.scim}>
                <td>
                  <code>{m.scim}</code>
                </td>
                <td>{m.from}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {guide.notes.map((n) => (
        <p className="notice" key={n}>
          {n}
        </p>
      ))}
    </div>
  );
}

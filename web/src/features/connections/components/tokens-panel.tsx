import { useState, type FormEvent } from 'react';
import { Badge } from '../../../components/badge.js';
import { Button } from '../../../components/button.js';
import { ConfirmDialog, Dialog } from '../../../components/dialog.js';
import { SelectField, TextField } from '../../../components/field.js';
import { Panel } from '../../../components/page.js';
import { EmptyState, ErrorState, FormError, Loading } from '../../../components/states.js';
import type { MintedToken, Rotation, Token } from '../../../lib/api-types.js';
import { formatDateTime, formatRelative } from '../../../lib/format.js';
import { useConnectionTokens } from '../api/get-tokens.js';
import { useMintToken, useRevokeToken, useRotateToken } from '../api/token-mutations.js';
import { Link } from '../../../lib/router.js';
import { hrefTo, paths } from '../../../app/paths.js';
import { tokenStatus } from './token-status.js';
import { TableHead } from '../../../components/table.js';

const EXPIRY = [
  { value: '', label: 'Never' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
];
const OVERLAP = [
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '24 hours' },
  { value: '259200', label: '3 days' },
  { value: '604800', label: '7 days' },
  { value: '0', label: 'None — the old token stops now' },
];

export function MintTokenForm({ connectionId, onMinted }: { connectionId: string; onMinted: (t: MintedToken) => void }) {
  const mint = useMintToken();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    mint.mutate(
      { connectionId, name: name.trim() || 'IdP token', ...(expires ? { expiresInDays: Number(expires) } : {}) },
      {
        onSuccess: (t) => {
          setName('');
          onMinted(t);
        },
      },
    );
  };
  return (
    <form onSubmit={submit}>
      <div className="filters" style={{ marginBottom: 0 }}>
        <TextField className="field-grow" label="Token name" placeholder="IdP token" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        <SelectField label="Expires" options={EXPIRY} value={expires} onChange={(e) => setExpires(e.target.value)} />
        <Button variant="primary" type="submit" loading={mint.isPending}>
          Mint token
        </Button>
      </div>
      <FormError error={mint.error} />
    </form>
  );
}

function RotateDialog({ token, onClose, onRotated }: { token: Token | null; onClose: () => void; onRotated: (r: Rotation) => void }) {
  const rotate = useRotateToken();
  const [overlap, setOverlap] = useState('86400');
  return (
    <Dialog
      open={!!token}
      onClose={onClose}
      title={`Rotate “${token?.name ?? ''}”`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            loading={rotate.isPending}
            onClick={() => token && rotate.mutate({ id: token.id, overlapSeconds: Number(overlap) }, { onSuccess: (r) => (onRotated(r), onClose()) })}
          >
            Rotate
          </Button>
        </>
      }
    >
      <p>A new token replaces {token?.prefix}…. The old one keeps working for the overlap, so you can paste the new one into the IdP without a gap.</p>
      <SelectField label="Overlap" options={OVERLAP} value={overlap} onChange={(e) => setOverlap(e.target.value)} />
      <FormError error={rotate.error} />
    </Dialog>
  );
}

export function TokensPanel({ connectionId, onMinted }: { connectionId: string; onMinted: (t: MintedToken, rotatedFrom?: Token) => void }) {
  const tokens = useConnectionTokens(connectionId);
  const revoke = useRevokeToken();
  const [revoking, setRevoking] = useState<Token | null>(null);
  const [rotating, setRotating] = useState<Token | null>(null);
  return (
    <Panel id="tokens" title="Tokens" description="The IdP authenticates with a bearer token. Mint one, paste it into the IdP, and rotate or revoke it here.">
      <div className="stack">
        <MintTokenForm connectionId={connectionId} onMinted={(t) => onMinted(t)} />
        {tokens.isPending ? (
          <Loading label="Loading tokens…" />
        ) : tokens.isError ? (
          <ErrorState error={tokens.error} retry={() => tokens.refetch()} />
        ) : tokens.data.length === 0 ? (
          <EmptyState title="No token yet">Mint one above; it is shown once.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="token-table">
              <TableHead columns={['Token', 'Status', 'Created', 'Expires', 'Last used', { hidden: 'Actions' }]} />
              <tbody>
                {[...tokens.data].reverse().map((t) => {
                  const status = tokenStatus(t, tokens.data);
                  return (
                    <tr key={t.id} data-testid={`token-${t.prefix}`}>
                      <td>
                        {t.name}
                        <div className="cell-sub mono">{t.prefix}…</div>
                      </td>
                      <td>
                        <Badge tone={status.tone}>{status.label}</Badge>
                      </td>
                      <td title={formatDateTime(t.createdAt)}>{formatRelative(t.createdAt)}</td>
                      <td>{t.revokedAt ? <span className="muted">revoked {formatRelative(t.revokedAt)}</span> : t.expiresAt ? formatDateTime(t.expiresAt) : 'never'}</td>
                      <td>
                        {t.lastUsedAt ? (
                          <>
                            <span title={formatDateTime(t.lastUsedAt)}>{formatRelative(t.lastUsedAt)}</span>
                            <div className="cell-sub">
                              from {t.lastUsedIp ?? 'unknown address'}
                              {t.lastUsedUserAgent ? ` · ${t.lastUsedUserAgent}` : ''}
                            </div>
                          </>
                        ) : (
                          <span className="muted">never</span>
                        )}
                      </td>
                      <td className="cell-actions">
                        <Link className="btn btn-ghost btn-sm" to={hrefTo(paths.audit, {}, { tokenId: t.id })} aria-label={`What ${t.prefix}… changed, in the audit log`}>
                          Audit
                        </Link>
                        {status.usable ? (
                          <>
                            <Button size="sm" onClick={() => setRotating(t)}>
                              Rotate
                            </Button>
                            <Button size="sm" variant="danger" onClick={() => (revoke.reset(), setRevoking(t))}>
                              Revoke
                            </Button>
                          </>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <ConfirmDialog
        open={!!revoking}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke token"
        pending={revoke.isPending}
        error={revoke.error}
        onClose={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      >
        <p>
          Requests with <code>{revoking?.prefix}…</code> are refused from the next one on. An IdP still using it stops provisioning until it gets a new token.
        </p>
      </ConfirmDialog>
      <RotateDialog token={rotating} onClose={() => setRotating(null)} onRotated={(r) => onMinted(r.token, r.old)} />
    </Panel>
  );
}

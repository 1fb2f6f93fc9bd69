import { Button } from '../../../components/button.js';
import { CopyButton } from '../../../components/copy-button.js';
import type { MintedToken } from '../../../lib/api-types.js';
import { formatDateTime } from '../../../lib/format.js';

/** The plaintext token, this once: the server keeps only its hash. */
export function MintedTokenPanel({ token, rotatedFrom, onTest, onDone, testing }: { token: MintedToken; rotatedFrom?: { expiresAt: string | null }; onTest: () => void; onDone: () => void; testing: boolean }) {
  return (
    <div className="secret" role="region" aria-label="New token">
      <strong>
        Token “{token.name}” {rotatedFrom ? 'rotated' : 'created'}. Copy it now — you will not see this again.
      </strong>
      <code data-testid="minted-token">{token.token}</code>
      <p className="small">
        Only a hash is stored: if you lose it, mint a new one. {token.expiresAt ? `It expires ${formatDateTime(token.expiresAt)}.` : 'It does not expire.'}
        {rotatedFrom ? ` The old token keeps working until ${formatDateTime(rotatedFrom.expiresAt)}: paste the new one into the IdP before then.` : ''}
      </p>
      <div className="row">
        <CopyButton text={token.token} label="Copy token" size="md" />
        <Button variant="primary" onClick={onTest} loading={testing}>
          Test SCIM with this token
        </Button>
        <Button variant="ghost" onClick={onDone}>
          I have copied it
        </Button>
      </div>
    </div>
  );
}

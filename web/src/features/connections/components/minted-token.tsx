import { Button } from '../../../components/button.js';
import { SecretOnce } from '../../../components/secret-once.js';
import type { MintedToken } from '../../../lib/api-types.js';
import { formatDateTime } from '../../../lib/format.js';

/** The plaintext token, this once: the server keeps only its hash. */
export function MintedTokenPanel({ token, rotatedFrom, onTest, onDone, testing }: { token: MintedToken; rotatedFrom?: { expiresAt: string | null }; onTest: () => void; onDone: () => void; testing: boolean }) {
  return (
    <SecretOnce
      label="New token"
      title={`Token “${token.name}” ${rotatedFrom ? 'rotated' : 'created'}.`}
      value={token.token}
      testId="minted-token"
      onDone={onDone}
      actions={
        <Button variant="primary" onClick={onTest} loading={testing}>
          Test SCIM with this token
        </Button>
      }
    >
      Only a hash is stored: if you lose it, mint a new one. {token.expiresAt ? `It expires ${formatDateTime(token.expiresAt)}.` : 'It does not expire.'}
      {rotatedFrom ? ` The old token keeps working until ${formatDateTime(rotatedFrom.expiresAt)}: paste the new one into the IdP before then.` : ''}
    </SecretOnce>
  );
}

import type { ReactNode } from 'react';
import { Button } from './button.js';
import { CopyButton } from './copy-button.js';

/**
 * A secret the server shows this once (a SCIM token, a webhook signing secret): it keeps only a
 * hash or an encrypted copy, so the page that received it is the only place it ever appears.
 */
export function SecretOnce({
  title,
  value,
  label,
  testId,
  children,
  actions,
  onDone,
}: {
  title: ReactNode;
  value: string;
  label: string;
  testId?: string;
  children?: ReactNode;
  actions?: ReactNode;
  /** "I have copied it": the page forgets the secret. */
  onDone: () => void;
}) {
  return (
    <div className="secret" role="region" aria-label={label}>
      <strong>
        {title} Copy it now — you will not see this again.
      </strong>
      <code data-testid={testId}>{value}</code>
      {children ? <div className="small">{children}</div> : null}
      <div className="row">
        <CopyButton text={value} label={`Copy ${label.toLowerCase().replace(/^new /, '')}`} size="md" />
        {actions}
        <Button variant="ghost" onClick={onDone}>
          I have copied it
        </Button>
      </div>
    </div>
  );
}

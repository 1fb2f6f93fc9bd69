import type { Provenance } from '../lib/api-types.js';
import { Badge } from './badge.js';

/** Why an action is off for a SCIM-managed row (architecture.md: the IdP owns those rows). */
export function managedReason(p: Provenance): string | undefined {
  if (!p.managedByScim) return undefined;
  return `Managed by ${p.connection?.name ?? 'an identity provider'} through SCIM — change this in your IdP`;
}

/** "SCIM · Okta" for a managed row, "Local" otherwise. */
export function SourceBadge({ item }: { item: Provenance }) {
  if (!item.managedByScim) return <Badge>Local</Badge>;
  return (
    <Badge tone="scim" title={managedReason(item)}>
      SCIM · {item.connection?.name ?? 'unknown connection'}
    </Badge>
  );
}

/** The callout above a managed row's disabled actions. */
export function ManagedNotice({ item }: { item: Provenance }) {
  const reason = managedReason(item);
  if (!reason) return null;
  return (
    <p className="notice notice-scim" id="managed-reason" role="note">
      <span aria-hidden="true" className="notice-icon">
        <svg width="14" height="14" viewBox="0 0 16 16" fill="currentColor">
          <path d="M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5v-5A1.5 1.5 0 0 1 3.5 7H4Zm2 0h4V5a2 2 0 1 0-4 0v2Z" />
        </svg>
      </span>{' '}
      {reason}
    </p>
  );
}

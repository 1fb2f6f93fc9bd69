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
      <span aria-hidden="true" className="notice-icon">🔒</span> {reason}
    </p>
  );
}

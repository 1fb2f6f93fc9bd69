import type { ReactNode } from 'react';
import { matchPath } from '../lib/router.js';
import { AuditPage } from '../features/audit/components/audit-page.js';
import { ConnectionPage } from '../features/connections/components/connection-page.js';
import { ProvisioningPage } from '../features/connections/components/provisioning-page.js';
import { GroupPage } from '../features/groups/components/group-page.js';
import { GroupsPage } from '../features/groups/components/groups-page.js';
import { UserPage } from '../features/users/components/user-page.js';
import { UsersPage } from '../features/users/components/users-page.js';
import { WebhookPage } from '../features/webhooks/components/webhook-page.js';
import { WebhooksPage } from '../features/webhooks/components/webhooks-page.js';
import { paths } from './paths.js';

/** The signed-in routes: features are composed here and nowhere else. */
export interface ConsoleRoute {
  pattern: string;
  title: string;
  render: (params: Record<string, string>) => ReactNode;
}

export const ROUTES: ConsoleRoute[] = [
  { pattern: paths.scim, title: 'SCIM Provisioning', render: () => <ProvisioningPage /> },
  { pattern: paths.connection, title: 'SCIM connection', render: (p) => <ConnectionPage id={p.id!} /> },
  { pattern: paths.users, title: 'Users', render: () => <UsersPage /> },
  { pattern: paths.user, title: 'User', render: (p) => <UserPage id={p.id!} /> },
  { pattern: paths.groups, title: 'Groups', render: () => <GroupsPage /> },
  { pattern: paths.group, title: 'Group', render: (p) => <GroupPage id={p.id!} /> },
  { pattern: paths.audit, title: 'Audit log', render: () => <AuditPage /> },
  { pattern: paths.webhooks, title: 'System Webhooks', render: () => <WebhooksPage /> },
  { pattern: paths.webhook, title: 'Webhook subscription', render: (p) => <WebhookPage id={p.id!} /> },
];

export function resolveRoute(pathname: string): { route: ConsoleRoute; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, pathname);
    if (params) return { route, params };
  }
  return null;
}

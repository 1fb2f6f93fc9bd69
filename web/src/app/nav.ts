import { paths } from './paths.js';

/** The sidebar, as data: a page is one entry here plus its route in routes.tsx. */
export interface NavSection {
  title: string;
  items: { label: string; to: string }[];
}

export const NAV: NavSection[] = [
  { title: 'Authentication', items: [{ label: 'SCIM Provisioning', to: paths.scim }] },
  { title: 'Directory', items: [{ label: 'Users', to: paths.users }, { label: 'Groups', to: paths.groups }] },
  { title: 'Security', items: [{ label: 'Audit log', to: paths.audit }] },
  { title: 'Tools & Integrations', items: [{ label: 'System Webhooks', to: paths.webhooks }] },
];

/** The nav entry a path belongs to (`/users/8f…` → Users). */
export function isActive(to: string, pathname: string): boolean {
  return pathname === to || pathname.startsWith(`${to}/`);
}

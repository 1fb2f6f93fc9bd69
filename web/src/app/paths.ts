/**
 * The console's routes. The build writes these patterns to dist/console-routes.json, from which
 * the server (services/scim/src/plugins/web.ts) decides which paths get index.html: a route
 * added here is deep-linkable without touching the server.
 */
export const paths = {
  home: '/',
  signIn: '/sign-in',
  scim: '/scim',
  connection: '/scim/:id',
  users: '/users',
  user: '/users/:id',
  groups: '/groups',
  group: '/groups/:id',
  audit: '/audit',
  webhooks: '/webhooks',
  webhook: '/webhooks/:id',
} as const;

export type RoutePattern = (typeof paths)[keyof typeof paths];

export const CONSOLE_PATHS: string[] = Object.values(paths);

/** `/users/:id` + `{ id }` → `/users/8f…`; params are URL-encoded. */
export function pathTo(pattern: string, params: Record<string, string> = {}): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`missing route parameter ${name} for ${pattern}`);
    return encodeURIComponent(v);
  });
}

/** A route with a query: `hrefTo(paths.audit, {}, { connectionId })` → `/audit?connectionId=…` (empty values left out). */
export function hrefTo(pattern: string, params: Record<string, string> = {}, query: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1]));
  const qs = q.toString();
  return qs ? `${pathTo(pattern, params)}?${qs}` : pathTo(pattern, params);
}

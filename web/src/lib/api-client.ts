/**
 * The one API client: same-origin fetches to /api/admin with the session cookie, JSON in and
 * out, errors as ApiError (the API's `{ statusCode, code, message }`). The admin API refuses
 * cross-site writes: a state-changing request carries the browser's Origin and, when it has a
 * body, `content-type: application/json` — so a POST that takes no input still sends `{}`.
 */
export const API_BASE = '/api/admin';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type SignedOutReason = 'session_expired' | 'unauthenticated';
let onSignedOut: (reason: SignedOutReason) => void = () => {};

/** Called when the API says the session is gone (app/app.tsx sends the admin to sign in). */
export function setSignedOutHandler(handler: (reason: SignedOutReason) => void): void {
  onSignedOut = handler;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function toQueryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export async function apiRequest<T>(method: Method, path: string, opts: { query?: Query; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin', mode: 'same-origin' };
  if (method === 'POST' || method === 'PATCH') {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(opts.body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}${toQueryString(opts.query)}`, init);
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached. Check the connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
  if (!res.ok) {
    const code = typeof data?.code === 'string' ? data.code : 'http_error';
    const message = typeof data?.message === 'string' ? data.message : `The server answered HTTP ${res.status}.`;
    // A wrong password on sign-in is also a 401, with its own code: only these two mean "signed out".
    if (res.status === 401 && (code === 'session_expired' || code === 'unauthenticated')) onSignedOut(code);
    throw new ApiError(res.status, code, message);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => apiRequest<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, { body }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>('PATCH', path, { body }),
  delete: <T = void>(path: string) => apiRequest<T>('DELETE', path),
};

/** Path segment, encoded (ids come from URLs the admin can edit). */
export function seg(value: string): string {
  return encodeURIComponent(value);
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

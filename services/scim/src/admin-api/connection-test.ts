import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sql } from 'kysely';
import { request } from 'undici';
import { flushRequestStats } from '../scim/http/request-stats.js';
import { getConnection } from '../tokens/connection-store.js';
import { authenticateToken } from '../tokens/token-store.js';
import { adminErrors } from './errors.js';
import { Activity, TestResult, responses } from './schemas.js';

/**
 * "Test SCIM": checks, from the server, what the IdP will hit, each step green or red with the
 * reason. The admin pastes the token (only its hash is stored); it is used for these requests
 * and dropped, never logged or stored.
 */
export type StepStatus = 'pass' | 'fail' | 'skip';
export interface Step {
  id: 'reachable' | 'discovery' | 'token' | 'probe' | 'rate_limit';
  status: StepStatus;
  detail: string;
  [k: string]: unknown;
}

const TIMEOUT_MS = 3_000;
const USER_AGENT = 'scim-connection-test/1';
const SPC_URN = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';

interface Fetched {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** Over the network to PUBLIC_BASE_URL (TLS verified), or in-process when that is unreachable. */
async function fetchScim(app: FastifyInstance, viaNetwork: boolean, path: string, token: string): Promise<Fetched> {
  const headers = { authorization: `Bearer ${token}`, accept: 'application/scim+json', 'user-agent': USER_AGENT };
  if (viaNetwork) {
    const res = await request(`${app.deps.config.publicBaseUrl}${path}`, { headers, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, body: parseJson(text) };
  }
  const res = await app.inject({ method: 'GET', url: path, headers });
  return { status: res.statusCode, headers: res.headers as Fetched['headers'], body: parseJson(res.body) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function header(h: Fetched['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

function errorDetail(f: Fetched): string {
  const detail = (f.body as { detail?: unknown } | undefined)?.detail;
  return `HTTP ${f.status}${typeof detail === 'string' ? `: ${detail}` : ''}`;
}

function reason(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  return [e.code ?? e.cause?.code, e.cause?.message ?? e.message].filter(Boolean).join(' ');
}

async function checkReachable(app: FastifyInstance): Promise<Step> {
  const url = `${app.deps.config.publicBaseUrl}/healthz`;
  try {
    const res = await request(url, { headers: { 'user-agent': USER_AGENT }, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS, signal: AbortSignal.timeout(TIMEOUT_MS) });
    await res.body.dump();
    return res.statusCode === 200
      ? { id: 'reachable', status: 'pass', detail: `${url} answered 200`, url }
      : { id: 'reachable', status: 'fail', detail: `${url} answered HTTP ${res.statusCode}: is PUBLIC_BASE_URL pointing at this service?`, url };
  } catch (err) {
    return { id: 'reachable', status: 'fail', detail: `${url} is not reachable from the server (${reason(err)}): check PUBLIC_BASE_URL, DNS, TLS and the proxy`, url };
  }
}

async function checkToken(app: FastifyInstance, connectionId: string, token: string): Promise<Step> {
  const result = await authenticateToken(app.deps.pool, token.trim());
  if (typeof result === 'string') {
    const why = { malformed: 'is not a token issued by this service', unknown: 'is not known (never issued, or mistyped)', revoked: 'has been revoked', expired: 'has expired' }[result];
    return { id: 'token', status: 'fail', detail: `the token ${why}` };
  }
  if (result.connectionId !== connectionId) {
    return { id: 'token', status: 'fail', detail: `the token is valid but belongs to connection "${result.connectionName}", not this one` };
  }
  const t = await app.deps.db.selectFrom('scim_tokens').select(['name', 'prefix', 'expires_at']).where('id', '=', result.tokenId).executeTakeFirstOrThrow();
  return {
    id: 'token',
    status: 'pass',
    detail: `token "${t.name}" (${t.prefix}…) authenticates for this connection${t.expires_at ? `, expires ${t.expires_at.toISOString()}` : ', no expiry'}`,
    tokenId: result.tokenId,
    expiresAt: t.expires_at?.toISOString() ?? null,
  };
}

function checkRateLimit(app: FastifyInstance, probe: Fetched | undefined, connLimit: number | null): Step {
  const effective = connLimit ?? app.deps.config.SCIM_RATE_LIMIT_PER_SECOND;
  if (app.deps.config.SCIM_RATE_LIMIT_PER_SECOND === 0 || effective === 0) {
    return { id: 'rate_limit', status: 'pass', detail: 'rate limiting is off for this connection', limit: null, remaining: null };
  }
  if (!probe) return { id: 'rate_limit', status: 'skip', detail: 'no SCIM request got through to read the limit from' };
  const limit = Number(header(probe.headers, 'ratelimit-limit'));
  const remaining = Number(header(probe.headers, 'ratelimit-remaining'));
  const reset = header(probe.headers, 'ratelimit-reset');
  if (probe.status === 429) return { id: 'rate_limit', status: 'fail', detail: `the token is being rate limited now (retry after ${header(probe.headers, 'retry-after')} s)`, limit, remaining: 0 };
  if (!Number.isFinite(limit) || !Number.isFinite(remaining)) return { id: 'rate_limit', status: 'skip', detail: 'no RateLimit headers in the response' };
  const headroom = remaining / limit;
  return {
    id: 'rate_limit',
    status: headroom >= 0.1 ? 'pass' : 'fail',
    detail: `${remaining} of ${limit} requests left in the current window (resets in ${reset} s; ${effective} req/s sustained)`,
    limit,
    remaining,
  };
}

/** Last real activity of the connection, from scim_request_stats and the tokens' last use. */
export async function connectionActivity(app: FastifyInstance, connectionId: string) {
  await flushRequestStats(app);
  const { db } = app.deps;
  const hourly = await db
    .selectFrom('scim_request_stats')
    .select(['hour', sql<number>`requests::int`.as('requests'), sql<number>`errors::int`.as('errors')])
    .where('connection_id', '=', connectionId)
    .where('hour', '>', sql<Date>`now() - interval '24 hours'`)
    .orderBy('hour')
    .execute();
  const lastRequest = await db
    .selectFrom('scim_request_stats')
    .select(['last_request_at', 'last_user_agent'])
    .where('connection_id', '=', connectionId)
    .orderBy('last_request_at', (ob) => ob.desc().nullsLast())
    .limit(1)
    .executeTakeFirst();
  const lastError = await db
    .selectFrom('scim_request_stats')
    .select(['last_error_at', 'last_error_status', 'last_error_detail'])
    .where('connection_id', '=', connectionId)
    .where('last_error_at', 'is not', null)
    .orderBy('last_error_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const byStatus = await db
    .selectFrom('scim_request_status_counts')
    .select(['status', sql<number>`sum(requests)::int`.as('requests')])
    .where('connection_id', '=', connectionId)
    .where('hour', '>', sql<Date>`now() - interval '24 hours'`)
    .groupBy('status')
    .orderBy('status')
    .execute();
  return {
    lastRequestAt: lastRequest?.last_request_at?.toISOString() ?? null,
    lastUserAgent: lastRequest?.last_user_agent ?? null,
    requestsLast24h: hourly.reduce((n, h) => n + h.requests, 0),
    errorsLast24h: hourly.reduce((n, h) => n + h.errors, 0),
    hourly: hourly.map((h) => ({ hour: h.hour.toISOString(), requests: h.requests, errors: h.errors })),
    lastError: lastError ? { at: lastError.last_error_at!.toISOString(), status: lastError.last_error_status, detail: lastError.last_error_detail } : null,
    byStatus,
  };
}

const TestBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 512 }) }, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.String() });

export const connectionTestRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['connections'];
  app.post('/connections/:id/test', { schema: { tags, params: IdParams, body: TestBody, response: responses({ 200: TestResult }) } }, async (req) => {
    const conn = await getConnection(app.deps.db, req.params.id);
    if (!conn) throw adminErrors.notFound(`connection ${req.params.id}`);
    const token = req.body.token.trim();
    // Read before the checks below, so "last activity" is the IdP's, not this test's own.
    const activity = await connectionActivity(app, conn.id);
    const steps: Step[] = [];

    const reachable = await checkReachable(app);
    steps.push(reachable);
    const viaNetwork = reachable.status === 'pass';
    const via = viaNetwork ? '' : ' (checked in-process: the public URL is unreachable)';

    try {
      const spc = await fetchScim(app, viaNetwork, '/scim/v2/ServiceProviderConfig', token);
      const schemas = (spc.body as { schemas?: unknown } | undefined)?.schemas;
      steps.push(
        spc.status === 200 && Array.isArray(schemas) && schemas.includes(SPC_URN)
          ? { id: 'discovery', status: 'pass', detail: `GET /scim/v2/ServiceProviderConfig answered 200${via}` }
          : { id: 'discovery', status: 'fail', detail: `GET /scim/v2/ServiceProviderConfig answered ${errorDetail(spc)}${via}` },
      );
    } catch (err) {
      steps.push({ id: 'discovery', status: 'fail', detail: `GET /scim/v2/ServiceProviderConfig failed: ${reason(err)}` });
    }

    const tokenStep = await checkToken(app, conn.id, token);
    steps.push(tokenStep);

    // The IdP's first call for a new user (Okta, Entra): a lookup that must be an empty 200 list.
    let probe: Fetched | undefined;
    if (tokenStep.status === 'pass') {
      const path = `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${randomUUID()}"`)}`;
      try {
        probe = await fetchScim(app, viaNetwork, path, token);
        const body = probe.body as { totalResults?: unknown; Resources?: unknown[] } | undefined;
        const empty = probe.status === 200 && body?.totalResults === 0 && (body.Resources === undefined || body.Resources.length === 0);
        steps.push(
          empty
            ? { id: 'probe', status: 'pass', detail: `GET /scim/v2/Users?filter=userName eq "<random>" answered an empty 200 list${via}` }
            : { id: 'probe', status: 'fail', detail: `the IdP's lookup of an unknown userName answered ${probe.status === 200 ? `totalResults ${String(body?.totalResults)}` : errorDetail(probe)}; it must be an empty 200 list (RFC 7644 §3.4.2)${via}` },
        );
      } catch (err) {
        steps.push({ id: 'probe', status: 'fail', detail: `the user lookup failed: ${reason(err)}` });
      }
    } else {
      steps.push({ id: 'probe', status: 'skip', detail: 'skipped: the token does not authenticate for this connection' });
    }
    steps.push(checkRateLimit(app, probe, conn.rateLimitPerSecond));

    return {
      connection: { id: conn.id, name: conn.name, kind: conn.kind },
      scimBaseUrl: `${app.deps.config.publicBaseUrl}/scim/v2`,
      ok: steps.every((s) => s.status !== 'fail'),
      steps,
      activity,
    };
  });

  app.get('/connections/:id/activity', { schema: { tags, params: IdParams, response: responses({ 200: Activity }) } }, async (req) => {
    const conn = await getConnection(app.deps.db, req.params.id);
    if (!conn) throw adminErrors.notFound(`connection ${req.params.id}`);
    return connectionActivity(app, conn.id);
  });
};

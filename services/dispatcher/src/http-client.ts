import net from 'node:net';
import { Agent, buildConnector, request } from 'undici';
import { UnsafeUrlError, blockedRange, guardedLookup, type GuardOptions } from './ssrf-guard.js';

export interface HttpOptions extends GuardOptions {
  connectTimeoutMs: number;
  /** The whole request: connect, send, headers and the (capped) body read. */
  timeoutMs: number;
  /** Response bytes kept for the attempt log; the rest is not read. */
  maxResponseBytes?: number;
}

export interface HttpResult {
  statusCode?: number;
  retryAfter?: string;
  /** The first `maxResponseBytes` of the response body (utf-8, lossy). */
  body?: string;
  durationMs: number;
  /** Set when there is no HTTP status: timeout, refused, unsafe address, TLS… */
  error?: string;
  errorKind?: 'timeout' | 'unsafe' | 'network';
}

/**
 * One undici Agent for all webhook traffic. Its connector checks IP literals itself and hands
 * `net`/`tls` a lookup that refuses internal addresses (ssrf-guard.ts), so every new socket is
 * checked against the address it really connects to. Redirects are never followed (undici's
 * `request` does not without the redirect interceptor): a 3xx is a failed attempt, as Standard
 * Webhooks asks.
 */
export function createWebhookAgent(opts: HttpOptions): Agent {
  const base = buildConnector({ timeout: opts.connectTimeoutMs, lookup: guardedLookup(opts) } as buildConnector.BuildOptions);
  const connect: buildConnector.connector = (options, callback) => {
    const host = options.hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(host) && !opts.allowPrivateNetworks) {
      const range = blockedRange(host);
      if (range) return callback(new UnsafeUrlError(`${host} is a ${range} address; webhook targets must be public addresses`), null);
    }
    base(options, callback);
  };
  return new Agent({ connect, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });
}

function describe(err: unknown): { error: string; errorKind: HttpResult['errorKind'] } {
  let e = err as Error & { code?: string; cause?: unknown };
  if (e instanceof UnsafeUrlError || e.cause instanceof UnsafeUrlError) {
    return { error: (e instanceof UnsafeUrlError ? e : (e.cause as Error)).message, errorKind: 'unsafe' };
  }
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || e.code === 'UND_ERR_CONNECT_TIMEOUT' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') {
    return { error: `timeout (${e.code ?? e.name})`, errorKind: 'timeout' };
  }
  while (e.cause instanceof Error && !e.code) e = e.cause as typeof e;
  return { error: `${e.code ? `${e.code}: ` : ''}${e.message}`.slice(0, 500), errorKind: 'network' };
}

/** POSTs `body`; never throws. */
export async function postWebhook(agent: Agent, url: string, body: string, headers: Record<string, string>, opts: HttpOptions): Promise<HttpResult> {
  const started = performance.now();
  const cap = opts.maxResponseBytes ?? 4096;
  const signal = AbortSignal.timeout(opts.timeoutMs);
  try {
    const res = await request(url, {
      method: 'POST',
      body,
      headers,
      dispatcher: agent,
      signal,
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
    const chunks: Buffer[] = [];
    let kept = 0;
    for await (const chunk of res.body) {
      const c = chunk as Buffer;
      if (kept < cap) chunks.push(c.subarray(0, cap - kept));
      kept += c.length;
      if (kept >= cap) break; // the rest is not read: a huge body cannot hold the worker
    }
    if (kept >= cap) res.body.destroy();
    const retryAfter = res.headers['retry-after'];
    return {
      statusCode: res.statusCode,
      retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
      body: Buffer.concat(chunks).toString('utf8'),
      durationMs: Math.round(performance.now() - started),
    };
  } catch (err) {
    return { durationMs: Math.round(performance.now() - started), ...describe(signal.aborted ? Object.assign(new Error('aborted'), { name: 'TimeoutError' }) : err) };
  }
}

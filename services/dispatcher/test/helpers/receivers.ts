import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * Local HTTP receivers for the webhook tests (the only fakes: third parties). The signed one
 * verifies every request with the `standardwebhooks` package against each secret it is given
 * and records which ones verify; the Slack-like one answers as Slack's incoming webhooks do.
 */
export interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface Received {
  at: number;
  headers: http.IncomingHttpHeaders;
  raw: string;
  json: any;
  /** Signed receiver: the secrets (by index) whose signature verified. */
  verifiedBy: number[];
  status: number;
}

export type Reply = { status: number; body?: string; headers?: Record<string, string> } | 'hang';
export type Responder = (req: { raw: string; headers: http.IncomingHttpHeaders; n: number }) => Reply;

export interface Receiver {
  url: string;
  received: Received[];
  /** Requests that arrived and are being held open (`'hang'`). */
  hanging: number;
  respond(fn: Responder): void;
  /** Drops the held (hanging) requests: their senders see a reset connection. */
  release(): void;
  /** Secrets the signed receiver verifies with (it records which verify). */
  secrets: string[];
  waitFor(predicate: (r: Received[]) => boolean, timeoutMs?: number): Promise<void>;
}

export async function startReceiver(t: Teardown, opts: { secrets?: string[]; responder?: Responder } = {}): Promise<Receiver> {
  let responder: Responder = opts.responder ?? (() => ({ status: 200, body: 'ok' }));
  const held = new Set<http.ServerResponse>();
  const r: Receiver = {
    url: '',
    received: [],
    hanging: 0,
    secrets: opts.secrets ?? [],
    respond(fn) {
      responder = fn;
    },
    release() {
      for (const res of held) res.destroy();
      held.clear();
    },
    async waitFor(predicate, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (!predicate(r.received)) {
        if (Date.now() > until) throw new Error(`receiver: condition not met in ${timeoutMs} ms (${r.received.length} requests so far)`);
        await new Promise((res) => setTimeout(res, 20));
      }
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const reply = responder({ raw, headers: req.headers, n: r.received.length });
      const verifiedBy: number[] = [];
      r.secrets.forEach((secret, i) => {
        try {
          new Webhook(secret).verify(raw, req.headers as Record<string, string>);
          verifiedBy.push(i);
        } catch {
          // not signed with this one
        }
      });
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        json = undefined;
      }
      r.received.push({ at: Date.now(), headers: req.headers, raw, json, verifiedBy, status: reply === 'hang' ? 0 : reply.status });
      if (reply === 'hang') {
        r.hanging++;
        held.add(res);
        return;
      }
      res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers }).end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return r;
}

/** Slack's answers (Slack changelog 2016-05-17 and its incoming-webhook error table). */
export const slack = {
  ok: (): Reply => ({ status: 200, body: 'ok' }),
  rateLimited: (retryAfterSeconds: number): Reply => ({ status: 429, body: 'rate_limited', headers: { 'retry-after': String(retryAfterSeconds) } }),
  noService: (): Reply => ({ status: 404, body: 'no_service' }),
  archived: (): Reply => ({ status: 410, body: 'channel_is_archived' }),
  invalidPayload: (): Reply => ({ status: 400, body: 'invalid_payload' }),
};

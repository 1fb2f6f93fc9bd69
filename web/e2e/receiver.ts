// A webhook receiver for the browser test: a plain HTTP server on 127.0.0.1 that verifies each
// request's Standard Webhooks v1 signature (docs/webhooks.md "What a receiver gets") against the
// secret the console showed, and keeps what it got.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  id: string;
  type: string;
  data: Record<string, unknown>;
  /** v1 signatures on the request, checked later against a secret (the test learns it in the browser). */
  verify(secret: string): boolean;
}

function signatureOf(secret: string, id: string, timestamp: string, body: string): Buffer {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
}

export interface Receiver {
  url: string;
  received: Received[];
  /**
   * The first request, already received or still to come, that `pred` accepts; `index` is its
   * position in `received`, so "one that came after the click" is `index >= mark` with the mark
   * taken before the click (the request may well arrive before this is called).
   */
  waitFor(pred: (r: Received, index: number) => boolean): Promise<Received>;
  /** Answer every request with this status (and a short error body) until set back to null. */
  failWith(status: number | null): void;
}

export async function startReceiver(t: { teardown(fn: () => unknown): void }): Promise<Receiver> {
  const received: Received[] = [];
  let failing: number | null = null;
  const waiters: { pred: (r: Received, index: number) => boolean; resolve: (r: Received) => void }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['webhook-id'] ?? '');
      const timestamp = String(req.headers['webhook-timestamp'] ?? '');
      const sigs = String(req.headers['webhook-signature'] ?? '')
        .split(' ')
        .filter((s) => s.startsWith('v1,'))
        .map((s) => Buffer.from(s.slice(3), 'base64'));
      const msg = JSON.parse(body) as { type: string; data: Record<string, unknown> };
      const r: Received = {
        id,
        type: msg.type,
        data: msg.data,
        verify: (secret) => sigs.some((s) => s.length === 32 && timingSafeEqual(s, signatureOf(secret, id, timestamp, body))),
      };
      const index = received.push(r) - 1;
      for (const w of waiters.filter((w) => w.pred(r, index))) w.resolve(r);
      // A short body, so the delivery log has an answer to show.
      if (failing) res.writeHead(failing, { 'content-type': 'text/plain' }).end('database is down, try later');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received: r.type }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim-events`,
    received,
    failWith: (status) => {
      failing = status;
    },
    waitFor: (pred) => {
      const hit = received.find(pred);
      return hit ? Promise.resolve(hit) : new Promise((resolve) => waiters.push({ pred, resolve }));
    },
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Browser security headers on every response (issue 14 finding 6), as helmet computes them.
 *
 * The Content-Security-Policy fits the built admin console: Vite's build emits one external
 * module script and external stylesheets under /assets (no inline script; the modulepreload
 * polyfill is inside the entry chunk), React sets `style` props through the CSSOM, which CSP
 * does not govern, and the console only fetches its own origin. Nothing may frame the console
 * (clickjacking), and no URL leaves in a Referer.
 *
 * The headers depend on the configuration alone (no nonce, no directive computed per
 * request), so helmet runs once, at start, and every response gets the list it produced.
 * @fastify/helmet ran helmet's whole setup again on every request — parsing the directives,
 * building its middleware — about 4 % of the service's CPU on an IdP lookup (issue 17).
 */
export async function registerSecurityHeaders(app: FastifyInstance, publicBaseUrl: string): Promise<void> {
  const https = publicBaseUrl.startsWith('https:');
  const headers = helmetHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Over plain http (a local trial) an upgrade would send the console's /assets to https.
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    // Pinning HTTPS for a plain-http host would lock browsers out of it; subdomains are not ours.
    strictTransportSecurity: https ? { maxAge: 365 * 24 * 3600, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
  app.addHook('onRequest', (_req, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}

/** The headers helmet's middleware sets for these options (it only calls setHeader/removeHeader). */
function helmetHeaders(options: Parameters<typeof helmet>[0]): [string, string][] {
  const headers: [string, string][] = [];
  const res = { setHeader: (name: string, value: string) => headers.push([name, value]), removeHeader: () => {} };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

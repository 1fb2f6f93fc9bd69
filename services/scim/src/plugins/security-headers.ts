import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Browser security headers on every response (issue 14 finding 6), through @fastify/helmet.
 *
 * The Content-Security-Policy fits the built admin console: Vite's build emits one external
 * module script and external stylesheets under /assets (no inline script; the modulepreload
 * polyfill is inside the entry chunk), React sets `style` props through the CSSOM, which CSP
 * does not govern, and the console only fetches its own origin. Nothing may frame the console
 * (clickjacking), and no URL leaves in a Referer.
 */
export async function registerSecurityHeaders(app: FastifyInstance, publicBaseUrl: string): Promise<void> {
  const https = publicBaseUrl.startsWith('https:');
  await app.register(helmet, {
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
}

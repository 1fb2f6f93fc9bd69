import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Webhook URLs are typed by admins, but the requests leave from inside our network: a URL whose
 * host is (or resolves to) a private, loopback, link-local (cloud metadata at 169.254.169.254),
 * CGNAT (Alibaba's metadata at 100.100.100.200), unique-local (AWS's fd00:ec2::254), multicast
 * or reserved address would let an admin session probe internal services. Only addresses
 * ipaddr.js classifies as plain `unicast` pass, after IPv4-mapped IPv6 is unwrapped
 * (`::ffff:127.0.0.1` is loopback). Checked when a URL is saved and again inside the connection
 * (the DNS answer the socket actually uses), so a name that re-resolves to an internal address
 * after the check (DNS rebinding) is refused too. WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true lifts
 * both checks, and the https-only rule, for local receivers and tests.
 */
export class UnsafeUrlError extends Error {
  readonly code = 'unsafe_url';
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeUrlError';
  }
}

export type LookupAll = (hostname: string) => Promise<LookupAddress[]>;

export const systemLookup: LookupAll = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

export interface GuardOptions {
  allowPrivateNetworks: boolean;
  /** Injectable for tests (a resolver that answers differently the second time). */
  lookup?: LookupAll;
}

/** Why an address is refused, or undefined when it is public unicast. */
export function blockedRange(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return 'not an IP address';
  const range = ipaddr.process(bare).range();
  return range === 'unicast' ? undefined : range;
}

function refuse(host: string, address: string, range: string): never {
  throw new UnsafeUrlError(`${host} resolves to ${address} (${range}); webhook targets must be public addresses (WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true allows private ones)`);
}

/** Every address `hostname` resolves to must be public (one private answer refuses the name). */
export async function checkHost(hostname: string, opts: GuardOptions): Promise<LookupAddress[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(bare)) {
    const range = opts.allowPrivateNetworks ? undefined : blockedRange(bare);
    if (range) refuse(hostname, bare, range);
    return [{ address: bare, family: net.isIP(bare) }];
  }
  let addresses: LookupAddress[];
  try {
    addresses = await (opts.lookup ?? systemLookup)(bare);
  } catch (err) {
    throw new UnsafeUrlError(`${hostname} does not resolve (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (addresses.length === 0) throw new UnsafeUrlError(`${hostname} does not resolve`);
  if (!opts.allowPrivateNetworks) {
    for (const a of addresses) {
      const range = blockedRange(a.address);
      if (range) refuse(hostname, a.address, range);
    }
  }
  return addresses;
}

/** The subscribe-time check: scheme, no credentials in the URL, a public destination. */
export async function checkWebhookUrl(raw: string, opts: GuardOptions): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError('not a valid URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && opts.allowPrivateNetworks)) {
    throw new UnsafeUrlError(`${url.protocol.replace(':', '')} URLs are refused: use https (plain http only with WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true)`);
  }
  if (url.username || url.password) throw new UnsafeUrlError('credentials in the URL are refused; put a token in the path or query instead');
  if (url.hash) throw new UnsafeUrlError('a fragment (#…) is never sent; remove it');
  await checkHost(url.hostname, opts);
  return url;
}

/**
 * The connect-time half, for undici's connector: `net.connect`/`tls.connect` call this lookup
 * for the socket they are about to open, so the addresses checked are the addresses used.
 * IP literals never reach a lookup; the connector checks them before connecting.
 */
export function guardedLookup(opts: GuardOptions): net.LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    checkHost(hostname, opts).then(
      (addresses) => (options?.all ? callback(null, addresses) : callback(null, addresses[0]!.address, addresses[0]!.family)),
      (err: Error) => callback(err),
    );
  }) as unknown as net.LookupFunction;
}

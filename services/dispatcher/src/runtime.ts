import type { Registry } from 'prom-client';
import { createKeyRing, parseKeyList, type KeyRing } from '@scim/db';
import type { WebhookClientConfig, WebhookDispatchConfig } from './config.js';
import type { WebhookOptions } from './dispatcher.js';
import type { HttpOptions } from './http-client.js';

/** ENCRYPTION_KEY (given or generated in DATA_DIR) plus ENCRYPTION_KEY_PREVIOUS. */
export function keyRingFrom(encryptionKey: string, config: Pick<WebhookClientConfig, 'ENCRYPTION_KEY_PREVIOUS'>): KeyRing {
  return createKeyRing(encryptionKey, parseKeyList(config.ENCRYPTION_KEY_PREVIOUS));
}

export function httpOptionsFrom(config: WebhookClientConfig): HttpOptions {
  return { allowPrivateNetworks: config.WEBHOOKS_ALLOW_PRIVATE_NETWORKS, connectTimeoutMs: config.WEBHOOK_CONNECT_TIMEOUT_MS, timeoutMs: config.WEBHOOK_TIMEOUT_MS };
}

/** The dispatcher's webhook options from its config (main.ts, and `pnpm start`). */
export function webhookOptionsFrom(config: WebhookDispatchConfig, o: { encryptionKey: string; consoleBase?: string; registry?: Registry }): WebhookOptions {
  return {
    ...httpOptionsFrom(config),
    keyRing: keyRingFrom(o.encryptionKey, config),
    consoleBase: o.consoleBase,
    registry: o.registry,
    concurrency: config.DISPATCHER_CONCURRENCY,
    autoDisableHours: config.WEBHOOK_AUTO_DISABLE_HOURS,
  };
}

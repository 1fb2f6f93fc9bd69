// `pnpm start`: everything in one process on one command — embedded PostgreSQL unless
// DATABASE_URL is set, migrations, the SCIM service with the built SPA, and the dispatcher.
import pino from 'pino';
import { createDispatcher, defaultMetricsRegistry, loadRetentionConfig, loadWebhookDispatchConfig, webhookOptionsFrom } from '@scim/dispatcher';
import { ConfigError } from '@scim/db';
import { loadScimConfig } from '../config.js';
import { loggerOptions } from '../logger.js';
import { onShutdownSignal, secretsFor, startScim } from '../runtime.js';

async function main() {
  let config;
  try {
    config = loadScimConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  }
  const log = pino(loggerOptions(config.LOG_LEVEL) as object);
  const running = await startScim(config, log);
  const dispatcher = config.RUN_DISPATCHER
    ? createDispatcher({
        pool: running.handle.pool,
        db: running.handle.db,
        log: log.child({ name: 'dispatcher' }),
        pollIntervalMs: 1000,
        retention: loadRetentionConfig(),
        // Its metrics go to prom-client's default registry: the scim service's /metrics.
        webhooks: webhookOptionsFrom(loadWebhookDispatchConfig(), {
          encryptionKey: (await secretsFor(config)).encryptionKey,
          consoleBase: config.publicBaseUrl,
          registry: defaultMetricsRegistry,
        }),
      })
    : undefined;
  await dispatcher?.start();
  const base = config.publicBaseUrl;
  process.stdout.write(
    [
      '',
      `  SCIM provisioning service is up.`,
      `    Admin console   ${base}/`,
      `    SCIM base URL   ${base}/scim/v2`,
      `    Health          ${base}/healthz  ·  ${base}/readyz`,
      `    Database        ${config.DATABASE_URL ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.DATA_DIR}`}`,
      '',
      '  Next: mint a token for your identity provider (printed once) and test it:',
      '    pnpm scim tokens create --name okta --connection okta',
      `    curl -H "Authorization: Bearer <token>" ${base}/scim/v2/ServiceProviderConfig`,
      '  Then point the IdP at the SCIM base URL above with that token (README: "Connect an IdP").',
      '',
    ].join('\n') + '\n',
  );
  onShutdownSignal(log, async () => {
    await dispatcher?.stop();
    await running.close();
  });
}

main().catch((err) => {
  process.stderr.write(`start failed: ${(err as Error).message}\n`);
  process.exit(1);
});

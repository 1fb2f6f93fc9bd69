// Production entry of the scim process (Dockerfile: node services/scim/dist/server.js).
// Migrations run at start under an advisory lock, so N replicas can start together.
import pino from 'pino';
import { ConfigError } from '@scim/db';
import { loadScimConfig } from './config.js';
import { loggerOptions } from './logger.js';
import { onShutdownSignal, startScim } from './runtime.js';

async function main() {
  let config;
  try {
    config = loadScimConfig();
  } catch (err) {
    process.stderr.write(`scim: ${(err as Error).message}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  }
  const log = pino(loggerOptions(config.LOG_LEVEL) as object);
  const running = await startScim(config, log);
  log.info({ address: running.address, scimBaseUrl: `${config.publicBaseUrl}/scim/v2` }, 'scim listening');
  onShutdownSignal(log, running.close);
}

main().catch((err) => {
  process.stderr.write(`scim: ${(err as Error).message}\n`);
  process.exit(1);
});

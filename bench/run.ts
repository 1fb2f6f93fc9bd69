// `pnpm bench [-- --size large]`: every benchmark, one after the other (never in parallel: the
// machines are shared and noisy, and each benchmark compares figures measured side by side).
import { spawnSync } from 'node:child_process';
import { ROOT } from './lib.js';

for (const file of ['bench/scim.ts', 'bench/outbox.ts', 'bench/webhooks.ts']) {
  process.stdout.write(`\n# ${file}\n`);
  const r = spawnSync(process.execPath, ['--conditions=development', '--import', 'tsx', file, ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// `pnpm bench [-- --size large]`: every benchmark, one after the other (never in parallel: the
// machines are shared and noisy, and each benchmark compares figures measured side by side).
import { spawnSync } from 'node:child_process';
import { ROOT } from './lib.js';

// `--size xl` is the million-user run of bench/scim-xl.ts alone (issue 17; minutes, not in CI).
const files = process.argv.includes('xl') ? ['bench/scim-xl.ts'] : ['bench/scim.ts', 'bench/outbox.ts', 'bench/webhooks.ts'];
for (const file of files) {
  process.stdout.write(`\n# ${file}\n`);
  const r = spawnSync(process.execPath, ['--conditions=development', '--import', 'tsx', file, ...process.argv.slice(2).filter((a, i, all) => a !== 'xl' || all[i - 1] !== '--size').filter((a, i, all) => !(a === '--size' && all[i + 1] === 'xl'))], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

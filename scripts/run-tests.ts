// The test command (README, .ci/run): prepares the test databases (test-env.ts), runs tap once
// over the whole workspace, and ends with the plain summary line
// `tests: N passed, N failed, N skipped` (CI reads that line, not tap's output). Just above that
// line it repeats every failed assertion with the subtests it sits in and its diagnostics, so the
// tail of a long log (which may be all CI keeps) still says what failed.
import { spawn } from 'node:child_process';
import { prepare, prepareRedis } from './test-env.js';
import { failureCollector } from './tap-failures.js';

type TapResult = { code: number; summary?: Record<string, number>; failures: string[][] };

function runTap(env: NodeJS.ProcessEnv, args: string[]): Promise<TapResult> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tap', ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const failures = failureCollector();
    let summary: Record<string, number> | undefined;
    let buf = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      buf += chunk.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) {
        failures.line(line);
        // tap's closing line: `# { total: 12, pass: 11, fail: 1, skip: 0 }`
        const m = /^# \{ (total: .*) \}\s*$/.exec(line);
        if (m) summary = Object.fromEntries(m[1]!.split(', ').map((kv) => { const [k, v] = kv.split(': '); return [k!, Number(v)]; }));
      }
    });
    child.on('close', (code) => resolve({ code: code ?? 1, summary, failures: failures.failures }));
  });
}

async function main() {
  const { serverUrl, embedded } = await prepare();
  const redis = await prepareRedis().catch(async (err) => {
    await embedded?.stop();
    throw err;
  });
  let result: TapResult = { code: 1, failures: [] };
  try {
    result = await runTap({ ...process.env, TEST_PG_URL: serverUrl }, process.argv.slice(2));
  } finally {
    redis?.kill();
    await embedded?.stop();
  }
  const s = result.summary ?? {};
  const failed = (s.fail ?? 0) + (result.summary ? 0 : 1);
  const skipped = (s.skip ?? 0) + (s.todo ?? 0);
  const passed = s.pass ?? 0;
  if (result.failures.length > 0) {
    process.stdout.write(`\nfailed (${result.failures.length}):\n${result.failures.map((f) => f.join('\n')).join('\n\n')}\n\n`);
  }
  process.stdout.write(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  process.exit(result.code !== 0 || failed > 0 ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`test setup failed: ${(err as Error).stack ?? err}\n`);
  process.stdout.write('tests: 0 passed, 1 failed, 0 skipped\n');
  process.exit(1);
});

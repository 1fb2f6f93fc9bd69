// The test command (README, .ci/run): prepares the test databases (test-env.ts), runs tap once
// over the whole workspace, and ends with the plain summary line
// `tests: N passed, N failed, N skipped` (CI reads that line, not tap's output).
import { spawn } from 'node:child_process';
import { prepare, prepareRedis } from './test-env.js';

function runTap(env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number; summary?: Record<string, number> }> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tap', ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let summary: Record<string, number> | undefined;
    let buf = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      buf += chunk.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) {
        // tap's closing line: `# { total: 12, pass: 11, fail: 1, skip: 0 }`
        const m = /^# \{ (total: .*) \}\s*$/.exec(line);
        if (m) summary = Object.fromEntries(m[1]!.split(', ').map((kv) => { const [k, v] = kv.split(': '); return [k!, Number(v)]; }));
      }
    });
    child.on('close', (code) => resolve({ code: code ?? 1, summary }));
  });
}

async function main() {
  const { serverUrl, embedded } = await prepare();
  const redis = await prepareRedis().catch(async (err) => {
    await embedded?.stop();
    throw err;
  });
  let result: { code: number; summary?: Record<string, number> } = { code: 1 };
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
  process.stdout.write(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  process.exit(result.code !== 0 || failed > 0 ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`test setup failed: ${(err as Error).stack ?? err}\n`);
  process.stdout.write('tests: 0 passed, 1 failed, 0 skipped\n');
  process.exit(1);
});

// `pnpm test:mutation [target…]`: StrykerJS over the code whose tests must catch bugs
// (docs/testing.md). Not part of CI: a run takes from minutes (scim/core) to hours (all).
//
// Each target mutates one folder and runs only the test files that exercise it, each file as
// its own node process (the tap runner; tsx compiles the TypeScript). The files are mutated in
// place (pnpm's workspace links resolve @scim/* to the checkout, which a sandbox copy would
// bypass) and restored when Stryker ends; after an interrupted run, `git checkout` the folder.
// Reports: reports/mutation/<target>/ (HTML, JSON, and the table on stdout).
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { prepare, prepareRedis } from './test-env.js';

interface Target {
  mutate: string[];
  testFiles: string[];
}

const TARGETS: Record<string, Target> = {
  core: {
    mutate: ['services/scim/src/scim/core/**/*.ts'],
    testFiles: ['services/scim/test/core/*.test.ts'],
  },
  resources: {
    mutate: ['services/scim/src/scim/resources/**/*.ts'],
    testFiles: [
      'services/scim/test/rfc/*.test.ts', 'services/scim/test/resources/*.test.ts', 'services/scim/test/core/in-transaction.test.ts',
      // The request-level files written against this folder's survivors (docs/testing.md).
      ...['bulk', 'membership-race', 'user-write-paths', 'user-delete', 'group-writes', 'remembered-writes', 'adoption', 'present', 'create-statement', 'named-lookups']
        .map((f) => `services/scim/test/http/${f}.test.ts`),
      // The token re-check inside user-create.ts's and user-update.ts's statements.
      'services/scim/test/tokens/write-revocation.test.ts',
    ],
  },
  tokens: {
    mutate: ['services/scim/src/tokens/**/*.ts'],
    // tokens/cli.test.ts starts the CLI process dozens of times: minutes per mutant.
    testFiles: ['services/scim/test/tokens/!(cli).test.ts'],
  },
  sessions: {
    mutate: ['services/scim/src/admin-api/session.ts', 'services/scim/src/admin-api/login-throttle.ts'],
    testFiles: ['services/scim/test/admin-api/session.test.ts', 'services/scim/test/security/sign-in-throttle.test.ts', 'services/scim/test/security/csrf.test.ts'],
  },
  outbox: {
    mutate: ['services/db/src/outbox/**/*.ts'],
    testFiles: ['services/db/test/outbox/*.test.ts', 'services/dispatcher/test/retention.test.ts'],
  },
};

/** MUTATION_MUTATE / MUTATION_TEST_FILES (comma-separated globs) narrow a target for a partial run. */
function narrowed(target: Target): Target {
  const list = (v: string | undefined) => v?.split(',').map((s) => s.trim()).filter(Boolean);
  return { mutate: list(process.env.MUTATION_MUTATE) ?? target.mutate, testFiles: list(process.env.MUTATION_TEST_FILES) ?? target.testFiles };
}

function strykerConfig(name: string, target: Target) {
  return {
    $schema: '../../../node_modules/@stryker-mutator/core/schema/stryker-schema.json',
    testRunner: 'tap',
    tap: { testFiles: target.testFiles, nodeArgs: ['--conditions=development', '--import', 'tsx'], forceBail: true },
    mutate: target.mutate,
    inPlace: true,
    coverageAnalysis: 'perTest',
    checkers: process.env.MUTATION_TYPECHECK === '0' ? [] : ['typescript'],
    tsconfigFile: 'tsconfig.json',
    typescriptChecker: { prioritizePerformanceOverAccuracy: true },
    concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 2),
    // Test files that start a server or a database: a mutant that hangs is a timeout, not a stall.
    timeoutMS: 30_000,
    reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
    htmlReporter: { fileName: `reports/mutation/${name}/index.html` },
    jsonReporter: { fileName: `reports/mutation/${name}/mutation.json` },
    tempDirName: `.stryker-tmp/${name}`,
    cleanTempDir: 'always',
    plugins: ['@stryker-mutator/tap-runner', '@stryker-mutator/typescript-checker'],
  };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

async function main() {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !TARGETS[n]);
  if (unknown.length) throw new Error(`unknown target(s) ${unknown.join(', ')}; known: ${Object.keys(TARGETS).join(', ')}`);
  const { serverUrl, embedded } = await prepare();
  const redis = await prepareRedis();
  let failed = 0;
  try {
    for (const name of names.length ? names : Object.keys(TARGETS)) {
      const file = path.resolve(`reports/mutation/${name}/stryker.config.json`);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify(strykerConfig(name, narrowed(TARGETS[name]!)), null, 2));
      const code = await run('npx', ['stryker', 'run', file], { ...process.env, TEST_PG_URL: serverUrl });
      if (code !== 0) failed++;
    }
  } finally {
    redis?.kill();
    await embedded?.stop();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`mutation run failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

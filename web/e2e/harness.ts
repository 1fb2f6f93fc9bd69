// What the browser test stands on: Debian's Chromium, a built console, the real service on a
// fresh PostgreSQL database, and a screenshot folder kept out of git.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { createTestDatabase } from '../../test/helpers/db.js';
import { ROOT, cleanEnv, freePort, runCli, startEntry, tempDir, waitForStatus } from '../../test/helpers/process.js';

type T = Parameters<typeof createTestDatabase>[0];

export const WEB = path.join(ROOT, 'web');
export const SHOTS = path.join(WEB, 'e2e-screenshots');

/** CHROMIUM_PATH, else Debian's package; undefined when neither exists. */
export function findChromium(): string | undefined {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) if (p && existsSync(p)) return p;
  return undefined;
}

export const NO_BROWSER =
  'no Chromium found: `apt-get install -y chromium` (Debian) or set CHROMIUM_PATH to a Chromium binary; CI sets REQUIRE_BROWSER=1, which turns this skip into a failure';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** `vite build` unless web/dist is newer than every source file (CI builds it just before). */
export function ensureBuilt(): void {
  const index = path.join(WEB, 'dist/index.html');
  const sources = Math.max(newestMtime(path.join(WEB, 'src')), statSync(path.join(WEB, 'index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources && existsSync(path.join(WEB, 'dist/console-routes.json'))) return;
  const r = spawnSync(process.execPath, [path.join(WEB, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: WEB, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
}

export interface Service {
  base: string;
  db: Awaited<ReturnType<typeof createTestDatabase>>;
  createAdmin(email: string, password: string): Promise<void>;
  /** The dispatcher as its own process (`services/dispatcher/src/main.ts`), on the same database and key. */
  startDispatcher(): void;
}

/**
 * `node services/scim/src/server.ts` as production runs it, on its own database and port.
 * Webhook receivers in the test listen on 127.0.0.1, which the SSRF guard refuses unless
 * WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true (docs/webhooks.md "Security": local receivers and tests).
 */
export async function startService(t: T): Promise<Service> {
  const db = await createTestDatabase(t);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = await tempDir(t, 'scim-e2e-');
  const shared = { DATABASE_URL: db.url, DATA_DIR: dataDir, PUBLIC_BASE_URL: base, LOG_LEVEL: 'warn', WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' };
  const env = cleanEnv({ ...shared, HOST: '127.0.0.1', PORT: String(port), SERVE_WEB: 'true' });
  const started = startEntry(t, 'services/scim/src/server.ts', env);
  await waitForStatus(`${base}/readyz`, 200, { started, timeoutMs: 60_000 });
  return {
    startDispatcher() {
      startEntry(t, 'services/dispatcher/src/main.ts', cleanEnv({ ...shared, DISPATCHER_METRICS_PORT: '0', DISPATCHER_POLL_INTERVAL_MS: '200' }));
    },
    base,
    db,
    async createAdmin(email, password) {
      const r = await runCli(['admin', 'create', '--email', email, '--password-stdin'], env, password);
      if (r.code !== 0) throw new Error(`admin create failed: ${r.stderr}`);
    },
  };
}

export async function launch(t: T, executablePath: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.teardown(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  const page = await context.newPage();
  // This run's pictures only: a page that no longer exists must not leave an old one behind.
  await rm(SHOTS, { recursive: true, force: true });
  await mkdir(SHOTS, { recursive: true });
  return { browser, page };
}

/** A full-page PNG under web/e2e-screenshots/ (git-ignored), to look at after the run. */
export async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

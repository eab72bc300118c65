/**
 * Browser tests run against the production build served by scripts/serve.mjs, in a real
 * Chromium (Debian's /usr/bin/chromium here, Playwright's own elsewhere).
 */
import { defineConfig } from '@playwright/test';
// @ts-expect-error plain ESM helper without type declarations
import { findChromium, OFFLINE_CHROMIUM_ARGS } from '../scripts/chromium.mjs';

const port = Number(process.env.E2E_PORT ?? 4391);
const executablePath = (findChromium as () => string | null)() ?? undefined;

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../test-results',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    launchOptions: { executablePath, args: OFFLINE_CHROMIUM_ARGS as string[] },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `node scripts/serve.mjs --port ${port}`,
    cwd: '..',
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});

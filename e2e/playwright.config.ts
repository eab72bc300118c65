/**
 * Browser tests run against the production build served by scripts/serve.mjs, in a real
 * Chromium (Debian's /usr/bin/chromium here, Playwright's own elsewhere).
 */
import { defineConfig } from '@playwright/test';
// @ts-expect-error plain ESM helper without type declarations
import { findChromium, OFFLINE_CHROMIUM_ARGS } from '../scripts/chromium.mjs';

// E2E_PORT, E2E_DIST and E2E_OUTPUT let several test runs share one checkout (each with its own
// build folder from `vite build --outDir`, server port and results folder).
const port = Number(process.env.E2E_PORT ?? 4391);
const dist = process.env.E2E_DIST ?? 'dist';
const executablePath = (findChromium as () => string | null)() ?? undefined;

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: process.env.E2E_OUTPUT ?? '../test-results',
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
    command: `node scripts/serve.mjs --port ${port} --dir ${dist}`,
    cwd: '..',
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});

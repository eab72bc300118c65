/**
 * Finds the Chromium the browser tests drive: $CHROMIUM_PATH, then Debian's /usr/bin/chromium,
 * then Playwright's own download. Returns null when none exists.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright';

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  for (const candidate of SYSTEM_CANDIDATES) if (existsSync(candidate)) return candidate;
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // Playwright's browser is not installed.
  }
  return null;
}

/** Flags for a machine with no network beyond what the tests serve on loopback. */
export const OFFLINE_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

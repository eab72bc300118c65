#!/usr/bin/env node
/**
 * Makes sure a Chromium exists for the browser tests. Installs Debian's package when running as
 * root on a Debian-like system; otherwise explains exactly what to install.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './chromium.mjs';

let path = findChromium();
if (!path && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  console.log('No Chromium found: installing Debian\'s "chromium" package (apt-get)…');
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  } catch (error) {
    console.error(`apt-get failed: ${error.message}`);
  }
  path = findChromium();
}
if (!path) {
  console.error(
    [
      'No Chromium for the browser tests. Install one of:',
      '  - Debian/Ubuntu: sudo apt-get install -y chromium',
      '  - Playwright\'s own build: npx playwright install chromium',
      '  - or point CHROMIUM_PATH at a Chromium or Chrome executable.',
    ].join('\n'),
  );
  process.exit(1);
}
console.log(`Browser tests use ${path}`);

#!/usr/bin/env node
/**
 * Makes sure Debian's redis-server exists for the sweep tests (cli/lib/queue/sweep.test.ts starts
 * its own on a free loopback port and stops it). Installs the package when running as root on a
 * Debian-like system; otherwise explains what to install.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const found = () => {
  try {
    execSync('command -v redis-server', { stdio: 'ignore', shell: '/bin/sh' });
    return true;
  } catch {
    return false;
  }
};

if (!found() && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  console.log('No redis-server found: installing Debian\'s "redis-server" package (apt-get)…');
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server', { stdio: 'inherit' });
  } catch (error) {
    console.error(`apt-get failed: ${error.message}`);
  }
}
if (!found()) {
  console.error('No redis-server for the sweep tests. Install it: sudo apt-get install -y redis-server (Debian/Ubuntu), or any Redis 6.2+ on PATH.');
  process.exit(1);
}

/**
 * The production server (scripts/serve.mjs), spawned as `npm start` runs it: a malformed
 * percent-escape gets 400 and the server keeps serving, and every file goes out with the lab's
 * isolation and Content-Security-Policy headers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: ChildProcess;
let base: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'serve-test-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>lab</title>');
  server = spawn(process.execPath, ['scripts/serve.mjs', '--port', '0', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running at (http:\/\/[^/\s]+)\//.exec(out);
      if (match) resolve(match[1]);
    });
    server.once('exit', (code) => reject(new Error(`server exited with ${code} before listening: ${out}`)));
  });
});

afterAll(() => {
  server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw GET: fetch() would normalize the malformed escape away before it reaches the server. */
async function get(path: string): Promise<{ status: number; headers: Headers; body: string }> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
        resolve({ status: res.statusCode ?? 0, headers, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('scripts/serve.mjs', () => {
  it('answers 400 to a malformed percent-escape and keeps serving', async () => {
    const bad = await get('/%E0%A4%A');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/malformed percent-escape/);
    expect(server.exitCode).toBeNull();
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>lab</title>');
  });

  it('sends cross-origin isolation and a Content-Security-Policy limited to what the lab loads', async () => {
    const { headers } = await get('/index.html');
    expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    const csp = Object.fromEntries(
      headers
        .get('content-security-policy')!
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toContain("'wasm-unsafe-eval'");
    // No JS eval and no inline scripts or styles.
    for (const directive of ['script-src', 'style-src', 'default-src']) {
      expect(csp[directive]).not.toContain("'unsafe-eval'");
      expect(csp[directive]).not.toContain("'unsafe-inline'");
    }
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
  });

  it('refuses paths that climb out of the served folder and says what is missing', async () => {
    expect((await get('/..%2f..%2fetc%2fpasswd')).status).toBe(403);
    const missing = await get('/no-such-file.js');
    expect(missing.status).toBe(404);
  });
});

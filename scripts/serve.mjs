#!/usr/bin/env node
/**
 * Serves the production build (dist/) on 127.0.0.1 with the headers the lab needs:
 * cross-origin isolation (threaded WASM), correct MIME types (WebAssembly streaming compile
 * requires application/wasm) and a Content-Security-Policy that allows the lab's own files and
 * nothing else. A request it cannot read (a malformed percent-escape) gets 400, and the server
 * keeps serving. No network access is needed or attempted.
 *
 * Usage: node scripts/serve.mjs [--port N] [--dir dist]. PORT in the environment also works.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const root = resolve(option('dir', 'dist'));
const firstPort = Number(option('port', process.env.PORT ?? 4173));
const host = '127.0.0.1';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.onnx_data': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * What the lab loads, and nothing more:
 * - scripts and workers from this origin; blob: because transformers.js hands ONNX Runtime its
 *   wasm factory as a blob: URL (the factory then starts its thread workers from that URL);
 * - 'wasm-unsafe-eval': compiling WebAssembly (ONNX Runtime) needs it, and allows no JS eval;
 * - connect-src: this origin, the Hugging Face hub and its file CDN for "Load from hub", and
 *   loopback servers that mirror the hub's layout (remoteHost, used by the tests);
 * - images and fonts from this origin and data: (the favicon is a data: SVG); the run export's
 *   download link is a blob: URL;
 * - no plugins, no framing, no base-URI or form targets elsewhere.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' blob: 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data: https://huggingface.co https://*.huggingface.co https://*.hf.co http://127.0.0.1:* http://localhost:*",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

if (!existsSync(join(root, 'index.html'))) {
  console.error(`No build found in ${root}. Run "npm run build" first (npm start does both).`);
  process.exit(1);
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', `http://${host}`);
  let pathname;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    // A malformed percent-escape (e.g. /%E0%A4%A) names no file: say so instead of crashing.
    response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request: the path has a malformed percent-escape.');
    return;
  }
  let path = normalize(join(root, pathname));
  if (path !== root && !path.startsWith(root + sep)) {
    response.writeHead(403).end('Forbidden');
    return;
  }
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
  if (!existsSync(path)) {
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end(`Not found: ${url.pathname}`);
    return;
  }
  response.writeHead(200, {
    'Content-Type': MIME[extname(path)] ?? 'application/octet-stream',
    'Content-Length': statSync(path).size,
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    // Hashed assets never change; the HTML and model files are revalidated.
    'Cache-Control': url.pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  // A file that vanishes or cannot be read mid-response ends that response, not the server.
  createReadStream(path)
    .on('error', () => response.destroy())
    .pipe(response);
});

function listen(port, attemptsLeft) {
  server.once('error', (error) => {
    if (error.code === 'EADDRINUSE' && attemptsLeft > 0) listen(port + 1, attemptsLeft - 1);
    else {
      console.error(`Could not listen on ${host}:${port}: ${error.message}`);
      process.exit(1);
    }
  });
  server.listen(port, host, () => {
    // The bound port, not the asked one: --port 0 (tests) lets the system pick a free port.
    const bound = server.address().port;
    console.log(`JERP Lab is running at http://${host}:${bound}/  (serving ${root}; Ctrl+C to stop)`);
  });
}

listen(firstPort, 20);

/**
 * The hub path, tested offline: the embedded model is served by a local HTTP server in the hub's
 * layout (`<id>/resolve/main/<file>`) and set as the remote host. A download reports per-file
 * progress, lands in the cache, and loads again once the server is gone; an unknown id is a typed error.
 */
import { createReadStream, existsSync, mkdtempSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnknownHubModelError } from './errors';
import { configureTransformersEnv } from './transformersEnv';
import { loadTransformersModel } from './transformersModel';

const MODEL_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../public/models/jerp-tiny');
const HUB_ID = 'jerp-lab/jerp-tiny';

function serveHub(): Promise<Server> {
  const server = createServer((req, res) => {
    const prefix = `/${HUB_ID}/resolve/main/`;
    const path = decodeURIComponent((req.url ?? '').split('?')[0]);
    const file = path.startsWith(prefix) ? join(MODEL_DIR, path.slice(prefix.length)) : '';
    if (!file || file.includes('..') || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('Entry not found');
      return;
    }
    res.writeHead(200, { 'content-length': statSync(file).size, 'content-type': 'application/octet-stream' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

describe('hub models (served locally)', () => {
  let server: Server;
  let host: string;
  const cacheDir = mkdtempSync(join(tmpdir(), 'jerp-hub-cache-'));
  beforeAll(async () => {
    server = await serveHub();
    host = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((done) => (server.listening ? server.close(() => done()) : done())));

  it('downloads with per-file progress, then loads from the cache with the server gone', async () => {
    configureTransformersEnv({ allowRemoteModels: true, remoteHost: host, cacheDir, localModelPath: join(cacheDir, 'no-local-models/') });
    const files = new Set<string>();
    const model = await loadTransformersModel({
      modelId: HUB_ID,
      remote: true,
      progress: (info) => {
        const p = info as { status: string; file?: string };
        if (p.status === 'progress' || p.status === 'done') files.add(p.file ?? '');
      },
    });
    expect([...files]).toEqual(expect.arrayContaining(['config.json', 'tokenizer.json', 'onnx/model_int8.onnx']));
    expect(model.info.bytes).toBe(statSync(join(MODEL_DIR, 'onnx/model_int8.onnx')).size);
    const online = await model.scoreCandidates(['Task: look.\n', 'You see a desk 1.\n>'], [' look\n']);
    await model.dispose();

    await new Promise<void>((done) => server.close(() => done()));
    const offline = await loadTransformersModel({ modelId: HUB_ID, remote: true });
    const again = await offline.scoreCandidates(['Task: look.\n', 'You see a desk 1.\n>'], [' look\n']);
    expect(again[0].logProb).toBeCloseTo(online[0].logProb, 6);
    await offline.dispose();
  });

  it('reports an unknown hub id as UnknownHubModelError', async () => {
    const fresh = await serveHub();
    const url = `http://127.0.0.1:${(fresh.address() as AddressInfo).port}/`;
    configureTransformersEnv({ allowRemoteModels: true, remoteHost: url, cacheDir: mkdtempSync(join(tmpdir(), 'jerp-hub-cache-')), localModelPath: join(cacheDir, 'none/') });
    await expect(loadTransformersModel({ modelId: 'nobody/no-such-model', remote: true })).rejects.toBeInstanceOf(UnknownHubModelError);
    await new Promise<void>((done) => fresh.close(() => done()));
  });
});

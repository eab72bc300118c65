/**
 * A stand-in for the model hub on 127.0.0.1: serves public/models/<name>/ under the hub's URL
 * layout (`/<owner>/<name>/resolve/main/<file>`), with CORS so the lab's worker (a cross-origin,
 * cross-origin-isolated context) may fetch from it. Used to test the hub download path offline.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, normalize, resolve } from 'node:path';

export interface HubMirror {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export function startHubMirror(modelsDir = resolve('public/models')): Promise<HubMirror> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const cors = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };
    const match = /^\/[^/]+\/([^/]+)\/resolve\/main\/(.+)$/.exec(decodeURIComponent((req.url ?? '').split('?')[0]));
    const file = match ? normalize(join(modelsDir, match[1], match[2])) : '';
    if (!match || !file.startsWith(modelsDir) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404, cors).end('Entry not found');
      return;
    }
    res.writeHead(200, { ...cors, 'Content-Length': statSync(file).size, 'Content-Type': 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      done({
        url: `http://127.0.0.1:${port}/`,
        requests,
        close: () => new Promise<void>((closed) => server.close(() => closed())),
      });
    });
  });
}

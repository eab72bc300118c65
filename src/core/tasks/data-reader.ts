/**
 * How the shared task code reads the data the lab ships under public/: from disk in Node
 * (cli/lib/node-data-reader.ts), by fetch in the worker (workers/assets.ts). The task code only
 * names paths, so the same loader serves the CLI, the tests and the browser.
 */
export interface DataReader {
  /** Reads a shipped JSON file by its path under public/ (e.g. 'data/alfworld/train.json'). */
  json(path: string): Promise<unknown>;
}

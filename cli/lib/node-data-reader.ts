/**
 * The Node DataReader: shipped data read from <repo>/public/<path> on disk, whatever the current
 * directory (the repository is found from this file's own location).
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataReader } from '../../src/core/tasks/data-reader';

/** The repository's public/ folder. */
export const PUBLIC_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../public');

function createReader(root: string): DataReader {
  return {
    async json(path: string): Promise<unknown> {
      const file = resolve(root, path);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new Error(`${file}: cannot read shipped data file "${path}" (${(error as Error).message})`);
      }
      try {
        return JSON.parse(text);
      } catch (error) {
        throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
      }
    },
  };
}

const readers = new Map<string, DataReader>();

/**
 * The reader of `<root>/<path>` (root: the repository's public/ unless a test or tool points
 * elsewhere). One reader per root, so every caller shares the parsed-file caches keyed by reader.
 */
export function nodeDataReader(root: string = PUBLIC_DIR): DataReader {
  const key = resolve(root);
  let reader = readers.get(key);
  if (!reader) readers.set(key, (reader = createReader(key)));
  return reader;
}

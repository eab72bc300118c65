/**
 * The shipped ALFWorld scene files, fetched and validated once per worker and shared by the play
 * sessions and the reference replay (the split files are megabytes: parse them once).
 */
import { type AlfworldScene, parseSceneFile } from '../src/core/envs/alfworld';
import { fetchJson } from './assets';

const cache = new Map<string, Promise<AlfworldScene[]>>();

export function loadSceneFile(path: string): Promise<AlfworldScene[]> {
  let pending = cache.get(path);
  if (!pending) {
    pending = fetchJson(path).then((json) => parseSceneFile(json, path));
    // A failed load is not cached, so a retry after fixing the network or files works.
    pending.catch(() => cache.delete(path));
    cache.set(path, pending);
  }
  return pending;
}

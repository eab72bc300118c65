/**
 * The shipped ALFWorld games (public/data/alfworld/<split>.json, written by
 * scripts/alfworld/convert.ts): the one loader the CLI, the worker, the scripts and the task source
 * share. Files are megabytes, so each is parsed and validated once per reader.
 */
import { type AlfworldScene, parseSceneFile } from '../envs/alfworld/scene';
import type { DataReader } from './data-reader';

export type AlfworldSplitName = 'train' | 'valid_seen' | 'valid_unseen';
export const ALFWORLD_SPLITS: readonly AlfworldSplitName[] = ['train', 'valid_seen', 'valid_unseen'];

/** Where the shipped scene files live, under public/. */
export const ALFWORLD_DATA_PATH = 'data/alfworld';

/** The path under public/ of a split's scene file. */
export function alfworldSplitPath(split: AlfworldSplitName): string {
  return `${ALFWORLD_DATA_PATH}/${split}.json`;
}

interface SceneFile {
  /** The file's own `split` field, if it has one. */
  split: unknown;
  scenes: AlfworldScene[];
}

// Per reader, so a test's fake reader never sees files another reader loaded.
const cache = new WeakMap<DataReader, Map<string, Promise<SceneFile>>>();

function readSceneFile(path: string, reader: DataReader): Promise<SceneFile> {
  let files = cache.get(reader);
  if (!files) cache.set(reader, (files = new Map()));
  const known = files.get(path);
  if (known) return known;
  const pending = reader.json(path).then((json) => ({
    split: typeof json === 'object' && json !== null ? (json as { split?: unknown }).split : undefined,
    scenes: parseSceneFile(json, path),
  }));
  files.set(path, pending);
  // A failed load is not cached, so a retry after fixing the network or the files works.
  pending.catch(() => {
    if (files.get(path) === pending) files.delete(path);
  });
  return pending;
}

/**
 * The validated scenes of a scene-list file `{format, split?, scenes: [...]}`. `expectSplit`, when
 * given, must match the file's own split field (a renamed or misplaced file must not pass as another split).
 */
export async function loadSceneFile(path: string, reader: DataReader, expectSplit?: AlfworldSplitName): Promise<AlfworldScene[]> {
  const file = await readSceneFile(path, reader);
  if (expectSplit !== undefined && file.split !== expectSplit) {
    throw new Error(`${path}: split must be "${expectSplit}", found ${JSON.stringify(file.split)}`);
  }
  return file.scenes;
}

/** The shipped real games of a split (train = the 200 real train games; generated ones come from generateScene). */
export function loadAlfworldSplit(split: AlfworldSplitName, reader: DataReader): Promise<AlfworldScene[]> {
  if (!ALFWORLD_SPLITS.includes(split)) {
    return Promise.reject(new Error(`unknown ALFWorld split "${String(split)}" (expected ${ALFWORLD_SPLITS.join(', ')})`));
  }
  return loadSceneFile(alfworldSplitPath(split), reader, split);
}

/** The scenes of several files by id (a later file's scene wins a shared id, as in a Map). */
export async function scenesById(paths: readonly string[], reader: DataReader): Promise<Map<string, AlfworldScene>> {
  const byId = new Map<string, AlfworldScene>();
  for (const scenes of await Promise.all(paths.map((path) => loadSceneFile(path, reader)))) {
    for (const scene of scenes) byId.set(scene.id, scene);
  }
  return byId;
}

/**
 * The scene id a logged `gamefile` names: its path after "json_2.1.1/" (if any), without
 * "/game.tw-pddl". Logs name games relative to the games folder or as an absolute path of the
 * logging machine; both map to the same id.
 */
export function sceneIdOf(gamefile: string): string {
  const cut = gamefile.lastIndexOf('json_2.1.1/');
  const rest = cut >= 0 ? gamefile.slice(cut + 'json_2.1.1/'.length) : gamefile.replace(/^\.?\//, '');
  return rest.replace(/\/game\.tw-pddl$/, '');
}

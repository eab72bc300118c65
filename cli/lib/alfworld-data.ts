/**
 * Node loading of the shipped ALFWorld games (public/data/alfworld/<split>.json, written by
 * scripts/alfworld/convert.ts), validated on load, and of raw game.tw-pddl files for `--games DIR`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AlfworldScene, parseSceneFile } from '../../src/core/envs/alfworld/index';
import { gameToScene } from '../../scripts/alfworld/pddl-to-scene';

export type AlfworldSplitName = 'train' | 'valid_seen' | 'valid_unseen';
export const ALFWORLD_SPLITS: readonly AlfworldSplitName[] = ['train', 'valid_seen', 'valid_unseen'];

/** The repository's public/data/alfworld folder (works from any current directory). */
export const ALFWORLD_DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../public/data/alfworld');

const cache = new Map<string, AlfworldScene[]>();

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: cannot read JSON (${(error as Error).message})`);
  }
}

/** Scenes of a scene-list file `{format, split, scenes: [...]}`, each validated. */
export function loadSceneFile(path: string): AlfworldScene[] {
  const cached = cache.get(path);
  if (cached) return cached;
  const scenes = parseSceneFile(readJson(path), path);
  cache.set(path, scenes);
  return scenes;
}

/** The shipped real games of a split (train = the 200 real train games; generated ones come from generateScene). */
export function loadAlfworldSplit(split: AlfworldSplitName, dataDir = ALFWORLD_DATA_DIR): AlfworldScene[] {
  if (!ALFWORLD_SPLITS.includes(split)) throw new Error(`unknown ALFWorld split "${split}" (expected ${ALFWORLD_SPLITS.join(', ')})`);
  return loadSceneFile(join(dataDir, `${split}.json`));
}

/** The scene id a logged `gamefile` names: its path after "json_2.1.1/" (if any), without "/game.tw-pddl". */
export function sceneIdOf(gamefile: string): string {
  const cut = gamefile.lastIndexOf('json_2.1.1/');
  const rest = cut >= 0 ? gamefile.slice(cut + 'json_2.1.1/'.length) : gamefile.replace(/^\.?\//, '');
  return rest.replace(/\/game\.tw-pddl$/, '');
}

/**
 * Converts a raw game.tw-pddl file into a scene. `relative` is the episode's gamefile, looked up under
 * gamesDir as given, then as json_2.1.1/<id>/game.tw-pddl and <id>/game.tw-pddl (logs name it in
 * different ways: relative to the games folder, or as an absolute path of the logging machine).
 */
export function loadGameFile(gamesDir: string, relative: string): AlfworldScene {
  const id = sceneIdOf(relative);
  const candidates = [join(gamesDir, relative), join(gamesDir, 'json_2.1.1', id, 'game.tw-pddl'), join(gamesDir, id, 'game.tw-pddl')];
  const path = candidates.find((p) => existsSync(p));
  if (!path) throw new Error(`${candidates[0]}: game file not found`);
  return gameToScene(readJson(path), id, path);
}

/**
 * Finds the scene an episode's `gamefile` names: from `gamesDir` when given (raw game files), else
 * among the shipped scenes (all splits plus the rebuilt ReAct transcript scenes).
 */
export function sceneResolver(gamesDir?: string, dataDir = ALFWORLD_DATA_DIR): (gamefile: string) => AlfworldScene {
  if (gamesDir) return (gamefile) => loadGameFile(gamesDir, gamefile);
  let byId: Map<string, AlfworldScene> | null = null;
  return (gamefile) => {
    if (!byId) {
      byId = new Map();
      const files = [...ALFWORLD_SPLITS.map((s) => join(dataDir, `${s}.json`)), join(dataDir, 'react_transcript_scenes.json')];
      for (const file of files) if (existsSync(file)) for (const scene of loadSceneFile(file)) byId.set(scene.id, scene);
    }
    const id = sceneIdOf(gamefile);
    const scene = byId.get(id);
    if (!scene) throw new Error(`no shipped ALFWorld game "${gamefile}" (looked for scene id "${id}"); pass --games DIR to read raw game files`);
    return scene;
  };
}

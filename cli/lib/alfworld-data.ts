/**
 * Node-only ALFWorld data: raw game.tw-pddl files for `--games DIR`, and the resolver that finds
 * the game a logged episode names. The shipped split files are loaded by the shared loader
 * (src/core/tasks/alfworld-scenes.ts) through the Node reader.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlfworldScene } from '../../src/core/envs/alfworld/index';
import { ALFWORLD_DATA_PATH, ALFWORLD_SPLITS, alfworldSplitPath, sceneIdOf, scenesById } from '../../src/core/tasks/alfworld-scenes';
import type { DataReader } from '../../src/core/tasks/data-reader';
import { gameToScene } from '../../scripts/alfworld/pddl-to-scene';
import { nodeDataReader, PUBLIC_DIR } from './node-data-reader';

/** The repository's public/data/alfworld folder (works from any current directory). */
export const ALFWORLD_DATA_DIR = join(PUBLIC_DIR, ALFWORLD_DATA_PATH);

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: cannot read JSON (${(error as Error).message})`);
  }
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

/** Every shipped scene file a logged episode may name: the three splits and the rebuilt ReAct transcript scenes. */
const SHIPPED_SCENE_FILES = [...ALFWORLD_SPLITS.map(alfworldSplitPath), `${ALFWORLD_DATA_PATH}/react_transcript_scenes.json`];

/**
 * Finds the scene an episode's `gamefile` names: from `gamesDir` when given (raw game files), else
 * among the shipped scenes (loaded up front, so the resolver itself is synchronous).
 */
export async function sceneResolver(gamesDir?: string, reader: DataReader = nodeDataReader()): Promise<(gamefile: string) => AlfworldScene> {
  if (gamesDir) return (gamefile) => loadGameFile(gamesDir, gamefile);
  const byId = await scenesById(SHIPPED_SCENE_FILES, reader);
  return (gamefile) => {
    const id = sceneIdOf(gamefile);
    const scene = byId.get(id);
    if (!scene) throw new Error(`no shipped ALFWorld game "${gamefile}" (looked for scene id "${id}"); pass --games DIR to read raw game files`);
    return scene;
  };
}

/**
 * `npx tsx scripts/alfworld/convert.ts [GAMES_DIR] [OUT_DIR]`: converts the real json_2.1.1 games
 * (default ../shared/data/alfworld/games/json_2.1.1) into the lab's compact scenes, one file per split
 * under public/data/alfworld/ (valid_seen.json, valid_unseen.json, train.json: `{format, split, scenes}`).
 * The 200 games of valid_train become the real part of the `train` split.
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gameToScene } from './pddl-to-scene';
import type { AlfworldScene } from '../../src/core/envs/alfworld/scene';

export const SPLIT_FILES = { valid_seen: 'valid_seen', valid_unseen: 'valid_unseen', train: 'valid_train' } as const;
export { SCENE_FILE_FORMAT as SPLIT_FORMAT } from '../../src/core/envs/alfworld/scene';
import { SCENE_FILE_FORMAT as SPLIT_FORMAT } from '../../src/core/envs/alfworld/scene';

/** Every game.tw-pddl under dir/folder, as paths relative to dir, sorted. */
export function listGames(dir: string, folder: string): string[] {
  const out: string[] = [];
  for (const task of readdirSync(join(dir, folder)).sort()) {
    const taskDir = join(dir, folder, task);
    for (const trial of readdirSync(taskDir).sort()) {
      if (existsSync(join(taskDir, trial, 'game.tw-pddl'))) out.push(`${folder}/${task}/${trial}/game.tw-pddl`);
    }
  }
  return out;
}

export function convertFolder(dir: string, folder: string): AlfworldScene[] {
  return listGames(dir, folder).map((rel) => {
    const path = join(dir, rel);
    return gameToScene(JSON.parse(readFileSync(path, 'utf8')), rel.replace(/\/game\.tw-pddl$/, ''), path);
  });
}

function main(): void {
  const gamesDir = resolve(process.argv[2] ?? '../shared/data/alfworld/games/json_2.1.1');
  const outDir = resolve(process.argv[3] ?? 'public/data/alfworld');
  mkdirSync(outDir, { recursive: true });
  for (const [split, folder] of Object.entries(SPLIT_FILES)) {
    const scenes = convertFolder(gamesDir, folder);
    writeFileSync(join(outDir, `${split}.json`), `${JSON.stringify({ format: SPLIT_FORMAT, split, scenes })}\n`);
    process.stdout.write(`${split}: ${scenes.length} games from ${folder}\n`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) main();

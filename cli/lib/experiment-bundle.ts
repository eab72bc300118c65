/**
 * An experiment folder as one zip for the lab's Results view (src/db/experiment-import.ts):
 * experiment.json, results.json, results.md and every cell's run files (run.json, episodes.jsonl,
 * metrics.csv, rules.json, eval.json, checkpoints/), with the paths they have in the folder. Logs
 * and temporary files stay out.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { checkpointIteration } from '../../src/core/learn/run-format';
import { readPlan } from '../commands/experiment';

const RUN_FILES = ['run.json', 'episodes.jsonl', 'metrics.csv', 'rules.json', 'eval.json'];

export function bundleExperiment(dir: string): { zip: Uint8Array; cells: number } {
  const plan = readPlan(dir);
  if (!existsSync(join(dir, 'results.json'))) throw new Error(`${dir} has no results.json yet: bundle an experiment once it has finished (or --resume it)`);
  const files: Record<string, Uint8Array> = {};
  const add = (path: string) => {
    files[path] = new Uint8Array(readFileSync(join(dir, path)));
  };
  for (const name of ['experiment.json', 'results.json', 'results.md']) if (existsSync(join(dir, name))) add(name);
  let cells = 0;
  for (const cell of plan.cells) {
    if (!existsSync(join(dir, cell.name, 'run.json'))) continue; // never started: results.json lists it as missing
    cells++;
    for (const name of RUN_FILES) if (existsSync(join(dir, cell.name, name))) add(`${cell.name}/${name}`);
    const checkpoints = join(dir, cell.name, 'checkpoints');
    if (existsSync(checkpoints)) for (const name of readdirSync(checkpoints)) if (checkpointIteration(name) !== null) add(`${cell.name}/checkpoints/${name}`);
  }
  return { zip: zipSync(files, { level: 6 }), cells };
}

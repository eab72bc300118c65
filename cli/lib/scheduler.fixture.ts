/**
 * A fake cell child for the scheduler and experiment tests: the real reporting path
 * (runCellProcess) around a fake runCell whose behaviour the cell's name picks: "fail…" (or a name
 * listed in FAKE_FAIL_CELLS) throws, "crash…" dies without a message, anything else plays a few
 * progress steps, writes eval.json and succeeds. Each run appends its start/end times and resume
 * flag to fake-runs.jsonl in its dir, so the tests can measure overlap and resumption.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvaluation } from '../../src/core/learn/summary';
import { parseCellInput, type RunCellFn, runCellProcess, sendToParent } from './cell-process';

const input = parseCellInput(process.argv[2]);
const name = input.name ?? 'cell';
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const fakeRunCell: RunCellFn = async ({ config, dir, resume, onProgress }) => {
  const start = Date.now();
  if (name.startsWith('crash')) {
    process.stderr.write('fake crash: out of memory\n');
    process.exit(3);
  }
  for (let i = 1; i <= 4; i++) {
    await sleep(100);
    onProgress?.('train', i, 4);
  }
  const failing = (process.env.FAKE_FAIL_CELLS ?? '').split(',');
  if (name.startsWith('fail') || failing.includes(name)) throw new Error(`fake failure in ${name}`);
  onProgress?.('eval', 2, 2);
  const summary = { tasks: 2, success: 0.5, score: 0.5, perTaskType: {}, invalidActionRate: 0, meanSteps: 3, failureClasses: { search: 1, procedure: 0, other: 0 } };
  const evaluation: RunEvaluation = {
    env: config.env,
    split: config.tasks.heldOutSplit,
    method: config.method,
    seed: config.seed,
    episodes: config.episodes,
    iteration: 1,
    withRules: summary,
    withoutRules: summary,
    rules: { active: 0, absorbed: 0, removed: 0, pinned: 0 },
    seconds: { train: 0, eval: 0 },
  };
  writeFileSync(join(dir, 'eval.json'), JSON.stringify(evaluation));
  appendFileSync(join(dir, 'fake-runs.jsonl'), `${JSON.stringify({ start, end: Date.now(), resume })}\n`);
  return evaluation;
};

process.exit(await runCellProcess(input, fakeRunCell, sendToParent));

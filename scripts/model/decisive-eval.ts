/**
 * Does the model read the rule where it matters? For every held-out ALFWorld game (valid_unseen by
 * default) the corpus demonstrator plays the game up to its decisive step (the step where the task
 * type's typical mistake can happen, scripts/model/alfworld-demo.ts); there the model scores every
 * admissible command with no rule, the oracle rule and a wrong rule in the prompt, as the agent would.
 * Reports, per task type and rule condition, the mean probability of the right command and how often
 * greedy decoding picks it. Whole-episode success (model eval) mixes this step with the search before
 * it; this isolates the rule's effect.
 *
 * Usage: tsx scripts/model/decisive-eval.ts [--split valid_unseen] [--json]
 */
import { type AlfworldSplitName, loadAlfworldSplit } from '../../cli/lib/alfworld-data';
import { RULES_MODES, rulesFor, type RulesMode } from '../../cli/lib/model-eval';
import { loadNodeModel } from '../../cli/lib/model-node';
import { PromptHistory } from '../../src/core/agent/promptHistory';
import { distribution } from '../../src/core/agent/policy';
import { argmax } from '../../src/core/llm/logits';
import { createAlfworldEnv } from '../../src/core/envs/alfworld/index';
import { createRng } from '../../src/core/util/rng';
import { buildSearchPrior, demonstrate } from './alfworld-demo';
import { loadTrainScenes } from './alfworld-source';

interface Cell {
  steps: number;
  probRight: number;
  greedyRight: number;
}

async function main(argv: string[]): Promise<void> {
  const at = argv.indexOf('--split');
  const split = (at >= 0 ? argv[at + 1] : 'valid_unseen') as AlfworldSplitName;
  const model = await loadNodeModel({ threads: 1 });
  const prior = buildSearchPrior(loadTrainScenes());
  const cells: Record<string, Record<RulesMode, Cell>> = {};
  let games = 0;
  for (const [i, scene] of loadAlfworldSplit(split).entries()) {
    const demo = demonstrate(scene, prior, false, createRng(i), 0);
    if (demo.decisive < 0) continue; // the demonstrator never reached it (an unsolvable start)
    games++;
    const right = demo.actions[demo.decisive];
    const env = createAlfworldEnv(scene, { style: 'react' });
    let obs = env.reset();
    const histories = RULES_MODES.map((mode) => new PromptHistory(env.task.goal, rulesFor(mode, 'alfworld', scene.taskType, env.task.id), obs.text));
    for (const action of demo.actions.slice(0, demo.decisive)) {
      obs = env.step(action);
      for (const h of histories) h.push(action, obs.text);
    }
    const row = (cells[scene.taskType] ??= Object.fromEntries(RULES_MODES.map((m) => [m, { steps: 0, probRight: 0, greedyRight: 0 }])) as Record<RulesMode, Cell>);
    for (const [k, mode] of RULES_MODES.entries()) {
      const scores = await model.scoreCandidates(histories[k].prefixSegments(), histories[k].candidateSegments(obs.admissibleActions));
      const dist = distribution(obs.admissibleActions, scores.map((s) => s.logProb), 1);
      const r = dist.actions.indexOf(right);
      row[mode].steps++;
      row[mode].probRight += r >= 0 ? dist.probs[r] : 0;
      row[mode].greedyRight += argmax(dist.probs) === r ? 1 : 0;
    }
  }
  const total = Object.fromEntries(RULES_MODES.map((m) => [m, { steps: 0, probRight: 0, greedyRight: 0 }])) as Record<RulesMode, Cell>;
  const summary = (c: Cell) => ({ steps: c.steps, meanProbRight: c.probRight / Math.max(1, c.steps), greedyRight: c.greedyRight / Math.max(1, c.steps) });
  const byTaskType = Object.fromEntries(
    Object.entries(cells).sort().map(([type, row]) => {
      for (const m of RULES_MODES) for (const key of ['steps', 'probRight', 'greedyRight'] as const) total[m][key] += row[m][key];
      return [type, Object.fromEntries(RULES_MODES.map((m) => [m, summary(row[m])]))];
    }),
  );
  const result = { split, games, all: Object.fromEntries(RULES_MODES.map((m) => [m, summary(total[m])])), byTaskType };
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    process.stdout.write(`decisive steps of ${games} ${split} games (P(right command), greedy picks it): none / oracle / wrong\n`);
    for (const [type, row] of Object.entries({ all: result.all, ...byTaskType })) {
      const r = row as Record<RulesMode, ReturnType<typeof summary>>;
      process.stdout.write(`${type.padEnd(24)} ${RULES_MODES.map((m) => `${r[m].meanProbRight.toFixed(2)} ${(100 * r[m].greedyRight).toFixed(0).padStart(3)}%`).join('   ')}  (n=${r.none.steps})\n`);
    }
  }
  await model.dispose();
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});

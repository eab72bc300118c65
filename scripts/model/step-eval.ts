/**
 * Where does the model leave the demonstrator's path? For every held-out task (ALFWorld valid_unseen,
 * WebShop test goals) the corpus demonstrator plays the whole episode (no mistakes), and at each of
 * its steps the model scores every admissible action on the demonstrator's own history, as the agent
 * would (teacher forcing). Reports, per kind of action, how often greedy decoding picks the
 * demonstrator's action, and for ALFWorld how often a search step walks back to a receptacle already
 * visited (the loops that end episodes at the step limit). Whole-episode success compounds these.
 *
 * Usage: tsx scripts/model/step-eval.ts [--rules none|oracle|wrong] [--json]
 */
import { rulesFor, type RulesMode, standardShop } from '../../cli/lib/model-eval';
import { loadNodeModel } from '../../cli/lib/model-node';
import { nodeDataReader } from '../../cli/lib/node-data-reader';
import { PromptHistory } from '../../src/core/agent/promptHistory';
import { createAlfworldEnv } from '../../src/core/envs/alfworld/index';
import type { TextEnvironment } from '../../src/core/envs/types';
import { createWebShopEnv } from '../../src/core/envs/webshop/index';
import { argmax } from '../../src/core/llm/logits';
import type { LanguageModel } from '../../src/core/llm/types';
import { loadAlfworldSplit } from '../../src/core/tasks/alfworld-scenes';
import { AGENT_WEBSHOP_RENDERER } from '../../src/core/tasks/shop';
import { createRng } from '../../src/core/util/rng';
import { buildSearchPrior, demonstrate } from './alfworld-demo';
import { copiesFromView } from './corpus';
import { demonstrateWebShop } from './webshop-demo';

interface Tally {
  steps: number;
  agree: number;
}

interface EnvReport {
  episodes: number;
  byKind: Record<string, { steps: number; greedyAgrees: number }>;
  /** ALFWorld: search steps (the demonstrator goes somewhere new) where greedy goes back instead. */
  revisits?: { steps: number; rate: number };
}

/** The kind of an action, for the report: its verb, with WebShop's clicks told apart. */
function actionKind(action: string): string {
  if (/^click\[B0[A-Z0-9]{8}\]$/.test(action)) return 'click product';
  if (action.startsWith('click[')) return copiesFromView(action) ? 'click option' : action;
  return action.split(/[\s[]/)[0];
}

async function replay(model: LanguageModel, env: TextEnvironment, rules: string[], actions: readonly string[], byKind: Record<string, Tally>, revisits?: Tally): Promise<void> {
  let obs = env.reset();
  const history = new PromptHistory(env.task.goal, rules, obs.text);
  const visited = new Set<string>();
  for (const action of actions) {
    const scores = await model.scoreCandidates(history.prefixSegments(), history.candidateSegments(obs.admissibleActions));
    const pick = obs.admissibleActions[argmax(scores.map((s) => s.logProb))];
    const tally = (byKind[actionKind(action)] ??= { steps: 0, agree: 0 });
    tally.steps++;
    tally.agree += pick === action ? 1 : 0;
    if (revisits && action.startsWith('go to ') && !visited.has(action)) {
      revisits.steps++;
      revisits.agree += visited.has(pick) ? 1 : 0;
    }
    if (action.startsWith('go to ')) visited.add(action);
    obs = env.step(action);
    history.push(action, obs.text);
  }
}

function report(episodes: number, byKind: Record<string, Tally>, revisits?: Tally): EnvReport {
  const kinds = Object.entries(byKind).sort((a, b) => b[1].steps - a[1].steps);
  return {
    episodes,
    byKind: Object.fromEntries(kinds.map(([k, t]) => [k, { steps: t.steps, greedyAgrees: t.agree / t.steps }])),
    ...(revisits ? { revisits: { steps: revisits.steps, rate: revisits.agree / Math.max(1, revisits.steps) } } : {}),
  };
}

async function alfworld(model: LanguageModel, mode: RulesMode): Promise<EnvReport> {
  const prior = buildSearchPrior(await loadAlfworldSplit('train', nodeDataReader()));
  const byKind: Record<string, Tally> = {};
  const revisits: Tally = { steps: 0, agree: 0 };
  const scenes = await loadAlfworldSplit('valid_unseen', nodeDataReader());
  for (const [i, scene] of scenes.entries()) {
    const demo = demonstrate(scene, prior, false, createRng(i), 0);
    const env = createAlfworldEnv(scene, { style: 'react' });
    await replay(model, env, rulesFor(mode, 'alfworld', scene.taskType, env.task.id), demo.actions, byKind, revisits);
  }
  return report(scenes.length, byKind, revisits);
}

async function webshop(model: LanguageModel, mode: RulesMode): Promise<EnvReport> {
  const { shop, goals } = standardShop();
  const byKind: Record<string, Tally> = {};
  let episodes = 0;
  for (const [i, goal] of goals.test.entries()) {
    const demo = demonstrateWebShop(shop, goal, false, createRng(i));
    if (!demo.success || demo.clickedHidden) continue; // nothing the agent could follow from the page
    episodes++;
    const env = createWebShopEnv({ ...shop, goal, renderer: AGENT_WEBSHOP_RENDERER });
    await replay(model, env, rulesFor(mode, 'webshop', goal.category, env.task.id), demo.actions, byKind);
  }
  return report(episodes, byKind);
}

async function main(argv: string[]): Promise<void> {
  const at = argv.indexOf('--rules');
  const mode = (at >= 0 ? argv[at + 1] : 'oracle') as RulesMode;
  const model = await loadNodeModel({ threads: 1 });
  const result = { rules: mode, alfworld: await alfworld(model, mode), webshop: await webshop(model, mode) };
  await model.dispose();
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  process.stdout.write(`greedy agreement with the demonstrator, teacher-forced, rules: ${mode}\n`);
  for (const env of ['alfworld', 'webshop'] as const) {
    const r = result[env];
    process.stdout.write(`${env} (${r.episodes} episodes)\n`);
    for (const [kind, t] of Object.entries(r.byKind)) process.stdout.write(`  ${kind.padEnd(24)} ${(100 * t.greedyAgrees).toFixed(0).padStart(3)}%  (${t.steps} steps)\n`);
    if (r.revisits) process.stdout.write(`  search steps that walk back to a visited receptacle: ${(100 * r.revisits.rate).toFixed(0)}% of ${r.revisits.steps}\n`);
  }
}

if (process.argv[1]?.endsWith('step-eval.ts')) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}

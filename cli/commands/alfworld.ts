/**
 * `alfworld` commands: replay logged episodes against the simulator, run the expert over a split,
 * and play a game in the terminal.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { flag, intOption, stringOption } from '../args';
import { type CommandGroup, type CommandIO, UsageError } from '../command';
import { createProgress } from '../progress';
import {
  type AlfworldScene,
  createAlfworldEnv,
  expertAction,
  type ExpertMode,
  generateScene,
  parseEpisodes,
  replayEpisodes,
} from '../../src/core/envs/alfworld/index';
import { ALFWORLD_SPLITS, type AlfworldSplitName, loadAlfworldSplit } from '../../src/core/tasks/alfworld-scenes';
import { sceneResolver } from '../lib/alfworld-data';
import { nodeDataReader } from '../lib/node-data-reader';

function splitOption(value: string | undefined): AlfworldSplitName {
  if (!value || !ALFWORLD_SPLITS.includes(value as AlfworldSplitName)) {
    throw new UsageError(`--split must be one of ${ALFWORLD_SPLITS.join(', ')}`);
  }
  return value as AlfworldSplitName;
}

function readEpisodes(file: string) {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read JSON (${(error as Error).message})`);
  }
  return parseEpisodes(json, file);
}

interface ExpertResult {
  id: string;
  success: boolean;
  steps: number;
}

function runExpert(scene: AlfworldScene, mode: ExpertMode): ExpertResult {
  const env = createAlfworldEnv(scene, { style: 'raw' });
  let obs = env.reset();
  while (!obs.done) obs = env.step(expertAction(env, { mode }));
  return { id: scene.id, success: obs.success, steps: obs.step };
}

function summarize(results: ExpertResult[]) {
  const won = results.filter((r) => r.success);
  return {
    games: results.length,
    success: won.length,
    successRate: results.length ? won.length / results.length : 0,
    meanSteps: won.length ? won.reduce((n, r) => n + r.steps, 0) / won.length : 0,
    maxSteps: won.reduce((n, r) => Math.max(n, r.steps), 0),
    failed: results.filter((r) => !r.success).map((r) => r.id),
  };
}

async function play(scene: AlfworldScene, raw: boolean, io: CommandIO): Promise<number> {
  const env = createAlfworldEnv(scene, { style: raw ? 'raw' : 'react' });
  let obs = env.reset();
  io.log(`[${scene.id}] (${scene.taskType}) type a command, ? for the admissible commands, quit to leave`);
  io.log(obs.text);
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
  rl.prompt();
  for await (const line of rl) {
    const command = line;
    if (command.trim() === 'quit' || command.trim() === 'exit') break;
    if (command.trim() === '?') {
      io.log(obs.admissibleActions.join('\n'));
    } else {
      obs = env.step(command);
      io.log(obs.text);
      if (obs.done) {
        io.log(obs.success ? `*** Won in ${obs.step} steps (reward ${obs.reward}). ***` : `*** Out of steps (${obs.step}). ***`);
        break;
      }
    }
    rl.prompt();
  }
  rl.close();
  return 0;
}

/** Summary statistics of a set of scenes, to compare generated scenes with the real train games. */
function sceneStats(scenes: AlfworldScene[]) {
  const mean = (f: (s: AlfworldScene) => number) => +(scenes.reduce((n, s) => n + f(s), 0) / scenes.length).toFixed(2);
  const taskMix: Record<string, number> = {};
  for (const s of scenes) taskMix[s.taskType] = +((taskMix[s.taskType] ?? 0) + 1 / scenes.length).toFixed(3);
  return {
    scenes: scenes.length,
    taskMix,
    receptacles: mean((s) => s.receptacles.length),
    locations: mean((s) => s.locations.length),
    openable: mean((s) => s.receptacles.filter((r) => r.openable).length),
    objectsInReceptacles: mean((s) => s.objects.filter((o) => o.in.length > 0).length),
  };
}

const group: CommandGroup = {
  summary: 'Text ALFWorld: replay real episodes, run the expert, play a game',
  subcommands: {
    replay: {
      summary: 'replay logged episodes and compare every observation with the simulator',
      usage: 'alfworld replay FILE [--games DIR] [--json]',
      async run(args, io) {
        const file = args.positionals[0];
        if (!file) throw new UsageError('replay needs the episodes FILE');
        const episodes = readEpisodes(file);
        const resolve = await sceneResolver(stringOption(args, 'games'));
        const report = replayEpisodes(episodes, (episode) => resolve(episode.gamefile));
        if (flag(args, 'json')) {
          io.json(report);
        } else {
          io.log(`${report.episodes} episodes, ${report.steps} steps: ${report.matched}/${report.compared} observations match`);
          for (const m of report.mismatches.slice(0, 20)) io.log(`  ${m.id} step ${m.step} "${m.action}"\n    expected: ${m.expected}\n    got:      ${m.got}`);
          if (report.outcomeMismatches.length) io.log(`  outcome differs: ${report.outcomeMismatches.join(', ')}`);
        }
        return report.matched === report.compared && report.outcomeMismatches.length === 0 ? 0 : 1;
      },
    },
    expert: {
      summary: 'run the expert on every game of a split (train adds --generated N generated scenes)',
      usage: 'alfworld expert --split valid_seen|valid_unseen|train [--mode search|oracle] [--generated N] [--json]',
      async run(args, io) {
        const split = splitOption(stringOption(args, 'split', 'valid_unseen'));
        const mode = stringOption(args, 'mode', 'search');
        if (mode !== 'search' && mode !== 'oracle') throw new UsageError('--mode must be search or oracle');
        const scenes = await loadAlfworldSplit(split, nodeDataReader());
        const generated = split === 'train' ? intOption(args, 'generated', 200) : 0;
        const total = scenes.length + generated;
        const progress = createProgress(`expert ${split}`, total);
        const real: ExpertResult[] = [];
        const gen: ExpertResult[] = [];
        for (let i = 0; i < total; i++) {
          if (i < scenes.length) real.push(runExpert(scenes[i], mode));
          else gen.push(runExpert(generateScene(i - scenes.length), mode));
          if (i % 20 === 0) progress.tick(i);
        }
        progress.finish();
        const out = { split, mode, ...summarize([...real, ...gen]), real: summarize(real), ...(generated ? { generated: summarize(gen) } : {}) };
        if (flag(args, 'json')) io.json(out);
        else io.log(`${split}: ${mode} expert solved ${out.success}/${out.games} (${(out.successRate * 100).toFixed(1)}%), mean ${out.meanSteps.toFixed(2)} steps, max ${out.maxSteps}`);
        return out.success === out.games ? 0 : 1;
      },
    },
    'compare-generated': {
      summary: 'statistics of N generated scenes next to the 200 real train games they are fitted to',
      usage: 'alfworld compare-generated [--n N] [--json]',
      async run(args, io) {
        const n = intOption(args, 'n', 500);
        const out = { real: sceneStats(await loadAlfworldSplit('train', nodeDataReader())), generated: sceneStats(Array.from({ length: n }, (_, seed) => generateScene(seed))) };
        if (flag(args, 'json')) io.json(out);
        else for (const [name, stats] of Object.entries(out)) io.log(`${name}: ${JSON.stringify(stats)}`);
        return 0;
      },
    },
    play: {
      summary: 'play one game in the terminal (? lists the admissible commands)',
      usage: 'alfworld play [--split S --game N | --generated SEED] [--raw]',
      async run(args, io) {
        const seed = stringOption(args, 'generated');
        let scene: AlfworldScene;
        if (seed !== undefined) {
          scene = generateScene(intOption(args, 'generated', 0));
        } else {
          const scenes = await loadAlfworldSplit(splitOption(stringOption(args, 'split', 'valid_unseen')), nodeDataReader());
          const n = intOption(args, 'game', 0);
          if (n < 0 || n >= scenes.length) throw new UsageError(`--game must be in [0, ${scenes.length - 1}]`);
          scene = scenes[n];
        }
        return play(scene, flag(args, 'raw'), io);
      },
    },
  },
};

export default group;

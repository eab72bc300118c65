/**
 * `eval`: held-out success of a saved policy and pool (`--run DIR`), or of the base policy with any
 * rule pack (`--rules FILE`: a pack this lab exported, or one another system learned, such as the
 * Reflexion and KnowSelf packs in public/data/rulepacks/). With both, the run's policy reads the
 * pack's rules instead of its own pool.
 *
 *   eval --env alfworld --split valid_unseen --run out/alfworld-jerp-s1
 *   eval --env alfworld --rules public/data/rulepacks/reflexion_alfworld.json --retrieval relevance
 */
import { join } from 'node:path';
import type { EnvKind, Split } from '../../src/core/envs/types';
import { type Checkpoint, fromCheckpoint } from '../../src/core/learn/checkpoint';
import { defaultRunConfig, type RetrievalMode, type RunConfig } from '../../src/core/learn/config';
import { counterfactual } from '../../src/core/learn/counterfactual';
import { evaluateHeldOut } from '../../src/core/learn/evaluate';
import { promptRules } from '../../src/core/learn/jerp';
import { type PolicyState, policyDescription, policyScorer } from '../../src/core/learn/policy-state';
import type { EvalSummary } from '../../src/core/learn/summary';
import { createPool, type PoolState } from '../../src/core/rules/pool';
import { parseRulePack } from '../../src/core/rules/rulepack';
import { loadTaskSource } from '../../src/core/tasks';
import { choiceOption, flag, intOption, stringOption } from '../args';
import { type CommandGroup, UsageError } from '../command';
import { policyContextFor } from '../lib/cell';
import { loadNodeModel } from '../lib/model-node';
import { nodeDataReader } from '../lib/node-data-reader';
import { readJsonFile } from '../lib/webshop-files';
import { createProgress } from '../progress';
import { RunDirectory } from '../lib/run-files';

/** A pool holding a rule pack's rules (imported: never changed by a learner). */
function poolFromPack(file: string, env: EnvKind): { pool: PoolState; source: string; skipped: number } {
  const pack = parseRulePack(readJsonFile(file), file);
  if (pack.env !== env) throw new UsageError(`${file} holds ${pack.env} rules; this evaluation is on ${env}`);
  const pool = createPool({
    capacity: Number.MAX_SAFE_INTEGER,
    initialRules: pack.rules.map((r) => ({ env, taskType: r.taskType, text: r.text, origin: 'import' as const })),
  });
  return { pool, source: pack.sourceId, skipped: pack.skipped.length };
}

interface SavedRun {
  config: RunConfig;
  checkpoint: Checkpoint;
}

function readRun(dir: string): SavedRun {
  const run = new RunDirectory(dir);
  if (!run.hasRunInfo()) throw new UsageError(`${join(dir, 'run.json')} not found: --run needs a run directory (experiment output)`);
  const info = run.readRunInfo<{ config: RunConfig }>();
  const last = run.latestCheckpoint<Checkpoint>();
  if (!last) throw new UsageError(`${dir} has no checkpoint yet`);
  return { config: info.config, checkpoint: last.checkpoint };
}

function percent(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

const USAGE = 'eval [--env alfworld|webshop] [--split valid_unseen|valid_seen|test] [--run DIR] [--rules FILE] [--retrieval paper|relevance] [--k K] [--limit N] [--with-rules-only] [--json]';

const group: CommandGroup & { defaultSubcommand: string } = {
  summary: 'Held-out evaluation of a saved policy and pool, or of the base policy with any rule pack',
  defaultSubcommand: 'run',
  subcommands: {
    run: {
      summary: 'Greedy success on a held-out split with and without rules (the run\'s pool, or --rules FILE)',
      usage: USAGE,
      async run(args, io) {
        const runDir = stringOption(args, 'run');
        const saved = runDir ? readRun(runDir) : null;
        const env = choiceOption<EnvKind>(args, 'env', ['alfworld', 'webshop'], saved?.config.env ?? 'alfworld');
        if (saved && saved.config.env !== env) throw new UsageError(`${runDir} is a ${saved.config.env} run; --env says ${env}`);
        const config: RunConfig = saved?.config ?? defaultRunConfig(env, 'base', 0);
        const split = choiceOption<Split>(args, 'split', env === 'alfworld' ? ['valid_unseen', 'valid_seen'] : ['test'], env === 'alfworld' ? 'valid_unseen' : 'test');
        const retrieval = { mode: choiceOption<RetrievalMode>(args, 'retrieval', ['paper', 'relevance'], config.retrieval.mode), k: intOption(args, 'k', config.retrieval.k) };
        const limitRaw = stringOption(args, 'limit');
        const limit = limitRaw === undefined ? undefined : intOption(args, 'limit', 0);
        if (limit !== undefined && limit < 1) throw new UsageError('--limit must be at least 1');
        const rulesFile = stringOption(args, 'rules');
        const json = flag(args, 'json');
        // The without-rules pass depends only on the policy: skip it when comparing rule sets on one policy.
        const withRulesOnly = flag(args, 'with-rules-only');

        // Read the pack before loading the model, so a bad file is reported at once.
        const pack = rulesFile ? poolFromPack(rulesFile, env) : null;
        const model = await loadNodeModel({ id: config.model.id, dtype: config.model.dtype });
        try {
          const context = await policyContextFor(config, model);
          let policy: PolicyState | null = null;
          let pool: PoolState = createPool();
          if (saved) ({ policy, pool } = fromCheckpoint(saved.checkpoint, context));
          let rulesSource = saved ? `the pool of ${runDir}` : 'none';
          if (pack) {
            pool = pack.pool;
            rulesSource = `${pack.source} (${pack.pool.rules.length} rules${pack.skipped ? `, ${pack.skipped} skipped` : ''})`;
          }
          const tasks = await loadTaskSource({ env, trainSource: config.tasks.trainSource, heldOutSplit: split, heldOutLimit: config.tasks.heldOutLimit ?? undefined }, nodeDataReader());
          const evalConfig: RunConfig = { ...config, retrieval };
          const scorer = policyScorer(policy, false);
          const total = Math.min(limit ?? Infinity, tasks.heldOut.length);
          const hasRules = pool.rules.some((r) => r.status === 'active');
          if (withRulesOnly && !hasRules) throw new UsageError('--with-rules-only needs rules: pass --run DIR with a learned pool or --rules FILE');
          const progress = createProgress('eval', total * (hasRules && !withRulesOnly ? 2 : 1));
          const withoutRules = withRulesOnly
            ? null
            : await evaluateHeldOut({ tasks, model, scorer, rulesFor: null, tag: 'norules', iteration: 0, limit, onEpisode: (d) => progress.tick(d) });
          const offset = withoutRules ? total : 0;
          const withRules = hasRules
            ? await evaluateHeldOut({
                tasks, model, scorer, tag: 'rules', iteration: 0, limit,
                rulesFor: (task, observation) => promptRules(pool, evalConfig, task, observation),
                onEpisode: (d) => progress.tick(offset + d),
              })
            : withoutRules!;
          progress.finish();
          const result = {
            env,
            split,
            tasks: total,
            policy: policyDescription(policy, model.info),
            rules: rulesSource,
            retrieval,
            withRules: withRules.summary,
            withoutRules: withoutRules?.summary ?? null,
          };
          if (json) io.json(result);
          else {
            const line = (name: string, s: EvalSummary) =>
              `  ${name.padEnd(14)} success ${percent(s.success)}  score ${s.score.toFixed(3)}  mean steps ${s.meanSteps.toFixed(1)}  failures: search ${s.failureClasses.search}, procedure ${s.failureClasses.procedure}, other ${s.failureClasses.other}`;
            io.log(`${env} ${split}, ${total} tasks; policy: ${result.policy}; rules: ${rulesSource}; retrieval ${retrieval.mode} k=${retrieval.k}`);
            io.log(line('with rules', withRules.summary));
            if (withoutRules) io.log(line('without rules', withoutRules.summary));
          }
          return 0;
        } finally {
          await model.dispose();
        }
      },
    },
    counterfactual: {
      summary: 'For one recorded step of a run: the candidate probabilities with its rules, and without each of them',
      usage: 'eval counterfactual --run DIR --episode ID --step N [--json]',
      async run(args, io) {
        const runDir = stringOption(args, 'run');
        const episodeId = stringOption(args, 'episode');
        if (!runDir || !episodeId) throw new UsageError('eval counterfactual needs --run DIR and --episode ID');
        const step = intOption(args, 'step', 0);
        const saved = readRun(runDir);
        const episode = new RunDirectory(runDir).readEpisodes().find((e) => e.id === episodeId);
        if (!episode) throw new UsageError(`${runDir} has no episode "${episodeId}"`);
        if (step < 0 || step >= episode.steps.length) throw new UsageError(`episode ${episodeId} has steps 0..${episode.steps.length - 1}; --step ${step} is not one`);
        const { config } = saved;
        const model = await loadNodeModel({ id: config.model.id, dtype: config.model.dtype });
        try {
          const { policy, pool } = fromCheckpoint(saved.checkpoint, await policyContextFor(config, model));
          const tasks = await loadTaskSource({ env: config.env, ...config.tasks, heldOutLimit: config.tasks.heldOutLimit ?? undefined }, nodeDataReader());
          const text = new Map(pool.rules.map((r) => [r.id, r.text]));
          const result = await counterfactual({ episode, step, ruleText: (id) => text.get(id), tasks, model, scorer: policyScorer(policy, false), temperature: episode.temperature });
          if (flag(args, 'json')) io.json({ episode: episodeId, step, ...result });
          else {
            const ids = Object.keys(result.withoutRule);
            io.log(`${episodeId} step ${step}: ${ids.length} rule(s) in the prompt (${ids.join(', ') || 'none'}); chosen "${result.actions[result.chosen]}"`);
            io.log(`  ${'candidate'.padEnd(40)} ${'with rules'.padStart(10)} ${ids.map((id) => `without ${id}`.padStart(12)).join(' ')}`);
            // Most probable first; the long tail of near-zero candidates is left to --json.
            const order = result.actions.map((_, i) => i).sort((a, b) => result.withRules[b] - result.withRules[a]).slice(0, 10);
            order.map((i) => [result.actions[i], i] as const).forEach(([a, i]) => io.log(`${i === result.chosen ? '>' : ' '} ${a.slice(0, 40).padEnd(40)} ${percent(result.withRules[i]).padStart(10)} ${ids.map((id) => percent(result.withoutRule[id][i]).padStart(12)).join(' ')}`));
          }
          return 0;
        } finally {
          await model.dispose();
        }
      },
    },
  },
};

export default group;

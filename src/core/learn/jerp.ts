/**
 * The JERP loop: one iteration, top to bottom. The CLI's experiments, the browser worker and the
 * tests all call this one function; nothing else runs the method.
 *
 *   1. Rollouts     draw tasks from the training split; play a group of G episodes per task with the
 *                   current policy, the pool's rules retrieved into the prompt
 *   2. Policy       GRPO on those episodes (PPO-clip against the rollout probabilities, exact KL to
 *                   the initial policy over each state's candidates, Adam), GiGPO's step-level
 *                   advantages for jerp-gigpo, and internalization: the rule-free prompt pulled
 *                   toward the actions of successful rule-conditioned rollouts
 *   3. Rules        for each failed rollout, a reference success (same group, else the archive); the
 *                   reflector diagnoses the first milestone the failure missed and emits operations
 *   4. Alignment    every n iterations, each rule's absorption (P(advised action | rule removed)) is
 *                   measured; absorbed rules leave the active pool, unhelpful ones are down-voted
 *   5. Metrics      one row of namespaced scalars per iteration
 *
 * `runIteration(state, config, context)` is pure apart from the model calls: it never mutates
 * `state`, and its randomness comes from (seed, iteration) alone, so an iteration replayed from a
 * checkpoint gives the same result as the uninterrupted run.
 */
import type { LanguageModel } from '../llm/types';
import { applyOps, type AppliedOp, type PoolState, recordEpisodeStats, type RuleOp } from '../rules/pool';
import { traceMilestones } from '../rules/milestones';
import { helpfulnessOps, updateAbsorption } from '../rules/absorption';
import { stateKey, type TaskRef, type TaskSource } from '../tasks';
import { createRng, type Rng } from '../util/rng';
import { measureAbsorption } from './absorption-measure';
import { iterationsFor, type RunConfig } from './config';
import { learnsPolicy, learnsRules, usesRules } from './method-plan';
import {
  type DecisionFeatures,
  internalizationSamples,
  type PolicySample,
  type PolicyState,
  policyScorer,
  rolloutSamples,
  stepFeatures,
  trainPolicy,
  type UpdateStats,
} from './policy-state';
import { featureBytes } from './policy/index';
import type { EpisodeRecord } from './records';
import { archiveSuccesses, pickReference, type SuccessArchive } from './references';
import { reflect } from './reflect';
import { promptRules } from './prompt-rules';
import { playEpisode, type PromptRule } from './rollout';

export { promptRules } from './prompt-rules';

export interface LearnerState {
  /** Iterations completed. */
  iteration: number;
  /** Training episodes played so far (the budget counts these). */
  episodesDone: number;
  /** The trainable policy head and its optimizer; null for methods that never train it. */
  policy: PolicyState | null;
  /** The run's own rule pool. */
  pool: PoolState;
  /** Best success per training task: the reflector's references. */
  archive: SuccessArchive;
}

export interface IterationContext {
  model: LanguageModel;
  tasks: TaskSource;
  /** Progress within the iteration (episodes played so far in it). */
  onEpisode?: (episode: EpisodeRecord) => void;
}

/** Namespaced scalars of one iteration: charts/…, losses/…, rules/…, time/…. */
export type IterationMetrics = Record<string, number>;

export interface IterationResult {
  state: LearnerState;
  episodes: EpisodeRecord[];
  ruleOps: AppliedOp[];
  metrics: IterationMetrics;
  /** `llm` reflector replies rejected by the strict parser, with why (kept in the run's log). */
  rejectedReflections: Array<{ failedEpisode: string; referenceEpisode: string; error: string; reply: string }>;
}

/** Thrown when anything but a training-split task would feed the learner. */
export class HeldOutLeakError extends Error {
  override name = 'HeldOutLeakError';
}

function assertTrainTask(tasks: TaskSource, task: { id: string; split: TaskRef['split'] }, use: string): void {
  if (!tasks.isTrain(task)) throw new HeldOutLeakError(`${task.id} (split ${task.split}) would be used ${use}: held-out tasks never feed the learner`);
}


/** Iterations in a run's budget (defined with the config, so that code which needs only this does not load the loop). */
export { iterationsFor };

/** Adds the seconds since `started` to a phase's timing (the time/… metrics). */
function addElapsed(timings: Record<string, number>, phase: string, started: number): void {
  timings[phase] = (timings[phase] ?? 0) + (performance.now() - started) / 1000;
}

export async function runIteration(state: LearnerState, config: RunConfig, context: IterationContext): Promise<IterationResult> {
  const { model, tasks } = context;
  const iteration = state.iteration;
  const total = iterationsFor(config);
  const rng: Rng = createRng(`${config.seed}:iteration:${iteration}`);
  const timings: Record<string, number> = {};
  // A fresh prefix cache per iteration keeps a resumed run bit-identical to an uninterrupted one.
  model.clearPrefixCache?.();

  const trainPolicyNow = learnsPolicy(config.method, iteration, total) && state.policy !== null;
  const reviseRulesNow = learnsRules(config.method, iteration, total);
  const withRules = usesRules(config.method);

  // ── 1. Rollouts ────────────────────────────────────────────────────────────────────────────
  let started = performance.now();
  const drawn = tasks.sampleTrain(rng.fork('tasks'), config.tasksPerIteration);
  const scorer = policyScorer(state.policy, trainPolicyNow);
  const groups: EpisodeRecord[][] = [];
  const features = new Map<string, DecisionFeatures[]>();
  for (const [g, task] of drawn.entries()) {
    assertTrainTask(tasks, task, 'for a training rollout');
    const group: EpisodeRecord[] = [];
    for (let k = 0; k < config.groupSize; k++) {
      const env = tasks.make(task);
      const decisions: DecisionFeatures[] = [];
      const trainable = trainPolicyNow ? state.policy : null;
      // state.pool is read at every decision, not once per episode: a person's edit in the Rules
      // workbench replaces it while an iteration runs and takes effect at the next decision.
      // Paper mode retrieves by goal only, so its rules are recomputed only when the pool changes.
      let paper: { pool: PoolState; rules: PromptRule[] } | null = null;
      const paperRules = (): PromptRule[] => {
        if (paper?.pool !== state.pool) paper = { pool: state.pool, rules: promptRules(state.pool, config, task, '') };
        return paper.rules;
      };
      const record = await playEpisode(env, model, {
        scorer,
        temperature: config.temperature,
        rng: rng.fork(`rollout:${g}:${k}`),
        rulesAt: !withRules ? () => [] : config.retrieval.mode === 'paper' ? paperRules : (obs) => promptRules(state.pool, config, task, obs),
        stateKey: config.method === 'jerp-gigpo' ? stateKey : undefined,
        onDecision: trainable ? (candidates, probs) => decisions.push({ features: stepFeatures(candidates, trainable), probs }) : undefined,
        meta: { id: `it${iteration}-g${g}-e${k}`, purpose: 'train', iteration, group: g, index: k },
      });
      if (trainable) features.set(record.id, decisions);
      group.push(record);
      context.onEpisode?.(record);
    }
    groups.push(group);
  }
  const episodes = groups.flat();
  addElapsed(timings, 'rollout', started);

  // ── 2. Policy update (the same trajectories) ──────────────────────────────────────────────────
  let policy = state.policy;
  let update: UpdateStats | null = null;
  if (trainPolicyNow && policy) {
    started = performance.now();
    const pg: PolicySample[] = [];
    for (const group of groups) pg.push(...rolloutSamples(group, features, config));
    const samples = subsample(pg, config.policy.maxSamples, rng.fork('pg-samples'));
    // Internalization: successful rollouts that had rules in their prompt, rescored without them.
    if (withRules && config.policy.internalizeCoef > 0) {
      const internalize: PolicySample[] = [];
      for (const e of episodes.filter((x) => x.success && x.withRules)) {
        assertTrainTask(tasks, taskOf(e), 'for internalization');
        internalize.push(...(await internalizationSamples(tasks.make(taskOf(e)), model, e, policy, config)));
      }
      samples.push(...subsample(internalize, Math.ceil(config.policy.maxSamples / 2), rng.fork('internalize-samples')));
    }
    ({ policy, stats: update } = trainPolicy(policy, samples, config, rng.fork('minibatches')));
    addElapsed(timings, 'update', started);
  }

  // ── 3. Rule revision (the same trajectories) ─────────────────────────────────────────────────
  let pool = state.pool;
  const ruleOps: AppliedOp[] = [];
  const apply = (ops: RuleOp[]): void => {
    if (ops.length === 0) return;
    const result = applyOps(pool, ops);
    pool = result.pool;
    ruleOps.push(...result.applied);
  };
  for (const e of episodes) {
    pool = recordEpisodeStats(pool, { retrievedRuleIds: [...new Set(e.steps.flatMap((s) => s.ruleIds))], success: e.success, env: e.env, taskType: e.taskType });
  }
  const rejectedReflections: IterationResult['rejectedReflections'] = [];
  if (reviseRulesNow) {
    started = performance.now();
    for (const group of groups) {
      for (const failed of group.filter((e) => !e.success)) {
        const ref = pickReference(failed, group, state.archive);
        if (!ref) continue;
        assertTrainTask(tasks, taskOf(failed), 'as a failed rollout for reflection');
        assertTrainTask(tasks, taskOf(ref.reference), 'as a reference');
        const failedTrace = traceMilestones(tasks.make(taskOf(failed)), failed.steps.map((s) => s.action));
        const referenceTrace = traceMilestones(tasks.make(taskOf(ref.reference)), ref.reference.steps.map((s) => s.action));
        const outcome = await reflect({ kind: config.reflector, iteration, failed, reference: ref.reference, failedTrace, referenceTrace, pool, model });
        if (outcome.rejected) rejectedReflections.push({ failedEpisode: failed.id, referenceEpisode: ref.reference.id, ...outcome.rejected });
        apply(outcome.ops);
      }
    }
    addElapsed(timings, 'reflect', started);
  }
  const archive = archiveSuccesses(state.archive, episodes.filter((e) => tasks.isTrain({ id: e.taskId, split: e.split })));

  // ── 4. Alignment: absorption and helpfulness ─────────────────────────────────────────────────
  let absorptionMean: number | null = null;
  if (reviseRulesNow && config.method !== 'rules-only' && config.absorption.every > 0 && (iteration + 1) % config.absorption.every === 0) {
    started = performance.now();
    const measurements = await measureAbsorption({ pool, policy, model, tasks, config });
    if (measurements.length > 0) absorptionMean = measurements.reduce((s, m) => s + m.score, 0) / measurements.length;
    const absorbed = updateAbsorption(pool, measurements, { threshold: config.absorption.threshold, streak: config.absorption.streak }, iteration);
    pool = absorbed.pool;
    apply(absorbed.ops);
    addElapsed(timings, 'absorb', started);
  }
  if (reviseRulesNow) apply(helpfulnessOps(pool, iteration));

  // ── 5. Metrics ────────────────────────────────────────────────────────────────────────────────
  const metrics: IterationMetrics = {
    'charts/episodes': state.episodesDone + episodes.length,
    'charts/train_success': episodes.filter((e) => e.success).length / Math.max(1, episodes.length),
    'charts/train_reward': episodes.reduce((s, e) => s + e.reward, 0) / Math.max(1, episodes.length),
    'charts/train_steps': episodes.reduce((s, e) => s + e.steps.length, 0) / Math.max(1, episodes.length),
  };
  for (const [type, list] of Object.entries(groupBy(episodes, (e) => e.taskType))) {
    metrics[`charts/train_success/${type}`] = list.filter((e) => e.success).length / list.length;
  }
  if (update) {
    metrics['losses/policy_loss'] = update.policyLoss;
    metrics['losses/kl'] = update.kl;
    metrics['losses/clip_fraction'] = update.clipFraction;
    metrics['losses/internalize'] = update.internalizeLoss;
    metrics['losses/adapter_norm'] = update.adapterNorm;
    metrics['losses/samples'] = update.samples;
  }
  const counts = { active: 0, absorbed: 0, removed: 0, pinned: 0 };
  for (const r of pool.rules) {
    counts[r.status]++;
    if (r.pinned && r.status === 'active') counts.pinned++;
  }
  for (const [status, n] of Object.entries(counts)) metrics[`rules/${status}`] = n;
  for (const op of ruleOps) metrics[`rules/ops/${op.kind}`] = (metrics[`rules/ops/${op.kind}`] ?? 0) + 1;
  if (absorptionMean !== null) metrics['rules/absorption_mean'] = absorptionMean;
  if (rejectedReflections.length > 0) metrics['rules/rejected_reflections'] = rejectedReflections.length;
  for (const [key, seconds] of Object.entries(timings)) metrics[`time/${key}_s`] = seconds;
  if (features.size > 0) {
    // What the update holds in memory: hidden states per distinct position, never 2,048 logits per token.
    let bytes = 0;
    for (const decisions of features.values()) for (const d of decisions) bytes += featureBytes(d.features);
    metrics['memory/policy_features_mib'] = bytes / 2 ** 20;
  }

  return {
    state: { iteration: iteration + 1, episodesDone: state.episodesDone + episodes.length, policy, pool, archive },
    episodes,
    ruleOps,
    metrics,
    rejectedReflections,
  };
}

/** At most n items drawn uniformly without replacement, in their original order. */
function subsample<T>(items: T[], n: number, rng: Rng): T[] {
  if (items.length <= n) return items;
  const keep = new Set(rng.shuffle(items.map((_, i) => i)).slice(0, n));
  return items.filter((_, i) => keep.has(i));
}

/** The task an episode was played on. */
function taskOf(e: EpisodeRecord): TaskRef {
  return { id: e.taskId, env: e.env, split: e.split, taskType: e.taskType, goal: e.goal };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Record<string, T[]> {
  const out: Record<string, T[]> = {};
  for (const item of items) (out[key(item)] ??= []).push(item);
  return out;
}

/**
 * The learner's trainable policy: a head over the model's output (LoRA on the final hidden state,
 * or a logit bias for models that expose no hidden state) and its Adam state, plus the glue the
 * JERP loop needs: how rollouts score with it, which samples an iteration trains on, and the
 * E epochs of minibatch updates. The math lives in ./policy/.
 */
import type { ModelInfo, CandidateScore, LanguageModel } from '../llm/types';
import type { TextEnvironment } from '../envs/types';
import { createRng, type Rng } from '../util/rng';
import type { RunConfig } from './config';
import {
  Adam,
  type AdamJSON,
  adapterNorm,
  buildStepFeatures,
  combineAdvantages,
  gigpoStepAdvantages,
  grpoAdvantages,
  type HeadJSON,
  LogitBiasHead,
  LoraHead,
  logSoftmax,
  type OutputTable,
  type PolicyHead,
  type PolicySample,
  policyObjective,
  restoreHead,
  type StepFeatures,
} from './policy/index';
import type { EpisodeRecord } from './records';
import { BASE_SCORER, type DecisionScorer, rescoreEpisode } from './rollout';

export type { PolicySample } from './policy/index';

/** What a policy needs from the loaded model: its output table (LoRA), or nothing (logit bias). */
export interface PolicyContext {
  /** W of the lm_head, read from the ONNX file the model loaded; null when the model has no hidden-state output. */
  outputTable: OutputTable | null;
  vocabSize: number;
}

export interface PolicyState {
  head: PolicyHead;
  optimizer: Adam;
  /** Not serialized: it is the model's own weights, read again at load. */
  table: OutputTable | null;
}

export interface PolicyJSON {
  head: HeadJSON;
  optimizer: AdamJSON;
}

/** Training features of one decision, with the exact probabilities the rollout sampled from (π_old). */
export interface DecisionFeatures {
  features: StepFeatures;
  probs: number[];
}

export function createPolicyState(config: RunConfig, context: PolicyContext): PolicyState {
  const table = context.outputTable;
  const head: PolicyHead = table
    ? new LoraHead({ vocab: table.vocab, hidden: table.hidden, rank: config.policy.rank, rng: createRng(`${config.seed}:adapter-init`) })
    : new LogitBiasHead(context.vocabSize);
  return { head, optimizer: new Adam(head.params, { lr: config.policy.learningRate, maxGradNorm: config.policy.maxGradNorm }), table };
}

export function policyToJSON(policy: PolicyState): PolicyJSON {
  return { head: policy.head.toJSON(), optimizer: policy.optimizer.toJSON() };
}

export function policyFromJSON(json: PolicyJSON, context: PolicyContext): PolicyState {
  const head = restoreHead(json.head);
  if (head.kind === 'lora' && !context.outputTable) throw new Error('this checkpoint trains a LoRA head, but the loaded model exposes no hidden state');
  return { head, optimizer: Adam.restore(json.optimizer, head.params), table: context.outputTable };
}

/** A deep copy (runIteration never mutates the state it was given). */
function clonePolicy(policy: PolicyState): PolicyState {
  const head = restoreHead(policy.head.toJSON());
  return { head, optimizer: Adam.restore(policy.optimizer.toJSON(), head.params), table: policy.table };
}

/** One sentence for run.json, the CLI and the UI: what is trained, and why that kind. */
export function policyDescription(policy: PolicyState | null, model: Pick<ModelInfo, 'id' | 'hasHiddenState' | 'vocabSize'>): string {
  if (!policy) return 'frozen: this method trains no policy parameters';
  const count = Object.values(policy.head.params).reduce((n, p) => n + p.length, 0);
  if (policy.head.kind === 'lora') {
    const rank = policy.head.shapes.A[0];
    return `LoRA adapter on the output layer (logits = W·h + B·(A·h)), rank ${rank}: ${count.toLocaleString('en-US')} trainable parameters`;
  }
  return `logit bias over the ${model.vocabSize.toLocaleString('en-US')}-token vocabulary (${count.toLocaleString('en-US')} parameters): model "${model.id}" exposes no hidden-state output, so no adapter on the hidden state can be trained`;
}

/**
 * How rollouts and evaluations score with the policy. The model is asked for hidden states and
 * logits only when they are needed: to keep training features, or because the head is no longer
 * the identity.
 */
export function policyScorer(policy: PolicyState | null, keepFeatures: boolean): DecisionScorer {
  if (!policy || (!keepFeatures && policy.head.isIdentity())) return BASE_SCORER;
  const head = policy.head;
  const needsHidden = head.kind === 'lora';
  return {
    scoreOptions: { withHidden: needsHidden, withLogits: true },
    scores: (candidates: CandidateScore[]) => head.adaptedCandidateScores(candidates),
  };
}

/** A decision's training features: hidden states for LoRA (logits recomputed from W·h), logits for the bias head. */
export function stepFeatures(candidates: readonly CandidateScore[], policy: PolicyState): StepFeatures {
  return buildStepFeatures(candidates, { keep: policy.head.kind === 'lora' ? 'hidden' : 'logits' });
}

/**
 * The policy-gradient samples of one group: every step gets its episode's GRPO advantage (plus, for
 * jerp-gigpo, ω times its step-level advantage among steps from the same state). Steps whose
 * advantage is 0 (a group where every rollout got the same reward) carry no policy gradient and are
 * left out: training on them would only apply the KL term at states the policy has not moved on.
 */
export function rolloutSamples(group: readonly EpisodeRecord[], features: ReadonlyMap<string, DecisionFeatures[]>, config: RunConfig): PolicySample[] {
  const episodeAdv = grpoAdvantages(group.map((e) => e.reward), config.policy.advantageEps);
  let stepAdv: number[][] = group.map((e, i) => e.steps.map(() => episodeAdv[i]));
  if (config.method === 'jerp-gigpo') {
    const step = gigpoStepAdvantages(
      group.map((e) => ({ stateKeys: e.steps.map((s, t) => s.stateKey ?? `${e.id}:${t}`), rewards: e.steps.map((s) => s.reward) })),
      config.policy.gigpo.gamma,
      config.policy.advantageEps,
    );
    stepAdv = combineAdvantages(episodeAdv, step, config.policy.gigpo.omega);
  }
  const samples: PolicySample[] = [];
  group.forEach((episode, i) => {
    const decisions = features.get(episode.id);
    if (!decisions) throw new Error(`no training features for ${episode.id}`);
    episode.steps.forEach((step, t) => {
      const advantage = stepAdv[i][t];
      if (advantage === 0) return;
      const { features: f, probs } = decisions[t];
      samples.push({ features: f, chosen: step.chosen, oldProbs: probs, refLogProbs: logSoftmax(f.baseScores, config.temperature), advantage, kind: 'pg' });
    });
  });
  return samples;
}

/**
 * Internalization samples of one successful rule-conditioned rollout: its actions, rescored on the
 * rule-free prompt, so the update raises the probability of the same actions without the rules.
 */
export async function internalizationSamples(env: TextEnvironment, model: LanguageModel, episode: EpisodeRecord, policy: PolicyState, config: RunConfig): Promise<PolicySample[]> {
  const scoreOptions = { withHidden: policy.head.kind === 'lora', withLogits: policy.head.kind !== 'lora' };
  const steps = await rescoreEpisode(env, model, episode.steps.map((s) => s.action), [], scoreOptions);
  return steps.map((s) => {
    const f = stepFeatures(s.candidates, policy);
    const refLogProbs = logSoftmax(f.baseScores, config.temperature);
    return { features: f, chosen: s.chosen, oldProbs: refLogProbs.map(Math.exp), refLogProbs, advantage: 0, kind: 'internalize' as const };
  });
}

export interface UpdateStats {
  policyLoss: number;
  kl: number;
  clipFraction: number;
  internalizeLoss: number;
  adapterNorm: number;
  samples: number;
  gradNorm: number;
}

/**
 * E epochs over the iteration's samples in shuffled minibatches, one Adam step each. Returns a new
 * policy (the given one is not changed) and the statistics of the last epoch.
 */
export function trainPolicy(policy: PolicyState, samples: readonly PolicySample[], config: RunConfig, rng: Rng): { policy: PolicyState; stats: UpdateStats } {
  const next = clonePolicy(policy);
  const objective = { temperature: config.temperature, clip: config.policy.clip, klCoef: config.policy.klCoef, internalizeCoef: config.policy.internalizeCoef };
  const stats: UpdateStats = { policyLoss: 0, kl: 0, clipFraction: 0, internalizeLoss: 0, adapterNorm: 0, samples: samples.length, gradNorm: 0 };
  if (samples.length === 0) return { policy: next, stats: { ...stats, adapterNorm: adapterNorm(next.head) } };
  const batches = Math.max(1, Math.min(config.policy.minibatches, samples.length));
  for (let epoch = 0; epoch < config.policy.epochs; epoch++) {
    const order = rng.shuffle(samples.map((_, i) => i));
    const last = epoch === config.policy.epochs - 1;
    for (let b = 0; b < batches; b++) {
      const batch = order.filter((_, j) => j % batches === b).map((i) => samples[i]);
      const result = policyObjective(next.head, batch, objective, next.table ?? undefined);
      const step = next.optimizer.step(result.grads);
      if (last) {
        const w = batch.length / samples.length;
        stats.policyLoss += w * result.stats.policyLoss;
        stats.kl += w * result.stats.kl;
        stats.clipFraction += w * result.stats.clipFraction;
        stats.internalizeLoss += w * result.stats.internalizeLoss;
        stats.gradNorm = Math.max(stats.gradNorm, step.gradNorm);
      }
    }
  }
  stats.adapterNorm = adapterNorm(next.head);
  return { policy: next, stats };
}

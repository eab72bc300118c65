/**
 * 'episode.counterfactual': "did this rule change the decision?" for one stored step, in the browser.
 * The computation is the core's (src/core/learn/counterfactual.ts, as `eval counterfactual` runs
 * it): the step replayed on the loaded model with the policy of the checkpoint the episode was
 * played with, and the step's rules as the model saw them. Answers are cached per step and model:
 * the same step asked again (the replay scrubbed back, a second panel) costs nothing.
 */
import { type Checkpoint, fromCheckpoint } from '../src/core/learn/checkpoint';
import { counterfactual } from '../src/core/learn/counterfactual';
import type { PolicyContext } from '../src/core/learn/policy-state';
import { policyScorer } from '../src/core/learn/policy-state';
import { stepRuleTexts } from '../src/core/rules/step-rule-texts';
import { checkpointForEpisode, getRunPool } from '../src/db/episodes-repo';
import { db } from '../src/db/instance';
import type { EpisodeCounterfactual, EpisodeRef } from '../src/protocol/messages';
import { currentModel } from './model-host';
import { loadStoredEpisode, runTaskSource } from './stored-episodes';
import { browserPolicyContext } from './trainer-setup';

export class CounterfactualUnavailableError extends Error {
  override name = 'CounterfactualUnavailableError';
}

const CACHE_LIMIT = 500;
const cache = new Map<string, EpisodeCounterfactual>();
const policyContexts = new Map<string, Promise<PolicyContext>>();

function policyContextFor(model: ReturnType<typeof currentModel>): Promise<PolicyContext> {
  const key = `${model.info.id}:${model.info.dtype}`;
  let context = policyContexts.get(key);
  if (!context) {
    context = browserPolicyContext(model);
    policyContexts.set(key, context);
    context.catch(() => policyContexts.delete(key));
  }
  return context;
}

export async function episodeCounterfactual(ref: EpisodeRef & { step: number }): Promise<EpisodeCounterfactual> {
  const model = currentModel();
  const key = JSON.stringify([ref.runId, ref.episodeId, ref.step, model.info.id, model.info.dtype, model.info.device]);
  const hit = cache.get(key);
  if (hit) return { ...hit, ms: 0, cached: true };

  const { run, episode } = await loadStoredEpisode(ref);
  if (!Number.isInteger(ref.step) || ref.step < 0 || ref.step >= episode.steps.length) {
    throw new RangeError(`Episode ${episode.id} has steps 1 to ${episode.steps.length}; step ${ref.step + 1} is not one of them.`);
  }
  const wanted = run.config.model;
  if (wanted.id !== model.info.id || wanted.dtype !== model.info.dtype) {
    throw new CounterfactualUnavailableError(`Run ${run.name} was played by ${wanted.id} (${wanted.dtype}), but ${model.info.id} (${model.info.dtype}) is loaded: load that model to compute counterfactuals.`);
  }
  const checkpoint = await checkpointForEpisode(db, run.id, episode.iteration);
  if (!checkpoint) throw new CounterfactualUnavailableError(`Run ${run.name} has no checkpoint to read its policy from.`);
  const started = performance.now();
  const [tasks, context, pool] = await Promise.all([runTaskSource(run.config), policyContextFor(model), getRunPool(db, run.id)]);
  const { policy } = fromCheckpoint(JSON.parse(checkpoint.json) as Checkpoint, context);
  const rules = stepRuleTexts(episode.steps[ref.step], pool);
  const text = new Map(rules.filter((r) => r.text).map((r) => [r.id, r.text]));
  const result = await counterfactual({
    episode, step: ref.step, ruleText: (id) => text.get(id), tasks, model, scorer: policyScorer(policy, false), temperature: episode.temperature,
  });
  const answer: EpisodeCounterfactual = {
    ...result, rules, checkpointIteration: checkpoint.iteration, exactCheckpoint: checkpoint.exact, device: model.info.device, ms: performance.now() - started, cached: false,
  };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, answer);
  return answer;
}

/**
 * Absorption, measured: for a rule, the probability that the current policy takes the rule's advised
 * action at the rule's decisive states with the rule removed from the prompt (the other retrieved
 * rules stay). A rule the policy follows unaided has been absorbed into the weights.
 *
 * The decisive states come from training-split reference episodes (the reflector records them with
 * the rule), so a measurement never touches a held-out task.
 */
import { softmax } from '../agent/policy';
import { PromptHistory } from '../agent/promptHistory';
import type { LanguageModel } from '../llm/types';
import type { PoolRule, PoolState } from '../rules/pool';
import type { TaskSource } from '../tasks';
import type { RunConfig } from './config';
import { promptRules } from './prompt-rules';
import { type PolicyState, policyScorer } from './policy-state';

export interface AbsorptionMeasurement {
  ruleId: string;
  /** Mean P(advised action | rule removed) over the measured states. */
  score: number;
  states: number;
}

export interface AbsorptionInput {
  pool: PoolState;
  policy: PolicyState | null;
  model: LanguageModel;
  tasks: TaskSource;
  config: RunConfig;
}

/** P(advised | the rule's decisive state, prompt without the rule) for one state; null when the state cannot be rebuilt. */
async function advisedProbability(rule: PoolRule, state: PoolRule['decisiveStates'][number], input: AbsorptionInput): Promise<number | null> {
  const task = input.tasks.taskById(state.taskId);
  if (!task || !input.tasks.isTrain(task)) return null;
  const env = input.tasks.make(task);
  let obs = env.reset();
  const rules = promptRules(input.pool, input.config, task, obs.text).filter((r) => r.id !== rule.id).map((r) => r.text);
  const history = new PromptHistory(task.goal, rules, obs.text);
  for (const action of state.actions) {
    if (!obs.admissibleActions.includes(action)) return null;
    obs = env.step(action);
    history.push(action, obs.text);
  }
  const at = obs.admissibleActions.indexOf(state.advised);
  if (obs.done || at < 0) return null;
  const scorer = policyScorer(input.policy, false);
  const candidates = await input.model.scoreCandidates(history.prefixSegments(), history.candidateSegments(obs.admissibleActions), scorer.scoreOptions);
  return softmax(scorer.scores(candidates), input.config.temperature)[at];
}

export async function measureRuleAbsorption(rule: PoolRule, input: AbsorptionInput): Promise<AbsorptionMeasurement | null> {
  const states = rule.decisiveStates.slice(-input.config.absorption.maxStates);
  const probs: number[] = [];
  for (const state of states) {
    const p = await advisedProbability(rule, state, input);
    if (p !== null) probs.push(p);
  }
  if (probs.length === 0) return null;
  return { ruleId: rule.id, score: probs.reduce((a, b) => a + b, 0) / probs.length, states: probs.length };
}

/** Every active, unpinned rule with decisive states, measured. */
export async function measureAbsorption(input: AbsorptionInput): Promise<AbsorptionMeasurement[]> {
  const out: AbsorptionMeasurement[] = [];
  for (const rule of input.pool.rules) {
    if (rule.status !== 'active' || rule.pinned || rule.decisiveStates.length === 0) continue;
    const m = await measureRuleAbsorption(rule, input);
    if (m) out.push(m);
  }
  return out;
}

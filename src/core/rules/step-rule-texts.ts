/**
 * The rule texts in the prompt of a recorded step, as the model saw them. A step records each rule's
 * version (StepRecord.ruleVersions); the text of that version is in the pool's history. Episodes
 * recorded before versions were stored only have rule ids: their texts are the rule's current text,
 * and are labelled so, since the rule may have been edited after the step.
 */
import type { StepRecord } from '../learn/records';
import type { PoolState } from './pool';

export interface StepRuleText {
  id: string;
  /** Empty when the pool has no such rule (the text cannot be shown or put back in a prompt). */
  text: string;
  /** 'seen': the version in the prompt at that step; 'current': today's text (no version recorded); 'missing': not in the pool. */
  source: 'seen' | 'current' | 'missing';
  version?: number;
}

export function stepRuleTexts(step: Pick<StepRecord, 'ruleIds'> & { ruleVersions?: number[] }, pool: Pick<PoolState, 'rules' | 'versions'> | null): StepRuleText[] {
  return step.ruleIds.map((id, i) => {
    const version = step.ruleVersions?.[i];
    if (version !== undefined) {
      const seen = pool?.versions.find((v) => v.ruleId === id && v.version === version);
      if (seen) return { id, text: seen.text, source: 'seen', version };
    }
    const rule = pool?.rules.find((r) => r.id === id);
    return rule ? { id, text: rule.text, source: 'current' } : { id, text: '', source: 'missing' };
  });
}

/**
 * What a counterfactual says about each rule, for people: the action the policy favours with every
 * rule in the prompt and with that one rule removed, and how the taken action's probability moved.
 */
import type { Counterfactual } from '../../core/learn/counterfactual';

export interface RuleEffect {
  ruleId: string;
  /** The most probable action without the rule, and its probability then. */
  topWithout: number;
  /** True when removing the rule changes the most probable action. */
  changed: boolean;
  /** The taken action's probability with all rules, without this one, and the difference (with − without). */
  chosenWith: number;
  chosenWithout: number;
  delta: number;
}

export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

export function ruleEffects(cf: Pick<Counterfactual, 'withRules' | 'withoutRule' | 'chosen'>): { topWith: number; effects: RuleEffect[] } {
  const topWith = argmax(cf.withRules);
  const effects = Object.entries(cf.withoutRule).map(([ruleId, without]) => {
    const topWithout = argmax(without);
    const chosenWith = cf.withRules[cf.chosen];
    const chosenWithout = without[cf.chosen];
    return { ruleId, topWithout, changed: topWithout !== topWith, chosenWith, chosenWithout, delta: chosenWith - chosenWithout };
  });
  return { topWith, effects };
}

export function percent(p: number): string {
  return `${(p * 100).toFixed(p >= 0.1 || p === 0 ? 0 : 1)}%`;
}

/** A signed change in percentage points: "+12.5 pp", "−3.0 pp". */
export function points(delta: number): string {
  const pp = delta * 100;
  return `${pp >= 0 ? '+' : '−'}${Math.abs(pp).toFixed(1)} pp`;
}

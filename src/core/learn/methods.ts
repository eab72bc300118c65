/**
 * The six methods compared on equal episode budgets (DESIGN.md §1). What each one learns:
 *
 *   base            nothing: the embedded model as it ships
 *   rules-only      the rule pool (reflection on failures), with the policy frozen (ExpeL-like)
 *   policy-only     the policy adapter (GRPO), with no rules
 *   jerp            both, from the same trajectories, plus internalization and absorption
 *   jerp-decoupled  the pool from the initial policy first (half the budget), then frozen while
 *                   the policy trains (the paper's misalignment ablation)
 *   jerp-gigpo      jerp with GiGPO's step-level advantages
 */
export const METHODS = ['base', 'rules-only', 'policy-only', 'jerp', 'jerp-decoupled', 'jerp-gigpo'] as const;
export type Method = (typeof METHODS)[number];

export function isMethod(value: string): value is Method {
  return (METHODS as readonly string[]).includes(value);
}

/**
 * What each method learns at a given iteration (src/core/learn/methods.ts says why each exists).
 * jerp-decoupled spends the first half of its budget learning the pool with the initial policy,
 * then freezes the pool while the policy trains: the paper's misalignment ablation.
 */
import type { Method } from './methods';

/** Does the method put rules in the prompt? */
export function usesRules(method: Method): boolean {
  return method !== 'base' && method !== 'policy-only';
}

/** Is the decoupled run still in its first (pool-learning) phase at this iteration? */
function decoupledPoolPhase(iteration: number, total: number): boolean {
  return iteration < Math.ceil(total / 2);
}

/** Does the policy head train at this iteration? */
export function learnsPolicy(method: Method, iteration: number, total: number): boolean {
  switch (method) {
    case 'policy-only':
    case 'jerp':
    case 'jerp-gigpo':
      return true;
    case 'jerp-decoupled':
      return !decoupledPoolPhase(iteration, total);
    default:
      return false;
  }
}

/** Does the reflector revise the pool at this iteration? */
export function learnsRules(method: Method, iteration: number, total: number): boolean {
  switch (method) {
    case 'rules-only':
    case 'jerp':
    case 'jerp-gigpo':
      return true;
    case 'jerp-decoupled':
      return decoupledPoolPhase(iteration, total);
    default:
      return false;
  }
}

/** Does the method have a trainable head at all? */
export function hasPolicyHead(method: Method): boolean {
  return method === 'policy-only' || method === 'jerp' || method === 'jerp-gigpo' || method === 'jerp-decoupled';
}

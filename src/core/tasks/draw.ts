/**
 * Drawing training tasks from a finite pool: without repetition inside one draw (a batch of B
 * tasks should be B different tasks), and reshuffled whenever the pool runs out.
 */
import type { Rng } from '../util/rng';

export function drawDistinct<T>(rng: Rng, pool: readonly T[], n: number): T[] {
  if (n > 0 && pool.length === 0) throw new Error('cannot draw training tasks from an empty pool');
  const out: T[] = [];
  while (out.length < n) out.push(...rng.shuffle(pool).slice(0, n - out.length));
  return out;
}

/** Checks a requested number of tasks (a non-negative integer). */
export function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`sampleTrain: n must be a non-negative integer, got ${n}`);
}

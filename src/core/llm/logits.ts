/** Small numeric helpers over one row of logits. */

/** log(sum(exp(row))) computed stably. */
export function logSumExp(row: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) if (row[i] > max) max = row[i];
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i] - max);
  return max + Math.log(sum);
}

/** Index of the largest value (first on ties). */
export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/** Samples an index from softmax(row / temperature). */
export function sampleIndex(row: ArrayLike<number>, temperature: number, random: () => number): number {
  const scaled = Array.from(row, (v) => v / temperature);
  const lse = logSumExp(scaled);
  let u = random();
  for (let i = 0; i < scaled.length; i++) {
    u -= Math.exp(scaled[i] - lse);
    if (u <= 0) return i;
  }
  return scaled.length - 1;
}

/**
 * Which past steps the prompt shows. The window keeps its start while the prompt fits, so the
 * prefix only grows and its KV cache can be extended; once it overflows, the start jumps forward
 * so that about half the budget is left for the steps to come. Jumping (rather than sliding by one
 * step) is what makes cross-step cache reuse possible, and it is cheap to train on: one training
 * sequence per window instead of one per step.
 */

/**
 * @param stepChars characters of each step's segments: index 0 is the initial observation, index
 *   i > 0 is action i plus the observation it produced.
 * @param headerChars characters of the header (task and rules).
 * @param previousStart the window start used for the previous step (0 at the first step).
 * @param last the index of the newest step to show.
 * @param budget the character budget for header plus window.
 */
export function nextWindowStart(
  stepChars: readonly number[],
  headerChars: number,
  previousStart: number,
  last: number,
  budget: number,
): number {
  const size = (start: number): number => {
    let total = headerChars;
    for (let i = start; i <= last; i++) total += stepChars[i];
    return total;
  };
  if (size(previousStart) <= budget) return previousStart;
  let start = previousStart;
  const target = headerChars + (budget - headerChars) / 2;
  while (start < last && size(start) > target) start++;
  return start;
}

/** The window start for every step 0..stepChars.length-1, computed the way the agent computes it online. */
export function windowStarts(stepChars: readonly number[], headerChars: number, budget: number): number[] {
  const starts: number[] = [];
  let start = 0;
  for (let t = 0; t < stepChars.length; t++) {
    start = nextWindowStart(stepChars, headerChars, start, t, budget);
    starts.push(start);
  }
  return starts;
}

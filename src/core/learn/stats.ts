/**
 * Small-sample statistics for comparing methods over seeds (issue #18 item 9). Experiments run 3 to
 * ~10 seeds, so intervals use Student's t rather than the normal approximation, which would be far
 * too narrow at df = 2 (4.30 vs 1.96).
 */

export type Interval = [lo: number, hi: number];

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Standard deviation with Bessel's correction (n − 1); 0 for fewer than two values. */
export function sampleStd(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const m = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - m) ** 2;
  return Math.sqrt(squares / (n - 1));
}

/** t_{0.975, df} for df = 1..30 (index df − 1); exact to 6 decimals. */
const T_975 = [
  12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
  2.200985, 2.178813, 2.160369, 2.144787, 2.13145, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
  2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.04523, 2.042272,
];

/** z_{0.975}: the normal quantile that t_{0.975, df} tends to. */
const Z_975 = 1.959963984540054;

/**
 * The two-sided 95% quantile of Student's t with `df` degrees of freedom. Beyond the table, the
 * Cornish–Fisher expansion around the normal quantile (error < 1e-4 at df = 31, shrinking after).
 */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom must be a positive integer, got ${df}`);
  if (df <= T_975.length) return T_975[df - 1];
  const z = Z_975;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3;
}

/** 95% confidence interval of the mean: mean ± t_{0.975, n−1} · s / √n. One value gives [v, v]; none gives NaNs. */
export function ci95(values: readonly number[]): Interval {
  const n = values.length;
  const m = mean(values);
  if (n < 2) return [m, m];
  const half = (tQuantile975(n - 1) * sampleStd(values)) / Math.sqrt(n);
  return [m - half, m + half];
}

export interface PairedDifference {
  mean: number;
  ci95: Interval;
  /** a_i − b_i, in the order given. */
  perSeed: number[];
}

/**
 * The paired difference a − b over seeds: both methods ran the same seeds (same task draws), so the
 * per-seed differences cancel the seed's own difficulty and give a tighter interval than comparing
 * two independent means.
 */
export function pairedDifference(a: readonly number[], b: readonly number[]): PairedDifference {
  if (a.length !== b.length) throw new RangeError(`paired values need equal lengths, got ${a.length} and ${b.length}`);
  const perSeed = a.map((v, i) => v - b[i]);
  return { mean: mean(perSeed), ci95: ci95(perSeed), perSeed };
}

/**
 * The contract every benchmark file implements: `bench/<name>.bench.ts` default-exports a
 * `Benchmark`. `bench/run.ts` discovers them, runs each once, and prints one table. Figures are
 * measured in the same process run so their ratios are meaningful; absolute numbers are noisy.
 */
export interface BenchRow {
  /** What was measured, e.g. "steps/s, random admissible play". */
  metric: string;
  value: number;
  unit: string;
  /** Optional context, e.g. "vs straightforward scan: 41.3x". */
  note?: string;
}

export interface Benchmark {
  name: string;
  run(): Promise<BenchRow[]>;
}

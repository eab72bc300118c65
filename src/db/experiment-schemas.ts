/**
 * What an experiment bundle's own files must look like (the run folders inside it are checked by
 * run-import.ts's schemas): experiment.json, the plan the CLI's `experiment` command writes, and
 * results.json, its aggregate over seeds (cli/lib/results.ts). Extra fields pass, so bundles from
 * newer CLIs still import.
 */
import { z } from 'zod';
import { METHODS, type Method } from '../core/learn/methods';
import type { RunConfig } from '../core/learn/config';
import { runConfigSchema } from './run-schemas';

const env = z.enum(['alfworld', 'webshop']);
const split = z.enum(['train', 'valid_seen', 'valid_unseen', 'test']);
const fraction = z.number().min(-1).max(1);
/** A mean over no seeds is NaN, which JSON writes as null. */
const maybe = fraction.nullable();

export const experimentPlanSchema = z.looseObject({
  version: z.literal(1),
  env,
  split,
  episodes: z.number().int().min(1),
  seeds: z.array(z.number().int()).min(1),
  methods: z.array(z.enum(METHODS)).min(1),
  cells: z.array(z.looseObject({ name: z.string().regex(/^[\w.-]+$/, 'a run name (letters, digits, . _ -)'), config: runConfigSchema })).min(1),
});

const seedStat = z.looseObject({ mean: maybe, ci95: z.tuple([maybe, maybe]), perSeed: z.array(maybe) });
const conditions = z.looseObject({ withRules: seedStat, withoutRules: seedStat });

export const methodResultsSchema = z.looseObject({
  runs: z.number().int().min(0),
  heldOut: conditions,
  score: conditions,
  pairedDiffToBase: conditions.optional(),
  perTaskType: z.record(z.string(), z.looseObject({ withRules: maybe, withoutRules: maybe })),
});

export const experimentResultsSchema = z.looseObject({
  env,
  split,
  episodes: z.number().int().min(1),
  seeds: z.array(z.number().int()).min(1),
  methods: z.partialRecord(z.enum(METHODS), methodResultsSchema),
  missing: z.array(z.string()),
});

/** A plan as the lab uses it (the schema's looseness narrowed to the fields read). */
export interface ExperimentPlanRecord {
  env: 'alfworld' | 'webshop';
  split: string;
  episodes: number;
  seeds: number[];
  methods: Method[];
  cells: Array<{ name: string; config: RunConfig }>;
}

export interface SeedStatRecord {
  mean: number | null;
  ci95: [number | null, number | null];
  perSeed: Array<number | null>;
}

export interface MethodResultsRecord {
  runs: number;
  heldOut: { withRules: SeedStatRecord; withoutRules: SeedStatRecord };
  score: { withRules: SeedStatRecord; withoutRules: SeedStatRecord };
  pairedDiffToBase?: { withRules: SeedStatRecord; withoutRules: SeedStatRecord };
  perTaskType: Record<string, { withRules: number | null; withoutRules: number | null }>;
}

export interface ExperimentResultsRecord {
  env: 'alfworld' | 'webshop';
  split: string;
  episodes: number;
  seeds: number[];
  methods: Partial<Record<Method, MethodResultsRecord>>;
  missing: string[];
}

/** An imported experiment: its plan and results, and the stored run of each cell that had one. */
export interface ExperimentRecord {
  id: string;
  /** The bundle's file name without .zip (what the researcher called it). */
  name: string;
  importedAt: number;
  plan: ExperimentPlanRecord;
  results: ExperimentResultsRecord;
  /** Cell (run name) → id of its imported run in `runs`. */
  runs: Record<string, string>;
}

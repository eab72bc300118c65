/**
 * What an imported run file must look like, checked before anything is written: zod schemas of
 * run.json, an episodes.jsonl line and a checkpoint. They check what the lab relies on (types,
 * ranges, formats) and let extra fields through, so files from newer CLIs still import.
 */
import { z } from 'zod';
import { CHECKPOINT_FORMAT } from '../core/learn/checkpoint';
import { METHODS } from '../core/learn/methods';
import { RULES_FORMAT, RUN_FORMAT } from '../core/learn/run-format';

const count = z.number().int().min(0);
const env = z.enum(['alfworld', 'webshop']);
const split = z.enum(['train', 'valid_seen', 'valid_unseen', 'test']);

export const runConfigSchema = z.looseObject({
  env,
  method: z.enum(METHODS),
  seed: z.number().int(),
  episodes: count,
  groupSize: z.number().int().min(1),
  tasksPerIteration: z.number().int().min(1),
  temperature: z.number().min(0),
  tasks: z.looseObject({ trainSource: z.enum(['real', 'generated', 'mixed']), heldOutSplit: split, heldOutLimit: count.nullable() }),
  retrieval: z.looseObject({ mode: z.enum(['paper', 'relevance']), k: count }),
  pool: z.looseObject({ capacity: z.number().int().min(1) }),
  reflector: z.enum(['contrastive', 'llm']),
  policy: z.looseObject({
    rank: z.number().int().min(1),
    learningRate: z.number().min(0),
    epochs: z.number().int().min(1),
    minibatches: z.number().int().min(1),
    maxSamples: z.number().int().min(1),
    clip: z.number().min(0),
    klCoef: z.number().min(0),
    advantageEps: z.number().min(0),
    internalizeCoef: z.number().min(0),
    maxGradNorm: z.number().min(0),
    gigpo: z.looseObject({ gamma: z.number(), omega: z.number() }),
  }),
  absorption: z.looseObject({ every: count, threshold: z.number(), streak: count, maxStates: count }),
  model: z.looseObject({ id: z.string().min(1), dtype: z.string().min(1) }),
});

export const runInfoSchema = z.looseObject({
  format: z.literal(RUN_FORMAT),
  name: z.string().min(1).max(200),
  config: runConfigSchema,
});

const stepSchema = z.looseObject({
  observation: z.string(),
  actions: z.array(z.string()),
  probs: z.array(z.number()),
  chosen: z.number().int().min(0),
  action: z.string(),
  ruleIds: z.array(z.string()),
  ruleVersions: z.array(z.number().int().nonnegative()).optional(),
  reward: z.number(),
  done: z.boolean(),
  stateKey: z.string().optional(),
});

export const episodeSchema = z.looseObject({
  id: z.string().min(1),
  taskId: z.string().min(1),
  env,
  split,
  taskType: z.string(),
  goal: z.string(),
  purpose: z.enum(['train', 'eval']),
  iteration: count,
  group: count,
  index: count,
  withRules: z.boolean(),
  temperature: z.number().min(0),
  steps: z.array(stepSchema),
  success: z.boolean(),
  reward: z.number(),
});

const poolSchema = z.looseObject({
  rules: z.array(z.looseObject({ id: z.string(), text: z.string(), status: z.enum(['active', 'absorbed', 'removed']) })),
  versions: z.array(z.unknown()),
  ops: z.array(z.unknown()),
  nextId: z.number().int().min(1),
  capacity: z.number().int().min(1),
});

export const rulesFileSchema = poolSchema.extend({ format: z.literal(RULES_FORMAT) });

export const checkpointSchema = z.looseObject({
  format: z.literal(CHECKPOINT_FORMAT),
  iteration: count,
  episodesDone: count,
  rng: z.looseObject({ seed: z.number().int(), iteration: count }),
  policy: z.looseObject({ head: z.looseObject({}), optimizer: z.looseObject({}) }).nullable(),
  pool: poolSchema,
  archive: z.record(z.string(), z.unknown()),
});

const evalSummarySchema = z.looseObject({ tasks: count, success: z.number().min(0).max(1), score: z.number() });

export const evaluationSchema = z.looseObject({
  env,
  split,
  method: z.enum(METHODS),
  seed: z.number().int(),
  episodes: count,
  iteration: count,
  withRules: evalSummarySchema,
  withoutRules: evalSummarySchema,
  rules: z.looseObject({}),
  seconds: z.looseObject({ train: z.number(), eval: z.number() }),
});

/** The first problem zod found, as "where: what" (no library jargon beyond the path). */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length > 0 ? issue.path.join('.') : 'the value';
  return `${where}: ${issue.message}`;
}

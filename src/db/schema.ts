/**
 * The lab's IndexedDB schema (Dexie). The one place where tables and indexes are declared;
 * migrations are added as new `version(n)` blocks below, never by editing old ones.
 *
 * Durable data lives here; the UI observes it with live queries, the worker writes it in
 * transactions so a reload mid-training loses at most the episode in flight.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { Rule } from '../core/rules/rule';

/** One saved version of a rule, written whenever its text, importance, pin or status changes. */
export interface RuleVersion {
  id?: number;
  ruleId: string;
  at: number;
  /** What changed it: a learner operation (ADD, EDIT, …) or a person's edit. */
  operation: string;
  origin: Rule['origin'];
  text: string;
  importance: number;
  pinned: boolean;
  status: Rule['status'];
  /** For learner operations: the run, iteration and episodes that caused it. */
  provenance?: { runId?: string; iteration?: number; episodeIds?: string[]; referenceIds?: string[]; note?: string };
}

export interface RunRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  status: 'running' | 'paused' | 'finished' | 'failed';
  /** The full run configuration, stored with the run so it can be reproduced. */
  config: Record<string, unknown>;
  iteration: number;
}

export interface EpisodeRecord {
  id: string;
  runId: string;
  iteration: number;
  taskId: string;
  env: Rule['env'];
  taskType: string;
  success: boolean;
  reward: number;
  steps: Array<{ action: string; observation: string; ruleIds?: string[]; logProb?: number }>;
  ruleIds: string[];
  createdAt: number;
}

export interface CheckpointRecord {
  id: string;
  runId: string;
  iteration: number;
  createdAt: number;
  /** Serialized trainable parameters (the low-rank adapter) and optimizer state. */
  weights: ArrayBuffer;
  meta: Record<string, unknown>;
}

export interface MetricRecord {
  id?: number;
  runId: string;
  iteration: number;
  /** Namespaced, e.g. `charts/success_rate`, `losses/policy`, `rules/pool_size`. */
  name: string;
  value: number;
  at: number;
}

export class LabDatabase extends Dexie {
  rules!: EntityTable<Rule, 'id'>;
  ruleVersions!: EntityTable<RuleVersion, 'id'>;
  runs!: EntityTable<RunRecord, 'id'>;
  episodes!: EntityTable<EpisodeRecord, 'id'>;
  checkpoints!: EntityTable<CheckpointRecord, 'id'>;
  metrics!: EntityTable<MetricRecord, 'id'>;

  constructor(name = 'jerp-lab') {
    super(name);
    this.version(1).stores({
      rules: 'id, env, taskType, status, pinned, importance, updatedAt',
      ruleVersions: '++id, ruleId, at',
      runs: 'id, createdAt, status',
      episodes: 'id, runId, [runId+iteration], taskId, success, createdAt',
      checkpoints: 'id, runId, [runId+iteration]',
      metrics: '++id, runId, [runId+name], [runId+iteration]',
    });
  }
}

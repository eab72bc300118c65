/**
 * The lab's IndexedDB schema (Dexie). The one place where tables and indexes are declared;
 * migrations are added as new `version(n)` blocks below, never by editing old ones.
 *
 * Durable data lives here; the UI observes it with live queries, the worker writes it in
 * transactions, one per training iteration (src/db/runs-repo.ts): runIteration's result only exists
 * whole, so a reload mid-training loses at most the iteration in flight.
 */
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { RunConfig } from '../core/learn/config';
import type { EpisodeRecord as RunEpisode } from '../core/learn/records';
import type { RunEvaluation } from '../core/learn/summary';
import type { PoolState } from '../core/rules/pool';
import { libraryFromV1, type RuleVersionV1 } from './library-v4';
import type { Rule } from '../core/rules/rule';
import type { ExperimentRecord } from './experiment-schemas';

/** The rule library (one row, id 'library'): a person's pinned and imported rules, as a pool (src/db/rules-repo.ts). */
export interface RuleLibraryRow {
  id: string;
  pool: PoolState;
  updatedAt: number;
}

/**
 * A training run. `running` is only true while a worker is looping over it: a run still `running`
 * when the app starts was cut off by a reload or a crash and is shown as `interrupted`.
 */
export type RunStatus = 'running' | 'paused' | 'interrupted' | 'stopped' | 'finished' | 'failed';

export interface RunRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  status: RunStatus;
  /** The full run configuration, stored with the run so it can be reproduced (run.json's `config`). */
  config: RunConfig;
  /** Iterations committed (the newest checkpoint's iteration). */
  iteration: number;
  /** Training episodes committed. */
  episodesDone: number;
  /** Iterations in the run's budget (iterationsFor(config)). */
  totalIterations: number;
  /** run.json as the run-file format has it (model, policy, versions, data, createdAt). */
  info: Record<string, unknown>;
  /** Wall-clock seconds of the committed iterations. */
  trainSeconds?: number;
  /** eval.json: the held-out evaluation after the last iteration (absent until it is done). */
  evaluation?: RunEvaluation;
  /** Why a failed run failed. */
  error?: string;
  /** Held-out evaluation every this many iterations while training (absent or 0: only after the last). */
  evalEvery?: number;
}

/** Version 1's run row, before the run-file format was stored (kept for the migration only). */
interface RunRecordV1 {
  id: string;
  status: string;
  config: Record<string, unknown>;
  iteration: number;
}

/** One episodes.jsonl line of a run, keyed by [runId+id]. */
export type RunEpisodeRow = RunEpisode & { runId: string };

/**
 * The fields of a stored episode that the Trajectories list shows and filters on, kept apart from the
 * episode itself (whose steps hold every observation and candidate list: reading 10,000 of those to
 * draw a list would load hundreds of megabytes). Derived from runEpisodes by src/db/episodes-repo.ts.
 */
export interface RunEpisodeSummaryRow {
  runId: string;
  id: string;
  taskId: string;
  env: RunEpisode['env'];
  taskType: string;
  split: RunEpisode['split'];
  purpose: RunEpisode['purpose'];
  iteration: number;
  withRules: boolean;
  success: boolean;
  reward: number;
  steps: number;
}

/** checkpoints/iter-NNNNNN.json of a run: the learner state after `iteration` committed iterations, as JSON text. */
export interface RunCheckpointRow {
  runId: string;
  iteration: number;
  /** JSON of a Checkpoint (src/core/learn/checkpoint.ts), kept as text: it is written and read whole. */
  json: string;
  createdAt: number;
}

/** A run's own rule pool after its last committed iteration (rules.json). */
export interface RunPoolRow {
  runId: string;
  pool: PoolState;
  updatedAt: number;
}

export interface MetricRecord {
  id?: number;
  runId: string;
  iteration: number;
  /** Namespaced, e.g. `charts/success_rate`, `losses/policy`, `rules/pool_size`. */
  name: string;
  value: number;
  /** Training episodes committed when the row was written (metrics.csv's `episodes` column; 0 for version 1 rows). */
  episodes: number;
  at: number;
}

/** Version 1's tables, as the first release declared them (the migration tests open a database at this version). */
export const VERSION_1_STORES = {
  rules: 'id, env, taskType, status, pinned, importance, updatedAt',
  ruleVersions: '++id, ruleId, at',
  runs: 'id, createdAt, status',
  episodes: 'id, runId, [runId+iteration], taskId, success, createdAt',
  checkpoints: 'id, runId, [runId+iteration]',
  metrics: '++id, runId, [runId+name], [runId+iteration]',
};

export class LabDatabase extends Dexie {
  ruleLibrary!: EntityTable<RuleLibraryRow, 'id'>;
  runs!: EntityTable<RunRecord, 'id'>;
  metrics!: EntityTable<MetricRecord, 'id'>;
  runEpisodes!: Table<RunEpisodeRow, [string, string]>;
  runCheckpoints!: Table<RunCheckpointRow, [string, number]>;
  runPools!: EntityTable<RunPoolRow, 'runId'>;
  runEpisodeSummaries!: Table<RunEpisodeSummaryRow, [string, string]>;
  experiments!: EntityTable<ExperimentRecord, 'id'>;

  constructor(name = 'jerp-lab') {
    super(name);
    this.version(1).stores(VERSION_1_STORES);
    // Version 2: runs store the run-file format (issue #19). Episodes are EpisodeRecords keyed by
    // [runId+id] and checkpoints are Checkpoint JSON keyed by [runId+iteration]; IndexedDB cannot
    // change a primary key, so they live in new tables and version 1's `episodes` and `checkpoints`
    // (declared, never written by any release) are dropped. Version 1 runs, having no checkpoint
    // to resume from, are kept as failed runs with that reason.
    this.version(2)
      .stores({
        episodes: null,
        checkpoints: null,
        runEpisodes: '[runId+id], runId, [runId+iteration]',
        runCheckpoints: '[runId+iteration], runId',
        runPools: 'runId',
      })
      .upgrade(async (tx) => {
        await tx.table('metrics').toCollection().modify((row: Partial<MetricRecord>) => {
          row.episodes ??= 0;
        });
        await tx.table('runs').toCollection().modify((row: RunRecordV1 & Partial<RunRecord>) => {
          row.episodesDone ??= 0;
          row.totalIterations ??= row.iteration;
          row.info ??= {};
          if (row.status !== 'finished') {
            row.status = 'failed';
            row.error = 'stored by an earlier version of the lab, without checkpoints to resume from';
          }
        });
      });
    // Version 3: episode summaries for the Trajectories list, filled from runEpisodes on demand
    // (src/db/episodes-repo.ts syncEpisodeSummaries), so no migration writes them here.
    this.version(3).stores({ runEpisodeSummaries: '[runId+id], runId' });
    // Version 4: the rule library becomes a PoolState, the learner's own shape, in one row; the
    // rules and ruleVersions tables of the separate Rule model are converted (library-v4.ts), then dropped.
    this.version(4)
      .stores({ rules: null, ruleVersions: null, ruleLibrary: 'id' })
      .upgrade(async (tx) => {
        const rules = (await tx.table('rules').toArray()) as Rule[];
        if (rules.length === 0) return;
        const versions = (await tx.table('ruleVersions').toArray()) as RuleVersionV1[];
        await tx.table('ruleLibrary').put({ id: 'library', pool: libraryFromV1(rules, versions), updatedAt: Date.now() } satisfies RuleLibraryRow);
      });
    // Version 5: experiments imported from a sweep's bundle (experiment-import.ts); their cells are runs.
    this.version(5).stores({ experiments: 'id, importedAt' });
  }
}

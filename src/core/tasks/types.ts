/**
 * What the learner, the CLI and the worker ask of a task source: which tasks to train on, which to
 * hold out, and a fresh environment for any of them. One source per run; every consumer draws
 * tasks and builds environments through it, so a task id means the same game everywhere.
 */
import type { EnvKind, Split, TextEnvironment } from '../envs/types';
import type { Rng } from '../util/rng';

export type TrainSource = 'real' | 'generated' | 'mixed';
export const TRAIN_SOURCES: readonly TrainSource[] = ['real', 'generated', 'mixed'];

export interface TaskRef {
  /**
   * Stable id, equal to the environment's task.id: ALFWorld's scene id (e.g.
   * 'valid_unseen/pick_and_place_simple-…/trial_…', train games 'valid_train/…'), the generator's
   * scene id 'generated/<taskType>/<seed>' for generated scenes, or the WebShop goal id ('webshop:train:17').
   */
  id: string;
  env: EnvKind;
  /** 'train' for every training task (generated scenes included), else the held-out split. */
  split: Split;
  /** ALFWorld task type / WebShop category. */
  taskType: string;
  /** Instruction text exactly as the env's task.goal shows it. */
  goal: string;
}

export interface TaskSourceConfig {
  env: EnvKind;
  /** ALFWorld training tasks: the 200 real train games, generated scenes, or both (default 'real'). Ignored for WebShop. */
  trainSource?: TrainSource;
  /** ALFWorld: 'valid_unseen' (134 games, default) or 'valid_seen' (140). WebShop: 'test'. */
  heldOutSplit?: Split;
  /** Held-out tasks kept, first N (WebShop default 200; ALFWorld default all). */
  heldOutLimit?: number;
  /** Step limit of every episode (default: the environment's own, ALFWorld 50, WebShop 15); lower only, for short demonstrations and tests. */
  maxSteps?: number;
}

/**
 * The config a source actually uses: defaults filled in, trainSource 'real' for WebShop (it has no
 * generated tasks), and heldOutLimit the number of held-out tasks kept (at most the split's size:
 * the standard shop has 100 test goals, so WebShop's default 200 keeps 100).
 */
export type ResolvedTaskSourceConfig = Required<Omit<TaskSourceConfig, 'maxSteps'>> & Pick<TaskSourceConfig, 'maxSteps'>;

export interface TaskSource {
  readonly env: EnvKind;
  readonly config: Readonly<ResolvedTaskSourceConfig>;
  /** The held-out tasks, in a fixed order (the split file's / the goal list's order). */
  readonly heldOut: readonly TaskRef[];
  /**
   * n training tasks drawn with rng, deterministic given the rng state. Real tasks are drawn
   * without repetition within one call (until the pool is exhausted); 'generated' draws scene
   * seeds and cycles the six task types from a random start; 'mixed' is half real, half generated.
   */
  sampleTrain(rng: Rng, n: number): TaskRef[];
  /** A fresh environment for a task (ALFWorld: style 'react'; WebShop: the standard shop, renderer 'react'). Throws for an unknown id. */
  make(task: TaskRef): TextEnvironment;
  /** Is this a training-split task of this source? The learner's held-out guard calls it. */
  isTrain(task: { id: string; split: Split }): boolean;
  /** The ref of a task of this source (train, generated or held-out kept) by id, e.g. to rebuild a logged episode's task; undefined for any other id. */
  taskById(id: string): TaskRef | undefined;
  /**
   * A fingerprint of the tasks this source serves ('<env>:<16 hex>'): the game files' or the shop's
   * content and the config, so a run records exactly which data it saw. Computed on first read.
   */
  readonly dataVersion: string;
}

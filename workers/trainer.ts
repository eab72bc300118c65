/**
 * The worker's training loop: one run at a time, driven the way the CLI drives a cell
 * (cli/lib/cell.ts) — runIteration over and over, each result committed before the next starts —
 * with the commit going to IndexedDB in one transaction instead of to files. Pause, Step and Stop
 * take effect between iterations (runIteration cannot be cut in half without losing determinism),
 * so a reload or a crash loses at most the iteration in flight.
 */
import { type Checkpoint, fromCheckpoint, toCheckpoint } from '../src/core/learn/checkpoint';
import { type RunConfig, runName } from '../src/core/learn/config';
import { iterationsFor, type LearnerState, runIteration } from '../src/core/learn/jerp';
import { hasPolicyHead, usesRules } from '../src/core/learn/method-plan';
import { createPolicyState, policyDescription } from '../src/core/learn/policy-state';
import { assertReflectorAvailable } from '../src/core/learn/reflect';
import { evaluateRun } from '../src/core/learn/run-evaluation';
import type { LanguageModel } from '../src/core/llm/types';
import { type AppliedOp, createPool, type InitialRule, type PoolState } from '../src/core/rules/pool';
import { applyUserEdit, RuleEditError, type UserRuleEdit } from '../src/core/rules/user-edits';
import type { TaskSource } from '../src/core/tasks';
import { db } from '../src/db/instance';
import { commitEvaluation, commitEvaluationMetrics, commitIteration, createRun, latestCheckpoint, setRunStatus, updateRunPool } from '../src/db/runs-repo';
import type { TrainProgress, TrainStatus, WorkerEvent } from '../src/protocol/messages';
import { currentModel } from './model-host';
import { yieldingToPage } from './page-busy';
import { holdRunLock } from './run-lock';
import { browserPolicyContext, browserRunInfo, loadRunTasks } from './trainer-setup';

export class TrainingBusyError extends Error {
  override name = 'TrainingBusyError';
}

export class RunFinishedError extends Error {
  override name = 'RunFinishedError';
}

export class RunModelMismatchError extends Error {
  override name = 'RunModelMismatchError';
}

/** What the loop does after the iteration in flight: go on, pause, stop, or (step) one iteration then pause. */
type Control = 'run' | 'pause' | 'stop' | 'step';

interface ActiveRun {
  runId: string;
  config: RunConfig;
  state: LearnerState;
  tasks: TaskSource;
  total: number;
  control: Control;
  looping: boolean;
  /** Whether eval.json exists: a run is finished once its held-out evaluation is committed. */
  evaluated: boolean;
  /** Wall-clock seconds of committed iterations (eval.json reports them). */
  trainSeconds: number;
  /** Held-out episodes played so far while evaluating, and how many there are. */
  evaluation: { done: number; total: number } | null;
  session: { startedAt: number; episodes: number; decisions: number };
  /** Held-out evaluation every this many iterations while training (0: only after the last). */
  evalEvery: number;
  /** A person asked for a held-out evaluation: it runs once the iteration in flight is committed. */
  evaluateRequested: boolean;
  /** A person's rule edits since the last commit, each with the op it produced (see reconcileEdits). */
  edits: Array<{ edit: UserRuleEdit; op: AppliedOp }>;
}

type Emit = (event: WorkerEvent) => void;

let active: ActiveRun | null = null;
/** True while a start, resume or step is setting up (awaiting the database): a second one must wait its turn. */
let preparing = false;

function progressOf(run: ActiveRun, status: TrainStatus, inFlight: number, error?: string, storageFull = false): TrainProgress {
  const perIteration = run.config.groupSize * run.config.tasksPerIteration;
  return {
    runId: run.runId,
    status,
    iteration: run.state.iteration,
    totalIterations: run.total,
    episodesDone: run.state.episodesDone + inFlight,
    episodesTotal: run.total * perIteration,
    sessionEpisodes: run.session.episodes,
    sessionDecisions: run.session.decisions,
    sessionMs: performance.now() - run.session.startedAt,
    backend: currentModelDevice(),
    ...(run.evaluation ? { evaluation: run.evaluation } : {}),
    ...(run.control === 'pause' || run.control === 'stop' ? { pending: run.control } : {}),
    ...(error ? { error } : {}),
    ...(storageFull ? { storageFull } : {}),
  };
}

function currentModelDevice(): string {
  try {
    return currentModel().info.device;
  } catch {
    return 'none';
  }
}

function assertIdle(): void {
  if (preparing) throw new TrainingBusyError('A run is being started: wait for it, then pause or stop it.');
  if (active?.looping) throw new TrainingBusyError(`Run ${active.runId} is training: pause or stop it first.`);
}

/** Runs a start/resume/step's set-up with no other one interleaving (two quick clicks would start two loops). */
async function exclusively<T>(prepare: () => Promise<T>): Promise<T> {
  assertIdle();
  preparing = true;
  try {
    return await prepare();
  } finally {
    preparing = false;
  }
}

function checkModel(config: RunConfig, model: LanguageModel): void {
  if (usesRules(config.method)) assertReflectorAvailable(config.reflector, model);
  if (config.model.id !== model.info.id || config.model.dtype !== model.info.dtype) {
    throw new RunModelMismatchError(`This run trains ${config.model.id} (${config.model.dtype}), but ${model.info.id} (${model.info.dtype}) is loaded: load that model first.`);
  }
}

export interface StartOptions {
  /** Held-out evaluation (with and without rules) every this many iterations while training; 0 or absent: only after the last. */
  evalEvery?: number;
  /** Rules the pool starts from (a person's library): r1, r2, … at iteration 0, recorded as 'user'/'import' ADDs. */
  initialRules?: readonly InitialRule[];
}

export function startTraining(requested: RunConfig, emit: Emit, options: StartOptions = {}): Promise<{ runId: string }> {
  return exclusively(() => createAndStart(requested, emit, options));
}

async function createAndStart(requested: RunConfig, emit: Emit, options: StartOptions): Promise<{ runId: string }> {
  const model = currentModel();
  const config: RunConfig = { ...requested, model: { id: model.info.id, dtype: model.info.dtype } };
  checkModel(config, model);
  const tasks = await loadRunTasks(config);
  const context = await browserPolicyContext(model);
  const state: LearnerState = {
    iteration: 0,
    episodesDone: 0,
    policy: hasPolicyHead(config.method) ? createPolicyState(config, context) : null,
    pool: createPool({ capacity: config.pool.capacity, initialRules: usesRules(config.method) ? options.initialRules : undefined }),
    archive: {},
  };
  // The name says what differs between runs (as the CLI's directories do); the suffix keeps ids unique.
  const runId = `${runName(config)}-${Date.now().toString(36)}`;
  await createRun(db, {
    id: runId,
    name: runName(config),
    config,
    totalIterations: iterationsFor(config),
    info: browserRunInfo(config, model, tasks, policyDescription(state.policy, model.info)),
    checkpointJson: JSON.stringify(toCheckpoint(state, config.seed)),
    pool: state.pool,
    evalEvery: options.evalEvery ?? 0,
  });
  active = newActive(runId, config, state, tasks, 'run', { evaluated: false, trainSeconds: 0, evalEvery: options.evalEvery ?? 0 });
  void loop(active, emit, await holdRunLock(runId));
  return { runId };
}

function newActive(runId: string, config: RunConfig, state: LearnerState, tasks: TaskSource, control: Control, stored: { evaluated: boolean; trainSeconds: number; evalEvery: number }): ActiveRun {
  return {
    runId, config, state, tasks, total: iterationsFor(config), control, looping: false, ...stored, evaluation: null, evaluateRequested: false,
    session: { startedAt: performance.now(), episodes: 0, decisions: 0 }, edits: [],
  };
}

/** Continues a run from IndexedDB's last committed checkpoint (or the paused run still in memory). */
async function reopen(runId: string, control: Control): Promise<ActiveRun> {
  if (active?.runId === runId) {
    active.control = control;
    active.session = { startedAt: performance.now(), episodes: 0, decisions: 0 };
    return active;
  }
  const model = currentModel();
  const stored = await latestCheckpoint(db, runId);
  const config = stored.run.config;
  checkModel(config, model);
  const tasks = await loadRunTasks(config);
  const state = fromCheckpoint(JSON.parse(stored.json) as Checkpoint, await browserPolicyContext(model));
  active = newActive(runId, config, state, tasks, control, { evaluated: stored.run.evaluation !== undefined, trainSeconds: stored.run.trainSeconds ?? 0, evalEvery: stored.run.evalEvery ?? 0 });
  return active;
}

export function resumeTraining(runId: string, emit: Emit): Promise<{ runId: string }> {
  return continueRun(runId, 'run', emit);
}

export function stepTraining(runId: string, emit: Emit): Promise<{ runId: string }> {
  return continueRun(runId, 'step', emit);
}

function continueRun(runId: string, control: Control, emit: Emit): Promise<{ runId: string }> {
  return exclusively(async () => {
    // Before anything is read: a run another tab is training must not be reopened here.
    const release = await holdRunLock(runId);
    try {
      const run = await reopen(runId, control);
      await setRunStatus(db, runId, 'running');
      void loop(run, emit, release);
    } catch (error) {
      release();
      throw error;
    }
    return { runId };
  });
}

export function pauseTraining(emit: Emit): { runId: string | null } {
  if (!active?.looping) return { runId: null };
  active.control = 'pause';
  emit({ type: 'train.progress', progress: progressOf(active, 'running', 0) });
  return { runId: active.runId };
}

export async function stopTraining(runId: string, emit: Emit): Promise<{ runId: string }> {
  if (active?.runId === runId && active.looping) {
    active.control = 'stop';
    emit({ type: 'train.progress', progress: progressOf(active, 'running', 0) });
    return { runId };
  }
  await setRunStatus(db, runId, 'stopped');
  if (active?.runId === runId) {
    emit({ type: 'train.progress', progress: progressOf(active, 'stopped', 0) });
    active = null;
  }
  return { runId };
}

/**
 * A person's edit of a run's rule pool (the Rules workbench). On the run being trained here it
 * replaces the in-memory pool at once, so it takes effect at the next decision; either way it is
 * committed with the newest checkpoint in one transaction, so a reload keeps it.
 */
export async function editRule(runId: string, edit: UserRuleEdit): Promise<{ pool: PoolState; ruleId: string }> {
  const run = active?.runId === runId ? active : null;
  if (!run) {
    let ruleId = '';
    const pool = await updateRunPool(db, runId, (stored, record) => {
      if (record.status === 'finished') throw new RuleEditError('This run is finished: its rules are the ones its evaluation used. Copy a rule to your library to use it in a new run.');
      const result = applyUserEdit(stored, edit, record.iteration);
      ruleId = result.ruleId;
      return result.pool;
    });
    return { pool, ruleId };
  }
  const { pool, ruleId } = applyUserEdit(run.state.pool, edit, run.state.iteration);
  run.state.pool = pool;
  run.edits.push({ edit, op: pool.ops[pool.ops.length - 1] });
  await persistPool(run);
  return { pool, ruleId };
}

/**
 * Writes the in-memory pool of the active run with its newest checkpoint, when that checkpoint is
 * the state the pool belongs to. While an iteration's commit is under way the database is one
 * iteration ahead of memory: nothing is written then, and reconcileEdits writes it once the commit is done.
 */
async function persistPool(run: ActiveRun): Promise<void> {
  await updateRunPool(db, run.runId, (stored, record) => (record.iteration === run.state.iteration ? run.state.pool : stored));
}

/**
 * runIteration builds its next pool from the pool it read after the rollouts, so an edit made
 * later in the iteration (during rule revision, or while the commit was being written) is not in
 * the committed pool: apply it again on top, and say so if it no longer applies (the learner
 * removed its rule meanwhile).
 */
async function reconcileEdits(run: ActiveRun, emit: Emit): Promise<void> {
  const pending = run.edits;
  run.edits = [];
  let changed = false;
  for (const { edit, op } of pending) {
    if (run.state.pool.ops.includes(op)) continue;
    try {
      run.state.pool = applyUserEdit(run.state.pool, edit, run.state.iteration).pool;
      changed = true;
    } catch (error) {
      emit({ type: 'log', level: 'warn', message: `Your ${edit.kind} of a rule could not be kept after iteration ${run.state.iteration}: ${(error as Error).message}` });
    }
  }
  if (changed) await persistPool(run);
}

/** evaluateRun on the run's committed state, its progress reported as held-out episodes played. */
async function heldOutEvaluation(run: ActiveRun, emit: Emit) {
  run.evaluation = { done: 0, total: run.tasks.heldOut.length };
  emit({ type: 'train.progress', progress: progressOf(run, 'running', 0) });
  try {
    return await evaluateRun(run.state, run.config, {
      model: yieldingToPage(currentModel()),
      tasks: run.tasks,
      trainSeconds: run.trainSeconds,
      onEpisode: (done, total) => {
        run.evaluation = { done, total };
        emit({ type: 'train.progress', progress: progressOf(run, 'running', 0) });
      },
    });
  } finally {
    run.evaluation = null;
  }
}

/**
 * The held-out evaluation after the last iteration (evaluateRun, as the CLI's cell does), committed
 * in one transaction. It cannot be paused half-way: a reload during it leaves the run interrupted,
 * and Resume evaluates again from the start.
 */
async function evaluate(run: ActiveRun, emit: Emit): Promise<void> {
  const result = await heldOutEvaluation(run, emit);
  await commitEvaluation(db, run.runId, { ...result, episodesDone: run.state.episodesDone });
  run.evaluated = true;
  emit({ type: 'train.iteration', runId: run.runId, iteration: run.state.iteration, episodesDone: run.state.episodesDone, metrics: result.metrics });
}

/**
 * A held-out evaluation in the middle of a run (at the run's interval, or asked for): the same
 * evaluateRun as after the last iteration, on the state as committed, but only its eval/… metric
 * rows are kept (the evaluation after the last iteration is the one eval.json and the episodes keep).
 * It reads the learner state and draws nothing from the run's random streams, so training goes on
 * exactly as it would have without it.
 */
async function evaluateInterim(run: ActiveRun, emit: Emit): Promise<void> {
  run.evaluateRequested = false;
  const result = await heldOutEvaluation(run, emit);
  await commitEvaluationMetrics(db, run.runId, run.state.iteration, run.state.episodesDone, result.metrics);
  emit({ type: 'train.iteration', runId: run.runId, iteration: run.state.iteration, episodesDone: run.state.episodesDone, metrics: result.metrics });
}

/** Whether the evaluation interval falls after this committed iteration (the last one has its own). */
function intervalDue(run: ActiveRun): boolean {
  const i = run.state.iteration;
  return run.evalEvery > 0 && i > 0 && i < run.total && i % run.evalEvery === 0;
}

/**
 * Held-out evaluation on demand. While the run trains it is queued after the iteration in flight;
 * otherwise the run's last checkpoint is evaluated now (the run stays as it was: paused, stopped…).
 */
export async function evaluateNow(runId: string, emit: Emit): Promise<{ runId: string; queued: boolean }> {
  if (active?.runId === runId && active.looping) {
    active.evaluateRequested = true;
    return { runId, queued: true };
  }
  await exclusively(async () => {
    const stored = await db.runs.get(runId);
    if (stored?.status === 'finished') throw new RunFinishedError('This run is finished: its held-out evaluation after the last iteration is already stored (eval.json).');
    const release = await holdRunLock(runId);
    try {
      const run = await reopen(runId, 'pause');
      run.looping = true;
      try {
        await evaluateInterim(run, emit);
      } finally {
        run.looping = false;
        emit({ type: 'train.progress', progress: progressOf(run, 'paused', 0) });
        // As after a loop: only a paused run stays in memory; others are reopened from their checkpoint.
        if (stored?.status !== 'paused' && active === run) active = null;
      }
    } finally {
      release();
    }
  });
  return { runId, queued: false };
}

/** IndexedDB's quota error, however the browser or Dexie wraps it. */
function isQuotaError(error: unknown): boolean {
  for (let e = error as { name?: string; inner?: unknown } | undefined, depth = 0; e && depth < 4; e = e.inner as typeof e, depth++) {
    if (e.name === 'QuotaExceededError') return true;
  }
  return false;
}

export const STORAGE_FULL_MESSAGE = 'Storage is full: the browser refused to save the last iteration, so the run is paused at its last committed iteration. Delete old runs in the Runs view (or free disk space), then Resume.';

/** The control as it is now (a function, so the compiler does not narrow it across awaits). */
function controlOf(run: ActiveRun): Control {
  return run.control;
}

/** Runs iterations until the budget is spent or the control says otherwise; never throws (a failure marks the run failed). */
async function loop(run: ActiveRun, emit: Emit, releaseLock: () => void): Promise<void> {
  run.looping = true;
  let status: TrainStatus = 'running';
  let error: string | undefined;
  let storageFull = false;
  try {
    emit({ type: 'train.progress', progress: progressOf(run, 'running', 0) });
    while (run.state.iteration < run.total && (run.control === 'run' || run.control === 'step')) {
      const started = performance.now();
      let inFlight = 0;
      const result = await runIteration(run.state, run.config, {
        model: yieldingToPage(currentModel()),
        tasks: run.tasks,
        onEpisode: (episode) => {
          inFlight++;
          run.session.episodes++;
          run.session.decisions += episode.steps.length;
          emit({ type: 'train.progress', progress: progressOf(run, 'running', inFlight) });
        },
      });
      // Read after the await: Pause or Stop may have arrived while the iteration ran.
      const control = controlOf(run);
      const done = result.state.iteration >= run.total;
      // The last iteration leaves the run running: it is finished once its evaluation is committed.
      const next: TrainStatus = done ? 'running' : control === 'stop' ? 'stopped' : control === 'run' ? 'running' : 'paused';
      const seconds = (performance.now() - started) / 1000;
      const commitStarted = performance.now();
      await commitIteration(db, run.runId, {
        iteration: result.state.iteration,
        episodesDone: result.state.episodesDone,
        episodes: result.episodes,
        metrics: result.metrics,
        checkpointJson: JSON.stringify(toCheckpoint(result.state, run.config.seed)),
        pool: result.state.pool,
        status: next,
        seconds,
      });
      const commitMs = performance.now() - commitStarted;
      run.state = result.state;
      run.trainSeconds += seconds;
      await reconcileEdits(run, emit);
      if (run.evaluateRequested || intervalDue(run)) await evaluateInterim(run, emit);
      emit({ type: 'train.iteration', runId: run.runId, iteration: run.state.iteration, episodesDone: run.state.episodesDone, metrics: result.metrics, commitMs });
      if (control === 'step') run.control = 'pause';
    }
    if (run.state.iteration >= run.total) {
      if (!run.evaluated) await evaluate(run, emit);
      status = 'finished';
    } else {
      status = controlOf(run) === 'stop' ? 'stopped' : 'paused';
    }
    await setRunStatus(db, run.runId, status);
  } catch (caught) {
    // A full disk pauses the run: everything committed stays, and Resume replays the iteration that could not be saved.
    const full = isQuotaError(caught);
    storageFull = full;
    status = full ? 'paused' : 'failed';
    error = full ? STORAGE_FULL_MESSAGE : (caught as Error).message || String(caught);
    await setRunStatus(db, run.runId, status, full ? undefined : error).catch(() => {
      // The run was deleted meanwhile (or even the status could not be written): nothing left to mark.
    });
  } finally {
    run.looping = false;
    releaseLock();
    emit({ type: 'train.progress', progress: progressOf(run, status, 0, error, storageFull) });
    if (status !== 'paused' && active === run) active = null;
  }
}

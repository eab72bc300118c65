/**
 * Configure a run and control it: Start, Pause, Resume, Step, Stop, with live figures. The worker
 * trains and commits; this panel sends requests and shows the run row (IndexedDB) and the worker's
 * progress events. A run cut off by a reload shows as interrupted with Resume.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import { usesRules } from '../../core/learn/method-plan';
import { db } from '../../db/instance';
import { cancelModelLoad } from '../../lab-client';
import { libraryInitialRules } from '../../db/rules-repo';
import { useLabStore } from '../../store/lab-store';
import { useTrainStore } from '../../store/train-store';
import { evaluateRunNow, pauseRun, preloadModel, resumeRun, startRun, stepRun, stopRun } from '../../train-client';
import { hrefFor } from '../router';
import { StorageMeter } from '../components/StorageMeter';
import { RunCharts } from './RunCharts';
import { RunFormFields } from './RunFormFields';
import { configFromForm, defaultRunForm, formFromRun, formProblem, type RunForm } from './run-form';
import { formatDuration, ratesOf } from './run-stats';
import { deviceName } from '../components/device-name';

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

const RESUMABLE = new Set(['paused', 'interrupted', 'stopped']);

export function TrainPanel() {
  const [form, setForm] = useState<RunForm>(defaultRunForm);
  const selected = useTrainStore((s) => s.runId);
  const progress = useTrainStore((s) => s.progress);
  const error = useTrainStore((s) => s.error);
  const commits = useTrainStore((s) => s.commits);
  const busy = useTrainStore((s) => s.busy);
  const modelState = useLabStore((s) => s.model);
  const loadedModel = modelState.phase === 'ready' ? modelState.model : null;
  // The run shown: the one chosen this session, else the newest stored (an interrupted one after a reload).
  // The worker's events are dependencies too, in case IndexedDB change events do not reach this thread.
  const run = useLiveQuery(async () => (selected ? db.runs.get(selected) : db.runs.orderBy('createdAt').last()), [selected, commits, progress?.status]);
  // The form says what the shown run trains; a person changes it from there to start another.
  useEffect(() => {
    if (run) setForm((f) => formFromRun(run.config, run.evalEvery ?? 0, f.backend));
    // Only when another run is shown: edits to the form must survive the run's own updates.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run?.id]);
  const live = progress && run && progress.runId === run.id ? progress : null;
  // Before the worker's first report, the run row says whether it is training.
  const training = live ? live.status === 'running' : run?.status === 'running';
  const status = training ? 'running' : (live?.status ?? run?.status);
  const resumable = Boolean(run && !training && RESUMABLE.has(live?.status ?? run.status) && (run.iteration < run.totalIterations || !run.evaluation));
  // The model the form would train loads while the page sits idle, so Start begins at once (preloadModel).
  const formNow = useRef(form);
  useEffect(() => {
    formNow.current = form;
  }, [form]);
  useEffect(() => preloadModel(() => ({ modelId: formNow.current.modelId, backend: formNow.current.backend })), []);
  const problem = formProblem(form);
  const [fromLibrary, setFromLibrary] = useState(true);
  const library = useLiveQuery(() => libraryInitialRules(db, form.env), [form.env]);
  const offerLibrary = usesRules(form.method) && (library?.length ?? 0) > 0;
  const start = () =>
    void startRun(configFromForm(form), { evalEvery: form.evalEvery, model: { modelId: form.modelId, backend: form.backend }, fromLibrary: offerLibrary && fromLibrary });

  return (
    <article className="card train-panel" aria-label="Train">
      <h2>Train a run</h2>
      <RunFormFields form={form} onChange={setForm} disabled={training} loadedHubModel={loadedModel && loadedModel.id !== 'jerp-tiny' ? loadedModel.id : null} />
      {offerLibrary && (
        <label className="library-choice">
          <input type="checkbox" checked={fromLibrary} disabled={training} onChange={(e) => setFromLibrary(e.target.checked)} /> Start the pool from my rule library ({library!.length}{' '}
          {form.env} rule{library!.length === 1 ? '' : 's'}, {library!.filter((r) => r.pinned).length} pinned; <a href={hrefFor('rules')}>Rules</a>)
        </label>
      )}
      <div className="toolbar">
        <button type="button" disabled={busy || training || problem !== null} onClick={start}>
          Start
        </button>
        <button type="button" disabled={!training || live?.pending !== undefined} onClick={() => void pauseRun()}>
          Pause
        </button>
        <button type="button" disabled={busy || !resumable} onClick={() => run && void resumeRun(run.id)}>
          Resume
        </button>
        <button type="button" disabled={busy || !resumable} onClick={() => run && void stepRun(run.id)}>
          Step
        </button>
        <button type="button" disabled={!run || !(training || (resumable && run.status !== 'stopped')) || live?.pending === 'stop'} onClick={() => run && void stopRun(run.id)}>
          Stop
        </button>
        <button
          type="button"
          title="Evaluate the policy on the held-out tasks now, with and without rules (after the iteration in flight when training)"
          disabled={busy || !run || status === 'finished' || live?.evaluation !== undefined}
          onClick={() => run && void evaluateRunNow(run.id)}
        >
          Evaluate now
        </button>
      </div>
      {problem && <p className="warn-text">{problem}</p>}
      {busy && modelState.phase === 'loading' && (
        <p className="muted">
          Loading the model first (the Model view shows its files)…{' '}
          <button type="button" onClick={cancelModelLoad}>
            Cancel load
          </button>
        </p>
      )}
      {error && (
        <div className="error-text" role="alert" data-testid="train-error">
          <p>{error}</p>
          {live?.storageFull && (
            <p>
              <a href={hrefFor('runs')}>Open Runs to delete old runs</a>, then Resume.
            </p>
          )}
        </div>
      )}
      {run && (
        <>
          <p className="train-headline" role="status" data-testid="train-headline">
            Iteration {live?.iteration ?? run.iteration} of {run.totalIterations} · {run.name} · {status}
          </p>
          <dl className="facts" data-testid="train-status">
            <dt>Run</dt>
            <dd>{run.name}</dd>
            <dt>Status</dt>
            <dd data-testid="train-run-status">
              {status}
              {live?.pending ? ` (${live.pending === 'pause' ? 'pausing' : 'stopping'} after this iteration)` : ''}
              {run.status === 'interrupted' && !training ? ': cut off by a reload or a crash, resumable from its last committed iteration' : ''}
            </dd>
            <dt>Iteration</dt>
            <dd data-testid="train-iteration">
              {live?.iteration ?? run.iteration} / {run.totalIterations}
            </dd>
            <dt>Episodes</dt>
            <dd data-testid="train-episodes">
              {live?.episodesDone ?? run.episodesDone} / {run.config.episodes}
            </dd>
            <dt>Model</dt>
            <dd>
              {run.config.model.id} ({run.config.model.dtype})
            </dd>
            {live?.evaluation && (
              <>
                <dt>Held-out evaluation</dt>
                <dd data-testid="train-eval-progress">
                  {live.evaluation.done} / {live.evaluation.total} episodes
                </dd>
              </>
            )}
            {run.evaluation && (
              <>
                <dt>Held-out success</dt>
                <dd data-testid="train-eval">
                  {pct(run.evaluation.withRules.success)} with rules · {pct(run.evaluation.withoutRules.success)} without ({run.evaluation.withRules.tasks} {run.evaluation.split} tasks)
                </dd>
              </>
            )}
            {live && <LiveRates />}
          </dl>
        </>
      )}
      {/* Drawn before there is a run (the form's method says which charts): they stay mounted from run to run. */}
      <RunCharts runId={run?.id ?? null} method={run?.config.method ?? form.method} absorptionEvery={run?.config.absorption.every ?? null} />
      <StorageMeter refresh={`${commits}:${run?.id}`} />
    </article>
  );
}

function LiveRates() {
  const progress = useTrainStore((s) => s.progress)!;
  const lastCommitMs = useTrainStore((s) => s.lastCommitMs);
  const rates = ratesOf(progress);
  return (
    <>
      <dt>Speed</dt>
      <dd data-testid="train-rate">
        {rates.episodesPerMinute === null ? '…' : `${rates.episodesPerMinute.toFixed(1)} episodes/min · ${rates.decisionsPerSecond!.toFixed(1)} decisions/s`}
      </dd>
      {lastCommitMs !== null && (
        <>
          <dt>Last commit</dt>
          <dd title="Writing the last iteration to IndexedDB: episodes, metrics, checkpoint and pool in one transaction">{Math.round(lastCommitMs)} ms</dd>
        </>
      )}
      <dt>Backend</dt>
      <dd data-testid="train-backend">{deviceName(progress.backend)}</dd>
      {progress.status === 'running' && !progress.evaluation && (
        <>
          <dt>ETA</dt>
          <dd>{rates.etaSeconds === null ? '…' : formatDuration(rates.etaSeconds)}</dd>
        </>
      )}
    </>
  );
}

/**
 * Configure a run and control it: Start, Pause, Resume, Step, Stop, with live figures. The worker
 * trains and commits; this panel sends requests and shows the run row (IndexedDB) and the worker's
 * progress events. A run cut off by a reload shows as interrupted with Resume.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { METHODS, type Method } from '../../core/learn/methods';
import { db } from '../../db/instance';
import { useLabStore } from '../../store/lab-store';
import { useTrainStore } from '../../store/train-store';
import { pauseRun, resumeRun, startRun, stepRun, stopRun } from '../../train-client';
import { RunCharts } from './RunCharts';
import { configFromForm, defaultRunForm, FIELD_HELP, formProblem, METHOD_HELP, type RunForm } from './run-form';
import { formatDuration, ratesOf } from './run-stats';

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

const RESUMABLE = new Set(['paused', 'interrupted', 'stopped']);

function Field({ label, help, children }: { label: string; help: string; children: React.ReactNode }) {
  return (
    <label className="run-field">
      <span>{label}</span>
      {children}
      <small className="muted">{help}</small>
    </label>
  );
}

export function TrainPanel() {
  const [form, setForm] = useState<RunForm>(defaultRunForm);
  const selected = useTrainStore((s) => s.runId);
  const progress = useTrainStore((s) => s.progress);
  const error = useTrainStore((s) => s.error);
  const commits = useTrainStore((s) => s.commits);
  const busy = useTrainStore((s) => s.busy);
  const modelPhase = useLabStore((s) => s.model.phase);
  // The run shown: the one chosen this session, else the newest stored (an interrupted one after a reload).
  // The worker's events are dependencies too, in case IndexedDB change events do not reach this thread.
  const run = useLiveQuery(async () => (selected ? db.runs.get(selected) : db.runs.orderBy('createdAt').last()), [selected, commits, progress?.status]);
  const live = progress && run && progress.runId === run.id ? progress : null;
  // Before the worker's first report, the run row says whether it is training.
  const training = live ? live.status === 'running' : run?.status === 'running';
  const resumable = Boolean(run && !training && RESUMABLE.has(live?.status ?? run.status) && (run.iteration < run.totalIterations || !run.evaluation));
  const problem = formProblem(form);
  const set = <K extends keyof RunForm>(key: K, value: RunForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const changeEnv = (env: RunForm['env']) => setForm((f) => ({ ...f, env, heldOutLimit: defaultRunForm(env, f.method).heldOutLimit }));
  const number = (key: 'seed' | 'episodes' | 'groupSize' | 'k') => (e: React.ChangeEvent<HTMLInputElement>) => set(key, Number(e.target.value));

  return (
    <article className="card train-panel" aria-label="Train">
      <h2>Train a run</h2>
      <fieldset className="run-form" disabled={training}>
        <Field label="Environment" help={FIELD_HELP.env}>
          <select aria-label="Environment" value={form.env} onChange={(e) => changeEnv(e.target.value as RunForm['env'])}>
            <option value="alfworld">ALFWorld</option>
            <option value="webshop">WebShop</option>
          </select>
        </Field>
        <Field label="Method" help={`${FIELD_HELP.method} ${form.method}: ${METHOD_HELP[form.method]}.`}>
          <select aria-label="Method" value={form.method} onChange={(e) => set('method', e.target.value as Method)}>
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Seed" help={FIELD_HELP.seed}>
          <input aria-label="Seed" type="number" value={form.seed} onChange={number('seed')} />
        </Field>
        <Field label="Episode budget" help={FIELD_HELP.episodes}>
          <input aria-label="Episode budget" type="number" min={1} value={form.episodes} onChange={number('episodes')} />
        </Field>
        <Field label="Group size" help={FIELD_HELP.groupSize}>
          <input aria-label="Group size" type="number" min={1} value={form.groupSize} onChange={number('groupSize')} />
        </Field>
        <Field label="Retrieval" help={FIELD_HELP.retrievalMode}>
          <select aria-label="Retrieval" value={form.retrievalMode} onChange={(e) => set('retrievalMode', e.target.value as RunForm['retrievalMode'])}>
            <option value="paper">paper</option>
            <option value="relevance">relevance</option>
          </select>
        </Field>
        <Field label="Rules in prompt (k)" help={FIELD_HELP.k}>
          <input aria-label="Rules in prompt (k)" type="number" min={0} value={form.k} onChange={number('k')} />
        </Field>
        <Field label="Held-out tasks" help={FIELD_HELP.heldOutLimit}>
          <input
            aria-label="Held-out tasks"
            type="number"
            min={1}
            placeholder="all"
            value={form.heldOutLimit ?? ''}
            onChange={(e) => set('heldOutLimit', e.target.value === '' ? null : Number(e.target.value))}
          />
        </Field>
      </fieldset>
      <div className="toolbar">
        <button type="button" disabled={busy || training || problem !== null} onClick={() => void startRun(configFromForm(form))}>
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
      </div>
      {problem && <p className="warn-text">{problem}</p>}
      {busy && modelPhase === 'loading' && <p className="muted">Loading the model first (the Model view shows its files)…</p>}
      {error && (
        <p className="error-text" role="alert" data-testid="train-error">
          {error}
        </p>
      )}
      {run && (
        <dl className="facts" data-testid="train-status">
          <dt>Run</dt>
          <dd>{run.name}</dd>
          <dt>Status</dt>
          <dd data-testid="train-run-status">
            {training ? 'running' : (live?.status ?? run.status)}
            {live?.pending ? ` (${live.pending === 'pause' ? 'pausing' : 'stopping'} after this iteration)` : ''}
            {run.status === 'interrupted' && !training ? ': cut off by a reload, resumable from its last committed iteration' : ''}
          </dd>
          <dt>Iteration</dt>
          <dd data-testid="train-iteration">
            {live?.iteration ?? run.iteration} / {run.totalIterations}
          </dd>
          <dt>Episodes</dt>
          <dd data-testid="train-episodes">
            {live?.episodesDone ?? run.episodesDone} / {run.config.episodes}
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
      )}
      {run && <RunCharts runId={run.id} />}
    </article>
  );
}

function LiveRates() {
  const progress = useTrainStore((s) => s.progress)!;
  const rates = ratesOf(progress);
  return (
    <>
      <dt>Speed</dt>
      <dd data-testid="train-rate">
        {rates.episodesPerMinute === null ? '…' : `${rates.episodesPerMinute.toFixed(1)} episodes/min · ${rates.decisionsPerSecond!.toFixed(1)} decisions/s`}
      </dd>
      <dt>Backend</dt>
      <dd data-testid="train-backend">{progress.backend === 'webgpu' ? 'WebGPU' : progress.backend === 'wasm' ? 'WASM' : progress.backend}</dd>
      {progress.status === 'running' && !progress.evaluation && (
        <>
          <dt>ETA</dt>
          <dd>{rates.etaSeconds === null ? '…' : formatDuration(rates.etaSeconds)}</dd>
        </>
      )}
    </>
  );
}

/**
 * One stored episode step by step: play, pause, previous/next, a scrubber and the keyboard (Space,
 * ←, →). The step shown is the URL's, so a copied link lands on it; moving replaces the URL's step
 * without adding a history entry per step.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PoolState } from '../../core/rules/pool';
import type { RunEpisodeRow, RunRecord } from '../../db/schema';
import { replayKey } from './replay-keys';
import { StepView } from './StepView';

const PLAY_INTERVAL_MS = 900;

export function EpisodeReplay({ run, episode, pool, step, onStep }: { run: RunRecord; episode: RunEpisodeRow; pool: PoolState | null; step: number; onStep: (step: number) => void }) {
  const last = episode.steps.length - 1;
  const current = Math.min(Math.max(step, 0), Math.max(last, 0));
  const [playing, setPlaying] = useState(false);
  // The step most recently asked for: the URL (and so `step`) follows on the next hashchange, and
  // a second key press before that must count from the new step, not the one still on screen.
  const stepRef = useRef(current);
  const shownRef = useRef(current);
  if (shownRef.current !== current) {
    // A new step from the URL (a key, a link, the scrubber): count from it. A re-render with the
    // same step (say, after a pause) must not undo a step asked for but not yet in the URL.
    shownRef.current = current;
    stepRef.current = current;
  }
  const move = useCallback(
    (to: number) => {
      const next = Math.min(Math.max(to, 0), last);
      stepRef.current = next;
      onStep(next);
    },
    [last, onStep],
  );

  useEffect(() => {
    if (!playing) return;
    const timer = window.setInterval(() => {
      if (stepRef.current >= last) setPlaying(false);
      else move(stepRef.current + 1);
    }, PLAY_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [playing, last, move]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const key = replayKey(event);
      if (!key) return;
      event.preventDefault();
      if (key === 'toggle') setPlaying((p) => (p ? false : stepRef.current < last));
      else {
        setPlaying(false);
        move(stepRef.current + (key === 'next' ? 1 : -1));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [last, move]);

  if (episode.steps.length === 0) return <p className="empty">This episode has no steps.</p>;
  const record = episode.steps[current];
  return (
    <section className="card replay" aria-label={`Replay of ${episode.id}`}>
      <header className="replay-header">
        <h2>
          <span className={episode.success ? 'outcome good' : 'outcome bad'}>{episode.success ? '✓ success' : '✗ failure'}</span> {episode.taskType} · {episode.id}
        </h2>
        <p className="muted wrap">
          {run.name} · {run.config.method} · iteration {episode.iteration} · {episode.split} · {episode.purpose === 'eval' ? 'evaluation' : 'training rollout'} · reward {episode.reward.toFixed(2)} · temperature {episode.temperature}
        </p>
        <p className="wrap">
          <span className="muted">Goal:</span> {episode.goal}
        </p>
      </header>
      <div className="replay-controls" role="group" aria-label="Replay controls">
        <button type="button" onClick={() => (setPlaying(false), move(current - 1))} disabled={current === 0} aria-label="Previous step" title="Previous step (←)">
          ◀
        </button>
        <button type="button" onClick={() => setPlaying((p) => (p ? false : current < last))} aria-label={playing ? 'Pause' : 'Play'} title="Play or pause (Space)">
          {playing ? '⏸ Pause' : '▶ Play'}
        </button>
        <button type="button" onClick={() => (setPlaying(false), move(current + 1))} disabled={current === last} aria-label="Next step" title="Next step (→)">
          ▶
        </button>
        <input
          type="range"
          className="grow"
          min={1}
          max={last + 1}
          value={current + 1}
          aria-label="Step"
          aria-valuetext={`Step ${current + 1} of ${last + 1}`}
          onChange={(e) => (setPlaying(false), move(Number(e.target.value) - 1))}
        />
        <span data-testid="replay-step" aria-live="polite">
          Step {current + 1} of {last + 1}
        </span>
      </div>
      <p className="muted keys-hint">Keys: Space plays or pauses, ← and → step.</p>
      <StepView run={run} episode={episode} step={current} record={record} pool={pool} />
    </section>
  );
}

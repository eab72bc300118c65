/**
 * Real logged ALFWorld episodes replayed in the lab's simulator: every logged observation next to
 * the simulator's, so anyone can check the simulator against the real game. Two episodes can be
 * opened side by side (e.g. a won and a failed episode of the same task type).
 * Routes: #/trajectories/<set>, #/trajectories/<set>/<id>, #/trajectories/<set>/<idA>/<idB>.
 */
import { useEffect, useState } from 'react';
import { labClient } from '../../lab-client';
import type { ReferenceEpisode, ReferenceSet } from '../../protocol/messages';
import { describeError } from '../components/ErrorBanner';
import { hrefFor } from '../router';

function matchCount(e: ReferenceEpisode): { compared: number; matched: number } {
  const compared = e.steps.filter((s) => s.compared).length + (e.start.match === null ? 0 : 1);
  const matched = e.steps.filter((s) => s.match === true).length + (e.start.match ? 1 : 0);
  return { compared, matched };
}

export function ReferenceEpisodes({ set, selected }: { set: ReferenceSet; selected: string[] }) {
  const [episodes, setEpisodes] = useState<ReferenceEpisode[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    setEpisodes(null);
    labClient.request('replay.reference', { set }).then(
      (list) => alive && setEpisodes(list),
      (e: unknown) => alive && setError(describeError(e)),
    );
    return () => {
      alive = false;
    };
  }, [set]);

  if (error) return <p className="error-text" role="alert">{error}</p>;
  if (!episodes) return <p className="muted">Replaying the logged episodes in the simulator…</p>;
  const total = episodes.reduce(
    (acc, e) => {
      const m = matchCount(e);
      return { compared: acc.compared + m.compared, matched: acc.matched + m.matched };
    },
    { compared: 0, matched: 0 },
  );
  const chosen = selected.map((id) => episodes.find((e) => e.id === id)).filter((e): e is ReferenceEpisode => Boolean(e));

  return (
    <div>
      <p data-testid="replay-summary">
        {episodes.length} episodes · {total.matched}/{total.compared} observations identical to the logged ones
      </p>
      <table className="data-table episode-table">
        <thead>
          <tr>
            <th>Episode</th>
            <th>Task type</th>
            <th>Agent</th>
            <th>Steps</th>
            <th>Logged</th>
            <th>Simulator</th>
            <th>Observations</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {episodes.map((e) => {
            const m = matchCount(e);
            const isSelected = selected.includes(e.id);
            const compareWith = selected[0] && selected[0] !== e.id ? [selected[0], e.id] : null;
            return (
              <tr key={e.id} className={isSelected ? 'selected' : ''} data-testid="reference-episode">
                <td>
                  <a href={hrefFor('trajectories', set, e.id)}>{e.id}</a>
                </td>
                <td>{e.taskType}</td>
                <td className="muted">{e.agent}</td>
                <td>{e.steps.length}</td>
                <td>{e.loggedWon === null ? '–' : e.loggedWon ? 'won' : 'failed'}</td>
                <td>{e.simulatorWon ? 'won' : 'failed'}</td>
                <td className={m.matched === m.compared ? 'good' : 'bad'}>
                  {m.matched}/{m.compared}
                </td>
                <td>{compareWith && <a href={hrefFor('trajectories', set, ...compareWith)}>compare with {selected[0]}</a>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {chosen.length > 0 && (
        <div className={`episode-columns cols-${chosen.length}`}>
          {chosen.map((e) => (
            <EpisodeReplay key={e.id} episode={e} other={chosen.find((o) => o !== e)} />
          ))}
        </div>
      )}
    </div>
  );
}

/** Index of the first step whose action differs between two episodes (where they part ways, at a glance). */
function firstDivergence(a: ReferenceEpisode, b: ReferenceEpisode): number {
  const n = Math.min(a.steps.length, b.steps.length);
  for (let i = 0; i < n; i++) if (a.steps[i].action !== b.steps[i].action) return i;
  return n;
}

function EpisodeReplay({ episode, other }: { episode: ReferenceEpisode; other?: ReferenceEpisode }) {
  const divergence = other ? firstDivergence(episode, other) : -1;
  return (
    <section className="card episode-replay" aria-label={`Replay of ${episode.id}`}>
      <h2>
        {episode.id} <span className="muted">· {episode.goal}</span>
      </h2>
      <ol className="replay-steps">
        <li className={episode.start.match === false ? 'mismatch' : ''}>
          <div className="step-action">(reset)</div>
          <pre>{episode.start.simulator}</pre>
          {episode.start.match === false && <pre className="logged">logged: {episode.start.logged}</pre>}
        </li>
        {episode.steps.map((s, i) => (
          <li key={i} className={`${s.match === false ? 'mismatch' : ''} ${i === divergence ? 'divergence' : ''}`} data-testid="replay-step">
            <div className="step-action">
              {i + 1}. &gt; {s.action}{' '}
              <span className={s.match === null ? 'muted' : s.match ? 'good' : 'bad'}>
                {s.match === null ? '(harness text, not compared)' : s.match ? '✓ identical' : '✗ differs'}
              </span>
              {i === divergence && <span className="tag">first divergence</span>}
            </div>
            <pre>{s.simulator}</pre>
            {/* Red only for a real mismatch; text from the harness was never compared, so it is shown plain. */}
            {s.match === false && <pre className="logged">logged: {s.logged}</pre>}
            {s.match === null && <pre className="muted">logged (not compared): {s.logged}</pre>}
          </li>
        ))}
      </ol>
      <p className={episode.simulatorWon ? 'good' : 'bad'}>{episode.simulatorWon ? 'Goal reached in the simulator' : 'Goal not reached'}</p>
    </section>
  );
}

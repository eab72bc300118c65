/**
 * Poke the loaded model with the agent's own prompt format (src/core/agent/prompt.ts): a task, the
 * rules in context, the current observation, and candidate actions, scored exactly as the agent
 * scores them (summed token log-probs after a shared, KV-cached prefix) and shown as a softmax.
 * Add or remove the rule and watch the distribution move: that is what a rule does to the policy.
 */
import { useState } from 'react';
import { headerSegment, observationSegment, productLabels } from '../../core/agent/prompt';
import { candidateSegments } from '../../core/agent/promptHistory';
import { labClient } from '../../lab-client';
import { useLabStore } from '../../store/lab-store';

const EXAMPLE = {
  task: 'put a hot egg in fridge.',
  rules: 'When the task is to heat X: take X first, then go to the microwave before the destination.',
  observation: 'You pick up the egg 1 from the countertop 1.',
  candidates: ['go to fridge 1', 'go to microwave 1', 'go to cabinet 1', 'examine egg 1', 'look'].join('\n'),
};

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function ScorePlayground() {
  const model = useLabStore((s) => s.model);
  const [task, setTask] = useState(EXAMPLE.task);
  const [rules, setRules] = useState(EXAMPLE.rules);
  const [observation, setObservation] = useState(EXAMPLE.observation);
  const [candidates, setCandidates] = useState(EXAMPLE.candidates);
  const [result, setResult] = useState<{ rows: Array<{ text: string; logProb: number; p: number }>; ms: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (model.phase !== 'ready') return null;

  const score = async () => {
    setError(null);
    const list = lines(candidates);
    if (list.length === 0) {
      setError('Give at least one candidate action, one per line.');
      return;
    }
    try {
      const prefix = [headerSegment(task, lines(rules)), observationSegment(observation)];
      const { logProbs, ms } = await labClient.request('model.score', { prefix, candidates: candidateSegments(list, productLabels(observation)) });
      const max = Math.max(...logProbs);
      const z = logProbs.reduce((sum, lp) => sum + Math.exp(lp - max), 0);
      setResult({ rows: list.map((text, i) => ({ text, logProb: logProbs[i], p: Math.exp(logProbs[i] - max) / z })), ms });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <article className="card" aria-label="Score playground">
      <h2>Score candidate actions</h2>
      <div className="stacked-fields">
        <label>
          Task <input aria-label="Task" value={task} onChange={(e) => setTask(e.target.value)} />
        </label>
        <label>
          Rules in context (one per line)
          <textarea aria-label="Rules in context" rows={2} value={rules} onChange={(e) => setRules(e.target.value)} />
        </label>
        <label>
          Observation <input aria-label="Observation" value={observation} onChange={(e) => setObservation(e.target.value)} />
        </label>
        <label>
          Candidate actions (one per line)
          <textarea aria-label="Candidates" rows={4} value={candidates} onChange={(e) => setCandidates(e.target.value)} />
        </label>
      </div>
      <button type="button" onClick={() => void score()}>
        Score
      </button>
      {error && <p className="error-text">{error}</p>}
      {result && (
        <table className="data-table" data-testid="scores">
          <thead>
            <tr>
              <th>Candidate</th>
              <th>log p</th>
              <th>softmax</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((r) => (
              <tr key={r.text}>
                <td>{r.text}</td>
                <td>{r.logProb.toFixed(3)}</td>
                <td>
                  <span className="bar" style={{ width: `${Math.round(60 * r.p)}px` }} /> {(100 * r.p).toFixed(1)}%
                </td>
              </tr>
            ))}
          </tbody>
          <caption className="muted">scored in {result.ms.toFixed(0)} ms</caption>
        </table>
      )}
    </article>
  );
}

/**
 * Poke the loaded model: a prefix and some candidate actions, scored exactly as the agent scores
 * them (summed token log-probs after a shared, KV-cached prefix), shown as a softmax.
 */
import { useState } from 'react';
import { labClient } from '../../lab-client';
import { useLabStore } from '../../store/lab-store';

const EXAMPLE_PREFIX = 'Your task is to: put a clean cloth in cabinet.\nYou are in the middle of a room.\n>';
const EXAMPLE_CANDIDATES = ['go to cabinet 1', 'go to sinkbasin 1', 'take cloth 1 from countertop 1', 'inventory'];

export function ScorePlayground() {
  const model = useLabStore((s) => s.model);
  const [prefix, setPrefix] = useState(EXAMPLE_PREFIX);
  const [candidates, setCandidates] = useState(EXAMPLE_CANDIDATES.join('\n'));
  const [result, setResult] = useState<{ rows: Array<{ text: string; logProb: number; p: number }>; ms: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (model.phase !== 'ready') return null;

  const score = async () => {
    setError(null);
    const list = candidates.split('\n').map((c) => c.trim()).filter(Boolean);
    if (list.length === 0) {
      setError('Give at least one candidate, one per line.');
      return;
    }
    try {
      const { logProbs, ms } = await labClient.request('model.score', { prefix: [prefix], candidates: list.map((c) => ` ${c}\n`) });
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
      <textarea aria-label="Prefix" rows={4} value={prefix} onChange={(e) => setPrefix(e.target.value)} style={{ width: '100%' }} />
      <textarea aria-label="Candidates" rows={4} value={candidates} onChange={(e) => setCandidates(e.target.value)} style={{ width: '100%' }} />
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
                <td>{(100 * r.p).toFixed(1)}%</td>
              </tr>
            ))}
          </tbody>
          <caption className="muted">scored in {result.ms.toFixed(0)} ms</caption>
        </table>
      )}
    </article>
  );
}

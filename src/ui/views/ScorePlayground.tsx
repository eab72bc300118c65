/**
 * Poke the loaded model with the agent's own prompt format (src/core/agent/prompt.ts): a task, the
 * rules in context, the episode so far, and candidate actions, scored exactly as the agent scores
 * them (summed token log-probs after a shared, KV-cached prefix) and shown as a softmax. With rules
 * in context the same step is also scored without them, side by side: that difference is what a
 * rule does to the policy.
 */
import { useState } from 'react';
import { softmax } from '../../core/agent/policy';
import { historyFromTranscript, nonEmptyLines, parseTranscript, type Transcript, TranscriptError } from '../../core/agent/transcript';
import { labClient } from '../../lab-client';
import type { LoadedModel } from '../../protocol/messages';
import { useLabStore } from '../../store/lab-store';
import { ErrorBanner, type ErrorInfo, errorInfo } from '../components/ErrorBanner';
import { PLAYGROUND_EXAMPLES, type PlaygroundExample } from './playground-examples';

interface ScoredRow {
  text: string;
  withRules: { logProb: number; p: number };
  withoutRules?: { logProb: number; p: number };
}

/** One step scored by the worker: each candidate's log-prob, its softmax over the candidates, and the time. */
async function scoreStep(task: string, rules: string[], episode: Transcript, candidates: string[]): Promise<{ logProbs: number[]; probs: number[]; ms: number }> {
  const history = historyFromTranscript(task, rules, episode);
  const { logProbs, ms } = await labClient.request('model.score', { prefix: history.prefixSegments(), candidates: history.candidateSegments(candidates) });
  return { logProbs, probs: softmax(logProbs), ms };
}

function Probability({ p }: { p: number }) {
  return (
    <>
      <span className="bar" style={{ width: `${Math.round(60 * p)}px` }} /> {(100 * p).toFixed(1)}%
    </>
  );
}

export function ScorePlayground() {
  const model = useLabStore((s) => s.model);
  const [example, setExample] = useState<PlaygroundExample>(PLAYGROUND_EXAMPLES[0]);
  const [task, setTask] = useState(example.task);
  const [rules, setRules] = useState(example.rules);
  const [episode, setEpisode] = useState(example.episode);
  const [candidates, setCandidates] = useState(example.candidates);
  // A result remembers the model that scored it: once another model is loaded it is stale and goes.
  const [result, setResult] = useState<{ rows: ScoredRow[]; ms: number; model: LoadedModel } | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  if (model.phase !== 'ready') return null;
  const loaded = model.model;
  const shown = result?.model === loaded ? result : null;

  const load = (name: string) => {
    const next = PLAYGROUND_EXAMPLES.find((e) => e.name === name) ?? PLAYGROUND_EXAMPLES[0];
    setExample(next);
    setTask(next.task);
    setRules(next.rules);
    setEpisode(next.episode);
    setCandidates(next.candidates);
    setResult(null);
    setError(null);
  };

  const score = async () => {
    setError(null);
    const list = nonEmptyLines(candidates);
    if (list.length === 0) {
      setError({ message: 'Give at least one candidate action, one per line.' });
      return;
    }
    try {
      const ruleList = nonEmptyLines(rules);
      const transcript = parseTranscript(episode);
      const withRules = await scoreStep(task, ruleList, transcript, list);
      const withoutRules = ruleList.length > 0 ? await scoreStep(task, [], transcript, list) : undefined;
      setResult({
        rows: list.map((text, i) => ({
          text,
          withRules: { logProb: withRules.logProbs[i], p: withRules.probs[i] },
          ...(withoutRules ? { withoutRules: { logProb: withoutRules.logProbs[i], p: withoutRules.probs[i] } } : {}),
        })),
        ms: withRules.ms + (withoutRules?.ms ?? 0),
        model: loaded,
      });
    } catch (e) {
      // A prompt over the model's context is refused by the worker before the model runs (ContextOverflowError).
      setError(e instanceof TranscriptError ? { message: `Episode so far: ${e.message}` } : errorInfo(e));
    }
  };

  const compared = shown?.rows.some((r) => r.withoutRules) ?? false;
  return (
    <article className="card" aria-label="Score playground">
      <h2>Score candidate actions</h2>
      <div className="stacked-fields">
        <label>
          Example
          <select aria-label="Example" value={example.name} onChange={(e) => load(e.target.value)}>
            {PLAYGROUND_EXAMPLES.map((e) => (
              <option key={e.name} value={e.name}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Task <input aria-label="Task" value={task} onChange={(e) => setTask(e.target.value)} />
        </label>
        <label>
          Rules in context (one per line)
          <textarea aria-label="Rules in context" rows={2} value={rules} onChange={(e) => setRules(e.target.value)} />
        </label>
        <label>
          Episode so far (first observation, then each action as “&gt; action” with its observation on the next line)
          <textarea aria-label="Episode so far" rows={6} value={episode} onChange={(e) => setEpisode(e.target.value)} />
        </label>
        <label>
          Candidate actions (one per line)
          <textarea aria-label="Candidates" rows={4} value={candidates} onChange={(e) => setCandidates(e.target.value)} />
        </label>
      </div>
      <button type="button" onClick={() => void score()}>
        Score
      </button>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {shown && (
        <table className="data-table" data-testid="scores">
          <thead>
            <tr>
              <th>Candidate</th>
              <th>{compared ? 'log p (with the rules)' : 'log p'}</th>
              <th>{compared ? 'with the rules' : 'softmax'}</th>
              {compared && <th>without rules</th>}
            </tr>
          </thead>
          <tbody>
            {shown.rows.map((r) => (
              <tr key={r.text}>
                <td>{r.text}</td>
                <td>{r.withRules.logProb.toFixed(3)}</td>
                <td>
                  <Probability p={r.withRules.p} />
                </td>
                {compared && <td>{r.withoutRules && <Probability p={r.withoutRules.p} />}</td>}
              </tr>
            ))}
          </tbody>
          <caption className="muted">
            softmax over these candidates; scored in {shown.ms.toFixed(0)} ms{compared ? ' (both prompts)' : ''}
          </caption>
        </table>
      )}
    </article>
  );
}

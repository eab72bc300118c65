/** One recorded step: what the agent saw, the rules in its prompt, and the candidates it weighed. */
import { useState } from 'react';
import type { StepRecord } from '../../core/learn/records';
import type { PoolState } from '../../core/rules/pool';
import { stepRuleTexts, type StepRuleText } from '../../core/rules/step-rule-texts';
import type { RunEpisodeRow, RunRecord } from '../../db/schema';
import { CounterfactualPanel } from './CounterfactualPanel';
import { percent } from './decision-change';

const TOP = 8;

export function StepView({ run, episode, step, record, pool }: { run: RunRecord; episode: RunEpisodeRow; step: number; record: StepRecord; pool: PoolState | null }) {
  const rules = stepRuleTexts(record, pool);
  return (
    <div className="step-view">
      <section aria-label="Observation">
        <h3>Observation</h3>
        <pre className="observation" data-testid="step-observation">
          {record.observation}
        </pre>
        <p className="wrap">
          <span className="muted">Action taken:</span> <strong data-testid="step-action">{record.action}</strong>
          {record.reward !== 0 && <span className="muted"> · reward {record.reward}</span>}
          {record.done && <span className="muted"> · episode over</span>}
        </p>
      </section>
      <section aria-label="Retrieved rules">
        <h3>Retrieved rules</h3>
        <RuleList rules={rules} />
      </section>
      <section aria-label="Candidate actions">
        <h3>Candidate actions</h3>
        <Candidates record={record} />
      </section>
      <CounterfactualPanel key={`${run.id}/${episode.id}/${step}`} run={run} episode={episode} step={step} rules={rules} />
    </div>
  );
}

function RuleList({ rules }: { rules: StepRuleText[] }) {
  if (rules.length === 0) return <p className="muted">No rules were in the prompt at this step.</p>;
  return (
    <ul className="step-rules" data-testid="step-rules">
      {rules.map((r) => (
        <li key={r.id}>
          <code>{r.id}</code>{' '}
          {r.source === 'missing' ? (
            <span className="error-text">This rule is not in the run's pool any more; its text is unknown.</span>
          ) : (
            <>
              <span className="wrap">{r.text}</span>{' '}
              <span className="muted rule-source">
                {r.source === 'seen' ? `(version ${r.version}, as the model read it)` : '(current text: this episode was recorded without rule versions, so the rule may have read differently then)'}
              </span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function Candidates({ record }: { record: StepRecord }) {
  const [all, setAll] = useState(false);
  const order = record.actions.map((_, i) => i).sort((a, b) => record.probs[b] - record.probs[a]);
  const shown = all ? order : order.slice(0, TOP);
  if (!shown.includes(record.chosen)) shown.push(record.chosen);
  return (
    <>
      <table className="data-table candidates" data-testid="step-candidates">
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Probability</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((i) => (
            <tr key={i} className={i === record.chosen ? 'chosen' : undefined} aria-current={i === record.chosen ? 'true' : undefined}>
              <td className="wrap">
                {i === record.chosen && <span className="chosen-mark">chosen ▸ </span>}
                {record.actions[i]}
              </td>
              <td>
                <span className="prob-bar" style={{ width: `${Math.round(record.probs[i] * 100)}%` }} aria-hidden="true" />
                {percent(record.probs[i])}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {record.actions.length > TOP && (
        <button type="button" onClick={() => setAll((a) => !a)}>
          {all ? `Show the top ${TOP}` : `Show all ${record.actions.length} candidates`}
        </button>
      )}
    </>
  );
}

/**
 * "Did this rule change the decision?": on request, the worker rescores the step without each of its
 * rules (the core's counterfactual on the loaded model). The embedded model is loaded first when no
 * model is.
 */
import { useState } from 'react';
import type { StepRuleText } from '../../core/rules/step-rule-texts';
import type { RunEpisodeRow, RunRecord } from '../../db/schema';
import { labClient, loadModel } from '../../lab-client';
import type { EpisodeCounterfactual } from '../../protocol/messages';
import { useLabStore } from '../../store/lab-store';
import { describeError } from '../components/ErrorBanner';
import { percent, points, ruleEffects } from './decision-change';
import { deviceName } from '../components/device-name';

const EMBEDDED_MODEL = 'jerp-tiny';

type State = { phase: 'idle' } | { phase: 'loading-model' } | { phase: 'computing' } | { phase: 'done'; result: EpisodeCounterfactual } | { phase: 'failed'; message: string };

export function CounterfactualPanel({ run, episode, step, rules }: { run: RunRecord; episode: RunEpisodeRow; step: number; rules: StepRuleText[] }) {
  const [state, setState] = useState<State>({ phase: 'idle' });
  const usable = rules.filter((r) => r.source !== 'missing');
  const compute = async () => {
    try {
      if (useLabStore.getState().model.phase !== 'ready') {
        // Only the embedded model loads without the person's say (a hub model downloads, and may be large).
        if (run.config.model.id !== EMBEDDED_MODEL) throw new Error(`This run was played by ${run.config.model.id}: load it in the Model view first.`);
        setState({ phase: 'loading-model' });
        await loadModel({ dtype: run.config.model.dtype });
        const model = useLabStore.getState().model;
        if (model.phase !== 'ready') throw new Error(model.phase === 'failed' ? `The model could not be loaded: ${model.message}` : 'The model could not be loaded.');
      }
      setState({ phase: 'computing' });
      const result = await labClient.request('episode.counterfactual', { runId: run.id, episodeId: episode.id, step });
      setState({ phase: 'done', result });
    } catch (error) {
      setState({ phase: 'failed', message: describeError(error) });
    }
  };

  return (
    <section className="counterfactual" aria-label="Counterfactual">
      <h3>Did these rules change the decision?</h3>
      {usable.length === 0 ? (
        <p className="muted">{rules.length === 0 ? 'No rule was in the prompt at this step, so there is nothing to take out.' : 'The rules of this step are no longer in the pool, so they cannot be taken out of the prompt.'}</p>
      ) : state.phase === 'done' ? (
        <Result result={state.result} />
      ) : (
        <>
          <p className="muted">Rescores this step with each rule taken out of the prompt, on the loaded model and the policy this episode was played with.</p>
          <button type="button" onClick={() => void compute()} disabled={state.phase === 'loading-model' || state.phase === 'computing'}>
            Compute the counterfactual
          </button>
          {state.phase === 'loading-model' && <p className="muted">Loading the model…</p>}
          {state.phase === 'computing' && <p className="muted">Rescoring the step without each rule…</p>}
          {state.phase === 'failed' && (
            <p className="error-text" role="alert">
              {state.message}
            </p>
          )}
        </>
      )}
    </section>
  );
}

function Result({ result }: { result: EpisodeCounterfactual }) {
  const { topWith, effects } = ruleEffects(result);
  const text = new Map(result.rules.map((r) => [r.id, r]));
  return (
    <div data-testid="counterfactual-result">
      <p className="wrap">
        With every rule in the prompt the policy favours <strong>{result.actions[topWith]}</strong> ({percent(result.withRules[topWith])}); the action taken was{' '}
        <strong>{result.actions[result.chosen]}</strong> ({percent(result.withRules[result.chosen])}).
      </p>
      <table className="data-table" aria-label="Without each rule">
        <thead>
          <tr>
            <th scope="col">Rule taken out</th>
            <th scope="col">Decision</th>
            <th scope="col">Taken action</th>
          </tr>
        </thead>
        <tbody>
          {effects.map((e) => (
            <tr key={e.ruleId} data-testid="counterfactual-rule" className={e.changed ? 'changed' : undefined}>
              <td className="wrap">
                <code>{e.ruleId}</code> <span className="muted">{text.get(e.ruleId)?.text}</span>
                {text.get(e.ruleId)?.source === 'current' && <span className="muted"> (current text)</span>}
              </td>
              <td className="wrap">
                {e.changed ? (
                  <>
                    <strong>Changed the decision:</strong> without it the policy favours {result.actions[e.topWithout]} ({percent(result.withoutRule[e.ruleId][e.topWithout])})
                  </>
                ) : (
                  <>Did not change the decision</>
                )}
              </td>
              <td>
                {percent(e.chosenWith)} with, {percent(e.chosenWithout)} without ({points(e.delta)} from the rule)
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Policy of checkpoint {result.checkpointIteration}
        {result.exactCheckpoint ? ' (the one this episode was played with)' : ' (the one it was played with is missing: the newest one)'} · {deviceName(result.device)} ·{' '}
        {result.cached ? 'from the cache' : `${(result.ms / 1000).toFixed(1)} s`}
      </p>
    </div>
  );
}

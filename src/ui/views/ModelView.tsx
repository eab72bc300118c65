/**
 * The policy model and the device it runs on: the embedded model's configuration and card, and
 * everything the backend probe found (adapter, features, limits, WASM capabilities).
 */
import { useEffect, useState } from 'react';
import { useLabStore } from '../../store/lab-store';
import { ModelLoader } from './ModelLoader';
import { ScorePlayground } from './ScorePlayground';
import { deviceName } from '../components/device-name';

const EMBEDDED_MODEL = 'jerp-tiny';

interface ModelConfigSummary {
  model_type?: string;
  hidden_size?: number;
  num_hidden_layers?: number;
  num_attention_heads?: number;
  num_key_value_heads?: number;
  vocab_size?: number;
  max_position_embeddings?: number;
  /** The lab's own notes on a model it built (context the agent's prompts are kept under, training facts). */
  jerp?: { params?: number; contextLength?: number; trainSeconds?: number; sharedPrefixCache?: boolean; treeAttentionMask?: boolean };
}

/** How the agent feeds a decision's candidates to this graph (transformersModel.ts picks the path from the same flags). */
function scoringPath(jerp: ModelConfigSummary['jerp']): string {
  if (jerp?.sharedPrefixCache && jerp.treeAttentionMask) return 'all candidates as one token trie (tree attention mask) on a shared prefix cache, in the same run as the step’s new prompt tokens';
  if (jerp?.sharedPrefixCache) return 'all candidates as padded rows on one shared prefix cache';
  return 'all candidates as padded rows, each with a copy of the prefix cache';
}

type Loaded<T> = { state: 'loading' } | { state: 'ok'; value: T } | { state: 'error'; message: string };

function useJson<T>(url: string): Loaded<T> {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let alive = true;
    fetch(url)
      .then(async (r) => {
        if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
        return (await r.json()) as T;
      })
      .then(
        (value) => alive && setResult({ state: 'ok', value }),
        (e: Error) => alive && setResult({ state: 'error', message: e.message }),
      );
    return () => {
      alive = false;
    };
  }, [url]);
  return result;
}

export function ModelView() {
  const probe = useLabStore((s) => s.probe);
  const config = useJson<ModelConfigSummary>(`models/${EMBEDDED_MODEL}/config.json`);
  return (
    <section>
      <div className="view-header">
        <h1>Model</h1>
        <p className="muted">The policy backbone: a small causal LM scored over admissible actions, plus a trainable low-rank adapter on its final hidden state.</p>
      </div>
      <div className="cards">
        <ModelLoader />
        <ScorePlayground />
        <article className="card">
          <h2>Embedded model: {EMBEDDED_MODEL}</h2>
          {config.state === 'loading' && <p className="muted">Reading config…</p>}
          {config.state === 'error' && (
            <p className="error-text" data-testid="model-config-error">
              The embedded model is not available: {config.message}
            </p>
          )}
          {config.state === 'ok' && (
            <dl className="facts" data-testid="model-config">
              <dt>Architecture</dt>
              <dd>{config.value.model_type}</dd>
              <dt>Layers</dt>
              <dd>{config.value.num_hidden_layers}</dd>
              <dt>Hidden size</dt>
              <dd>{config.value.hidden_size}</dd>
              <dt>Heads (KV)</dt>
              <dd>
                {config.value.num_attention_heads} ({config.value.num_key_value_heads})
              </dd>
              <dt>Vocabulary</dt>
              <dd>{config.value.vocab_size}</dd>
              <dt>Parameters</dt>
              <dd>{config.value.jerp?.params?.toLocaleString() ?? 'unknown'}</dd>
              <dt>Context</dt>
              <dd data-testid="model-context">
                {config.value.jerp?.contextLength !== undefined && config.value.max_position_embeddings !== undefined
                  ? `${config.value.jerp.contextLength} tokens trained, ${config.value.max_position_embeddings.toLocaleString('en-US')} at most (a longer prompt is refused)`
                  : `${config.value.jerp?.contextLength ?? config.value.max_position_embeddings} tokens`}
              </dd>
              <dt>Scoring</dt>
              <dd data-testid="model-scoring">{scoringPath(config.value.jerp)}</dd>
              {config.value.jerp?.trainSeconds !== undefined && (
                <>
                  <dt>Trained</dt>
                  <dd>{Math.round(config.value.jerp.trainSeconds / 60)} min on 2 CPU cores (npm run model:build)</dd>
                </>
              )}
            </dl>
          )}
        </article>
        <article className="card">
          <h2>Compute backend</h2>
          {probe.phase === 'probing' && <p className="muted">Detecting…</p>}
          {probe.phase === 'failed' && <p className="error-text">{probe.message}</p>}
          {probe.phase === 'done' && (
            <dl className="facts" data-testid="backend-details">
              <dt>Backend</dt>
              <dd>{deviceName(probe.report.backend)}</dd>
              <dt>Why</dt>
              <dd>{probe.report.reason}</dd>
              {probe.report.adapter && (
                <>
                  <dt>Adapter</dt>
                  <dd>
                    {probe.report.adapter.vendor} / {probe.report.adapter.architecture} {probe.report.adapter.description}
                  </dd>
                  <dt>Software adapter</dt>
                  <dd>{probe.report.adapter.isFallbackAdapter ? 'yes (correct but slow)' : 'no'}</dd>
                  <dt>Features</dt>
                  <dd>{probe.report.adapter.features.join(', ') || 'none'}</dd>
                  <dt>Max buffer</dt>
                  <dd>{(probe.report.adapter.maxBufferSize / 2 ** 20).toFixed(0)} MiB</dd>
                </>
              )}
              <dt>WASM</dt>
              <dd>
                SIMD {probe.report.wasm.simd ? 'yes' : 'no'}, threads {probe.report.wasm.threads ? 'yes' : 'no'}, cross-origin isolated{' '}
                {probe.report.wasm.crossOriginIsolated ? 'yes' : 'no'}, {probe.report.wasm.hardwareConcurrency} logical cores
              </dd>
            </dl>
          )}
          <p className="muted">
            Force a backend with <code>?backend=wasm</code> or <code>?backend=webgpu</code> in the address.
          </p>
        </article>
      </div>
    </section>
  );
}

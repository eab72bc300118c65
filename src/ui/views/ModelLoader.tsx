/**
 * Load the embedded model or a hub model into the worker, with per-file progress, the device it
 * ended up on (and why, when WebGPU fell back to WASM), and what the policy adapter can train.
 */
import { useState } from 'react';
import { chooseModelDevice } from '../../core/llm/choose-device';
import { loadModel } from '../../lab-client';
import { type LoadFailure, useLabStore } from '../../store/lab-store';
import { deviceName } from '../components/device-name';

function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(2)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/** Why a load failed, in a sentence; the worker's technical line behind a disclosure. */
function LoadError({ failure, kept }: { failure: LoadFailure; kept?: string }) {
  return (
    <div className="error-text" role="alert" data-testid="model-error">
      <p>
        {failure.modelId} could not be loaded: {failure.message}
        {kept && ` ${kept} is still loaded.`}
      </p>
      {failure.detail && failure.detail !== failure.message && (
        <details>
          <summary>Technical details</summary>
          <code>{failure.detail}</code>
        </details>
      )}
    </div>
  );
}

export function ModelLoader() {
  const model = useLabStore((s) => s.model);
  const probe = useLabStore((s) => s.probe);
  const [hubId, setHubId] = useState('');
  const [device, setDevice] = useState<'auto' | 'webgpu' | 'wasm'>('auto');
  const busy = model.phase === 'loading';
  const deviceParam = device === 'auto' ? {} : { device };
  const auto = chooseModelDevice(probe.phase === 'done' ? probe.report : null);

  return (
    <article className="card" aria-label="Model loader">
      <h2>Load a model</h2>
      <div className="toolbar">
        <label>
          Device{' '}
          <select aria-label="Device" value={device} onChange={(e) => setDevice(e.target.value as typeof device)}>
            <option value="auto">
              auto ({deviceName(auto.device)}: {auto.why})
            </option>
            <option value="webgpu">WebGPU</option>
            <option value="wasm">WASM</option>
          </select>
        </label>
        <button type="button" disabled={busy} onClick={() => void loadModel({ ...deviceParam })}>
          Load embedded model
        </button>
      </div>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          if (hubId.trim()) void loadModel({ modelId: hubId.trim(), hub: true, ...deviceParam });
        }}
      >
        <input className="grow" aria-label="Hub model id" placeholder="Hub model id, e.g. HuggingFaceTB/SmolLM2-135M-Instruct (needs network once)" value={hubId} onChange={(e) => setHubId(e.target.value)} />
        <button type="submit" disabled={busy || !hubId.trim()}>
          Load from hub
        </button>
      </form>
      {model.phase === 'loading' && (
        <div data-testid="model-progress">
          <p className="muted">Loading {model.modelId}…</p>
          {Object.entries(model.files).map(([file, p]) => (
            <div key={file} className="progress-row">
              <span className="progress-file">{file}</span>
              <progress aria-label={`${file} loaded`} max={p.total || 1} value={p.done ? p.total || 1 : p.loaded} />
              <span className="muted progress-size">{p.total ? formatBytes(p.total) : ''}</span>
            </div>
          ))}
        </div>
      )}
      {(model.phase === 'failed' || (model.phase === 'ready' && model.loadError)) && (
        <LoadError failure={model.phase === 'failed' ? model : model.loadError!} kept={model.phase === 'ready' ? model.model.id : undefined} />
      )}
      {model.phase === 'ready' && (
        <dl className="facts" data-testid="model-loaded">
          <dt>Model</dt>
          <dd>{model.model.id}</dd>
          <dt>Device</dt>
          <dd data-testid="model-device">{model.model.device === 'webgpu' ? 'WebGPU' : 'WASM'}</dd>
          {model.model.fallbackReason && (
            <>
              <dt>Fallback</dt>
              <dd className="warn-text">{model.model.fallbackReason}</dd>
            </>
          )}
          <dt>Parameters</dt>
          <dd>{model.model.params ? model.model.params.toLocaleString() : 'unknown'}</dd>
          <dt>Weights</dt>
          <dd>
            {model.model.dtype}
            {model.model.bytes ? `, ${formatBytes(model.model.bytes)}` : ''}
          </dd>
          <dt>Hidden / vocab / context</dt>
          <dd>
            {model.model.hiddenSize} / {model.model.vocabSize} / {model.model.contextLength}
          </dd>
          <dt>Load time</dt>
          <dd>{(model.model.loadMs / 1000).toFixed(2)} s</dd>
          <dt>Policy adapter</dt>
          <dd>
            {model.model.hasHiddenState
              ? 'trains a low-rank adapter on the final hidden state (logits = W·h + B·A·h)'
              : 'this model exposes no hidden state: the policy update trains a per-action bias on the logits only'}
          </dd>
        </dl>
      )}
    </article>
  );
}

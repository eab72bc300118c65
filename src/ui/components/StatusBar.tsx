/**
 * The bottom bar: which compute backend the lab uses and why, and whether the worker is alive.
 * A crashed worker is a state the user can fix (Restart), not a silent failure.
 */
import { restartWorker } from '../../lab-client';
import { useLabStore } from '../../store/lab-store';

export function StatusBar() {
  const probe = useLabStore((s) => s.probe);
  const worker = useLabStore((s) => s.worker);
  const loadedThreads = useLabStore((s) => (s.model.phase === 'ready' ? s.model.model.wasmThreads : undefined));

  let backendText = 'Detecting compute backend…';
  let backendTitle = '';
  let backendKind = 'pending';
  if (probe.phase === 'done') {
    const { report } = probe;
    backendKind = report.backend;
    backendTitle = report.reason;
    if (report.backend === 'webgpu' && report.adapter) {
      const software = report.adapter.isFallbackAdapter ? ', software' : '';
      backendText = `WebGPU · ${report.adapter.vendor} / ${report.adapter.architecture}${software}`;
    } else {
      const wasm = report.wasm;
      // Once a model runs on WASM, the threads it runs with; before, what the machine offers.
      const threads = loadedThreads !== undefined ? `${loadedThreads} thread${loadedThreads === 1 ? '' : 's'}` : wasm.threads ? `${wasm.hardwareConcurrency} cores` : '1 thread';
      backendText = `WASM · ${wasm.simd ? 'SIMD' : 'no SIMD'} · ${threads}`;
    }
  } else if (probe.phase === 'failed') {
    backendKind = 'error';
    backendText = 'Backend detection failed';
    backendTitle = probe.message;
  }

  return (
    <footer className="status-bar" role="contentinfo">
      <span className={`backend backend-${backendKind}`} data-testid="backend" title={backendTitle}>
        {backendText}
      </span>
      {probe.phase === 'done' && <span className="backend-reason" data-testid="backend-reason">{probe.report.reason}</span>}
      <span className="spacer" />
      {worker.state === 'crashed' ? (
        <span className="worker-crashed" role="alert" data-testid="worker-status">
          The lab worker stopped: {worker.message}{' '}
          <button type="button" onClick={() => restartWorker()}>
            Restart worker
          </button>
        </span>
      ) : (
        <span className="worker-ok" data-testid="worker-status">
          Worker running
        </span>
      )}
    </footer>
  );
}

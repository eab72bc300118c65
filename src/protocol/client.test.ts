import { describe, expect, it } from 'vitest';
import { handlers } from '../../workers/handlers';
import { LabClient, type WorkerLike } from './client';
import { type FromWorker, type ToWorker, WorkerCrashedError, WorkerRequestError, serializeError } from './messages';

/** An in-process stand-in for the Worker that runs the real handler table. */
class InProcessWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  /** When set, requests are swallowed (simulates a worker busy forever). */
  hang = false;

  postMessage(message: ToWorker): void {
    if (this.hang) return;
    const handler = handlers[message.kind] as (p: unknown, c: unknown) => Promise<unknown>;
    const reply = (data: FromWorker) => queueMicrotask(() => this.onmessage?.({ data } as MessageEvent<FromWorker>));
    if (message.kind === 'debug.crash') {
      this.crash('boom');
      return;
    }
    handler(message.params, { emit: () => {}, startedAt: Date.now() - 5 }).then(
      (result) => reply({ type: 'return', id: message.id, result }),
      (error) => reply({ type: 'throw', id: message.id, error: serializeError(error) }),
    );
  }
  crash(message: string): void {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('LabClient', () => {
  it('answers typed requests through the real handlers', async () => {
    const client = new LabClient(() => new InProcessWorker());
    const pong = await client.request('ping', {});
    expect(pong.uptimeMs).toBeGreaterThanOrEqual(0);
    // Node has no navigator.gpu: the probe must fall back to WASM and say why.
    const report = await client.request('probe', {});
    expect(report.backend).toBe('wasm');
    expect(report.reason).toMatch(/WASM/);
  });

  it('honours a forced WASM backend', async () => {
    const client = new LabClient(() => new InProcessWorker());
    const report = await client.request('probe', { force: 'wasm' });
    expect(report).toMatchObject({ backend: 'wasm', forced: 'wasm' });
  });

  it('rejects pending requests when the worker crashes, then recovers on restart', async () => {
    const workers: InProcessWorker[] = [];
    const client = new LabClient(() => {
      const w = new InProcessWorker();
      workers.push(w);
      return w;
    });
    const statuses: string[] = [];
    client.onStatus((s) => statuses.push(s.state));
    workers[0].hang = true;
    const stuck = client.request('ping', {});
    workers[0].crash('out of memory');
    await expect(stuck).rejects.toBeInstanceOf(WorkerCrashedError);
    await expect(stuck).rejects.toThrow(/out of memory/);
    expect(client.status).toEqual({ state: 'crashed', message: 'out of memory' });
    // A crashed worker is terminated at once: whatever it was still running can no longer write.
    expect(workers[0].terminated).toBe(true);
    // While crashed, new requests fail fast instead of hanging.
    await expect(client.request('ping', {})).rejects.toBeInstanceOf(WorkerCrashedError);
    client.restart();
    expect(workers[0].terminated).toBe(true);
    expect(statuses).toEqual(['crashed', 'running']);
    await expect(client.request('ping', {})).resolves.toHaveProperty('uptimeMs');
  });

  it('carries a handler error across with its name and message', async () => {
    const worker = new InProcessWorker();
    const client = new LabClient(() => worker);
    const failing = client.request('ping', {});
    // Replace the reply with a thrown error, as the worker loop would send it.
    worker.onmessage?.({ data: { type: 'throw', id: 'r1', error: { name: 'ModelLoadError', message: 'config.json missing' } } } as MessageEvent<FromWorker>);
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerRequestError);
    expect((error as Error).name).toBe('ModelLoadError');
    // People read the worker's sentence; which request failed, and how, stays in `detail`.
    expect((error as Error).message).toBe('config.json missing');
    expect((error as WorkerRequestError).detail).toBe('ping failed in the lab worker: ModelLoadError: config.json missing');
  });
});

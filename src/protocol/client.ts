/**
 * The main-thread side of the protocol: sends typed requests to the lab worker and resolves them
 * by id. If the worker dies (uncaught error, failed load), every pending request is rejected with
 * WorkerCrashedError and the client reports 'crashed' so the UI can offer a restart, instead of
 * leaving promises hanging forever.
 */
import {
  type FromWorker,
  type ParamsOf,
  type RequestKind,
  type ResultOf,
  type ToWorker,
  type WorkerEvent,
  WorkerCrashedError,
  WorkerRequestError,
} from './messages';

/** The part of `Worker` the client uses; tests can pass a fake. */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror?: ((event: MessageEvent) => void) | null;
}

export type WorkerStatus = { state: 'running' } | { state: 'crashed'; message: string };

interface Pending {
  kind: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class LabClient {
  private worker: WorkerLike;
  private pending = new Map<string, Pending>();
  private nextId = 1;
  private eventListeners = new Set<(event: WorkerEvent) => void>();
  private statusListeners = new Set<(status: WorkerStatus) => void>();
  status: WorkerStatus = { state: 'running' };

  constructor(private readonly createWorker: () => WorkerLike) {
    this.worker = this.attach(createWorker());
  }

  request<K extends RequestKind>(kind: K, params: ParamsOf<K>): Promise<ResultOf<K>> {
    if (this.status.state === 'crashed') {
      return Promise.reject(new WorkerCrashedError(`The lab worker has stopped (${this.status.message}). Restart it first.`));
    }
    const id = `r${this.nextId++}`;
    return new Promise<ResultOf<K>>((resolve, reject) => {
      this.pending.set(id, { kind, resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ type: 'request', id, kind, params } as ToWorker);
    });
  }

  onEvent(listener: (event: WorkerEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onStatus(listener: (status: WorkerStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Terminates the current worker (freeing its memory, including WebGPU buffers) and starts a fresh one. */
  restart(): void {
    this.worker.onmessage = null;
    this.worker.onerror = null;
    this.worker.terminate();
    this.failPending('The lab worker was restarted.');
    this.worker = this.attach(this.createWorker());
    this.setStatus({ state: 'running' });
  }

  dispose(): void {
    this.worker.terminate();
    this.failPending('The lab client was disposed.');
  }

  private attach(worker: WorkerLike): WorkerLike {
    worker.onmessage = (event) => this.handleMessage(event.data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      const message = event.message || 'the worker stopped with an uncaught error';
      // An uncaught error leaves the worker's state unknown (a training loop may still be running):
      // it is terminated, so nothing it does later can write, and its locks and memory are freed.
      worker.terminate();
      this.failPending(message);
      this.setStatus({ state: 'crashed', message });
    };
    worker.onmessageerror = () => {
      this.failPending('a message from the worker could not be deserialized');
    };
    return worker;
  }

  private handleMessage(message: FromWorker): void {
    if (message.type === 'event') {
      for (const listener of this.eventListeners) listener(message.event);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.type === 'return') pending.resolve(message.result);
    else pending.reject(new WorkerRequestError(pending.kind, message.error));
  }

  private failPending(reason: string): void {
    for (const [id, pending] of this.pending) {
      pending.reject(new WorkerCrashedError(`${pending.kind} was interrupted: ${reason}`));
      this.pending.delete(id);
    }
  }

  private setStatus(status: WorkerStatus): void {
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }
}

/**
 * The lab worker: owns the model and the training loop (trainer.ts), answers typed requests from the
 * UI and emits events. Every request runs inside one try/catch so none is left unanswered; an
 * uncaught error kills the worker and the main thread's client rejects whatever is pending.
 */
/// <reference lib="webworker" />
import { type FromWorker, type ToWorker, serializeError } from '../src/protocol/messages';
import { type HandlerContext, handlers } from './handlers';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(message: FromWorker): void {
  scope.postMessage(message);
}

const context: HandlerContext = {
  emit: (event) => post({ type: 'event', event }),
  startedAt: Date.now(),
};

scope.onmessage = async (message: MessageEvent<ToWorker>) => {
  const request = message.data;
  if (request?.type !== 'request') return;
  try {
    const handler = handlers[request.kind] as (params: unknown, ctx: HandlerContext) => Promise<unknown>;
    if (!handler) throw new Error(`Unknown request kind "${String(request.kind)}"`);
    const result = await handler(request.params, context);
    post({ type: 'return', id: request.id, result });
  } catch (error) {
    post({ type: 'throw', id: request.id, error: serializeError(error) });
  }
};

context.emit({ type: 'ready', at: Date.now() });

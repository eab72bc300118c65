/**
 * The worker's request handlers: one entry per request kind, typed against the protocol's
 * RequestMap so a handler cannot return the wrong result shape. Kept apart from the message loop
 * so it can be tested without a Worker.
 */
import type { ParamsOf, RequestKind, ResultOf, WorkerEvent } from '../src/protocol/messages';
import { setBaseUrl } from './assets';
import { closeSession, expertSuggestion, listTasks, listWebShopGoals, openSession, stepSession } from './env-sessions';
import { generateWithModel, loadModel, scoreWithModel } from './model-host';
import { setPageBusyBuffer } from './page-busy';
import { episodeCounterfactual } from './counterfactual';
import { alignEpisodes } from './episode-align';
import { probeBackend } from './probe';
import { replayReferenceSet } from './reference-replay';
import { editRule, evaluateNow, pauseTraining, resumeTraining, startTraining, stepTraining, stopTraining } from './trainer';

export interface HandlerContext {
  emit(event: WorkerEvent): void;
  startedAt: number;
}

export type Handlers = { [K in RequestKind]: (params: ParamsOf<K>, ctx: HandlerContext) => Promise<ResultOf<K>> };

export const handlers: Handlers = {
  init: async ({ baseUrl, pageBusy }) => {
    setBaseUrl(baseUrl);
    setPageBusyBuffer(pageBusy);
    return { ok: true };
  },
  probe: (params) => probeBackend(params),
  'env.list': (params) =>
    params.env === 'webshop'
      ? listWebShopGoals(params.products, params.split, params.offset, params.limit)
      : listTasks(params.split, params.offset, params.limit),
  'env.open': (params) => openSession(params),
  'env.step': async ({ sessionId, action }) => stepSession(sessionId, action),
  'env.expert': async ({ sessionId }) => expertSuggestion(sessionId),
  'env.close': async ({ sessionId }) => closeSession(sessionId),
  'replay.reference': ({ set }) => replayReferenceSet(set),
  'model.load': (params, ctx) => loadModel(params, (info) => ctx.emit({ type: 'model.progress', info })),
  'model.score': ({ prefix, candidates, reusePrefix }) => scoreWithModel(prefix, candidates, { reusePrefix }),
  'model.generate': ({ prefix, maxNewTokens }) => generateWithModel(prefix, maxNewTokens ?? 24),
  'train.start': ({ config, evalEvery, initialRules }, ctx) => startTraining(config, ctx.emit, { evalEvery, initialRules }),
  'train.evaluate': ({ runId }, ctx) => evaluateNow(runId, ctx.emit),
  'train.pause': async (_params, ctx) => pauseTraining(ctx.emit),
  'train.resume': ({ runId }, ctx) => resumeTraining(runId, ctx.emit),
  'train.step': ({ runId }, ctx) => stepTraining(runId, ctx.emit),
  'train.stop': ({ runId }, ctx) => stopTraining(runId, ctx.emit),
  'rules.edit': ({ runId, edit }) => editRule(runId, edit),
  'episode.counterfactual': (params) => episodeCounterfactual(params),
  'episode.align': (params) => alignEpisodes(params),
  ping: async (_params, ctx) => ({ uptimeMs: Date.now() - ctx.startedAt }),
  'debug.crash': () => {
    // Thrown from a timer, outside the request's try/catch, so it reaches the worker's global
    // error handler exactly like a real crash would (and the main thread's worker.onerror).
    setTimeout(() => {
      throw new Error('Deliberate crash requested by debug.crash');
    }, 0);
    return new Promise<never>(() => {});
  },
};

/**
 * The reflector step of an iteration, behind one function: the deterministic contrastive reflector
 * (default), or an instruction model prompted with both trajectories and the current rules whose
 * reply is parsed strictly. A malformed reply is rejected whole and logged, never half-applied.
 */
import type { LanguageModel } from '../llm/types';
import { type ReflectionInput, reflectContrastive } from '../rules/contrastive';
import { buildReflectorPrompt, llmReflectorAvailability, parseReflectorOutput } from '../rules/llm-reflector';
import type { RuleOp } from '../rules/pool';
import type { ReflectorKind } from './config';

/** What either reflector reads (the contrastive one's input), plus which one and its model. */
export interface ReflectionRequest extends ReflectionInput {
  kind: ReflectorKind;
  /** The instruction model of the `llm` reflector. */
  model: LanguageModel;
}

export interface ReflectionOutcome {
  ops: RuleOp[];
  /** Set when an `llm` reply was rejected: why, and the reply itself. */
  rejected?: { error: string; reply: string };
}

/** Longest reflector reply read, in tokens (a dozen operations fit easily). */
const REPLY_TOKENS = 400;

/** Throws when the run's reflector cannot run on this model, with the reason (the CLI and UI show it). */
export function assertReflectorAvailable(kind: ReflectorKind, model: LanguageModel): void {
  if (kind !== 'llm') return;
  const availability = llmReflectorAvailability(model.info);
  if (!availability.available) throw new Error(`The llm reflector is unavailable: ${availability.reason} Use the contrastive reflector (the default).`);
}

export async function reflect(request: ReflectionRequest): Promise<ReflectionOutcome> {
  if (request.kind === 'contrastive') return { ops: reflectContrastive(request).ops };
  const prompt = buildReflectorPrompt(request.failed, request.reference, request.pool.rules);
  const reply = await request.model.generate([prompt], { maxNewTokens: REPLY_TOKENS, stop: '\n\n\n' });
  const parsed = parseReflectorOutput(reply, request.pool, {
    env: request.failed.env,
    iteration: request.iteration,
    failedEpisode: request.failed.id,
    referenceEpisode: request.reference.id,
  });
  return parsed.ok ? { ops: parsed.ops } : { ops: [], rejected: { error: parsed.error, reply } };
}

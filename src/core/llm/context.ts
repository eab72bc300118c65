/**
 * The context check every scoring call passes first. A decision feeds the prompt's tokens and then
 * each candidate's tokens after it (the last candidate token is only predicted, never fed), so the
 * positions used are prompt + longest candidate − 1; a model with learned positions has no
 * embedding past its last one and ONNX Runtime fails with a raw index error.
 */
import { ContextOverflowError } from './errors';

/** Tokens a decision makes the model read, counted the way the limit is stated: prompt plus longest candidate. */
export function decisionTokens(promptTokens: number, candidateTokens: readonly number[]): number {
  return promptTokens + Math.max(0, ...candidateTokens);
}

/**
 * Throws ContextOverflowError when prompt + longest candidate is more than `limit` tokens (0 or
 * less: the limit is unknown, no check). One token stricter than the positions strictly need,
 * so the limit people read is the model's stated context.
 */
export function assertFitsContext(promptTokens: number, candidateTokens: readonly number[], limit: number): void {
  if (!(limit > 0)) return;
  const tokens = decisionTokens(promptTokens, candidateTokens);
  if (tokens > limit) throw new ContextOverflowError(tokens, limit);
}

/**
 * An episode typed by hand, as the model view's Score playground takes it: the first observation,
 * then each action on its own line starting with ">" followed by the observation it produced.
 *
 *   You are in the middle of a room. ...
 *   > go to countertop 1
 *   On the countertop 1, you see a egg 1.
 *
 * It is replayed through PromptHistory, so the prompt it gives is the one the agent would build
 * (history window, product labels), not an approximation of it.
 */
import { PromptHistory } from './promptHistory';

export interface Transcript {
  initialObservation: string;
  steps: Array<{ action: string; observation: string }>;
}

export class TranscriptError extends Error {}

/** The text's lines, trimmed, blank ones dropped (a transcript, or one rule or candidate per line). */
export function nonEmptyLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

export function parseTranscript(text: string): Transcript {
  const lines = nonEmptyLines(text);
  if (lines.length === 0) throw new TranscriptError('The episode is empty: give at least the first observation.');
  if (lines[0].startsWith('>')) throw new TranscriptError('The episode starts with an action: put the first observation before it.');
  const transcript: Transcript = { initialObservation: lines[0], steps: [] };
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i].startsWith('>')) {
      throw new TranscriptError(`Line ${i + 1} should be an action starting with ">" (each action is followed by one observation line).`);
    }
    const action = lines[i].slice(1).trim();
    const observation = lines[i + 1];
    if (!action) throw new TranscriptError(`Line ${i + 1} has ">" but no action.`);
    if (observation === undefined || observation.startsWith('>')) {
      throw new TranscriptError(`The action on line ${i + 1} ("${action}") has no observation after it.`);
    }
    transcript.steps.push({ action, observation });
    i++;
  }
  return transcript;
}

/** The agent's prompt history after the transcript's steps. */
export function historyFromTranscript(goal: string, rules: readonly string[], transcript: Transcript): PromptHistory {
  const history = new PromptHistory(goal, rules, transcript.initialObservation);
  for (const step of transcript.steps) history.push(step.action, step.observation);
  return history;
}

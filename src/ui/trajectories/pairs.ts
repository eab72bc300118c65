/**
 * Episodes worth comparing with the one open: the reference the reflector paired it with (or the
 * failures it was the reference for), the same task earlier or later in training, with or without
 * the rules, under another method, and the same task type with the other outcome.
 */
import type { AppliedOp } from '../../core/rules/pool';
import type { RunEpisodeSummaryRow } from '../../db/schema';
import type { RunFacts } from './episode-filters';

export interface PairSuggestion {
  /** What the pair is, for people: "reference the reflector used (r3 ADD)". */
  label: string;
  runId: string;
  episodeId: string;
}

const outcome = (e: RunEpisodeSummaryRow) => (e.success ? 'success' : 'failure');

export function suggestPairs(
  current: RunEpisodeSummaryRow,
  episodes: readonly RunEpisodeSummaryRow[],
  runs: ReadonlyMap<string, RunFacts>,
  ops: readonly AppliedOp[],
  limit = 10,
): PairSuggestion[] {
  const out: PairSuggestion[] = [];
  const seen = new Set<string>([`${current.runId}/${current.id}`]);
  const add = (label: string, e: Pick<RunEpisodeSummaryRow, 'runId' | 'id'>) => {
    const key = `${e.runId}/${e.id}`;
    if (seen.has(key) || out.length >= limit) return;
    seen.add(key);
    out.push({ label, runId: e.runId, episodeId: e.id });
  };
  for (const op of ops) {
    const p = op.provenance;
    if (p.failedEpisode === current.id && p.referenceEpisode) add(`reference the reflector used (${op.kind} ${op.ruleId})`, { runId: current.runId, id: p.referenceEpisode });
  }
  for (const op of ops) {
    const p = op.provenance;
    if (p.referenceEpisode === current.id && p.failedEpisode) add(`failure it was the reference for (${op.kind} ${op.ruleId})`, { runId: current.runId, id: p.failedEpisode });
  }
  const sameTask = episodes.filter((e) => e.taskId === current.taskId);
  const sameRun = sameTask.filter((e) => e.runId === current.runId && e.iteration !== current.iteration).sort((a, b) => a.iteration - b.iteration);
  const earlier = sameRun.filter((e) => e.iteration < current.iteration);
  const later = sameRun.filter((e) => e.iteration > current.iteration);
  if (earlier.length > 0) add(`same task before training: iteration ${earlier[0].iteration}, ${outcome(earlier[0])}`, earlier[0]);
  if (later.length > 0) add(`same task after training: iteration ${later[later.length - 1].iteration}, ${outcome(later[later.length - 1])}`, later[later.length - 1]);
  // The held-out evaluation plays each task with and without the rules: the pair shows what they did.
  const otherRules = sameTask.find((e) => e.runId === current.runId && e.iteration === current.iteration && e.purpose === current.purpose && e.withRules !== current.withRules);
  if (otherRules) add(`same task ${otherRules.withRules ? 'with' : 'without'} rules, ${outcome(otherRules)}`, otherRules);
  const method = runs.get(current.runId)?.method;
  for (const e of sameTask) {
    const other = runs.get(e.runId);
    if (e.runId !== current.runId && other && other.method !== method && e.purpose === current.purpose) add(`same task, ${other.method} (${other.name}), ${outcome(e)}`, e);
  }
  const opposite = episodes.find((e) => e.runId === current.runId && e.env === current.env && e.taskType === current.taskType && e.success !== current.success);
  if (opposite) add(`same task type, ${outcome(opposite)} (${opposite.id})`, opposite);
  return out;
}

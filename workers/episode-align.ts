/**
 * 'episode.align': two stored episodes replayed in their environments and aligned on milestones, the
 * way the contrastive reflector aligns a failure with its reference (traceMilestones, firstMiss,
 * diagnose in src/core/rules): the same functions, so the comparison shows what the learner saw.
 */
import { diagnose } from '../src/core/rules/contrastive';
import { firstMiss, type Milestone, type MilestoneTrace, traceMilestones } from '../src/core/rules/milestones';
import { createPool } from '../src/core/rules/pool';
import type { RunEpisodeRow } from '../src/db/schema';
import type { EpisodeAlignment, EpisodeRef } from '../src/protocol/messages';
import { loadStoredEpisode, runTaskSource } from './stored-episodes';

async function traceOf(ref: EpisodeRef): Promise<{ episode: RunEpisodeRow; trace: MilestoneTrace }> {
  const { run, episode } = await loadStoredEpisode(ref);
  const tasks = await runTaskSource(run.config);
  const task = tasks.taskById(episode.taskId);
  if (!task) throw new Error(`Task ${episode.taskId} of episode ${episode.id} is not in run ${run.name}'s task source.`);
  return { episode, trace: traceMilestones(tasks.make(task), episode.steps.map((s) => s.action)) };
}

/** Why two episodes' milestones cannot be matched one to one, or null when they can. */
function incomparable(a: RunEpisodeRow, b: RunEpisodeRow): string | null {
  if (a.env !== b.env) return `one episode is ${a.env}, the other ${b.env}: they have no milestones in common`;
  if (a.env === 'alfworld' && a.taskType !== b.taskType) return `${a.taskType} and ${b.taskType} have different milestones`;
  return null;
}

/** The earlier (in task order) of the two one-sided misses. */
function divergenceOf(a: MilestoneTrace, b: MilestoneTrace): EpisodeAlignment['divergence'] {
  const missedByA = firstMiss(a, b);
  const missedByB = firstMiss(b, a);
  const order = (m: Milestone | null) => (m === null ? Infinity : Math.max(a.expected.indexOf(m), b.expected.indexOf(m)));
  if (missedByA === null && missedByB === null) return null;
  return order(missedByA) <= order(missedByB) ? { milestone: missedByA!, missedBy: 'a' } : { milestone: missedByB!, missedBy: 'b' };
}

/** The reflector's diagnosis when the pair is one it could have reflected on (a train failure and a train success). */
function diagnosisOf(a: { episode: RunEpisodeRow; trace: MilestoneTrace }, b: { episode: RunEpisodeRow; trace: MilestoneTrace }): EpisodeAlignment['diagnosis'] {
  if (a.episode.success === b.episode.success) return null;
  const [failed, reference, role] = a.episode.success ? [b, a, 'a' as const] : [a, b, 'b' as const];
  try {
    // The pool only chooses the operation, not the diagnosis: an empty one will do.
    const d = diagnose({ iteration: failed.episode.iteration, failed: failed.episode, reference: reference.episode, failedTrace: failed.trace, referenceTrace: reference.trace, pool: createPool() });
    if (!d) return null;
    return { summary: d.summary, milestone: d.milestone, reference: role, decisiveStep: d.decisiveState ? d.decisiveState.actions.length : null };
  } catch {
    // A held-out episode or a mismatched pair: the reflector would refuse it, so there is no diagnosis to show.
    return null;
  }
}

export async function alignEpisodes(refs: { a: EpisodeRef; b: EpisodeRef }): Promise<EpisodeAlignment> {
  const [a, b] = await Promise.all([traceOf(refs.a), traceOf(refs.b)]);
  const reason = incomparable(a.episode, b.episode);
  if (reason) return { a: a.trace, b: b.trace, comparable: false, reason, divergence: null, diagnosis: null };
  return { a: a.trace, b: b.trace, comparable: true, divergence: divergenceOf(a.trace, b.trace), diagnosis: diagnosisOf(a, b) };
}

/**
 * Reference trajectories for the reflector, and the archive of successes they come from.
 *
 * Order (DESIGN.md §1): a success in the same group first (the best reward, then the earliest), else
 * the best archived success of the same task, else the best archived success of the same task type.
 * The archive holds training-split episodes only: the learner's held-out guard runs before anything
 * enters it.
 */
import type { EpisodeRecord } from './records';

/** Best success per training task, keyed by task id. */
export type SuccessArchive = Readonly<Record<string, EpisodeRecord>>;

/**
 * A compact copy for the archive: the reflector reads actions, observations and rule ids, not the
 * candidate lists, which are most of a record's size.
 */
export function compactForArchive(episode: EpisodeRecord): EpisodeRecord {
  return { ...episode, steps: episode.steps.map((s) => ({ ...s, actions: [], probs: [], chosen: -1 })) };
}

function better(a: EpisodeRecord, b: EpisodeRecord | undefined): boolean {
  if (!b) return true;
  if (a.reward !== b.reward) return a.reward > b.reward;
  // Equal reward: the shorter trajectory is the clearer reference.
  return a.steps.length < b.steps.length;
}

/** The archive after a group: each success replaces its task's entry when it is better. */
export function archiveSuccesses(archive: SuccessArchive, episodes: readonly EpisodeRecord[]): SuccessArchive {
  const next: Record<string, EpisodeRecord> = { ...archive };
  for (const e of episodes) if (e.success && better(e, next[e.taskId])) next[e.taskId] = compactForArchive(e);
  return next;
}

export type ReferenceSource = 'group' | 'task' | 'task-type';

export function pickReference(
  failed: EpisodeRecord,
  group: readonly EpisodeRecord[],
  archive: SuccessArchive,
): { reference: EpisodeRecord; source: ReferenceSource } | null {
  let best: EpisodeRecord | undefined;
  for (const e of group) if (e.success && e.id !== failed.id && better(e, best)) best = e;
  if (best) return { reference: best, source: 'group' };
  const sameTask = archive[failed.taskId];
  if (sameTask) return { reference: sameTask, source: 'task' };
  // Iterate in a fixed order (task ids sorted) so the choice does not depend on insertion order.
  for (const id of Object.keys(archive).sort()) {
    const e = archive[id];
    if (e.env === failed.env && e.taskType === failed.taskType && better(e, best)) best = e;
  }
  return best ? { reference: best, source: 'task-type' } : null;
}

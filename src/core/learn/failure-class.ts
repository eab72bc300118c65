/**
 * Which kind of failure an episode is, read off its milestones: a search that never found (ALFWorld)
 * or never reached (WebShop) the right object, a missed procedure step after that, or neither.
 * The results table counts these per method, so a reader sees which failures a method moves
 * (rules fix procedure misses; searches are the policy's job).
 */
import type { TextEnvironment } from '../envs/types';
import { type Milestone, traceMilestones } from '../rules/milestones';
import type { EpisodeRecord } from './records';
import type { FailureClass } from './summary';

const SEARCH_MILESTONES: ReadonlySet<Milestone> = new Set<Milestone>(['found', 'taken', 'product']);

/** The failure class of a failed episode; `env` is a fresh environment of its task (it is replayed). */
export function failureClassOf(env: TextEnvironment, episode: EpisodeRecord): FailureClass {
  const trace = traceMilestones(env, episode.steps.map((s) => s.action));
  const missed = trace.expected.find((m) => trace.reached[m] === undefined);
  if (missed === undefined) return 'other';
  return SEARCH_MILESTONES.has(missed) ? 'search' : 'procedure';
}

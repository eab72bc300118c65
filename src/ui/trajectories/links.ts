/**
 * Links into the Trajectories view: a stored episode of a run, the step shown, and the episode it is
 * compared with. Everything lives in the hash path (no query string), so a copied link reopens the
 * same place from a static file server:
 *
 *   #/trajectories/run/<runId>/<episodeId>[/step/<n>][/vs/<runId>/<episodeId>]
 *
 * The leading `run` segment keeps these apart from the logged-episode tabs (`#/trajectories/real/…`).
 * Steps are 1-based in the URL, as the replay shows them.
 */
import { hrefFor } from '../router';

export interface TrajectoryLocation {
  runId: string;
  episodeId: string;
  /** 0-based step index; absent means the first step. */
  step?: number;
  compare?: { runId: string; episodeId: string };
}

/** The first path segment after `trajectories` that marks a stored-episode location. */
export const RUN_SEGMENT = 'run';

export function trajectoryHref(location: TrajectoryLocation): string {
  const parts = [RUN_SEGMENT, location.runId, location.episodeId];
  if (location.step !== undefined && location.step > 0) parts.push('step', String(location.step + 1));
  if (location.compare) parts.push('vs', location.compare.runId, location.compare.episodeId);
  return hrefFor('trajectories', ...parts);
}

/**
 * The location in a Trajectories route's extra segments (`parseRoute(hash).rest`), or null when
 * they do not name a stored episode (the list, or a logged-episode tab). `search` is accepted for
 * links that carry `?step=N` (e.g. typed by hand); the path's own step wins.
 */
export function parseTrajectoryRoute(rest: string[], search?: string): TrajectoryLocation | null {
  if (rest[0] !== RUN_SEGMENT || !rest[1] || !rest[2]) return null;
  const location: TrajectoryLocation = { runId: rest[1], episodeId: rest[2] };
  let i = 3;
  let step: number | undefined;
  while (i < rest.length) {
    if (rest[i] === 'step' && rest[i + 1] !== undefined) {
      step = parseStep(rest[i + 1]);
      i += 2;
    } else if (rest[i] === 'vs' && rest[i + 1] && rest[i + 2]) {
      location.compare = { runId: rest[i + 1], episodeId: rest[i + 2] };
      i += 3;
    } else {
      i += 1; // an unknown trailing segment is ignored rather than losing the episode
    }
  }
  if (step === undefined && search) step = parseStep(new URLSearchParams(search).get('step') ?? '');
  if (step !== undefined) location.step = step;
  return location;
}

/** A 1-based step number from the URL as a 0-based index, or undefined when it is not one. */
function parseStep(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 ? n - 1 : undefined;
}

/** The replay's keyboard shortcuts (Space, ←, →), ignored while the person types in a field. */

export type ReplayKey = 'toggle' | 'previous' | 'next';

/** The parts of an event target that decide whether the keys are its own. */
interface KeyTarget {
  tagName?: string;
  isContentEditable?: boolean;
}

/** Elements where these keys already mean something: text entry, choosing, a slider's own arrows. */
const OWN_KEYS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

export function replayKey(event: { key: string; target: EventTarget | KeyTarget | null; altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }): ReplayKey | null {
  const target = event.target as KeyTarget | null;
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  if (target?.isContentEditable || OWN_KEYS.has(target?.tagName ?? '')) return null;
  if (event.key === ' ') return 'toggle';
  if (event.key === 'ArrowLeft') return 'previous';
  if (event.key === 'ArrowRight') return 'next';
  return null;
}

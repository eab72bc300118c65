/** The replay's keyboard shortcuts (Space, ←, →), ignored while the person types in a field. */

export type ReplayKey = 'toggle' | 'previous' | 'next';

/** Elements where these keys already mean something: text entry, choosing, a slider's own arrows. */
function ownsKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

export function replayKey(event: Pick<KeyboardEvent, 'key' | 'target' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): ReplayKey | null {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || ownsKeys(event.target)) return null;
  if (event.key === ' ') return 'toggle';
  if (event.key === 'ArrowLeft') return 'previous';
  if (event.key === 'ArrowRight') return 'next';
  return null;
}

/**
 * Hash routes for the five views. Hash routing keeps every view linkable and reloadable from a
 * static file server with no rewrite rules (the lab may be opened from any folder).
 */
import { useSyncExternalStore } from 'react';

export const VIEWS = [
  { id: 'lab', label: 'Lab', title: 'Train and watch the agent learn' },
  { id: 'rules', label: 'Rules', title: 'The long-term rule pool' },
  { id: 'trajectories', label: 'Trajectories', title: 'Replay and compare episodes' },
  { id: 'runs', label: 'Runs', title: 'Experiments and their metrics' },
  { id: 'results', label: 'Results', title: 'Experiments over seeds: methods compared with confidence intervals' },
  { id: 'model', label: 'Model', title: 'The policy model and compute backend' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export interface Route {
  view: ViewId;
  /** Extra path segments after the view, e.g. `#/trajectories/ep-12` → ['ep-12']. */
  rest: string[];
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const view = VIEWS.find((v) => v.id === parts[0])?.id ?? 'lab';
  return { view, rest: view === parts[0] ? parts.slice(1) : [] };
}

export function hrefFor(view: ViewId, ...rest: string[]): string {
  return `#/${[view, ...rest].map(encodeURIComponent).join('/')}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash, () => '');
  return parseRoute(hash);
}

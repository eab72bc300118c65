/**
 * The shape of the generator's prior (prior.json, fitted by scripts/alfworld/fit-prior.ts to the real
 * train games) and the helpers both the fitter and the generator use.
 */
import type { AlfworldScene } from './scene';

export type RoomKind = 'kitchen' | 'livingroom' | 'bedroom' | 'bathroom';

export interface AlfworldPrior {
  source: string;
  /** Each real train floor plan: its room kind and receptacle-type counts. */
  plans: Array<{ plan: number; kind: RoomKind; receptacles: Array<[string, number]> }>;
  /** Receptacle type → fraction openable. */
  openable: Record<string, number>;
  /** Receptacle type → fraction sharing its location with the previous receptacle of its type. */
  share: Record<string, number>;
  /** "kind:ReceptacleType" → [object count, weight] pairs. */
  contentCounts: Record<string, Array<[number, number]>>;
  /** "kind:ReceptacleType" → [object type, weight] pairs. */
  contentTypes: Record<string, Array<[string, number]>>;
  /** Object type → flag letters (see scene.ts OBJECT_FLAGS). */
  objectProps: Record<string, string>;
  /** Type → display class ("SinkBasin" → "sinkbasin"). */
  classOf: Record<string, string>;
  canContain: Record<string, string[]>;
  /** Fraction of fridge contents that start cool. */
  coolInFridge: number;
  /** [count, weight] of locations without a receptacle (the start, floor fixtures). */
  extraLocations: Array<[number, number]>;
  taskTypes: Array<[string, number]>;
  /** Task type → [room kind, object type, receptacle or lamp type, weight]. */
  goals: Record<string, Array<[string, string, string, number]>>;
  /** Receptacle layouts of the valid_unseen games, which generated scenes must never reproduce. */
  unseenLayouts: string[];
}

/** ALFRED floor plan numbering: 1-30 kitchens, 201-230 living rooms, 301-330 bedrooms, 401-430 bathrooms. */
export function roomKindOf(plan: number): RoomKind {
  if (plan >= 400) return 'bathroom';
  if (plan >= 300) return 'bedroom';
  if (plan >= 200) return 'livingroom';
  return 'kitchen';
}

/** A room's receptacle layout: its receptacle types with counts, e.g. "Bed:1,Desk:2,Drawer:6". */
export function layoutSignature(scene: Pick<AlfworldScene, 'receptacles'>): string {
  const counts = new Map<string, number>();
  for (const r of scene.receptacles) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([t, n]) => `${t}:${n}`)
    .join(',');
}

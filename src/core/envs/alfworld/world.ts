/**
 * The static part of a game, precomputed once per scene: which receptacles stand at each location,
 * object flags as bits, what each receptacle may hold, and the appliance kinds. Shared by every
 * live game of the scene (the mutable part is GameState in state.ts).
 */
import type { AlfworldScene } from './scene';

export const FLAG = {
  pickupable: 1,
  cleanable: 2,
  heatable: 4,
  coolable: 8,
  sliceable: 16,
  toggleable: 32,
  receptacleObject: 64,
  coolAtStart: 128,
} as const;

const FLAG_BY_LETTER: Record<string, number> = {
  p: FLAG.pickupable,
  c: FLAG.cleanable,
  h: FLAG.heatable,
  k: FLAG.coolable,
  s: FLAG.sliceable,
  t: FLAG.toggleable,
  r: FLAG.receptacleObject,
  C: FLAG.coolAtStart,
};

/** What a receptacle does beyond holding things: the domain's heat/cool/clean preconditions. */
export type Appliance = 'microwave' | 'fridge' | 'sink' | null;

export interface World {
  scene: AlfworldScene;
  nObj: number;
  nRec: number;
  nLoc: number;
  /** Receptacles at each location, ascending id order. */
  recsAt: number[][];
  recLoc: Int16Array;
  recOpenable: Uint8Array;
  recAppliance: Appliance[];
  objFlags: Uint16Array;
  /** Knives and butter knives can slice. */
  objIsKnife: Uint8Array;
  /** canHold[r * nObj + o] = 1 when the receptacle's type canContain the object's type. */
  canHold: Uint8Array;
  /** Objects inside each receptacle-object (inReceptacleObject, static in this domain). */
  innerObjects: number[][];
}

function applianceOf(type: string): Appliance {
  if (type === 'Microwave') return 'microwave';
  if (type === 'Fridge') return 'fridge';
  // The game files' domain accepts both SinkBasin and Sink receptacles for CleanObject.
  if (type === 'SinkBasin' || type === 'Sink') return 'sink';
  return null;
}

export function buildWorld(scene: AlfworldScene): World {
  const nObj = scene.objects.length;
  const nRec = scene.receptacles.length;
  const nLoc = scene.locations.length;
  const recsAt: number[][] = Array.from({ length: nLoc }, () => []);
  const recLoc = new Int16Array(nRec);
  const recOpenable = new Uint8Array(nRec);
  const recAppliance: Appliance[] = [];
  scene.receptacles.forEach((r, i) => {
    recsAt[r.loc].push(i);
    recLoc[i] = r.loc;
    recOpenable[i] = r.openable ? 1 : 0;
    recAppliance.push(applianceOf(r.type));
  });
  const objFlags = new Uint16Array(nObj);
  const objIsKnife = new Uint8Array(nObj);
  const innerObjects: number[][] = Array.from({ length: nObj }, () => []);
  scene.objects.forEach((o, i) => {
    let bits = 0;
    for (const ch of o.props) bits |= FLAG_BY_LETTER[ch] ?? 0;
    objFlags[i] = bits;
    objIsKnife[i] = o.type === 'Knife' || o.type === 'ButterKnife' ? 1 : 0;
    for (const outer of o.inObj ?? []) innerObjects[outer].push(i);
  });
  const canHold = new Uint8Array(nRec * nObj);
  scene.receptacles.forEach((r, ri) => {
    const allowed = new Set(scene.canContain[r.type] ?? []);
    scene.objects.forEach((o, oi) => {
      if (allowed.has(o.type)) canHold[ri * nObj + oi] = 1;
    });
  });
  return { scene, nObj, nRec, nLoc, recsAt, recLoc, recOpenable, recAppliance, objFlags, objIsKnife, canHold, innerObjects };
}

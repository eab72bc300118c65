/**
 * The mutable facts of one live game, kept as flat typed arrays (cheap to create, copy and scan).
 * They mirror the fluent PDDL predicates of alfred.pddl. `notIn` keeps the negated inReceptacle
 * facts that TextWorld adds to its state when an effect deletes one: its "look" text lists objects
 * "next to" the agent only through those explicit negations, so they must be tracked too.
 */
import { FLAG, type World } from './world';

export interface GameState {
  agentLoc: number;
  /** The held object, or -1 (holdsAny ⇔ held >= 0). */
  held: number;
  opened: Uint8Array;
  /** inReceptacle: in[o * nRec + r]. */
  inRec: Uint8Array;
  /** Explicit not_inReceptacle facts: notIn[o * nRec + r]. */
  notIn: Uint8Array;
  /** objectAtLocation: at[o * nLoc + l]. */
  at: Uint8Array;
  clean: Uint8Array;
  hot: Uint8Array;
  cool: Uint8Array;
  toggled: Uint8Array;
  sliced: Uint8Array;
}

export function initialState(world: World): GameState {
  const { scene, nObj, nRec, nLoc } = world;
  const inRec = new Uint8Array(nObj * nRec);
  const at = new Uint8Array(nObj * nLoc);
  const cool = new Uint8Array(nObj);
  scene.objects.forEach((o, i) => {
    for (const r of o.in) inRec[i * nRec + r] = 1;
    for (const l of o.at) at[i * nLoc + l] = 1;
    if (world.objFlags[i] & FLAG.coolAtStart) cool[i] = 1;
  });
  return {
    agentLoc: scene.start,
    held: -1,
    opened: new Uint8Array(nRec),
    inRec,
    notIn: new Uint8Array(nObj * nRec),
    at,
    clean: new Uint8Array(nObj),
    hot: new Uint8Array(nObj),
    cool,
    toggled: new Uint8Array(nObj),
    sliced: new Uint8Array(nObj),
  };
}

export function cloneState(s: GameState): GameState {
  return {
    agentLoc: s.agentLoc,
    held: s.held,
    opened: s.opened.slice(),
    inRec: s.inRec.slice(),
    notIn: s.notIn.slice(),
    at: s.at.slice(),
    clean: s.clean.slice(),
    hot: s.hot.slice(),
    cool: s.cool.slice(),
    toggled: s.toggled.slice(),
    sliced: s.sliced.slice(),
  };
}

/** Receptacle is open for taking/putting/looking inside: not openable, or opened. */
export function isAccessible(world: World, s: GameState, r: number): boolean {
  return world.recOpenable[r] === 0 || s.opened[r] === 1;
}

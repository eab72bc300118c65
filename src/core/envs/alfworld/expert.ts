/**
 * The expert: a task planner. From any state it returns the next command of a short plan: fetch a goal
 * object (the cheapest to reach), transform it at the appliance when the task asks (heat/cool/clean
 * work with the appliance closed), then put it in a receptacle of the goal type (the same one twice for
 * pick_two), or carry it to a lamp and switch the lamp on (look_at_obj_in_light). Holding a wrong
 * object, it first puts that object down. Used by tests, the model's corpus and as a demonstrator.
 *
 * Two modes, like ALFWorld's two experts:
 * - 'search' (default, like ALFWorld's handcoded expert): it only uses the contents of receptacles the
 *   agent has been shown; until it knows where a goal object (or lamp) is, it explores the receptacles
 *   most likely to hold one (likelihoods from the real train games), opening closed ones. Demonstrations
 *   a policy can imitate from its observations. Past step 32 it switches to 'oracle' so it always
 *   finishes within the 50 steps.
 * - 'oracle' (like ALFWorld's PDDL planner expert): full knowledge, shortest plans.
 */
import type { AlfworldEnv } from './env';
import { createAlfworldEnv } from './env';
import rawPrior from './prior.json';
import type { AlfworldPrior } from './prior';
import { goalObjectsIn, goalReached, isGoalObject, isGoalReceptacle, transformed } from './goal';
import type { AlfworldScene } from './scene';
import { type GameState, isAccessible } from './state';
import { type Appliance, FLAG, type World } from './world';

export const APPLIANCE_FOR_TASK: Partial<Record<string, Appliance>> = {
  pick_clean_then_place: 'sink',
  pick_heat_then_place: 'microwave',
  pick_cool_then_place: 'fridge',
};

export const TRANSFORM_VERB: Record<string, string> = { sink: 'clean', microwave: 'heat', fridge: 'cool' };

export function recName(world: World, r: number): string {
  return world.scene.receptacles[r].name;
}

export function objName(world: World, o: number): string {
  return world.scene.objects[o].name;
}

/** Steps to be ready to act inside r: walk there, open it. */
export function reachCost(world: World, s: GameState, r: number, needInside: boolean): number {
  return (world.recLoc[r] === s.agentLoc ? 0 : 1) + (needInside && !isAccessible(world, s, r) ? 1 : 0);
}

/** The first command that brings the agent to r (and opens it when it must look inside), or null. */
export function approach(world: World, s: GameState, r: number, needInside: boolean): string | null {
  if (world.recLoc[r] !== s.agentLoc) return `go to ${recName(world, r)}`;
  if (needInside && !isAccessible(world, s, r)) return `open ${recName(world, r)}`;
  return null;
}

export function cheapest(world: World, s: GameState, candidates: number[], needInside: boolean): number {
  let best = -1;
  let bestCost = Infinity;
  for (const r of candidates) {
    const cost = reachCost(world, s, r, needInside);
    if (cost < bestCost) {
      best = r;
      bestCost = cost;
    }
  }
  return best;
}

/** Put a receptacle-fitting object down somewhere (to free the hands). */
export function putDown(world: World, s: GameState, o: number): string {
  const fits: number[] = [];
  for (let r = 0; r < world.nRec; r++) if (world.canHold[r * world.nObj + o]) fits.push(r);
  const r = cheapest(world, s, fits, true);
  // An object no receptacle of the scene can hold (the agent took it where the scene lists no other
  // place for its type) cannot be put down: "look" changes nothing, and callers stepping the plan
  // run into the step limit instead of a crash.
  if (r < 0) return 'look';
  return approach(world, s, r, true) ?? `put ${objName(world, o)} in/on ${recName(world, r)}`;
}

/** Receptacles whose contents the planner may use: all (oracle) or those shown so far (search). */
type Known = Uint8Array | null;

const knows = (known: Known, r: number): boolean => known === null || known[r] === 1;

/** Fetch the cheapest known goal object not excluded; null when none is known. */
function fetchGoalObject(world: World, s: GameState, exclude: (o: number) => boolean, known: Known): string | null {
  let bestO = -1;
  let bestR = -1;
  let bestCost = Infinity;
  for (let o = 0; o < world.nObj; o++) {
    if (!isGoalObject(world, o) || !(world.objFlags[o] & FLAG.pickupable) || exclude(o)) continue;
    for (let r = 0; r < world.nRec; r++) {
      if (!s.inRec[o * world.nRec + r] || !knows(known, r)) continue;
      // Prefer objects that already satisfy the task's transformation.
      const cost = reachCost(world, s, r, true) * 2 + (transformed(world, s, o) ? 0 : 1);
      if (cost < bestCost) {
        bestCost = cost;
        bestO = o;
        bestR = r;
      }
    }
  }
  if (bestO < 0) return null;
  return approach(world, s, bestR, true) ?? `take ${objName(world, bestO)} from ${recName(world, bestR)}`;
}

/** The receptacle a placing task fills: for pick_two, the one already holding the most goal objects. */
export function targetReceptacle(world: World, s: GameState, o: number): number {
  const fits: number[] = [];
  for (let r = 0; r < world.nRec; r++) if (isGoalReceptacle(world, r) && (o < 0 || world.canHold[r * world.nObj + o])) fits.push(r);
  if (world.scene.taskType === 'pick_two_obj') {
    let best = -1;
    let most = -1;
    for (const r of fits) {
      const n = goalObjectsIn(world, s, r).length;
      if (n > most) {
        most = n;
        best = r;
      }
    }
    return best;
  }
  return cheapest(world, s, fits, true);
}

function nextForPlacing(world: World, s: GameState, known: Known): string | null {
  const held = s.held;
  if (held >= 0 && !isGoalObject(world, held)) return putDown(world, s, held);
  if (held >= 0) {
    if (!transformed(world, s, held)) {
      const kind = APPLIANCE_FOR_TASK[world.scene.taskType] as Appliance;
      const appliances: number[] = [];
      for (let r = 0; r < world.nRec; r++) if (world.recAppliance[r] === kind) appliances.push(r);
      const r = cheapest(world, s, appliances, false);
      return approach(world, s, r, false) ?? `${TRANSFORM_VERB[kind as string]} ${objName(world, held)} with ${recName(world, r)}`;
    }
    const r = targetReceptacle(world, s, held);
    return approach(world, s, r, true) ?? `put ${objName(world, held)} in/on ${recName(world, r)}`;
  }
  const target = world.scene.taskType === 'pick_two_obj' ? targetReceptacle(world, s, -1) : -1;
  const exclude = (o: number): boolean => target >= 0 && s.inRec[o * world.nRec + target] === 1 && transformed(world, s, o);
  return fetchGoalObject(world, s, exclude, known) ?? explore(world, s, known, world.scene.goal.object);
}

function nextForLooking(world: World, s: GameState, known: Known): string | null {
  const held = s.held;
  if (held >= 0 && !isGoalObject(world, held)) return putDown(world, s, held);
  if (held < 0) return fetchGoalObject(world, s, () => false, known) ?? explore(world, s, known, world.scene.goal.object);
  // Carry it to a lamp of the goal type and switch the lamp on.
  let bestLamp = -1;
  let bestR = -1;
  let bestCost = Infinity;
  for (let o = 0; o < world.nObj; o++) {
    if (world.scene.objects[o].type !== world.scene.goal.toggle || !(world.objFlags[o] & FLAG.toggleable)) continue;
    for (let r = 0; r < world.nRec; r++) {
      if (!s.inRec[o * world.nRec + r] || !knows(known, r)) continue;
      const cost = reachCost(world, s, r, false);
      if (cost < bestCost) {
        bestCost = cost;
        bestLamp = o;
        bestR = r;
      }
    }
  }
  if (bestLamp < 0) return explore(world, s, known, world.scene.goal.toggle as string);
  return approach(world, s, bestR, false) ?? `use ${objName(world, bestLamp)}`;
}

const prior = rawPrior as unknown as AlfworldPrior;
let likelihood: Map<string, Map<string, number>> | null = null;

/** P(an object of this type is in a receptacle of this type), averaged over the real room kinds. */
function likelihoodOf(receptacleType: string, objectType: string): number {
  if (!likelihood) {
    const sums = new Map<string, Map<string, number>>();
    const kinds = new Map<string, number>();
    for (const [key, list] of Object.entries(prior.contentTypes)) {
      const rtype = key.slice(key.indexOf(':') + 1);
      const total = list.reduce((n, [, w]) => n + w, 0);
      const m = sums.get(rtype) ?? new Map<string, number>();
      for (const [otype, w] of list) m.set(otype, (m.get(otype) ?? 0) + w / total);
      sums.set(rtype, m);
      kinds.set(rtype, (kinds.get(rtype) ?? 0) + 1);
    }
    for (const [rtype, m] of sums) for (const [otype, p] of m) m.set(otype, p / (kinds.get(rtype) as number));
    likelihood = sums;
  }
  return likelihood.get(receptacleType)?.get(objectType) ?? 0;
}

/** Look into the unseen receptacle most likely to hold the wanted type (nearest first on ties). */
function explore(world: World, s: GameState, known: Known, wanted: string): string | null {
  if (known === null) return null;
  let best = -1;
  let bestScore = -Infinity;
  for (let r = 0; r < world.nRec; r++) {
    if (known[r]) continue;
    const score = likelihoodOf(world.scene.receptacles[r].type, wanted) * 10 - reachCost(world, s, r, true) * 0.01;
    if (score > bestScore) {
      bestScore = score;
      best = r;
    }
  }
  if (best < 0) return null;
  return approach(world, s, best, true) ?? `examine ${recName(world, best)}`;
}

export type ExpertMode = 'search' | 'oracle';

export interface ExpertOptions {
  /** 'search' (default): uses only what the agent has been shown; 'oracle': full knowledge. */
  mode?: ExpertMode;
}

/** Past this step the search expert plays the oracle's plan, which always fits in the remaining steps. */
export const SEARCH_EXPERT_DEADLINE = 32;

/**
 * The expert's next command in this state, or null when the goal is reached. `known` lists the
 * receptacles whose contents the planner may use (null: all of them).
 */
export function expertNext(world: World, s: GameState, known: Known = null): string | null {
  if (goalReached(world, s)) return null;
  const next = world.scene.taskType === 'look_at_obj_in_light' ? nextForLooking(world, s, known) : nextForPlacing(world, s, known);
  // Everything seen and still nothing known (cannot happen in a solvable game): fall back to full knowledge.
  return next ?? (known ? expertNext(world, s, null) : null);
}

/** The expert's next command for a live env ("look" once nothing is left to do). */
export function expertAction(env: AlfworldEnv, options: ExpertOptions = {}): string {
  const searching = (options.mode ?? 'search') === 'search' && env.stepCount < SEARCH_EXPERT_DEADLINE;
  return expertNext(env.world, env.gameState, searching ? env.seen : null) ?? 'look';
}

/** The expert's whole plan from the scene's start (stops at the goal or the step limit). */
export function expertPlan(scene: AlfworldScene, options: ExpertOptions = {}): string[] {
  const env = createAlfworldEnv(scene, { style: 'raw' });
  let obs = env.reset();
  const plan: string[] = [];
  while (!obs.done) {
    if (goalReached(env.world, env.gameState)) break;
    const next = expertAction(env, options);
    plan.push(next);
    obs = env.step(next);
  }
  return plan;
}

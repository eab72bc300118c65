/**
 * The expert: a task planner with full knowledge of the state (like ALFWorld's own handcoded/PDDL
 * experts). From any state it returns the next command of a short plan: fetch a goal object (the
 * cheapest to reach), transform it at the appliance when the task asks (heat/cool/clean work with the
 * appliance closed), then put it in a receptacle of the goal type (the same one twice for pick_two),
 * or carry it to a lamp and switch the lamp on (look_at_obj_in_light). Holding a wrong object, it
 * first puts that object down. Used by tests, the model's corpus and as a demonstrator.
 */
import type { AlfworldEnv } from './env';
import { createAlfworldEnv } from './env';
import { goalObjectsIn, goalReached, isGoalObject, isGoalReceptacle, transformed } from './goal';
import type { AlfworldScene } from './scene';
import { type GameState, isAccessible } from './state';
import { type Appliance, FLAG, type World } from './world';

const APPLIANCE_FOR_TASK: Partial<Record<string, Appliance>> = {
  pick_clean_then_place: 'sink',
  pick_heat_then_place: 'microwave',
  pick_cool_then_place: 'fridge',
};

const TRANSFORM_VERB: Record<string, string> = { sink: 'clean', microwave: 'heat', fridge: 'cool' };

function recName(world: World, r: number): string {
  return world.scene.receptacles[r].name;
}

function objName(world: World, o: number): string {
  return world.scene.objects[o].name;
}

/** Steps to be ready to act inside r: walk there, open it. */
function reachCost(world: World, s: GameState, r: number, needInside: boolean): number {
  return (world.recLoc[r] === s.agentLoc ? 0 : 1) + (needInside && !isAccessible(world, s, r) ? 1 : 0);
}

/** The first command that brings the agent to r (and opens it when it must look inside), or null. */
function approach(world: World, s: GameState, r: number, needInside: boolean): string | null {
  if (world.recLoc[r] !== s.agentLoc) return `go to ${recName(world, r)}`;
  if (needInside && !isAccessible(world, s, r)) return `open ${recName(world, r)}`;
  return null;
}

function cheapest(world: World, s: GameState, candidates: number[], needInside: boolean): number {
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
function putDown(world: World, s: GameState, o: number): string {
  const fits: number[] = [];
  for (let r = 0; r < world.nRec; r++) if (world.canHold[r * world.nObj + o]) fits.push(r);
  const r = cheapest(world, s, fits, true);
  return approach(world, s, r, true) ?? `put ${objName(world, o)} in/on ${recName(world, r)}`;
}

/** Fetch the cheapest goal object not excluded; returns the next command. */
function fetchGoalObject(world: World, s: GameState, exclude: (o: number) => boolean): string | null {
  let bestO = -1;
  let bestR = -1;
  let bestCost = Infinity;
  for (let o = 0; o < world.nObj; o++) {
    if (!isGoalObject(world, o) || !(world.objFlags[o] & FLAG.pickupable) || exclude(o)) continue;
    for (let r = 0; r < world.nRec; r++) {
      if (!s.inRec[o * world.nRec + r]) continue;
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
function targetReceptacle(world: World, s: GameState, o: number): number {
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

function nextForPlacing(world: World, s: GameState): string | null {
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
  return fetchGoalObject(world, s, (o) => target >= 0 && s.inRec[o * world.nRec + target] === 1 && transformed(world, s, o));
}

function nextForLooking(world: World, s: GameState): string | null {
  const held = s.held;
  if (held >= 0 && !isGoalObject(world, held)) return putDown(world, s, held);
  if (held < 0) return fetchGoalObject(world, s, () => false);
  // Carry it to a lamp of the goal type and switch the lamp on.
  let bestLamp = -1;
  let bestR = -1;
  let bestCost = Infinity;
  for (let o = 0; o < world.nObj; o++) {
    if (world.scene.objects[o].type !== world.scene.goal.toggle || !(world.objFlags[o] & FLAG.toggleable)) continue;
    for (let r = 0; r < world.nRec; r++) {
      if (!s.inRec[o * world.nRec + r]) continue;
      const cost = reachCost(world, s, r, false);
      if (cost < bestCost) {
        bestCost = cost;
        bestLamp = o;
        bestR = r;
      }
    }
  }
  if (bestLamp < 0) return null;
  return approach(world, s, bestR, false) ?? `use ${objName(world, bestLamp)}`;
}

/** The expert's next command in this state, or null when the goal is reached (or unreachable). */
export function expertNext(world: World, s: GameState): string | null {
  if (goalReached(world, s)) return null;
  return world.scene.taskType === 'look_at_obj_in_light' ? nextForLooking(world, s) : nextForPlacing(world, s);
}

/** The expert's next command for a live env ("look" once nothing is left to do). */
export function expertAction(env: AlfworldEnv): string {
  return expertNext(env.world, env.gameState) ?? 'look';
}

/** The expert's whole plan from the scene's start (stops at the goal or the step limit). */
export function expertPlan(scene: AlfworldScene): string[] {
  const env = createAlfworldEnv(scene, { style: 'raw' });
  let obs = env.reset();
  const plan: string[] = [];
  while (!obs.done) {
    const next = expertNext(env.world, env.gameState);
    if (next === null) break;
    plan.push(next);
    obs = env.step(next);
  }
  return plan;
}

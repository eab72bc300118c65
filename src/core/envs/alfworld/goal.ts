/**
 * The six PDDL goal forms of the json_2.1.1 games, checked on the state (Fast Downward's check_goal).
 */
import type { GameState } from './state';
import { FLAG, type World } from './world';

/** Does object o satisfy the task's transformation (clean/hot/cool), if any? */
export function transformed(world: World, s: GameState, o: number): boolean {
  switch (world.scene.taskType) {
    case 'pick_clean_then_place':
      return (world.objFlags[o] & FLAG.cleanable) !== 0 && s.clean[o] === 1;
    case 'pick_heat_then_place':
      return (world.objFlags[o] & FLAG.heatable) !== 0 && s.hot[o] === 1;
    case 'pick_cool_then_place':
      return (world.objFlags[o] & FLAG.coolable) !== 0 && s.cool[o] === 1;
    default:
      return true;
  }
}

export function isGoalObject(world: World, o: number): boolean {
  return world.scene.objects[o].type === world.scene.goal.object;
}

export function isGoalReceptacle(world: World, r: number): boolean {
  return world.scene.receptacles[r].type === world.scene.goal.receptacle;
}

/** Goal objects (already transformed as required) lying in receptacle r. */
export function goalObjectsIn(world: World, s: GameState, r: number): number[] {
  const out: number[] = [];
  for (let o = 0; o < world.nObj; o++) {
    if (s.inRec[o * world.nRec + r] && isGoalObject(world, o) && transformed(world, s, o)) out.push(o);
  }
  return out;
}

/** Is a lamp of the goal's toggle type switched on in a receptacle at the agent's location? */
export function litLampHere(world: World, s: GameState): boolean {
  const toggleType = world.scene.goal.toggle;
  for (const r of world.recsAt[s.agentLoc]) {
    for (let o = 0; o < world.nObj; o++) {
      if (!s.inRec[o * world.nRec + r] || world.scene.objects[o].type !== toggleType) continue;
      if (world.objFlags[o] & FLAG.toggleable && s.toggled[o]) return true;
    }
  }
  return false;
}

export function goalReached(world: World, s: GameState): boolean {
  if (world.scene.taskType === 'look_at_obj_in_light') {
    return s.held >= 0 && isGoalObject(world, s.held) && litLampHere(world, s);
  }
  const needed = world.scene.taskType === 'pick_two_obj' ? 2 : 1;
  for (let r = 0; r < world.nRec; r++) {
    if (isGoalReceptacle(world, r) && goalObjectsIn(world, s, r).length >= needed) return true;
  }
  return false;
}

/**
 * The feedback strings of ALFWorld's json_2.1.1 grammar (the `grammar` field of every game.tw-pddl),
 * rendered from the state. Lists follow TextWorld's display_list: "nothing" when empty, the item
 * alone when single, else items joined by ", " with ", and " before the last; every entity's
 * indefinite article is "a" (TextWorld's PDDL env never changes it, hence "a apple 1").
 */
import type { GameState } from './state';
import { FLAG, type World } from './world';

export const BANNER = '-= Welcome to TextWorld, ALFRED! =-';

export function displayList(items: readonly string[]): string {
  if (items.length === 0) return 'nothing';
  if (items.length === 1) return items[0];
  return `${items.slice(0, -1).join(', ')}, and ${items[items.length - 1]}`;
}

function objName(world: World, o: number): string {
  return world.scene.objects[o].name;
}

function recName(world: World, r: number): string {
  return world.scene.receptacles[r].name;
}

/** Objects inReceptacle r, ascending id order, each with its article. */
function contents(world: World, s: GameState, r: number): string[] {
  const out: string[] = [];
  for (let o = 0; o < world.nObj; o++) if (s.inRec[o * world.nRec + r]) out.push(`a ${objName(world, o)}`);
  return out;
}

export function examineReceptacleText(world: World, s: GameState, r: number): string {
  const name = recName(world, r);
  if (world.recOpenable[r]) {
    if (s.opened[r]) return `The ${name} is open. In it, you see ${displayList(contents(world, s, r))}.`;
    return `The ${name} is closed.`;
  }
  return `On the ${name}, you see ${displayList(contents(world, s, r))}.`;
}

/** "look": the receptacles at the agent's location, or the whole room from a bare location. */
export function lookText(world: World, s: GameState): string {
  const here = world.recsAt[s.agentLoc];
  if (here.length === 0) {
    const all = world.scene.receptacles.map((r) => `a ${r.name}`);
    return `You are in the middle of a room. Looking quickly around you, you see ${displayList(all)}.`;
  }
  // One entry per (object, receptacle) match of the grammar's query, as TextWorld renders it.
  const floor: string[] = [];
  for (let o = 0; o < world.nObj; o++) {
    if (!s.at[o * world.nLoc + s.agentLoc]) continue;
    for (const r of here) if (s.notIn[o * world.nRec + r]) floor.push(`a ${objName(world, o)}`);
  }
  const facing = displayList(here.map((r) => recName(world, r)));
  return `You are facing the ${facing}. Next to it, you see ${displayList(floor)}.`;
}

export function inventoryText(world: World, s: GameState): string {
  if (s.held < 0) return 'You are not carrying anything.';
  return `You are carrying: ${displayList([`a ${objName(world, s.held)}`])}.`;
}

export function examineObjectText(world: World, s: GameState, o: number): string {
  const name = objName(world, o);
  const flags = world.objFlags[o];
  if (flags & FLAG.receptacleObject) {
    const inner = world.innerObjects[o].map((i) => `a ${objName(world, i)}`);
    return `This is a normal ${name}. In it, you see ${displayList(inner)}.`;
  }
  const clean = s.clean[o] === 1;
  const hot = s.hot[o] === 1;
  const cool = s.cool[o] === 1;
  const sliced = s.sliced[o] === 1;
  if (clean && hot && sliced) return `This is a hot and clean sliced ${name}.`;
  if (clean && cool && sliced) return `This is a cool and clean sliced ${name}.`;
  if (clean && sliced) return `This is a clean sliced ${name}.`;
  if (hot && sliced) return `This is a hot sliced ${name}.`;
  if (cool && sliced) return `This is a cool sliced ${name}.`;
  if (clean && hot) return `This is a hot and clean ${name}.`;
  if (clean && cool) return `This is a cool and clean ${name}.`;
  if (hot) return `This is a hot ${name}.`;
  if (clean) return `This is a clean ${name}.`;
  if (cool) return `This is a cold ${name}.`;
  if (flags & FLAG.toggleable && s.toggled[o]) return `This ${name} is on.`;
  // The grammar's "is off" rule needs a not_istoggled fact, which no action ever adds.
  if (flags & FLAG.sliceable && sliced) return `This is a sliced ${name}.`;
  return `There's nothing special about ${name}.`;
}

/**
 * The actions of alfred.pddl, grounded in the current state the way TextWorld's PDDL env does:
 * every applicable grounded action becomes a command from its template (json_2.1.1 grammar), and the
 * admissible list is the sorted set of those commands. A command is executed by exact match after
 * trimming; the first grounded action with that text wins (duplicates have the same effect).
 *
 * Only deviation from a literal grounding: GotoLocation to the location the agent is already at is
 * not applicable (Fast Downward drops it as a no-op operator; the real engine answers "Nothing happens.").
 */
import { type GameState, isAccessible } from './state';
import { examineObjectText, examineReceptacleText, inventoryText, lookText } from './text';
import { FLAG, type World } from './world';

export type GroundAction =
  | { kind: 'look' }
  | { kind: 'inventory' }
  | { kind: 'goto'; r: number }
  | { kind: 'open'; r: number }
  | { kind: 'close'; r: number }
  | { kind: 'take'; o: number; r: number }
  | { kind: 'put'; o: number; r: number }
  | { kind: 'examineReceptacle'; r: number }
  | { kind: 'examineObject'; o: number }
  | { kind: 'use'; o: number }
  | { kind: 'heat'; o: number; r: number }
  | { kind: 'cool'; o: number; r: number }
  | { kind: 'clean'; o: number; r: number }
  | { kind: 'slice'; o: number; knife: number };

export interface Admissible {
  /** Sorted, de-duplicated commands (Python's sorted(set(...)): code-point order). */
  commands: string[];
  /** Command → the first grounded action producing it. */
  byCommand: Map<string, GroundAction>;
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function admissible(world: World, s: GameState): Admissible {
  const byCommand = new Map<string, GroundAction>();
  const add = (command: string, action: GroundAction): void => {
    if (!byCommand.has(command)) byCommand.set(command, action);
  };
  const objs = world.scene.objects;
  const recs = world.scene.receptacles;
  const { nObj, nRec } = world;

  add('look', { kind: 'look' });
  add('inventory', { kind: 'inventory' });
  for (let r = 0; r < nRec; r++) {
    if (world.recLoc[r] !== s.agentLoc) add(`go to ${recs[r].name}`, { kind: 'goto', r });
  }
  const held = s.held;
  for (const r of world.recsAt[s.agentLoc]) {
    const rName = recs[r].name;
    add(`examine ${rName}`, { kind: 'examineReceptacle', r });
    if (world.recOpenable[r]) {
      if (s.opened[r]) add(`close ${rName}`, { kind: 'close', r });
      else add(`open ${rName}`, { kind: 'open', r });
    }
    const accessible = isAccessible(world, s, r);
    for (let o = 0; o < nObj; o++) {
      if (!s.inRec[o * nRec + r]) continue;
      const flags = world.objFlags[o];
      if (flags & FLAG.toggleable) add(`use ${objs[o].name}`, { kind: 'use', o });
      if (!accessible) continue;
      add(`examine ${objs[o].name}`, { kind: 'examineObject', o });
      if (held < 0 && flags & FLAG.pickupable) add(`take ${objs[o].name} from ${rName}`, { kind: 'take', o, r });
    }
    if (held >= 0) {
      const hName = objs[held].name;
      const hFlags = world.objFlags[held];
      if (accessible && world.canHold[r * nObj + held]) add(`put ${hName} in/on ${rName}`, { kind: 'put', o: held, r });
      const appliance = world.recAppliance[r];
      if (appliance === 'microwave' && hFlags & FLAG.heatable) add(`heat ${hName} with ${rName}`, { kind: 'heat', o: held, r });
      if (appliance === 'fridge' && hFlags & FLAG.coolable) add(`cool ${hName} with ${rName}`, { kind: 'cool', o: held, r });
      if (appliance === 'sink' && hFlags & FLAG.cleanable) add(`clean ${hName} with ${rName}`, { kind: 'clean', o: held, r });
    }
  }
  if (held >= 0) {
    add(`examine ${objs[held].name}`, { kind: 'examineObject', o: held });
    if (world.objIsKnife[held]) {
      for (let o = 0; o < nObj; o++) {
        if (world.objFlags[o] & FLAG.sliceable && s.at[o * world.nLoc + s.agentLoc]) {
          add(`slice ${objs[o].name} with ${objs[held].name}`, { kind: 'slice', o, knife: held });
        }
      }
    }
  }
  const commands = [...byCommand.keys()].sort(compareCodePoints);
  return { commands, byCommand };
}

/** Applies the action's PDDL effects to `s` (in place) and returns the grammar's feedback text. */
export function applyAction(world: World, s: GameState, a: GroundAction): string {
  const objs = world.scene.objects;
  const recs = world.scene.receptacles;
  const { nRec, nLoc } = world;
  switch (a.kind) {
    case 'look':
      return lookText(world, s);
    case 'inventory':
      return inventoryText(world, s);
    case 'goto':
      s.agentLoc = world.recLoc[a.r];
      return `You arrive at ${world.scene.locations[s.agentLoc]}. ${examineReceptacleText(world, s, a.r)}`;
    case 'open':
      s.opened[a.r] = 1;
      return `You open the ${recs[a.r].name}. ${examineReceptacleText(world, s, a.r)}`;
    case 'close':
      s.opened[a.r] = 0;
      return `You close the ${recs[a.r].name}.`;
    case 'take':
      s.inRec[a.o * nRec + a.r] = 0;
      s.notIn[a.o * nRec + a.r] = 1;
      s.at[a.o * nLoc + s.agentLoc] = 0;
      s.held = a.o;
      return `You pick up the ${objs[a.o].name} from the ${recs[a.r].name}.`;
    case 'put':
      s.inRec[a.o * nRec + a.r] = 1;
      s.notIn[a.o * nRec + a.r] = 0;
      s.at[a.o * nLoc + s.agentLoc] = 1;
      s.held = -1;
      return `You put the ${objs[a.o].name} in/on the ${recs[a.r].name}.`;
    case 'examineReceptacle':
      return examineReceptacleText(world, s, a.r);
    case 'examineObject':
      return examineObjectText(world, s, a.o);
    case 'use':
      s.toggled[a.o] = 1;
      return `You turn on the ${objs[a.o].name}.`;
    case 'heat':
      s.hot[a.o] = 1;
      s.cool[a.o] = 0;
      return `You heat the ${objs[a.o].name} using the ${recs[a.r].name}.`;
    case 'cool':
      s.cool[a.o] = 1;
      s.hot[a.o] = 0;
      return `You cool the ${objs[a.o].name} using the ${recs[a.r].name}.`;
    case 'clean':
      s.clean[a.o] = 1;
      return `You clean the ${objs[a.o].name} using the ${recs[a.r].name}.`;
    case 'slice':
      s.sliced[a.o] = 1;
      return `You sliced the ${objs[a.o].name} with the ${objs[a.knife].name}.`;
  }
}

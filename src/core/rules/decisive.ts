/**
 * Decisive steps: the one step of an episode where a task type's typical mistake can happen, and so
 * where a rule decides the outcome. One source for the model's corpus (scripts/model: where its
 * demonstrations make the mistake, and which step the rule-following loss weights up), its
 * evaluation (scripts/model/decisive-eval.ts: the model scored at that step with and without a rule),
 * and the learner (the states at which a rule's absorption is measured).
 *
 * ALFWorld's typical mistakes, per task type:
 * - clean/heat/cool: right after taking the object, carry it to the destination untransformed;
 * - look_at_obj_in_light: examine the object instead of taking it to the lamp;
 * - pick_two_obj: after the first object is in place, act as if the task were done;
 * - pick_and_place: put the object in another kind of receptacle.
 * WebShop's: on the target's page, Buy Now without the options the instruction names; for a goal
 * without options, a product over the price bound instead of the target.
 *
 * Pure: reads an environment's state, never steps it (except replayActions, on the env it is given).
 */
import type { AlfworldEnv } from '../envs/alfworld/env';
import type { AlfworldScene } from '../envs/alfworld/scene';
import type { EnvObservation, TextEnvironment } from '../envs/types';
import type { ShopState } from '../envs/webshop/shop-state';
import type { WebShopGoal } from '../envs/webshop/types';
import type { Rng } from '../util/rng';

/** The appliance (receptacle type) each transformation task type's rule sends the object to. */
export const RULE_APPLIANCE: Record<string, string> = {
  pick_clean_then_place: 'SinkBasin',
  pick_heat_then_place: 'Microwave',
  pick_cool_then_place: 'Fridge',
};

/** ALFWorld's `go to <receptacle>`. */
export const GO_TO = /^go to (.+)$/;
/** ALFWorld's `take <object> from <receptacle>`. */
export const TAKE_FROM = /^take (.+) from (.+)$/;

/** The type (e.g. "CounterTop") of the receptacle an action names ("countertop 1"), or ''. */
export function receptacleType(scene: AlfworldScene, name: string): string {
  return scene.receptacles.find((r) => r.name === name)?.type ?? '';
}

/** The type (e.g. "Apple") of the object an action names ("apple 2"), or ''. */
export function objectType(scene: AlfworldScene, name: string): string {
  return scene.objects.find((o) => o.name === name)?.type ?? '';
}

/**
 * The typical mistake's commands, decided at the step where it can happen; null when this is not
 * that step. `expert`: the expert's next command in this state (expertNext, full knowledge);
 * `putsSoFar`: put commands executed so far; `rng` picks the wrong receptacle of pick_and_place.
 */
export function alfworldMistakeAt(env: AlfworldEnv, admissible: readonly string[], expert: string, putsSoFar: number, rng: Rng): string[] | null {
  const scene = env.scene;
  const s = env.gameState;
  const held = s.held;
  const heldName = held >= 0 ? scene.objects[held].name : '';
  const holdsGoal = held >= 0 && scene.objects[held].type === scene.goal.object;
  const goals = (type: string | undefined) =>
    admissible.map((a) => GO_TO.exec(a)?.[1]).filter((r): r is string => r !== undefined && (type === undefined || receptacleType(scene, r) === type));
  switch (scene.taskType) {
    case 'pick_clean_then_place':
    case 'pick_heat_then_place':
    case 'pick_cool_then_place': {
      // Right after taking the object: skip the appliance, go put it in the destination as it is.
      if (!holdsGoal || !(expert.startsWith('go to') || /^(heat|cool|clean) /.test(expert))) return null;
      const dest = goals(scene.goal.receptacle)[0];
      return dest ? [`go to ${dest}`, `put ${heldName} in/on ${dest}`] : null;
    }
    case 'look_at_obj_in_light':
      // Examine the object instead of taking it to the lamp.
      return holdsGoal ? [`examine ${heldName}`] : null;
    case 'pick_two_obj':
      // After the first object is in place, act as if the task were done.
      return held < 0 && putsSoFar === 1 ? ['look'] : null;
    case 'pick_and_place': {
      // Put the object in the wrong kind of receptacle.
      if (!holdsGoal || !expert.startsWith('go to')) return null;
      const wrong = goals(undefined).filter((r) => receptacleType(scene, r) !== scene.goal.receptacle);
      if (wrong.length === 0) return null;
      const r = rng.pick(wrong);
      return [`go to ${r}`, `put ${heldName} in/on ${r}`];
    }
    default:
      return null;
  }
}

/** Stands in for an Rng where only whether a mistake is possible matters (no draw is consumed anywhere). */
const FIRST: Rng = {
  seed: 0,
  next: () => 0,
  int: () => 0,
  pick: <T>(items: readonly T[]): T => items[0],
  shuffle: <T>(items: readonly T[]): T[] => items.slice(),
  fork: () => FIRST,
};

/** Is this ALFWorld state the decisive step (the typical mistake is possible here)? */
export function isAlfworldDecisiveStep(env: AlfworldEnv, admissible: readonly string[], expert: string, putsSoFar: number): boolean {
  return alfworldMistakeAt(env, admissible, expert, putsSoFar, FIRST) !== null;
}

/** The product id a WebShop action clicks (the catalog's shape: B0 and eight of [0-9A-Z]), or undefined. */
export function clickedProduct(action: string): string | undefined {
  return /^click\[(B0[0-9A-Z]{8})\]$/.exec(action)?.[1];
}

/**
 * Is this WebShop state, with `action` about to be taken, the decisive step? For a goal that names
 * options: the target product's page (the options are chosen, or skipped, there). Without options:
 * the results page where `action` opens the target (instead of a product over the price bound).
 */
export function isWebShopDecisiveStep(state: Readonly<ShopState>, goal: WebShopGoal, action: string): boolean {
  const hasOptions = Object.keys(goal.goal_options).length > 0;
  if (hasOptions) return state.page === 'item' && state.asin === goal.asin;
  return state.page === 'results' && action === `click[${goal.asin}]`;
}

/**
 * The right commands at a WebShop decisive step: the clicks on the options the goal names, or, for a
 * goal without options, the product the demonstration opened there.
 */
export function webshopRightAction(goal: WebShopGoal, decisiveAction: string): (action: string) => boolean {
  const named = new Set(Object.values(goal.goal_options).map((v) => `click[${v}]`));
  return named.size > 0 ? (a) => named.has(a) : (a) => a === decisiveAction;
}

/** A state where a rule's advice applies: replay `actions` on task `taskId`; the advised action is then `advised`. */
export interface DecisiveState {
  taskId: string;
  actions: string[];
  advised: string;
}

/** The state before `actions[index]` of an episode on `taskId`, advising that action. */
export function decisiveStateAt(taskId: string, actions: readonly string[], index: number): DecisiveState {
  if (!Number.isInteger(index) || index < 0 || index >= actions.length) throw new RangeError(`decisive index ${index} is outside the ${actions.length} actions`);
  return { taskId, actions: actions.slice(0, index), advised: actions[index] };
}

export interface Replay {
  /** The observation at reset. */
  initial: EnvObservation;
  /** Each action with the observation it produced. */
  steps: Array<{ action: string; observation: EnvObservation }>;
  /** Where the replay stands now (the decisive state, when `actions` lead to one). */
  last: EnvObservation;
}

/**
 * Resets `env` and plays `actions` on it: the setup for scoring a decisive state (decisive-eval
 * scores the admissible commands there with and without a rule; the learner measures absorption).
 */
export function replayActions(env: TextEnvironment, actions: readonly string[]): Replay {
  const initial = env.reset();
  const steps: Replay['steps'] = [];
  let last = initial;
  for (const action of actions) {
    last = env.step(action);
    steps.push({ action, observation: last });
  }
  return { initial, steps, last };
}

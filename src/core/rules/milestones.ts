/**
 * Milestones: the sub-goals a task passes through, in task order, and the step at which an episode
 * first reached each. The contrastive reflector aligns a failure with a successful reference on
 * them: the first milestone the reference reached and the failure missed is what the failure lacked.
 *
 * ALFWorld (per task type, from alfred.pddl's goals):
 *   found        a goal object is in a receptacle whose contents the agent has been shown (env.seen)
 *   taken        the agent holds a goal object
 *   transformed  clean/heat/cool: the held goal object is clean/hot/cool (only the right appliance does that)
 *   lamp         look_at_obj_in_light: a lamp of the goal's type is on where the agent holds the object
 *   placed       a goal object, transformed as the task requires, lies in a receptacle of the goal type
 *   second       pick_two_obj: two of them lie in one such receptacle
 * WebShop:
 *   product      an item page of a product of the right kind (the goal's category, and WebShop's
 *                r_type = 1 against the goal) within the price bound
 *   options      on such a page, every option the goal names selected (WebShop's own option match);
 *                only for goals that name options
 *   buy          Buy Now on such a product
 *
 * Indices: `reached[m] = i` means the state after actions[i] was the first to satisfy m (-1: already
 * true before any action, e.g. a pick_two goal receptacle that starts with an object in it).
 */
import type { AlfworldEnv } from '../envs/alfworld/env';
import { expertNext } from '../envs/alfworld/expert';
import { goalObjectsIn, isGoalObject, isGoalReceptacle, litLampHere, transformed } from '../envs/alfworld/goal';
import type { EnvKind, EnvObservation, TextEnvironment } from '../envs/types';
import type { WebShopEnv } from '../envs/webshop/env';
import { optionMatches, typeReward } from '../envs/webshop/reward';
import { currentProduct, type ShopState } from '../envs/webshop/shop-state';
import type { Product, WebShopGoal } from '../envs/webshop/types';
import { isAlfworldDecisiveStep, isWebShopDecisiveStep } from './decisive';

export type AlfworldMilestone = 'found' | 'taken' | 'transformed' | 'lamp' | 'placed' | 'second';
export type WebShopMilestone = 'product' | 'options' | 'buy';
export type Milestone = AlfworldMilestone | WebShopMilestone;

export interface MilestoneTrace {
  env: EnvKind;
  taskId: string;
  taskType: string;
  /** The milestones this task has, in task order. */
  expected: Milestone[];
  /** Index into `actions` of the action after which each milestone was first reached (-1: before any). */
  reached: Partial<Record<Milestone, number>>;
  /**
   * Where each milestone was reached. ALFWorld: a receptacle type (found: where the object was seen;
   * taken: what it was taken from; transformed: the appliance; lamp: the lamp's type; placed/second:
   * the destination). WebShop: the product's asin.
   */
  where: Partial<Record<Milestone, string>>;
  /** ALFWorld: the goal's object type ("Apple"); WebShop: the goal's product category. */
  subject: string;
  /** Index of the first decisive step (src/core/rules/decisive.ts), -1 when the episode never reached one. */
  decisive: number;
  actions: string[];
  success: boolean;
}

const ALFWORLD_EXPECTED: Record<string, AlfworldMilestone[]> = {
  pick_and_place: ['found', 'taken', 'placed'],
  look_at_obj_in_light: ['found', 'taken', 'lamp'],
  pick_clean_then_place: ['found', 'taken', 'transformed', 'placed'],
  pick_heat_then_place: ['found', 'taken', 'transformed', 'placed'],
  pick_cool_then_place: ['found', 'taken', 'transformed', 'placed'],
  pick_two_obj: ['found', 'taken', 'placed', 'second'],
};

/** The milestones of an ALFWorld task type, in task order. */
export function alfworldMilestones(taskType: string): AlfworldMilestone[] {
  const list = ALFWORLD_EXPECTED[taskType];
  if (!list) throw new Error(`No milestones for ALFWorld task type "${taskType}"`);
  return [...list];
}

/** The milestones of a WebShop goal, in task order. */
export function webshopMilestones(goal: Pick<WebShopGoal, 'goal_options'>): WebShopMilestone[] {
  return Object.keys(goal.goal_options).length > 0 ? ['product', 'options', 'buy'] : ['product', 'buy'];
}

function isAlfworldEnv(env: TextEnvironment): env is AlfworldEnv {
  return env.task.env === 'alfworld' && 'world' in env && 'gameState' in env && 'seen' in env;
}

function isWebShopEnv(env: TextEnvironment): env is WebShopEnv {
  return env.task.env === 'webshop' && typeof (env as Partial<WebShopEnv>).state === 'function' && 'goal' in env && 'catalog' in env;
}

/**
 * Replays `actions` on a fresh episode of `env` (it is reset here) and records the step at which
 * each milestone was first reached, and the first decisive step.
 */
export function traceMilestones(env: TextEnvironment, actions: readonly string[]): MilestoneTrace {
  if (isAlfworldEnv(env)) return traceAlfworld(env, actions);
  if (isWebShopEnv(env)) return traceWebShop(env, actions);
  throw new Error(`traceMilestones needs an AlfworldEnv or a WebShopEnv (got a ${env.task.env} environment without its state)`);
}

const TRANSFORM_WITH = /^(?:heat|cool|clean) .+ with (.+)$/;
const TAKE_FROM = /^take .+ from (.+)$/;

function traceAlfworld(env: AlfworldEnv, actions: readonly string[]): MilestoneTrace {
  const { world } = env;
  const scene = world.scene;
  const taskType = scene.taskType;
  const expected = alfworldMilestones(taskType);
  const trace: MilestoneTrace = { env: 'alfworld', taskId: env.task.id, taskType, expected, reached: {}, where: {}, subject: scene.goal.object, decisive: -1, actions: [...actions], success: false };
  const recTypeNamed = (name: string | undefined): string | undefined => scene.receptacles.find((r) => r.name === name)?.type;
  const mark = (m: AlfworldMilestone, index: number, where: string | undefined): void => {
    if (trace.reached[m] !== undefined || !expected.includes(m)) return;
    trace.reached[m] = index;
    if (where !== undefined) trace.where[m] = where;
  };
  const check = (index: number, action: string | null): void => {
    const s = env.gameState;
    const holdsGoal = s.held >= 0 && isGoalObject(world, s.held);
    // found: the receptacle just shown first, else any shown receptacle holding a goal object
    if (trace.reached.found === undefined) {
      for (let r = 0; r < world.nRec && trace.reached.found === undefined; r++) {
        if (!env.seen[r]) continue;
        for (let o = 0; o < world.nObj; o++) {
          if (s.inRec[o * world.nRec + r] && isGoalObject(world, o)) {
            mark('found', index, scene.receptacles[r].type);
            break;
          }
        }
      }
      if (holdsGoal) mark('found', index, recTypeNamed(TAKE_FROM.exec(action ?? '')?.[1]));
    }
    if (holdsGoal) {
      mark('taken', index, recTypeNamed(TAKE_FROM.exec(action ?? '')?.[1]));
      if (taskType === 'pick_clean_then_place' || taskType === 'pick_heat_then_place' || taskType === 'pick_cool_then_place') {
        if (transformed(world, s, s.held)) mark('transformed', index, recTypeNamed(TRANSFORM_WITH.exec(action ?? '')?.[1]));
      }
      if (taskType === 'look_at_obj_in_light' && litLampHere(world, s)) mark('lamp', index, scene.goal.toggle);
    }
    for (let r = 0; r < world.nRec; r++) {
      if (!isGoalReceptacle(world, r)) continue;
      const n = goalObjectsIn(world, s, r).length;
      if (n >= 1) mark('placed', index, scene.receptacles[r].type);
      if (n >= 2) mark('second', index, scene.receptacles[r].type);
    }
  };
  let obs: EnvObservation = env.reset();
  check(-1, null);
  let puts = 0;
  for (const [i, action] of actions.entries()) {
    if (trace.decisive < 0 && !obs.done) {
      const expert = expertNext(world, env.gameState);
      if (expert !== null && isAlfworldDecisiveStep(env, obs.admissibleActions, expert, puts)) trace.decisive = i;
    }
    if (action.startsWith('put ') && obs.admissibleActions.includes(action)) puts++;
    obs = env.step(action);
    check(i, action);
  }
  trace.success = obs.success;
  return trace;
}

/** A product of the kind the goal asks for (category, and WebShop's r_type = 1) within its price bound. */
export function rightKindOfProduct(product: Product | undefined, goal: WebShopGoal): boolean {
  if (!product || product.category !== goal.category || product.price > goal.price_upper) return false;
  return typeReward(product, goal).r_type === 1;
}

/** Every option the goal names is selected (WebShop's own fuzzy option match). */
export function namedOptionsSelected(state: Readonly<ShopState>, goal: WebShopGoal): boolean {
  const count = Object.keys(goal.goal_options).length;
  return count > 0 && optionMatches(Object.values(state.options), goal.goal_options) === count;
}

function traceWebShop(env: WebShopEnv, actions: readonly string[]): MilestoneTrace {
  const goal = env.goal;
  const expected = webshopMilestones(goal);
  const trace: MilestoneTrace = { env: 'webshop', taskId: env.task.id, taskType: env.task.taskType, expected, reached: {}, where: {}, subject: goal.category, decisive: -1, actions: [...actions], success: false };
  const mark = (m: WebShopMilestone, index: number, asin: string): void => {
    if (trace.reached[m] !== undefined || !expected.includes(m)) return;
    trace.reached[m] = index;
    trace.where[m] = asin;
  };
  let obs = env.reset();
  for (const [i, action] of actions.entries()) {
    if (trace.decisive < 0 && !obs.done && isWebShopDecisiveStep(env.state(), goal, action)) trace.decisive = i;
    obs = env.step(action);
    const state = env.state();
    const product = currentProduct(state, env.catalog);
    if (state.asin === null || !rightKindOfProduct(product, goal)) continue;
    if (state.page === 'item' || state.page === 'sub') {
      mark('product', i, state.asin);
      if (namedOptionsSelected(state, goal)) mark('options', i, state.asin);
    }
    if (state.page === 'done') mark('buy', i, state.asin);
  }
  trace.success = obs.success;
  return trace;
}

/** The first milestone (in task order) the reference reached and the failure missed, or null. */
export function firstMiss(failed: MilestoneTrace, reference: MilestoneTrace): Milestone | null {
  for (const m of reference.expected) {
    if (reference.reached[m] !== undefined && failed.reached[m] === undefined) return m;
  }
  return null;
}

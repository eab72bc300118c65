/**
 * ALFWorld demonstrations for the corpus: the simulator's expert, except that it must search.
 *
 * The expert is omniscient (it walks straight to the object), which a model that only sees text
 * cannot imitate on unseen rooms. So while the agent holds nothing (or, in look_at tasks, holds the
 * object but sees no lamp), the demonstrator visits receptacles in a fixed order of prior likelihood
 * for the object type (learned from the train scenes), opening closed ones, and takes the object as
 * soon as it is visible. Everything else (transform, place, light) follows the expert.
 *
 * Noise injection (DART, Laskey et al. 2017): at a search step the demonstrator walks, with
 * probability SEARCH_NOISE, to a random receptacle instead (maybe one it has seen) and then goes on
 * from wherever that left it. Those detours are context, never targets: they show the model the
 * states its own slips lead to, each followed by the demonstrator's recovery. Without them the
 * model had only ever seen perfect searches, and once it strayed it wandered, often back to
 * receptacles it had already searched, until the step limit.
 *
 * The mistake model: without the right rule, an episode makes its task type's typical mistake at the
 * decisive step with probability MISTAKE_RATE[taskType], and the demonstration stops right after it
 * (what follows a mistake is never a training target). The decisive step and the mistake's commands
 * are src/core/rules/decisive.ts (the learner locates a rule's decisive states with the same code);
 * the rates are the corpus recipe and stay here.
 *
 * A wrong rule that names an appliance is followed, not ignored: in a clean/heat/cool task whose
 * prompt holds another of those task types' rules (say the cool rule in a heat task), the
 * demonstrator carries the object to the appliance that rule names (the fridge) and the
 * demonstration stops there. Reading a rule then means doing what it says; without this the only
 * wrong-rule lesson was "make the typical mistake anyway", and a model trained on 0.85 mistake rates
 * learned that any rule in the prompt prevents the mistake (a wrong rule helped it as much as the
 * right one).
 */
import { type AlfworldEnv, type AlfworldScene, createAlfworldEnv, expertNext } from '../../src/core/envs/alfworld/index';
import { alfworldMistakeAt, GO_TO, isAlfworldDecisiveStep, objectType, receptacleType, RULE_APPLIANCE, TAKE_FROM } from '../../src/core/rules/decisive';
import type { Rng } from '../../src/core/util/rng';

/** P(typical mistake | no rule or a wrong rule). Above 0.5, greedy decoding makes the mistake. */
export const MISTAKE_RATE: Record<string, number> = {
  pick_and_place: 0.3,
  look_at_obj_in_light: 0.35,
  pick_clean_then_place: 0.85,
  pick_heat_then_place: 0.85,
  pick_cool_then_place: 0.85,
  pick_two_obj: 0.85,
};

/** P(a search step is replaced by a detour to a random receptacle). */
export const SEARCH_NOISE = 0.15;

/**
 * What the demonstrator does at the decisive step: follow the expert (the right rule is in the
 * prompt), make the task type's typical mistake with MISTAKE_RATE (no rule, or a wrong rule that
 * names no appliance for this task), or follow a wrong rule to the appliance it names.
 */
export type Conduct = { kind: 'expert' } | { kind: 'mistake' } | { kind: 'follow'; appliance: string };

/** The conduct for a prompt's rule condition; `wrongRuleTaskType`: the task type whose rule a wrong-rule prompt holds. */
export function conductFor(taskType: string, condition: 'oracle' | 'none' | 'wrong', wrongRuleTaskType?: string): Conduct {
  if (condition === 'oracle') return { kind: 'expert' };
  const appliance = condition === 'wrong' && RULE_APPLIANCE[taskType] ? RULE_APPLIANCE[wrongRuleTaskType ?? ''] : undefined;
  return appliance ? { kind: 'follow', appliance } : { kind: 'mistake' };
}

export interface Demonstration {
  observations: string[];
  actions: string[];
  /** Indices (into actions) of the noise detours: context for later steps, never training targets. */
  detours: number[];
  success: boolean;
  /** The demonstration left the expert's path at the decisive step (the typical mistake, or a wrong rule followed). */
  mistake: boolean;
  /** That departure was a wrong rule followed to its appliance (a rule-following decision, weighted like one). */
  followedRule: boolean;
  /** Index (into actions) of the decisive step, where the task type's mistake can happen; -1 if never reached. */
  decisive: number;
}

/** Receptacle types ranked by how often they hold each object type in the given scenes. */
export type SearchPrior = Map<string, string[]>;

export function buildSearchPrior(scenes: readonly AlfworldScene[]): SearchPrior {
  const counts = new Map<string, Map<string, number>>();
  for (const scene of scenes) {
    for (const o of scene.objects) {
      for (const r of o.in) {
        const recType = scene.receptacles[r].type;
        const byRec = counts.get(o.type) ?? new Map<string, number>();
        byRec.set(recType, (byRec.get(recType) ?? 0) + 1);
        counts.set(o.type, byRec);
      }
    }
  }
  const prior: SearchPrior = new Map();
  for (const [objType, byRec] of counts) {
    prior.set(objType, [...byRec.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t));
  }
  return prior;
}

function nameNumber(name: string): number {
  const m = /(\d+)$/.exec(name);
  return m ? Number(m[1]) : 0;
}

/** The next receptacle to search: most likely type first, then lowest number; never one visited in this phase. */
function nextSearchTarget(scene: AlfworldScene, admissible: readonly string[], ranking: readonly string[], visited: Set<string>): string | null {
  const rank = (type: string): number => {
    const i = ranking.indexOf(type);
    return i < 0 ? ranking.length : i;
  };
  const options = admissible
    .map((a) => GO_TO.exec(a)?.[1])
    .filter((r): r is string => r !== undefined && !visited.has(r))
    .sort((a, b) => rank(receptacleType(scene, a)) - rank(receptacleType(scene, b)) || receptacleType(scene, a).localeCompare(receptacleType(scene, b)) || nameNumber(a) - nameNumber(b));
  return options.length > 0 ? `go to ${options[0]}` : null;
}

type Phase = 'fetch' | 'lamp' | 'other';

class Demonstrator {
  private visited = new Set<string>();
  private phase: Phase = 'other';
  private lastAction = '';

  constructor(
    private readonly env: AlfworldEnv,
    private readonly prior: SearchPrior,
  ) {}

  private get scene(): AlfworldScene {
    return this.env.scene;
  }

  private enter(phase: Phase): void {
    if (phase !== this.phase) this.visited = new Set();
    this.phase = phase;
  }

  private search(admissible: readonly string[], objectType: string, visible: (a: string) => boolean): string | null {
    const take = admissible.find(visible);
    if (take) return take;
    const go = GO_TO.exec(this.lastAction);
    if (go && admissible.includes(`open ${go[1]}`)) return `open ${go[1]}`;
    return nextSearchTarget(this.scene, admissible, this.prior.get(objectType) ?? [], this.visited);
  }

  next(admissible: readonly string[]): string | null {
    const { world } = this.env;
    const s = this.env.gameState;
    const expert = expertNext(world, s);
    if (expert === null) return null;
    const goal = this.scene.goal;
    const held = s.held;
    const holdsGoal = held >= 0 && this.scene.objects[held].type === goal.object;
    let action: string | null = null;
    if (this.scene.taskType === 'look_at_obj_in_light' && holdsGoal) {
      this.enter('lamp');
      action = expert.startsWith('use ') ? expert : this.search(admissible, goal.toggle ?? 'DeskLamp', () => false);
    } else if (held < 0) {
      this.enter('fetch');
      const twoPhase = this.scene.taskType === 'pick_two_obj';
      action = this.search(admissible, goal.object, (a) => {
        const m = TAKE_FROM.exec(a);
        if (!m || objectType(this.scene, m[1]) !== goal.object) return false;
        // The second object of pick_two must not come back out of the destination.
        return !(twoPhase && receptacleType(this.scene, m[2]) === goal.receptacle);
      });
    } else {
      this.enter('other');
    }
    return action ?? expert;
  }

  /** Whether the demonstrator is looking for something (where a detour is a plausible slip). */
  get searching(): boolean {
    return this.phase !== 'other';
  }

  /** Records the action actually taken (the demonstrator's own or a detour). */
  took(action: string): void {
    const go = GO_TO.exec(action);
    if (go) this.visited.add(go[1]);
    this.lastAction = action;
  }
}

/**
 * A wrong rule followed, at the decisive step of a transformation task: go to the appliance the rule
 * names, or, when the agent already stands at it (it took the object out of that fridge), use it.
 * A room without that appliance, or a task whose destination is that appliance (following the rule
 * would look just like the mistake), leaves the typical mistake. Null when this is not the decisive step.
 */
function followAt(env: AlfworldEnv, admissible: readonly string[], expert: string, putsSoFar: number, appliance: string, rng: Rng): { commands: string[]; followed: boolean } | null {
  const mistake = alfworldMistakeAt(env, admissible, expert, putsSoFar, rng);
  if (!mistake) return null;
  if (env.scene.goal.receptacle === appliance) return { commands: mistake, followed: false };
  const named = (r: string | undefined) => r !== undefined && receptacleType(env.scene, r) === appliance;
  const use = admissible.find((a) => named(GO_TO.exec(a)?.[1])) ?? admissible.find((a) => named(/^(?:heat|cool|clean) .+ with (.+)$/.exec(a)?.[1]));
  return use ? { commands: [use], followed: true } : { commands: mistake, followed: false };
}

/**
 * One demonstration. `conduct`: how it behaves at the decisive step (a boolean is shorthand: true,
 * the typical mistake with MISTAKE_RATE; false, the expert); the draw against MISTAKE_RATE happens
 * here. `searchNoise`: the detour probability (0 for the evaluations, which follow the
 * demonstrator's own path).
 */
export function demonstrate(scene: AlfworldScene, prior: SearchPrior, conduct: Conduct | boolean, rng: Rng, searchNoise: number = SEARCH_NOISE): Demonstration {
  const how: Conduct = typeof conduct === 'boolean' ? { kind: conduct ? 'mistake' : 'expert' } : conduct;
  const env = createAlfworldEnv(scene, { style: 'react' });
  let obs = env.reset();
  const demo: Demonstration = { observations: [obs.text], actions: [], detours: [], success: false, mistake: false, followedRule: false, decisive: -1 };
  // Its own stream, seeded from the episode's: a fork of a fixed label would give every episode the
  // same draws (fork derives from the generator's initial seed), so detours would fall on the same steps.
  const noise = rng.fork(`search-noise:${rng.next()}`);
  const demonstrator = new Demonstrator(env, prior);
  const willErr = how.kind === 'mistake' && rng.next() < (MISTAKE_RATE[scene.taskType] ?? 0);
  let puts = 0;
  while (!obs.done) {
    const expert = expertNext(env.world, env.gameState);
    if (expert === null) break;
    if (demo.decisive < 0 && isAlfworldDecisiveStep(env, obs.admissibleActions, expert, puts)) demo.decisive = demo.actions.length;
    let planned: string[] | null = null;
    if (how.kind === 'follow' && !demo.mistake) {
      const follow = followAt(env, obs.admissibleActions, expert, puts, how.appliance, rng);
      planned = follow?.commands ?? null;
      demo.followedRule = follow?.followed ?? false;
    } else if (willErr && !demo.mistake) {
      planned = alfworldMistakeAt(env, obs.admissibleActions, expert, puts, rng);
    }
    if (planned) demo.mistake = true;
    if (!planned) {
      let action = demonstrator.next(obs.admissibleActions) ?? 'look';
      const atDecisive = demo.decisive === demo.actions.length;
      if (demonstrator.searching && !atDecisive && action.startsWith('go to ') && noise.next() < searchNoise) {
        const elsewhere = obs.admissibleActions.filter((a) => a.startsWith('go to ') && a !== action);
        if (elsewhere.length > 0) {
          action = noise.pick(elsewhere);
          demo.detours.push(demo.actions.length);
        }
      }
      demonstrator.took(action);
      planned = [action];
    }
    for (const action of planned) {
      if (!obs.admissibleActions.includes(action)) break; // a mistake command that is not possible here
      if (action.startsWith('put ')) puts++;
      obs = env.step(action);
      demo.actions.push(action);
      demo.observations.push(obs.text);
      if (obs.done) break;
    }
    if (demo.mistake) break;
  }
  demo.success = obs.success;
  return demo;
}

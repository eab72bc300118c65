/**
 * One playable ALFWorld game implementing the lab's TextEnvironment, with the real harness's
 * behaviour around the engine: 50-step limit (done at step 50), reward 1 and done on the goal, and
 * once done every further step returns the last observation unchanged (TextWorld's batch env copies
 * the last state over). Two observation styles:
 * - 'raw': the engine's own text ("-= Welcome to TextWorld, ALFRED! =-" banner at reset,
 *   "You arrive at loc N. …" after go to);
 * - 'react': what ReAct-style harnesses log: reset gives "<look text>\n<task line>" and the
 *   "You arrive at loc N. " prefix is removed.
 */
import type { EnvObservation, Split, TaskInfo, TextEnvironment } from '../types';
import { admissible, applyAction, type Admissible } from './actions';
import { goalReached } from './goal';
import type { AlfworldScene } from './scene';
import { cloneState, type GameState, initialState, isAccessible } from './state';
import { BANNER, lookText } from './text';
import { buildWorld, type World } from './world';

export const ALFWORLD_MAX_STEPS = 50;
export type ObservationStyle = 'react' | 'raw';

export interface AlfworldEnvOptions {
  style?: ObservationStyle;
  /** Split reported in task info (default: from the scene id). */
  split?: Split;
  /** Accept "move X to Y" (newer ALFWorld grammar) as "put X in/on Y". Default true. */
  acceptMoveSynonym?: boolean;
  /** Step limit, at most ALFWORLD_MAX_STEPS (short demonstrations and tests). */
  maxSteps?: number;
}

const worldCache = new WeakMap<AlfworldScene, World>();

function worldOf(scene: AlfworldScene): World {
  let world = worldCache.get(scene);
  if (!world) {
    world = buildWorld(scene);
    worldCache.set(scene, world);
  }
  return world;
}

function splitOf(id: string): Split {
  if (id.startsWith('valid_seen/')) return 'valid_seen';
  if (id.startsWith('valid_unseen/')) return 'valid_unseen';
  return 'train';
}

/** ReAct's process_ob: drop everything up to and including the first ". " of an arrival. */
export function stripArrival(text: string): string {
  if (!text.startsWith('You arrive at loc ')) return text;
  const cut = text.indexOf('. ');
  return cut < 0 ? text : text.slice(cut + 2);
}

const MOVE_SYNONYM = /^move (.+) to (.+)$/;
/**
 * Python's str.strip(): removes what str.isspace() calls whitespace (unlike JS trim(), it keeps U+FEFF
 * and removes U+001C-U+001F and U+0085). A scan, not a regex, so a huge command cannot backtrack.
 */
function isPythonSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x20) || code === 0x85 || code === 0xa0 || code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000
  );
}

export function pythonStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPythonSpace(text.charCodeAt(start))) start++;
  while (end > start && isPythonSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

export class AlfworldEnv implements TextEnvironment {
  readonly task: TaskInfo;
  readonly maxSteps: number;
  readonly world: World;
  readonly style: ObservationStyle;
  private readonly acceptMove: boolean;
  private state: GameState;
  private adm: Admissible;
  private steps = 0;
  private last: EnvObservation | null = null;
  /** Receptacles whose contents the agent has been shown (what a non-omniscient expert may know). */
  private seenRecs: Uint8Array;

  constructor(readonly scene: AlfworldScene, options: AlfworldEnvOptions = {}) {
    this.world = worldOf(scene);
    this.style = options.style ?? 'react';
    this.acceptMove = options.acceptMoveSynonym ?? true;
    this.maxSteps = Math.min(options.maxSteps ?? ALFWORLD_MAX_STEPS, ALFWORLD_MAX_STEPS);
    this.task = {
      id: scene.id,
      env: 'alfworld',
      split: options.split ?? splitOf(scene.id),
      taskType: scene.taskType,
      goal: `Your task is to: ${scene.goalText}`,
    };
    this.state = initialState(this.world);
    this.adm = admissible(this.world, this.state);
    this.seenRecs = new Uint8Array(this.world.nRec);
  }

  /** Receptacles whose contents were shown so far (by go to, open or examine). */
  get seen(): Uint8Array {
    return this.seenRecs;
  }

  /** The live state (read-only use: the expert plans from it). */
  get gameState(): GameState {
    return this.state;
  }

  get stepCount(): number {
    return this.steps;
  }

  get done(): boolean {
    return this.last?.done ?? false;
  }

  reset(): EnvObservation {
    this.state = initialState(this.world);
    this.adm = admissible(this.world, this.state);
    this.steps = 0;
    this.seenRecs = new Uint8Array(this.world.nRec);
    const look = lookText(this.world, this.state);
    const text = this.style === 'raw' ? `${BANNER}\n\n${look}\n\n${this.task.goal}` : `${look}\n${this.task.goal}`;
    this.last = { text, admissibleActions: this.adm.commands, reward: 0, done: false, success: false, step: 0 };
    return this.last;
  }

  step(action: string): EnvObservation {
    if (!this.last) this.reset();
    const previous = this.last as EnvObservation;
    if (previous.done) return previous;
    const command = this.resolve(action);
    const ground = this.adm.byCommand.get(command);
    let text = 'Nothing happens.';
    if (ground) {
      text = applyAction(this.world, this.state, ground);
      const shows = ground.kind === 'goto' || ground.kind === 'open' || ground.kind === 'examineReceptacle';
      if (shows && isAccessible(this.world, this.state, ground.r)) this.seenRecs[ground.r] = 1;
      this.adm = admissible(this.world, this.state);
    }
    this.steps++;
    const won = goalReached(this.world, this.state);
    const done = won || this.steps >= this.maxSteps;
    if (this.style === 'react') text = stripArrival(text);
    this.last = { text, admissibleActions: this.adm.commands, reward: won ? 1 : 0, done, success: won, step: this.steps };
    return this.last;
  }

  /** The engine's command.strip() (Python whitespace), then the optional "move X to Y" synonym. */
  private resolve(action: string): string {
    // A worker message may carry anything: a non-string is just another unknown command.
    const command = pythonStrip(typeof action === 'string' ? action : String(action ?? ''));
    // No real command is long; the length check keeps the synonym regex away from huge inputs.
    if (this.acceptMove && command.length < 1000 && !this.adm.byCommand.has(command)) {
      const m = MOVE_SYNONYM.exec(command);
      if (m) return `put ${m[1]} in/on ${m[2]}`;
    }
    return command;
  }

  /** A copy of the live state, e.g. for search or for a snapshot. */
  snapshot(): GameState {
    return cloneState(this.state);
  }
}

export function createAlfworldEnv(scene: AlfworldScene, options: AlfworldEnvOptions = {}): AlfworldEnv {
  return new AlfworldEnv(scene, options);
}

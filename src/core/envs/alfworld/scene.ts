/**
 * The lab's compact ALFWorld scene format: one game, already resolved from ALFWorld's PDDL problem
 * (names demangled, facts grouped per entity), so the browser needs no PDDL parser at run time.
 *
 * Schema (format `jerp-alfworld-scene/1`), every list in ascending PDDL-id order, which is the order
 * the real engine lists things in:
 * - `id`: the game's path under json_2.1.1 (e.g. `valid_unseen/pick_and_place_simple-Mug-None-Desk-308/trial_…`),
 *   or `generated/<seed>`, or `react/<transcript key>`.
 * - `taskType`: one of ALFWORLD_TASK_TYPES. `goalText`: the grammar's task line without "Your task is to: ".
 * - `goal`: the PDDL goal: object type, and receptacle type (placing tasks) or toggle type (look_at_obj).
 * - `locations`: display names ("loc 12") of the locations, indexed by the numbers below. `start`: the
 *   agent's start location.
 * - `receptacles`: `{name, type, loc, openable?}`; `type` is the PDDL type without "Type" (e.g. "SinkBasin").
 * - `objects`: `{name, type, at, in, props, inObj?}`: `at` lists its objectAtLocation locations (the real
 *   files do not always agree with the receptacle's location, so this is kept as given),
 *   `in` the receptacles it is inReceptacle of (an object can be in two at once, e.g. a shelf inside a
 *   desk), `inObj` the receptacle-objects it sits in, `props` a string of flags (see OBJECT_FLAGS).
 * - `canContain`: receptacle type → object types it may hold (only the types present in the scene).
 */
import { ALFWORLD_TASK_TYPES, type AlfworldTaskType } from './task-types';

export const SCENE_FORMAT = 'jerp-alfworld-scene/1';

/** One letter per static PDDL property of an object, plus `C` for "is cool at the start". */
export const OBJECT_FLAGS = {
  p: 'pickupable',
  c: 'cleanable',
  h: 'heatable',
  k: 'coolable',
  s: 'sliceable',
  t: 'toggleable',
  r: 'isReceptacleObject',
  C: 'isCool',
} as const;
export type ObjectFlag = keyof typeof OBJECT_FLAGS;

export interface SceneReceptacle {
  name: string;
  type: string;
  loc: number;
  openable?: boolean;
}

export interface SceneObject {
  name: string;
  type: string;
  at: number[];
  in: number[];
  props: string;
  inObj?: number[];
}

export interface AlfworldGoal {
  /** Object type to act on, e.g. "Mug". */
  object: string;
  /** Receptacle type to put it in (all types but look_at_obj_in_light). */
  receptacle?: string;
  /** Type of the lamp to switch on (look_at_obj_in_light). */
  toggle?: string;
}

export interface AlfworldScene {
  format: typeof SCENE_FORMAT;
  id: string;
  taskType: AlfworldTaskType;
  goalText: string;
  goal: AlfworldGoal;
  start: number;
  locations: string[];
  receptacles: SceneReceptacle[];
  objects: SceneObject[];
  canContain: Record<string, string[]>;
}

class SceneError extends Error {
  override name = 'SceneError';
}

function fail(source: string, field: string, why: string): never {
  throw new SceneError(`${source}: invalid ALFWorld scene: field "${field}" ${why}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(source: string, field: string, v: unknown): string {
  if (typeof v !== 'string' || v.length === 0) fail(source, field, 'must be a non-empty string');
  return v;
}

function index(source: string, field: string, v: unknown, size: number): number {
  if (!Number.isInteger(v) || (v as number) < 0 || (v as number) >= size) {
    fail(source, field, `must be an integer in [0, ${size - 1}]`);
  }
  return v as number;
}

function indexList(source: string, field: string, v: unknown, size: number): number[] {
  if (!Array.isArray(v)) fail(source, field, 'must be an array of indices');
  return v.map((x, i) => index(source, `${field}[${i}]`, x, size));
}

/** Validates untrusted JSON as a scene; throws an Error naming `source` and the bad field. */
export function parseScene(json: unknown, source: string): AlfworldScene {
  if (!isRecord(json)) fail(source, '(root)', 'must be an object');
  if (json.format !== SCENE_FORMAT) fail(source, 'format', `must be "${SCENE_FORMAT}"`);
  const id = str(source, 'id', json.id);
  const taskType = json.taskType;
  if (!ALFWORLD_TASK_TYPES.includes(taskType as AlfworldTaskType)) {
    fail(source, 'taskType', `must be one of ${ALFWORLD_TASK_TYPES.join(', ')}`);
  }
  const goalText = str(source, 'goalText', json.goalText);
  if (!isRecord(json.goal)) fail(source, 'goal', 'must be an object');
  const goal: AlfworldGoal = { object: str(source, 'goal.object', json.goal.object) };
  if (taskType === 'look_at_obj_in_light') goal.toggle = str(source, 'goal.toggle', json.goal.toggle);
  else goal.receptacle = str(source, 'goal.receptacle', json.goal.receptacle);

  if (!Array.isArray(json.locations) || json.locations.length === 0) fail(source, 'locations', 'must be a non-empty array');
  const locations = json.locations.map((l, i) => str(source, `locations[${i}]`, l));
  const start = index(source, 'start', json.start, locations.length);

  if (!Array.isArray(json.receptacles) || json.receptacles.length === 0) fail(source, 'receptacles', 'must be a non-empty array');
  const receptacles = json.receptacles.map((r, i): SceneReceptacle => {
    const f = `receptacles[${i}]`;
    if (!isRecord(r)) fail(source, f, 'must be an object');
    const out: SceneReceptacle = {
      name: str(source, `${f}.name`, r.name),
      type: str(source, `${f}.type`, r.type),
      loc: index(source, `${f}.loc`, r.loc, locations.length),
    };
    if (r.openable !== undefined) {
      if (typeof r.openable !== 'boolean') fail(source, `${f}.openable`, 'must be a boolean');
      if (r.openable) out.openable = true;
    }
    return out;
  });

  if (!Array.isArray(json.objects)) fail(source, 'objects', 'must be an array');
  const rawObjects = json.objects;
  const objects = rawObjects.map((o, i): SceneObject => {
    const f = `objects[${i}]`;
    if (!isRecord(o)) fail(source, f, 'must be an object');
    const props = typeof o.props === 'string' ? o.props : fail(source, `${f}.props`, 'must be a string of flags');
    for (const ch of props) if (!(ch in OBJECT_FLAGS)) fail(source, `${f}.props`, `has unknown flag "${ch}"`);
    const out: SceneObject = {
      name: str(source, `${f}.name`, o.name),
      type: str(source, `${f}.type`, o.type),
      at: indexList(source, `${f}.at`, o.at, locations.length),
      in: indexList(source, `${f}.in`, o.in, receptacles.length),
      props,
    };
    if (o.inObj !== undefined) out.inObj = indexList(source, `${f}.inObj`, o.inObj, rawObjects.length);
    return out;
  });

  const names = new Set<string>();
  for (const [i, e] of [...receptacles, ...objects].entries()) {
    if (names.has(e.name)) fail(source, i < receptacles.length ? `receptacles[${i}].name` : `objects[${i - receptacles.length}].name`, `duplicates "${e.name}"`);
    names.add(e.name);
  }

  if (!isRecord(json.canContain)) fail(source, 'canContain', 'must be an object');
  const canContain: Record<string, string[]> = {};
  for (const [rtype, list] of Object.entries(json.canContain)) {
    if (!Array.isArray(list)) fail(source, `canContain.${rtype}`, 'must be an array of object types');
    canContain[rtype] = list.map((t, i) => str(source, `canContain.${rtype}[${i}]`, t));
  }

  return { format: SCENE_FORMAT, id, taskType: taskType as AlfworldTaskType, goalText, goal, start, locations, receptacles, objects, canContain };
}

export const SCENE_FILE_FORMAT = 'jerp-alfworld-split/1';

/**
 * A shipped scene file (`{format: "jerp-alfworld-split/1", split, scenes: [...]}`, e.g.
 * public/data/alfworld/valid_unseen.json), every scene validated; errors name the source and field.
 */
export function parseSceneFile(json: unknown, source: string): AlfworldScene[] {
  if (!isRecord(json)) fail(source, '(root)', 'must be an object');
  if (json.format !== SCENE_FILE_FORMAT) fail(source, 'format', `must be "${SCENE_FILE_FORMAT}"`);
  if (!Array.isArray(json.scenes)) fail(source, 'scenes', 'must be an array of scenes');
  return json.scenes.map((scene, i) => parseScene(scene, `${source} scenes[${i}]`));
}

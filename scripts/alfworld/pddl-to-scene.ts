/**
 * Converts one ALFWorld game file (game.tw-pddl of the json_2.1.1 release: JSON with pddl_domain,
 * grammar, pddl_problem, solvable) into the lab's compact scene (src/core/envs/alfworld/scene.ts).
 * Pure: no fs, so the converter script, the CLI (`--games DIR`) and the tests share it.
 *
 * Names follow ALFWorld's Demangler over the ids TextWorld knows (every argument of an initial fact,
 * lower-cased as Fast Downward reads them): the class is the id's part before the first "_bar_"
 * (plus "basin" when the id contains "basin"); within a class, ids sorted ascending get numbers from
 * the class count downwards. Locations are named the same way ("loc 12").
 */
import { type AlfworldGoal, type AlfworldScene, parseScene, SCENE_FORMAT } from '../../src/core/envs/alfworld/scene';
import type { AlfworldTaskType } from '../../src/core/envs/alfworld/task-types';
import { hashString } from '../../src/core/util/rng';

/**
 * FNV-1a fingerprints of the json_2.1.1 grammar (task line blanked) and PDDL domain, identical in all
 * 474 real games. The engine implements exactly these; a game file with another grammar or domain
 * (e.g. the newer "move X to Y" release) is refused rather than played with the wrong text.
 */
const GRAMMAR_FINGERPRINT = 0x2ff9795e;
const DOMAIN_FINGERPRINT = 0x42979a5c;
const TASK_LINE = /Your task is to: [^"\\]*/;

export class GameFileError extends Error {
  override name = 'GameFileError';
}

function fail(source: string, field: string, why: string): never {
  throw new GameFileError(`${source}: invalid ALFWorld game file: ${field} ${why}`);
}

/** Initial-state predicates the converter understands; anything else is reported, not ignored. */
const KNOWN_INIT = new Set([
  'atlocation', 'receptacleatlocation', 'objectatlocation', 'inreceptacle', 'inreceptacleobject',
  'receptacletype', 'objecttype', 'cancontain', 'openable', 'pickupable', 'cleanable', 'heatable',
  'coolable', 'sliceable', 'toggleable', 'isreceptacleobject', 'iscool',
]);

const FLAG_BY_PREDICATE: Record<string, string> = {
  pickupable: 'p',
  cleanable: 'c',
  heatable: 'h',
  coolable: 'k',
  sliceable: 's',
  toggleable: 't',
  isreceptacleobject: 'r',
  iscool: 'C',
};

/** The text of a top-level `(:name …)` section, matched by parentheses. */
function section(problem: string, name: string, source: string): string {
  const start = problem.toLowerCase().indexOf(`(:${name}`);
  if (start < 0) fail(source, `pddl_problem`, `has no (:${name} …) section`);
  let depth = 0;
  for (let i = start; i < problem.length; i++) {
    if (problem[i] === '(') depth++;
    else if (problem[i] === ')' && --depth === 0) return problem.slice(start + name.length + 2, i);
  }
  return fail(source, `pddl_problem`, `has an unbalanced (:${name} …) section`);
}

/** Ids grouped by declared type, from "a b - type c - type2" lists. */
function declaredObjects(text: string): Map<string, string> {
  const typeOf = new Map<string, string>();
  const tokens = text.split(/\s+/).filter(Boolean);
  let pending: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === '-' && i + 1 < tokens.length) {
      for (const name of pending) typeOf.set(name, tokens[i + 1].toLowerCase());
      pending = [];
      i++;
    } else pending.push(tokens[i]);
  }
  return typeOf;
}

function facts(text: string): string[][] {
  const out: string[][] = [];
  for (const m of text.matchAll(/\(\s*([^()]*?)\s*\)/g)) {
    const parts = m[1].split(/\s+/).filter(Boolean);
    if (parts.length > 0) out.push(parts);
  }
  return out;
}

/** ALFWorld's Demangler: id → display name. */
export function demangle(ids: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(ids)].sort();
  const className = (id: string): string | null => {
    const cut = id.indexOf('_bar_');
    if (cut < 0) return null;
    return id.slice(0, cut) + (id.includes('basin') ? 'basin' : '');
  };
  const remaining = new Map<string, number>();
  for (const id of sorted) {
    const name = className(id);
    if (name !== null) remaining.set(name, (remaining.get(name) ?? 0) + 1);
  }
  const names = new Map<string, string>();
  for (const id of sorted) {
    const name = className(id);
    if (name === null) {
      names.set(id, `${id} `);
      continue;
    }
    const n = remaining.get(name) as number;
    remaining.set(name, n - 1);
    names.set(id, `${name} ${n}`);
  }
  return names;
}

function taskTypeOf(goal: string): AlfworldTaskType {
  const g = goal.toLowerCase();
  if (g.includes('istoggled')) return 'look_at_obj_in_light';
  if (g.includes('?o2')) return 'pick_two_obj';
  if (g.includes('isclean')) return 'pick_clean_then_place';
  if (g.includes('ishot')) return 'pick_heat_then_place';
  if (g.includes('iscool')) return 'pick_cool_then_place';
  return 'pick_and_place';
}

export interface GameFile {
  pddl_problem: string;
  grammar: string;
  pddl_domain?: string;
  solvable?: boolean;
}

export function parseGameFile(json: unknown, source: string): GameFile {
  if (typeof json !== 'object' || json === null) fail(source, '(root)', 'must be a JSON object');
  const data = json as Record<string, unknown>;
  if (typeof data.pddl_problem !== 'string') fail(source, 'field "pddl_problem"', 'must be a string');
  if (typeof data.grammar !== 'string') fail(source, 'field "grammar"', 'must be a string');
  return data as unknown as GameFile;
}

/**
 * @param id the scene id, e.g. "valid_unseen/<task folder>/<trial>".
 * @param source the file name, used in error messages.
 */
export function gameToScene(json: unknown, id: string, source: string): AlfworldScene {
  const game = parseGameFile(json, source);
  if (hashString(game.grammar.replace(TASK_LINE, 'Your task is to: TASK')) !== GRAMMAR_FINGERPRINT) {
    fail(source, 'field "grammar"', "is not ALFWorld's json_2.1.1 grammar (the only one this engine implements)");
  }
  if (game.pddl_domain !== undefined && hashString(game.pddl_domain) !== DOMAIN_FINGERPRINT) {
    fail(source, 'field "pddl_domain"', "is not ALFWorld's json_2.1.1 alfred domain (the only one this engine implements)");
  }
  const problem = game.pddl_problem;
  const declared = declaredObjects(section(problem, 'objects', source));
  const typeCase = new Map<string, string>();
  for (const [name, kind] of declared) {
    if ((kind === 'otype' || kind === 'rtype') && /Type$/i.test(name)) typeCase.set(name.toLowerCase(), name.replace(/Type$/i, ''));
  }
  const typeName = (raw: string): string => typeCase.get(raw.toLowerCase()) ?? raw.replace(/Type$/i, '');
  const kindOf = new Map<string, string>([...declared].map(([n, k]) => [n.toLowerCase(), k]));

  const init = facts(section(problem, 'init', source)).map((f) => [f[0].toLowerCase(), ...f.slice(1)]);
  const ids = new Set<string>();
  for (const [pred, ...args] of init) {
    if (!KNOWN_INIT.has(pred)) fail(source, `pddl_problem :init fact (${pred} ${args.join(' ')})`, 'uses a predicate this converter does not support');
    for (const a of args) ids.add(a.toLowerCase());
  }
  const names = demangle(ids);
  const byKind = (kind: string): string[] => [...ids].filter((i) => kindOf.get(i) === kind).sort();
  const locIds = byKind('location');
  const recIds = byKind('receptacle');
  const objIds = byKind('object');
  if (recIds.length === 0) fail(source, 'pddl_problem', 'declares no receptacle used in :init');
  const locIndex = new Map(locIds.map((id, i) => [id, i]));
  const recIndex = new Map(recIds.map((id, i) => [id, i]));
  const objIndex = new Map(objIds.map((id, i) => [id, i]));

  const recs = recIds.map((id) => ({ name: names.get(id) as string, type: '', loc: -1, openable: false }));
  const objs = objIds.map((id) => ({ name: names.get(id) as string, type: '', at: [] as number[], in: [] as number[], props: '', inObj: [] as number[] }));
  const canContain: Record<string, Set<string>> = {};
  let start = -1;
  const need = <T>(v: T | undefined, what: string): T => (v === undefined ? fail(source, `pddl_problem :init`, `refers to an undeclared ${what}`) : v);
  for (const [pred, ...raw] of init) {
    const a = raw.map((x) => x.toLowerCase());
    switch (pred) {
      case 'atlocation':
        start = need(locIndex.get(a[1]), `location ${raw[1]}`);
        break;
      case 'receptacleatlocation':
        recs[need(recIndex.get(a[0]), `receptacle ${raw[0]}`)].loc = need(locIndex.get(a[1]), `location ${raw[1]}`);
        break;
      case 'objectatlocation': {
        const o = objIndex.get(a[0]);
        if (o !== undefined) objs[o].at.push(need(locIndex.get(a[1]), `location ${raw[1]}`));
        break;
      }
      case 'inreceptacle':
        objs[need(objIndex.get(a[0]), `object ${raw[0]}`)].in.push(need(recIndex.get(a[1]), `receptacle ${raw[1]}`));
        break;
      case 'inreceptacleobject':
        objs[need(objIndex.get(a[0]), `object ${raw[0]}`)].inObj.push(need(objIndex.get(a[1]), `object ${raw[1]}`));
        break;
      case 'receptacletype':
        recs[need(recIndex.get(a[0]), `receptacle ${raw[0]}`)].type = typeName(raw[1]);
        break;
      case 'objecttype':
        objs[need(objIndex.get(a[0]), `object ${raw[0]}`)].type = typeName(raw[1]);
        break;
      case 'cancontain':
        (canContain[typeName(raw[0])] ??= new Set()).add(typeName(raw[1]));
        break;
      case 'openable':
        recs[need(recIndex.get(a[0]), `receptacle ${raw[0]}`)].openable = true;
        break;
      default: {
        const o = need(objIndex.get(a[0]), `object ${raw[0]}`);
        if (!objs[o].props.includes(FLAG_BY_PREDICATE[pred])) objs[o].props += FLAG_BY_PREDICATE[pred];
      }
    }
  }
  if (start < 0) fail(source, 'pddl_problem :init', 'has no (atLocation agent1 …) fact');
  recs.forEach((r, i) => {
    if (r.loc < 0) fail(source, `pddl_problem :init`, `gives no location for receptacle ${recIds[i]}`);
    if (!r.type) fail(source, `pddl_problem :init`, `gives no type for receptacle ${recIds[i]}`);
  });
  objs.forEach((o, i) => {
    if (!o.type) fail(source, `pddl_problem :init`, `gives no type for object ${objIds[i]}`);
  });

  const goalText = /Your task is to: ([^"\\]*)/.exec(game.grammar)?.[1];
  if (!goalText) fail(source, 'field "grammar"', 'has no "Your task is to: …" task line');
  const goalPddl = section(problem, 'goal', source);
  const taskType = taskTypeOf(goalPddl);
  const objectTypes = [...goalPddl.matchAll(/\(objectType\s+\?(\w+)\s+(\w+)\)/gi)];
  const recType = /\(receptacleType\s+\?\w+\s+(\w+)\)/i.exec(goalPddl)?.[1];
  const goal: AlfworldGoal = { object: '' };
  if (taskType === 'look_at_obj_in_light') {
    const lamp = objectTypes.find((m) => m[1] === 'ot');
    const target = objectTypes.find((m) => m[1] === 'o');
    if (!lamp || !target) fail(source, 'pddl_problem :goal', 'lacks the object or lamp type');
    goal.object = typeName(target[2]);
    goal.toggle = typeName(lamp[2]);
  } else {
    if (objectTypes.length === 0 || !recType) fail(source, 'pddl_problem :goal', 'lacks the object or receptacle type');
    goal.object = typeName(objectTypes[0][2]);
    goal.receptacle = typeName(recType);
  }

  const recTypes = new Set(recs.map((r) => r.type));
  const objTypes = new Set(objs.map((o) => o.type));
  const compactContain: Record<string, string[]> = {};
  for (const rtype of [...recTypes].sort()) {
    compactContain[rtype] = [...(canContain[rtype] ?? [])].filter((t) => objTypes.has(t)).sort();
  }

  const scene = {
    format: SCENE_FORMAT,
    id,
    taskType,
    goalText,
    goal,
    start,
    locations: locIds.map((id) => (names.get(id) as string)),
    receptacles: recs.map((r) => (r.openable ? { name: r.name, type: r.type, loc: r.loc, openable: true } : { name: r.name, type: r.type, loc: r.loc })),
    objects: objs.map((o) => {
      const out: Record<string, unknown> = { name: o.name, type: o.type, at: o.at, in: o.in, props: o.props };
      if (o.inObj.length > 0) out.inObj = o.inObj;
      return out;
    }),
    canContain: compactContain,
  };
  // Validate what we produce with the same checks the loader applies.
  return parseScene(scene, source);
}

/**
 * Seeded generator of training scenes in the lab's scene format, fitted to the real train games
 * (prior.json, see scripts/alfworld/fit-prior.ts). A scene starts from a real train floor plan of the
 * goal's room kind (its receptacle-type counts), perturbs the counts, places receptacles at locations
 * (sharing a location as often as the real rooms do), fills each receptacle with objects drawn from
 * what that receptacle type holds in real rooms, then makes sure the task is solvable and not already
 * solved. A layout equal to a valid_unseen room's is never produced.
 */
import { createRng, type Rng } from '../../util/rng';
import rawPrior from './prior.json';
import { type AlfworldPrior, layoutSignature, type RoomKind } from './prior';
import { type AlfworldGoal, type AlfworldScene, SCENE_FORMAT } from './scene';
import { ALFWORLD_TASK_TYPES, type AlfworldTaskType } from './task-types';

const prior = rawPrior as unknown as AlfworldPrior;
const unseenLayouts = new Set(prior.unseenLayouts);

const APPLIANCE: Partial<Record<AlfworldTaskType, string>> = {
  pick_clean_then_place: 'SinkBasin',
  pick_heat_then_place: 'Microwave',
  pick_cool_then_place: 'Fridge',
};

const TEMPLATES: Record<AlfworldTaskType, readonly string[]> = {
  pick_and_place: ['put a {obj} in {recep}.', 'put some {obj} on {recep}.'],
  look_at_obj_in_light: ['examine the {obj} with the {toggle}.', 'look at {obj} under the {toggle}.'],
  pick_clean_then_place: ['clean some {obj} and put it in {recep}.', 'put a clean {obj} in {recep}.'],
  pick_heat_then_place: ['heat some {obj} and put it in {recep}.', 'put a hot {obj} in {recep}.'],
  pick_cool_then_place: ['cool some {obj} and put it in {recep}.', 'put a cool {obj} in {recep}.'],
  pick_two_obj: ['find two {obj} and put them in {recep}.', 'put two {obj} in {recep}.'],
};

function weighted<T>(rng: Rng, items: ReadonlyArray<readonly [T, number]>): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let x = rng.next() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1][0];
}

function classOf(type: string): string {
  return prior.classOf[type] ?? type.toLowerCase();
}

function canContain(rtype: string, otype: string): boolean {
  return prior.canContain[rtype]?.includes(otype) ?? false;
}

function signatureOf(counts: Map<string, number>): string {
  return layoutSignature({ receptacles: [...counts].flatMap(([type, n]) => Array.from({ length: n }, () => ({ type, name: '', loc: 0 }))) });
}

/** Receptacle-type counts: a real floor plan of the kind, perturbed, with the task's needs added. */
function roomCounts(rng: Rng, kind: RoomKind, needed: string[]): Map<string, number> {
  const plans = prior.plans.filter((p) => p.kind === kind);
  const base = rng.pick(plans);
  const counts = new Map(base.receptacles);
  for (const [type, n] of counts) {
    if (rng.next() < 0.3) counts.set(type, Math.max(1, n + (rng.next() < 0.5 ? -1 : 1)));
  }
  if (rng.next() < 0.2) {
    const other = rng.pick(rng.pick(plans).receptacles)[0];
    if (!counts.has(other)) counts.set(other, 1);
  }
  for (const type of needed) if (!counts.has(type)) counts.set(type, 1);
  // Never a valid_unseen room: one more receptacle of a random type until the layout differs.
  const types = [...counts.keys()];
  while (unseenLayouts.has(signatureOf(counts))) {
    const type = rng.pick(types);
    counts.set(type, (counts.get(type) as number) + 1);
  }
  return counts;
}

interface DraftObject {
  type: string;
  rec: number;
  props: string;
}

/** Names "class N" numbered from the class count downwards in list order, as the real Demangler does. */
function nameInOrder<T extends { type: string }>(rng: Rng, items: T[]): Array<T & { name: string }> {
  const shuffled = rng.shuffle(items.map((item) => ({ item })));
  shuffled.sort((a, b) => {
    const ca = classOf(a.item.type);
    const cb = classOf(b.item.type);
    return ca < cb ? -1 : ca > cb ? 1 : 0;
  });
  const remaining = new Map<string, number>();
  for (const { item } of shuffled) remaining.set(classOf(item.type), (remaining.get(classOf(item.type)) ?? 0) + 1);
  return shuffled.map(({ item }) => {
    const c = classOf(item.type);
    const n = remaining.get(c) as number;
    remaining.set(c, n - 1);
    return { ...item, name: `${c} ${n}` };
  });
}

export interface GenerateOptions {
  taskType?: string;
}

export function generateScene(seed: number, options: GenerateOptions = {}): AlfworldScene {
  const rng = createRng(`alfworld-generate:${seed}:${options.taskType ?? ''}`);
  if (options.taskType !== undefined && !ALFWORLD_TASK_TYPES.includes(options.taskType as AlfworldTaskType)) {
    throw new Error(`generateScene: unknown taskType "${options.taskType}" (expected one of ${ALFWORLD_TASK_TYPES.join(', ')})`);
  }
  const taskType = (options.taskType ?? weighted(rng, prior.taskTypes)) as AlfworldTaskType;
  const [kindName, objectType, targetType] = weighted(rng, prior.goals[taskType].map((g) => [g, g[3]] as const));
  const kind = kindName as RoomKind;
  const isLook = taskType === 'look_at_obj_in_light';
  const needed = [APPLIANCE[taskType], isLook ? undefined : targetType].filter((t): t is string => Boolean(t));
  const counts = roomCounts(rng, kind, needed);

  // Receptacles in list order, then locations (some receptacles share one, like real drawers and burners).
  const drafts = [...counts].flatMap(([type, n]) => Array.from({ length: n }, () => ({ type })));
  const recs = nameInOrder(rng, drafts);
  const locOf: number[] = [];
  let nLoc = 1; // location 0 is the agent's start, where no receptacle stands
  recs.forEach((r, i) => {
    const prev = recs[i - 1];
    if (prev && prev.type === r.type && rng.next() < (prior.share[r.type] ?? 0)) locOf.push(locOf[i - 1]);
    else locOf.push(nLoc++);
  });
  const openable = recs.map((r) => rng.next() < (prior.openable[r.type] ?? 0));

  // Objects: what each receptacle type holds in real rooms of this kind.
  const objects: DraftObject[] = [];
  const place = (type: string, rec: number): void => {
    let props = prior.objectProps[type] ?? 'p';
    if (recs[rec].type === 'Fridge' && rng.next() < prior.coolInFridge) props += 'C';
    objects.push({ type, rec, props });
  };
  const solvesAtStart = (type: string, rec: number): boolean => !isLook && type === objectType && recs[rec].type === targetType;
  recs.forEach((r, ri) => {
    const key = `${kind}:${r.type}`;
    const sizes = prior.contentCounts[key];
    const types = prior.contentTypes[key];
    if (!sizes || !types) return;
    const n = weighted(rng, sizes);
    for (let k = 0; k < n; k++) {
      const type = weighted(rng, types);
      if (!solvesAtStart(type, ri) && (canContain(r.type, type) || !(prior.objectProps[type] ?? '').includes('p'))) place(type, ri);
    }
  });

  // The task's needs: enough goal objects outside the goal receptacles, and a lamp for look tasks.
  const hosts = (type: string): number[] => {
    const fit = recs.map((_, i) => i).filter((i) => canContain(recs[i].type, type) && !solvesAtStart(type, i));
    const usual = fit.filter((i) => prior.contentTypes[`${kind}:${recs[i].type}`]?.some(([t]) => t === type));
    return usual.length > 0 ? usual : fit;
  };
  const want = taskType === 'pick_two_obj' ? 2 + rng.int(2) : 1;
  const have = objects.filter((o) => o.type === objectType).length;
  for (let k = have; k < want; k++) place(objectType, rng.pick(hosts(objectType)));
  if (isLook && !objects.some((o) => o.type === targetType)) {
    const lampHosts = recs.map((_, i) => i).filter((i) => Object.entries(prior.contentTypes).some(([key, list]) => key.endsWith(`:${recs[i].type}`) && list.some(([t]) => t === targetType)));
    const fallback = recs.map((_, i) => i).filter((i) => !openable[i]);
    place(targetType, rng.pick(lampHosts.length > 0 ? lampHosts : fallback.length > 0 ? fallback : recs.map((_, i) => i)));
  }

  const named = nameInOrder(rng, objects);
  // Real games also have locations no receptacle stands at (floor fixtures); they only widen "loc N".
  nLoc += Math.max(0, weighted(rng, prior.extraLocations) - 1);
  const locNumbers = rng.shuffle(Array.from({ length: nLoc }, (_, i) => i + 1));
  const presentObjectTypes = new Set(objects.map((o) => o.type));
  const canContainCompact: Record<string, string[]> = {};
  for (const type of [...counts.keys()].sort()) canContainCompact[type] = (prior.canContain[type] ?? []).filter((t) => presentObjectTypes.has(t));

  const goal: AlfworldGoal = isLook ? { object: objectType, toggle: targetType } : { object: objectType, receptacle: targetType };
  const template = rng.pick(TEMPLATES[taskType]);
  const goalText = template.replace('{obj}', classOf(objectType)).replace('{recep}', classOf(targetType)).replace('{toggle}', classOf(targetType));
  return {
    format: SCENE_FORMAT,
    id: `generated/${options.taskType ? `${taskType}/` : ''}${seed}`,
    taskType,
    goalText,
    goal,
    start: 0,
    locations: locNumbers.map((n) => `loc ${n}`),
    receptacles: recs.map((r, i) => (openable[i] ? { name: r.name, type: r.type, loc: locOf[i], openable: true } : { name: r.name, type: r.type, loc: locOf[i] })),
    objects: named.map((o) => ({ name: o.name, type: o.type, at: [locOf[o.rec]], in: [o.rec], props: o.props })),
    canContain: canContainCompact,
  };
}

/**
 * `npx tsx scripts/alfworld/fit-prior.ts`: fits the generator's prior (src/core/envs/alfworld/prior.json)
 * to the converted real train games (public/data/alfworld/train.json), and records the receptacle
 * layouts of valid_unseen so the generator can refuse to reproduce them.
 *
 * What is fitted, per room kind (ALFRED floor plans 1-30 kitchen, 201-230 living room, 301-330 bedroom,
 * 401-430 bathroom): the receptacle-type counts of each real floor plan (sampled whole, then perturbed),
 * how often each receptacle type is openable and shares its location with the previous one of its
 * type, how many objects each receptacle type holds and which object types; per object type its PDDL
 * flags; the canContain relation; the task types and their (object, receptacle/lamp) goals.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AlfworldScene } from '../../src/core/envs/alfworld/scene';
import { type AlfworldPrior, layoutSignature, roomKindOf } from '../../src/core/envs/alfworld/prior';

type Counter = Record<string, number>;
const bump = (c: Counter, k: string | number, n = 1): void => {
  c[k] = (c[k] ?? 0) + n;
};
const pairs = (c: Counter): Array<[string, number]> => Object.entries(c).sort((a, b) => (a[0] < b[0] ? -1 : 1));

function loadScenes(path: string): AlfworldScene[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { scenes: AlfworldScene[] }).scenes;
}

export function fitPrior(train: AlfworldScene[], unseen: AlfworldScene[]): AlfworldPrior {
  const plans: AlfworldPrior['plans'] = [];
  const seenPlans = new Set<string>();
  const openable: Record<string, [number, number]> = {};
  const share: Record<string, [number, number]> = {};
  const contentCounts: Record<string, Counter> = {};
  const contentTypes: Record<string, Counter> = {};
  const props: Record<string, Counter> = {};
  const canContain: Record<string, Set<string>> = {};
  const classOf: Record<string, string> = {};
  const taskTypes: Counter = {};
  const goals: Record<string, Counter> = {};
  const extraLocations: Counter = {};
  let fridgeCool = 0;
  let fridgeAll = 0;

  for (const scene of train) {
    const plan = /-(\d+)\//.exec(scene.id)?.[1] ?? '0';
    const kind = roomKindOf(Number(plan));
    if (!seenPlans.has(plan)) {
      seenPlans.add(plan);
      const counts: Counter = {};
      for (const r of scene.receptacles) bump(counts, r.type);
      plans.push({ plan: Number(plan), kind, receptacles: pairs(counts) });
      let prevType = '';
      let prevLoc = -1;
      for (const [ri, r] of scene.receptacles.entries()) {
        const o = (openable[r.type] ??= [0, 0]);
        o[0] += r.openable ? 1 : 0;
        o[1]++;
        if (r.type === prevType) {
          const s = (share[r.type] ??= [0, 0]);
          s[0] += r.loc === prevLoc ? 1 : 0;
          s[1]++;
        }
        prevType = r.type;
        prevLoc = r.loc;
        const key = `${kind}:${r.type}`;
        const inside = scene.objects.filter((ob) => ob.in.includes(ri));
        bump((contentCounts[key] ??= {}), inside.length);
        for (const ob of inside) bump((contentTypes[key] ??= {}), ob.type);
      }
    }
    for (const r of scene.receptacles) classOf[r.type] = r.name.replace(/ \d+$/, '');
    for (const [ri, r] of scene.receptacles.entries()) {
      if (r.type !== 'Fridge') continue;
      for (const ob of scene.objects) {
        if (!ob.in.includes(ri)) continue;
        fridgeAll++;
        if (ob.props.includes('C')) fridgeCool++;
      }
    }
    for (const ob of scene.objects) {
      classOf[ob.type] = ob.name.replace(/ \d+$/, '');
      const c = (props[ob.type] ??= {});
      bump(c, '#');
      for (const ch of ob.props.replace('C', '')) bump(c, ch);
    }
    for (const [rtype, list] of Object.entries(scene.canContain)) {
      const set = (canContain[rtype] ??= new Set());
      for (const t of list) set.add(t);
    }
    // Locations no receptacle stands at (the start, fixtures on the floor): they only widen "loc N".
    bump(extraLocations, scene.locations.length - new Set(scene.receptacles.map((r) => r.loc)).size);
    bump(taskTypes, scene.taskType);
    bump((goals[scene.taskType] ??= {}), [kind, scene.goal.object, scene.goal.receptacle ?? scene.goal.toggle].join('|'));
  }

  const objectProps: Record<string, string> = {};
  for (const [type, c] of Object.entries(props).sort()) {
    objectProps[type] = 'pchkstr'
      .split('')
      .filter((ch) => (c[ch] ?? 0) * 2 > c['#'])
      .join('');
  }
  return {
    source: 'fitted by scripts/alfworld/fit-prior.ts to the 200 real train games (json_2.1.1 valid_train)',
    plans: plans.sort((a, b) => a.plan - b.plan),
    openable: Object.fromEntries(Object.entries(openable).sort().map(([t, [y, n]]) => [t, +(y / n).toFixed(3)])),
    share: Object.fromEntries(Object.entries(share).sort().map(([t, [y, n]]) => [t, +(y / n).toFixed(3)])),
    contentCounts: Object.fromEntries(Object.entries(contentCounts).sort().map(([k, c]) => [k, pairs(c).map(([n, w]) => [Number(n), w] as [number, number])])),
    contentTypes: Object.fromEntries(Object.entries(contentTypes).sort().map(([k, c]) => [k, pairs(c)])),
    objectProps,
    classOf: Object.fromEntries(Object.entries(classOf).sort()),
    canContain: Object.fromEntries(Object.entries(canContain).sort().map(([k, s]) => [k, [...s].sort()])),
    coolInFridge: +(fridgeCool / Math.max(1, fridgeAll)).toFixed(3),
    extraLocations: pairs(extraLocations).map(([n, w]) => [Number(n), w] as [number, number]),
    taskTypes: pairs(taskTypes),
    goals: Object.fromEntries(Object.entries(goals).sort().map(([t, c]) => [t, pairs(c).map(([k, w]) => [...k.split('|'), w] as [string, string, string, number])])),
    unseenLayouts: [...new Set(unseen.map(layoutSignature))].sort(),
  };
}

function main(): void {
  const prior = fitPrior(loadScenes(resolve('public/data/alfworld/train.json')), loadScenes(resolve('public/data/alfworld/valid_unseen.json')));
  writeFileSync(resolve('src/core/envs/alfworld/prior.json'), `${JSON.stringify(prior)}\n`);
  process.stdout.write(`prior: ${prior.plans.length} floor plans, ${Object.keys(prior.objectProps).length} object types, ${prior.unseenLayouts.length} unseen layouts\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) main();

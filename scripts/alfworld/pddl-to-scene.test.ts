import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALFWORLD_DATA_DIR, loadGameFile } from '../../cli/lib/alfworld-data';
import { nodeDataReader } from '../../cli/lib/node-data-reader';
import { loadAlfworldSplit } from '../../src/core/tasks/alfworld-scenes';
import { demangle, gameToScene } from './pddl-to-scene';

const RAW = `${ALFWORLD_DATA_DIR}/raw`;
const FIXTURES = [
  'json_2.1.1/valid_unseen/look_at_obj_in_light-Mug-None-DeskLamp-308/trial_T20190908_201421_021646/game.tw-pddl',
  'json_2.1.1/valid_unseen/pick_clean_then_place_in_recep-Knife-None-CounterTop-10/trial_T20190909_110445_675754/game.tw-pddl',
];
const raw = (rel: string) => JSON.parse(readFileSync(`${RAW}/${rel}`, 'utf8')) as Record<string, string>;

describe('game.tw-pddl → scene converter', () => {
  it.each(FIXTURES)('reproduces the shipped scene of %s', async (rel) => {
    const scene = loadGameFile(RAW, rel);
    expect((await loadAlfworldSplit('valid_unseen', nodeDataReader())).find((s) => s.id === scene.id)).toEqual(scene);
  });

  it('reads goal, names and facts of a real game', () => {
    const scene = loadGameFile(RAW, FIXTURES[1]);
    expect(scene).toMatchObject({ taskType: 'pick_clean_then_place', goalText: 'put a clean knife in countertop.', goal: { object: 'Knife', receptacle: 'CounterTop' } });
    expect(scene.receptacles.map((r) => r.name).slice(0, 7)).toEqual(['cabinet 6', 'cabinet 5', 'cabinet 4', 'cabinet 3', 'cabinet 2', 'cabinet 1', 'coffeemachine 1']);
    expect(scene.receptacles.find((r) => r.name === 'sinkbasin 1')).toMatchObject({ type: 'SinkBasin' });
    expect(scene.locations.every((l) => /^loc \d+$/.test(l))).toBe(true);
    const knife = scene.objects.find((o) => o.name === 'knife 2');
    expect(knife && scene.receptacles[knife.in[0]].name).toBe('countertop 3');
  });

  it('numbers a class from its count downwards over ascending ids, with "basin" kept apart', () => {
    const names = demangle(['cabinet_bar__plus_01', 'cabinet_bar__minus_02', 'sink_bar__plus_01', 'sink_bar__plus_01_bar_sinkbasin', 'loc_bar_1', 'agent1']);
    expect(Object.fromEntries(names)).toMatchObject({
      cabinet_bar__minus_02: 'cabinet 2',
      cabinet_bar__plus_01: 'cabinet 1',
      sink_bar__plus_01: 'sink 1',
      sink_bar__plus_01_bar_sinkbasin: 'sinkbasin 1',
      loc_bar_1: 'loc 1',
    });
  });

  it('names the file and the field of a malformed game', () => {
    const good = raw(FIXTURES[0]);
    expect(() => gameToScene({ ...good, pddl_problem: 42 }, 'a', 'bad.tw-pddl')).toThrow('bad.tw-pddl: invalid ALFWorld game file: field "pddl_problem" must be a string');
    expect(() => gameToScene({ ...good, grammar: '{}' }, 'a', 'bad.tw-pddl')).toThrow(/bad\.tw-pddl: .*field "grammar" is not ALFWorld's json_2\.1\.1 grammar/);
    const newer = good.grammar.replace('put {o} in/on {r}', 'move {o} to {r}');
    expect(() => gameToScene({ ...good, grammar: newer }, 'a', 'bad.tw-pddl')).toThrow(/field "grammar" is not/);
    expect(() => gameToScene({ ...good, pddl_domain: `${good.pddl_domain} ` }, 'a', 'bad.tw-pddl')).toThrow(/field "pddl_domain" is not/);
    expect(() => gameToScene({ ...good, pddl_problem: good.pddl_problem.replace('(:init', '(:nothing') }, 'a', 'bad.tw-pddl')).toThrow(/bad\.tw-pddl: .*no \(:init/);
    const odd = good.pddl_problem.replace('(:init', '(:init (levitating Pen_bar_1)');
    expect(() => gameToScene({ ...good, pddl_problem: odd }, 'a', 'bad.tw-pddl')).toThrow(/bad\.tw-pddl: .*\(levitating Pen_bar_1\) uses a predicate/);
    expect(() => gameToScene([], 'a', 'bad.tw-pddl')).toThrow(/bad\.tw-pddl/);
  });
});

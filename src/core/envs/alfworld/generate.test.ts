import { describe, expect, it } from 'vitest';
import { nodeDataReader } from '../../../../cli/lib/node-data-reader';
import { loadAlfworldSplit } from '../../tasks/alfworld-scenes';
import { ALFWORLD_TASK_TYPES, createAlfworldEnv, generateScene, layoutSignature, parseScene } from './index';
import { goalReached } from './goal';
import { initialState } from './state';
import { buildWorld } from './world';

const validUnseen = await loadAlfworldSplit('valid_unseen', nodeDataReader());
const realTrain = await loadAlfworldSplit('train', nodeDataReader());
const N = 300;
const scenes = Array.from({ length: N }, (_, seed) => generateScene(seed));

describe('generateScene', () => {
  it('is deterministic under the seed and valid in the scene format', () => {
    expect(generateScene(42)).toEqual(generateScene(42));
    expect(generateScene(42)).not.toEqual(generateScene(43));
    for (const s of scenes.slice(0, 50)) expect(parseScene(JSON.parse(JSON.stringify(s)), s.id)).toEqual(s);
  });

  it('never reproduces a valid_unseen layout', () => {
    const unseen = new Set(validUnseen.map(layoutSignature));
    expect(unseen.size).toBe(4);
    const hits = Array.from({ length: 2000 }, (_, seed) => generateScene(seed)).filter((s) => unseen.has(layoutSignature(s)));
    expect(hits.map((s) => s.id)).toEqual([]);
  });

  it('produces each task type on request, never solved at the start', () => {
    for (const taskType of ALFWORLD_TASK_TYPES) {
      for (let seed = 0; seed < 20; seed++) {
        const scene = generateScene(seed, { taskType });
        expect(scene.taskType).toBe(taskType);
        const world = buildWorld(scene);
        expect(goalReached(world, initialState(world))).toBe(false);
      }
    }
    expect(() => generateScene(1, { taskType: 'juggle' })).toThrow(/unknown taskType "juggle"/);
  });

  it('follows the real train games: task mix, room sizes, naming', () => {
    const train = realTrain;
    const share = (list: { taskType: string }[], t: string) => list.filter((s) => s.taskType === t).length / list.length;
    for (const t of ALFWORLD_TASK_TYPES) expect(Math.abs(share(scenes, t) - share(train, t))).toBeLessThan(0.08);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const genRecs = mean(scenes.map((s) => s.receptacles.length));
    const realRecs = mean(train.map((s) => s.receptacles.length));
    expect(Math.abs(genRecs - realRecs) / realRecs).toBeLessThan(0.25);
    const genLocs = mean(scenes.map((s) => s.locations.length));
    const realLocs = mean(train.map((s) => s.locations.length));
    expect(Math.abs(genLocs - realLocs) / realLocs).toBeLessThan(0.15);
    const inside = (list: typeof train) => mean(list.map((s) => s.objects.filter((o) => o.in.length > 0).length));
    expect(Math.abs(inside(scenes) - inside(train)) / inside(train)).toBeLessThan(0.2);
    const env = createAlfworldEnv(generateScene(7));
    const first = env.reset().text;
    expect(first).toMatch(/^You are in the middle of a room\. Looking quickly around you, you see a [a-z]+ \d+, .*, and a [a-z]+ \d+\.\nYour task is to: .+\.$/);
  });
});

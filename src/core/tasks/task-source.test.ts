import { describe, expect, it } from 'vitest';
import { nodeDataReader } from '../../../cli/lib/node-data-reader';
import { AlfworldEnv } from '../envs/alfworld/env';
import { expertAction } from '../envs/alfworld/expert';
import { ALFWORLD_TASK_TYPES } from '../envs/alfworld/task-types';
import type { WebShopEnv } from '../envs/webshop/index';
import { createRng } from '../util/rng';
import { shopOf } from './shop';
import { loadTaskSource } from './task-source';
import type { TaskRef, TaskSource, TaskSourceConfig } from './types';

const reader = nodeDataReader();
const load = (config: TaskSourceConfig): Promise<TaskSource> => loadTaskSource(config, reader);

/** make(ref).task must be the ref itself: the learner logs refs and rebuilds environments from them. */
function expectMakes(source: TaskSource, ref: TaskRef): void {
  expect(source.make(ref).task).toEqual(ref);
}

const alfworld = await load({ env: 'alfworld' });
const webshop = await load({ env: 'webshop' });

describe('held-out tasks', () => {
  it('ALFWorld: the 134 valid_unseen games by default, 140 valid_seen on request, first N with a limit', async () => {
    expect(alfworld.heldOut).toHaveLength(134);
    expect(alfworld.config).toEqual({ env: 'alfworld', trainSource: 'real', heldOutSplit: 'valid_unseen', heldOutLimit: 134 });
    expect(new Set(alfworld.heldOut.map((t) => t.split))).toEqual(new Set(['valid_unseen']));
    expect(new Set(alfworld.heldOut.map((t) => t.id)).size).toBe(134);
    const seen = await load({ env: 'alfworld', heldOutSplit: 'valid_seen' });
    expect(seen.heldOut).toHaveLength(140);
    expect(seen.heldOut.every((t) => t.split === 'valid_seen' && t.id.startsWith('valid_seen/'))).toBe(true);
    const first = await load({ env: 'alfworld', heldOutLimit: 10 });
    expect(first.heldOut).toEqual(alfworld.heldOut.slice(0, 10));
    expect(first.config.heldOutLimit).toBe(10);
  });

  it('WebShop: the standard shop test goals (all 100 of them under the default limit of 200), first N with a limit', async () => {
    expect(webshop.heldOut).toHaveLength(100);
    expect(webshop.config).toEqual({ env: 'webshop', trainSource: 'real', heldOutSplit: 'test', heldOutLimit: 100 });
    expect(webshop.heldOut.map((t) => t.id)).toEqual(shopOf().goals.test.map((g) => g.id));
    const first = await load({ env: 'webshop', heldOutLimit: 50 });
    expect(first.heldOut).toEqual(webshop.heldOut.slice(0, 50));
    expect(first.heldOut[0]).toEqual({ id: 'webshop:test:0', env: 'webshop', split: 'test', taskType: shopOf().goals.test[0].category, goal: shopOf().goals.test[0].instruction_text });
  });
});

describe('sampleTrain', () => {
  const sources: Array<[string, () => Promise<TaskSource>]> = [
    ['alfworld real', async () => alfworld],
    ['alfworld generated', () => load({ env: 'alfworld', trainSource: 'generated' })],
    ['alfworld mixed', () => load({ env: 'alfworld', trainSource: 'mixed', heldOutSplit: 'valid_seen' })],
    ['webshop', async () => webshop],
  ];

  it.each(sources)('%s: deterministic for a seed, only train tasks, never a held-out one', async (_, get) => {
    const source = await get();
    const a = source.sampleTrain(createRng(7), 60);
    expect(source.sampleTrain(createRng(7), 60)).toEqual(a);
    expect(source.sampleTrain(createRng(8), 60)).not.toEqual(a);
    const heldOut = new Set(source.heldOut.map((t) => t.id));
    const many = [...a, ...source.sampleTrain(createRng(9), 500)];
    expect(many.filter((t) => heldOut.has(t.id) || t.split !== 'train' || !source.isTrain(t))).toEqual([]);
    expect(source.heldOut.filter((t) => source.isTrain(t))).toEqual([]);
    for (const ref of many.slice(0, 12)) expectMakes(source, ref);
  });

  it('ends episodes at maxSteps when asked, never above the environment’s own limit, and refuses a bad limit', async () => {
    const short = await load({ env: 'alfworld', maxSteps: 3 });
    const env = short.make(short.heldOut[0]);
    expect(env.maxSteps).toBe(3);
    expect(alfworld.make(alfworld.heldOut[0]).maxSteps).toBe(50);
    expect((await load({ env: 'alfworld', maxSteps: 500 })).make(alfworld.heldOut[0]).maxSteps).toBe(50);
    // The default fingerprint is unchanged by the option's existence.
    expect(short.dataVersion).not.toBe(alfworld.dataVersion);
    expect((await load({ env: 'alfworld' })).dataVersion).toBe(alfworld.dataVersion);
    await expect(load({ env: 'alfworld', maxSteps: 0 })).rejects.toThrow(/maxSteps must be a positive integer/);
  });

  it('draws real tasks without repeats inside a draw, reshuffling when the pool runs out', () => {
    const ids = alfworld.sampleTrain(createRng(1), 200).map((t) => t.id);
    expect(new Set(ids).size).toBe(200);
    expect(alfworld.sampleTrain(createRng(1), 450)).toHaveLength(450);
    expect(alfworld.sampleTrain(createRng(1), 0)).toEqual([]);
    expect(() => alfworld.sampleTrain(createRng(1), -1)).toThrow(/non-negative integer/);
  });

  it("'generated' draws generated scenes of all six task types", async () => {
    const source = await load({ env: 'alfworld', trainSource: 'generated' });
    const drawn = source.sampleTrain(createRng(3), 12);
    expect(drawn.every((t) => /^generated\/[a-z_]+\/\d+$/.test(t.id) && t.split === 'train')).toBe(true);
    expect(new Set(drawn.map((t) => t.taskType))).toEqual(new Set(ALFWORLD_TASK_TYPES));
    expect(new Set(drawn.map((t) => t.id)).size).toBe(12);
    // A generated task's environment is a playable game that the expert solves.
    const env = source.make(drawn[0]) as AlfworldEnv;
    let obs = env.reset();
    while (!obs.done) obs = env.step(expertAction(env));
    expect(obs.success).toBe(true);
  });

  it("'mixed' is half real, half generated (an odd one by a coin flip)", async () => {
    const source = await load({ env: 'alfworld', trainSource: 'mixed' });
    const drawn = source.sampleTrain(createRng(5), 20);
    expect(drawn.filter((t) => t.id.startsWith('generated/'))).toHaveLength(10);
    const singles = Array.from({ length: 40 }, (_, seed) => source.sampleTrain(createRng(seed), 1)[0].id.startsWith('generated/'));
    expect(singles).toContain(true);
    expect(singles).toContain(false);
  });
});

describe('make', () => {
  it('ALFWorld: a react-style game whose task is the ref, for train and held-out games', async () => {
    const seen = await load({ env: 'alfworld', heldOutSplit: 'valid_seen', trainSource: 'mixed' });
    for (const ref of [alfworld.heldOut[0], alfworld.heldOut[133], seen.heldOut[0], ...seen.sampleTrain(createRng(2), 6)]) {
      const source = ref.split === 'valid_unseen' ? alfworld : seen;
      const env = source.make(ref);
      expect(env).toBeInstanceOf(AlfworldEnv);
      expect((env as AlfworldEnv).style).toBe('react');
      expect(env.task).toEqual(ref);
      expect(env.reset().text.endsWith(`\n${ref.goal}`)).toBe(true);
    }
  });

  it('WebShop: the standard shop with the agent renderer', () => {
    const ref = webshop.heldOut[3];
    const env = webshop.make(ref) as WebShopEnv;
    expect(env.task).toEqual(ref);
    expect(env.renderer).toBe('react');
    expect(env.catalog).toBe(shopOf().catalog);
    expectMakes(webshop, webshop.sampleTrain(createRng(4), 1)[0]);
  });

  it('fresh environments: two makes of one task do not share state', () => {
    const ref = alfworld.heldOut[0];
    const a = alfworld.make(ref);
    const b = alfworld.make(ref);
    const first = a.reset();
    b.reset();
    a.step(first.admissibleActions.find((x) => x.startsWith('go to '))!);
    expect(a.reset()).toEqual(b.reset());
    expect(a).not.toBe(b);
  });

  it('throws a clear error for an unknown task, a wrong split or another env', async () => {
    const ref = alfworld.heldOut[0];
    expect(() => alfworld.make({ ...ref, id: 'valid_unseen/nope' })).toThrow(/unknown ALFWorld task "valid_unseen\/nope"/);
    expect(() => alfworld.make({ ...ref, split: 'train' })).toThrow(/is a valid_unseen task, not train/);
    expect(() => alfworld.make({ ...ref, id: 'generated/pick_two_obj/5', split: 'valid_unseen' })).toThrow(/is a train task, not valid_unseen/);
    const seen = await load({ env: 'alfworld', heldOutSplit: 'valid_seen' });
    expect(() => alfworld.make(seen.heldOut[0])).toThrow(/unknown ALFWorld task/);
    // Held-out games beyond the limit are not this source's tasks.
    const limited = await load({ env: 'alfworld', heldOutLimit: 5 });
    expect(() => limited.make(alfworld.heldOut[5])).toThrow(/one of the 5 valid_unseen games/);
    expect(() => webshop.make({ ...webshop.heldOut[0], id: 'webshop:test:100' })).toThrow(/unknown WebShop task "webshop:test:100"/);
    expect(() => webshop.make(alfworld.heldOut[0])).toThrow(/WebShop task source cannot make a alfworld task/);
    expect(() => alfworld.make(webshop.heldOut[0])).toThrow(/ALFWorld task source cannot make a webshop task/);
  });
});

describe('isTrain and taskById', () => {
  it('isTrain: only train-split ids of the source', () => {
    const train = alfworld.sampleTrain(createRng(1), 3);
    expect(train.every((t) => alfworld.isTrain(t))).toBe(true);
    expect(alfworld.isTrain({ id: 'generated/pick_and_place/17', split: 'train' })).toBe(true);
    expect(alfworld.isTrain({ id: alfworld.heldOut[0].id, split: 'train' })).toBe(false);
    expect(alfworld.isTrain({ id: train[0].id, split: 'valid_unseen' })).toBe(false);
    expect(alfworld.isTrain({ id: 'valid_seen/anything', split: 'train' })).toBe(false);
    expect(webshop.isTrain({ id: 'webshop:train:3', split: 'train' })).toBe(true);
    expect(webshop.isTrain({ id: 'webshop:test:3', split: 'train' })).toBe(false);
    expect(webshop.isTrain({ id: 'webshop:train:3', split: 'test' })).toBe(false);
  });

  it('taskById returns the ref of any task of the source, generated ones included', () => {
    const gen = { id: 'generated/pick_heat_then_place/42', split: 'train' } as const;
    const ref = alfworld.taskById(gen.id)!;
    expect(ref).toMatchObject({ ...gen, env: 'alfworld', taskType: 'pick_heat_then_place' });
    expectMakes(alfworld, ref);
    expect(alfworld.taskById(alfworld.heldOut[7].id)).toEqual(alfworld.heldOut[7]);
    expect(alfworld.taskById('generated/juggle/1')).toBeUndefined();
    expect(alfworld.taskById('nope')).toBeUndefined();
    const goal = shopOf().goals.train[0];
    expect(webshop.taskById('webshop:train:0')).toEqual({ id: 'webshop:train:0', env: 'webshop', split: 'train', taskType: goal.category, goal: goal.instruction_text });
    expect(webshop.taskById('webshop:test:100')).toBeUndefined();
  });

  it('dataVersion fingerprints the data and the config', async () => {
    expect(alfworld.dataVersion).toMatch(/^alfworld:[0-9a-f]{16}$/);
    expect((await load({ env: 'alfworld' })).dataVersion).toBe(alfworld.dataVersion);
    expect((await load({ env: 'alfworld', heldOutLimit: 10 })).dataVersion).not.toBe(alfworld.dataVersion);
    expect(webshop.dataVersion).toMatch(/^webshop:[0-9a-f]{16}$/);
  });
});

describe('config validation', () => {
  it.each<[TaskSourceConfig, RegExp]>([
    [{ env: 'alfworld', heldOutSplit: 'train' }, /heldOutSplit for alfworld must be "valid_unseen" or "valid_seen", got "train"/],
    [{ env: 'alfworld', heldOutSplit: 'test' }, /heldOutSplit for alfworld/],
    [{ env: 'webshop', heldOutSplit: 'valid_unseen' }, /heldOutSplit for webshop must be "test"/],
    [{ env: 'alfworld', heldOutLimit: 0 }, /heldOutLimit must be a positive integer, got 0/],
    [{ env: 'webshop', heldOutLimit: 2.5 }, /heldOutLimit must be a positive integer, got 2.5/],
    [{ env: 'alfworld', trainSource: 'imagined' as never }, /trainSource must be one of real, generated, mixed, got "imagined"/],
    [{ env: 'minecraft' as never }, /unknown env "minecraft"/],
  ])('%j is rejected', async (config, message) => {
    await expect(load(config)).rejects.toThrow(message);
  });

  it('WebShop has no generated tasks: its trainSource resolves to real', async () => {
    expect((await load({ env: 'webshop', trainSource: 'generated' })).config.trainSource).toBe('real');
  });
});

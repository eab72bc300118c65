import { describe, expect, it } from 'vitest';
import { nodeDataReader } from '../../../cli/lib/node-data-reader';
import { alfworldSplitPath, loadAlfworldSplit, loadSceneFile, sceneIdOf, scenesById } from './alfworld-scenes';
import type { DataReader } from './data-reader';

/** A reader over in-memory files, counting reads. */
function memoryReader(files: Record<string, unknown>): DataReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async json(path) {
      reads.push(path);
      if (!(path in files)) throw new Error(`no file ${path}`);
      return files[path];
    },
  };
}

describe('loadAlfworldSplit: the one loader of the shipped games', () => {
  it('reads 200 train, 140 valid_seen and 134 valid_unseen games', async () => {
    const reader = nodeDataReader();
    expect(await loadAlfworldSplit('train', reader)).toHaveLength(200);
    expect(await loadAlfworldSplit('valid_seen', reader)).toHaveLength(140);
    expect(await loadAlfworldSplit('valid_unseen', reader)).toHaveLength(134);
  });

  it('parses a file once per reader and hands every caller the same scenes', async () => {
    const real = await nodeDataReader().json(alfworldSplitPath('valid_seen'));
    const reader = memoryReader({ [alfworldSplitPath('valid_seen')]: real });
    const [a, b] = await Promise.all([loadAlfworldSplit('valid_seen', reader), loadAlfworldSplit('valid_seen', reader)]);
    expect(a).toBe(b);
    expect(await loadAlfworldSplit('valid_seen', reader)).toBe(a);
    expect(reader.reads).toEqual([alfworldSplitPath('valid_seen')]);
    // Another reader has its own cache: it never sees this reader's files.
    await expect(loadAlfworldSplit('valid_seen', memoryReader({}))).rejects.toThrow(/no file data\/alfworld\/valid_seen.json/);
  });

  it('does not cache a failed load, so a retry can succeed', async () => {
    const files: Record<string, unknown> = {};
    const reader = memoryReader(files);
    await expect(loadSceneFile('x.json', reader)).rejects.toThrow(/no file x.json/);
    files['x.json'] = { format: 'jerp-alfworld-split/1', scenes: [] };
    expect(await loadSceneFile('x.json', reader)).toEqual([]);
  });

  it('names the file and the problem of a bad file', async () => {
    const valid = (await nodeDataReader().json(alfworldSplitPath('valid_unseen'))) as { scenes: unknown[] };
    const reader = memoryReader({
      [alfworldSplitPath('train')]: { ...valid, split: 'valid_unseen' },
      'bad.json': { format: 'jerp-alfworld-split/1', scenes: [{ format: 'nope' }] },
    });
    await expect(loadAlfworldSplit('train', reader)).rejects.toThrow(/data\/alfworld\/train.json: split must be "train", found "valid_unseen"/);
    await expect(loadSceneFile('bad.json', reader)).rejects.toThrow(/bad.json scenes\[0\]/);
    await expect(loadAlfworldSplit('test' as never, reader)).rejects.toThrow(/unknown ALFWorld split "test"/);
  });

  it('the Node reader names the missing file', async () => {
    await expect(nodeDataReader().json('data/alfworld/nope.json')).rejects.toThrow(/public\/data\/alfworld\/nope.json: cannot read shipped data file "data\/alfworld\/nope.json"/);
  });

  it('scenesById indexes several files', async () => {
    const byId = await scenesById([alfworldSplitPath('valid_unseen'), 'data/alfworld/react_transcript_scenes.json'], nodeDataReader());
    expect(byId.size).toBeGreaterThan(134);
    expect(byId.get('valid_unseen/look_at_obj_in_light-Mug-None-DeskLamp-308/trial_T20190908_201421_021646')?.taskType).toBe('look_at_obj_in_light');
  });
});

describe('sceneIdOf', () => {
  it('finds the scene id however a log names the game', () => {
    expect(sceneIdOf('json_2.1.1/valid_unseen/a-B-None-C-10/trial_T1/game.tw-pddl')).toBe('valid_unseen/a-B-None-C-10/trial_T1');
    expect(sceneIdOf('/home/u/alfworld/json_2.1.1/valid_seen/x/trial_T2/game.tw-pddl')).toBe('valid_seen/x/trial_T2');
    expect(sceneIdOf('./valid_train/x/trial_T3/game.tw-pddl')).toBe('valid_train/x/trial_T3');
    expect(sceneIdOf('react/act_put_0')).toBe('react/act_put_0');
  });
});

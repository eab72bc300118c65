import { describe, expect, it } from 'vitest';
import { nodeDataReader } from '../../../../cli/lib/node-data-reader';
import { loadAlfworldSplit } from '../../tasks/alfworld-scenes';
import { parseScene } from './index';

const good = (await loadAlfworldSplit('valid_seen', nodeDataReader())).find((s) => s.taskType === 'pick_clean_then_place')!;
const clone = (): Record<string, unknown> => JSON.parse(JSON.stringify(good));

describe('parseScene', () => {
  it('accepts a shipped scene unchanged', () => {
    expect(parseScene(clone(), 'x.json')).toEqual(good);
  });

  it.each([
    ['format', (s: Record<string, any>) => (s.format = 'v0'), /x\.json: .*"format"/],
    ['taskType', (s: Record<string, any>) => (s.taskType = 'fly'), /x\.json: .*"taskType"/],
    ['goal.receptacle', (s: Record<string, any>) => delete s.goal.receptacle, /"goal\.receptacle"/],
    ['start', (s: Record<string, any>) => (s.start = 9999), /"start"/],
    ['receptacles[1].loc', (s: Record<string, any>) => (s.receptacles[1].loc = -1), /"receptacles\[1\]\.loc"/],
    ['objects[2].in[0]', (s: Record<string, any>) => (s.objects[2].in = [5000]), /"objects\[2\]\.in\[0\]"/],
    ['objects[0].props', (s: Record<string, any>) => (s.objects[0].props = 'pz'), /"objects\[0\]\.props" has unknown flag "z"/],
    ['objects[0].name', (s: Record<string, any>) => (s.objects[0].name = s.receptacles[0].name), /duplicates/],
    ['canContain', (s: Record<string, any>) => (s.canContain = []), /"canContain"/],
  ])('names the file and the bad field: %s', (_field, corrupt, message) => {
    const s = clone();
    corrupt(s);
    expect(() => parseScene(s, 'x.json')).toThrow(message);
  });

  it('rejects non-objects', () => {
    expect(() => parseScene(null, 'y.json')).toThrow(/y\.json: .*"\(root\)"/);
    expect(() => parseScene('{}', 'y.json')).toThrow(/y\.json/);
  });
});

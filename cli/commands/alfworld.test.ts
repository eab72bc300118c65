import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../args';
import type { CommandIO } from '../command';
import { loadAlfworldSplit, sceneIdOf } from '../../src/core/tasks/alfworld-scenes';
import { ALFWORLD_DATA_DIR, loadGameFile, sceneResolver } from '../lib/alfworld-data';
import { nodeDataReader } from '../lib/node-data-reader';
import group from './alfworld';

function capture(): { io: CommandIO; out: unknown[]; lines: string[] } {
  const out: unknown[] = [];
  const lines: string[] = [];
  return { io: { log: (l) => lines.push(l), error: () => {}, json: (v) => out.push(v), isTTY: false }, out, lines };
}

describe('alfworld CLI', () => {
  it('ships 140 valid_seen, 134 valid_unseen and 200 train games', async () => {
    expect(await loadAlfworldSplit('valid_seen', nodeDataReader())).toHaveLength(140);
    expect(await loadAlfworldSplit('valid_unseen', nodeDataReader())).toHaveLength(134);
    expect(await loadAlfworldSplit('train', nodeDataReader())).toHaveLength(200);
  });

  it('replay --json prints the comparison of every observation', async () => {
    const { io, out } = capture();
    const code = await group.subcommands.replay.run(parseArgs([`${ALFWORLD_DATA_DIR}/real_episodes_sample.json`, '--json']), io);
    expect(code).toBe(0);
    expect(out[0]).toEqual({ episodes: 12, steps: 394, compared: 314, matched: 314, mismatches: [], outcomeMismatches: [] });
  });

  it('replay --games DIR converts the raw game files', async () => {
    const sample = JSON.parse(readFileSync(`${ALFWORLD_DATA_DIR}/real_episodes_sample.json`, 'utf8'));
    const withFixtures = sample.episodes.filter((e: { id: string }) => e.id === 'alf-sala-023' || e.id === 'alf-sala-121');
    const file = join(mkdtempSync(join(tmpdir(), 'alfworld-')), 'episodes.json');
    writeFileSync(file, JSON.stringify({ episodes: withFixtures }));
    const { io, out } = capture();
    expect(await group.subcommands.replay.run(parseArgs([file, '--games', `${ALFWORLD_DATA_DIR}/raw`, '--json']), io)).toBe(0);
    expect(out[0]).toMatchObject({ episodes: 2, steps: 36, compared: 29, matched: 29, mismatches: [] });
  });

  it('finds a game however the log names it', async () => {
    expect(sceneIdOf('json_2.1.1/valid_unseen/a-B-None-C-10/trial_T1/game.tw-pddl')).toBe('valid_unseen/a-B-None-C-10/trial_T1');
    expect(sceneIdOf('/home/u/alfworld/json_2.1.1/valid_seen/x/trial_T2/game.tw-pddl')).toBe('valid_seen/x/trial_T2');
    expect(sceneIdOf('react/act_put_0')).toBe('react/act_put_0');
    const find = await sceneResolver();
    const id = 'valid_unseen/look_at_obj_in_light-Mug-None-DeskLamp-308/trial_T20190908_201421_021646';
    expect(find(`/data/json_2.1.1/${id}/game.tw-pddl`).id).toBe(id);
    expect(loadGameFile(`${ALFWORLD_DATA_DIR}/raw`, `/elsewhere/json_2.1.1/${id}/game.tw-pddl`)).toEqual(find(id));
    expect(() => find('valid_unseen/nope/trial/game.tw-pddl')).toThrow(/no shipped ALFWorld game/);
  });

  it('expert --split valid_unseen --json reports 100%', async () => {
    const { io, out } = capture();
    expect(await group.subcommands.expert.run(parseArgs(['--split', 'valid_unseen', '--json']), io)).toBe(0);
    expect(out[0]).toMatchObject({ split: 'valid_unseen', games: 134, success: 134, successRate: 1 });
  });
});

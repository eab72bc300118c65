import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALFWORLD_DATA_DIR, sceneResolver } from '../../../../cli/lib/alfworld-data';
import { parseEpisodes, replayEpisodes } from './index';

const resolve = await sceneResolver();
const load = (name: string) => parseEpisodes(JSON.parse(readFileSync(`${ALFWORLD_DATA_DIR}/${name}`, 'utf8')), name);

describe('replay of real logged episodes', () => {
  it('matches every observation of the 12 real episodes (real_episodes_sample.json)', () => {
    const report = replayEpisodes(load('real_episodes_sample.json'), (e) => resolve(e.gamefile));
    expect(report.mismatches).toEqual([]);
    expect(report).toMatchObject({ episodes: 12, steps: 394, compared: 314, matched: 314, outcomeMismatches: [] });
  });

  it('matches every observation of the 12 ReAct transcripts, on their rebuilt scenes', () => {
    const report = replayEpisodes(load('react_transcript_episodes.json'), (e) => resolve(e.gamefile));
    expect(report.mismatches).toEqual([]);
    expect(report).toMatchObject({ episodes: 12, steps: 135, compared: 144, matched: 144, outcomeMismatches: [] });
  });

  it('reports a mismatch with id, step, action, expected and got', () => {
    const [episode] = load('real_episodes_sample.json');
    const edited = { ...episode, steps: episode.steps.map((s, i) => (i === 1 ? { ...s, observation: 'The drawer 1 is open.' } : s)) };
    const report = replayEpisodes([edited], (e) => resolve(e.gamefile));
    expect(report.mismatches).toEqual([{ id: 'alf-sala-023', step: 2, action: 'go to drawer 1', expected: 'The drawer 1 is open.', got: 'The drawer 1 is closed.' }]);
  });

  it('rejects a malformed episodes file naming the file and field', () => {
    expect(() => parseEpisodes({ episodes: [{ id: 'a', gamefile: 'g', steps: [{ action: 1 }] }] }, 'eps.json')).toThrow('eps.json: episodes[0].steps[0].action must be a string');
    expect(() => parseEpisodes({}, 'eps.json')).toThrow(/eps\.json/);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALFWORLD_DATA_DIR } from '../../cli/lib/alfworld-data';
import { rebuildTranscripts } from './transcripts';

const read = (name: string) => JSON.parse(readFileSync(`${ALFWORLD_DATA_DIR}/${name}`, 'utf8'));

describe('ReAct transcript rebuild', () => {
  const rebuilt = rebuildTranscripts(read('react_act_transcripts.json'));

  it('reproduces the shipped scenes and episodes', () => {
    expect(rebuilt.map((r) => r.scene)).toEqual(read('react_transcript_scenes.json').scenes);
    expect(rebuilt.map((r) => r.episode)).toEqual(read('react_transcript_episodes.json').episodes);
  });

  it('reads what a transcript reveals', () => {
    const put0 = rebuilt.find((r) => r.scene.id === 'react/act_put_0');
    expect(put0?.scene).toMatchObject({ taskType: 'pick_and_place', goal: { object: 'SprayBottle', receptacle: 'Toilet' } });
    const cabinet2 = put0?.scene.receptacles.findIndex((r) => r.name === 'cabinet 2') ?? -1;
    expect(put0?.scene.receptacles[cabinet2]).toMatchObject({ openable: true });
    expect(put0?.scene.objects.filter((o) => o.in.includes(cabinet2)).map((o) => o.name)).toEqual(['candle 1', 'spraybottle 2']);
    const examine0 = rebuilt.find((r) => r.scene.id === 'react/act_examine_0');
    expect(examine0?.episode.steps[0]).toMatchObject({ observation: 'OK. ', harness_replaced: true });
  });
});

/**
 * `npx tsx scripts/alfworld/rebuild-transcripts.ts`: writes the rebuilt ReAct transcript scenes and
 * episodes (see transcripts.ts) next to the shipped games:
 * public/data/alfworld/react_transcript_scenes.json and react_transcript_episodes.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rebuildTranscripts } from './transcripts';
import { SCENE_FILE_FORMAT } from '../../src/core/envs/alfworld/scene';

function main(): void {
  const dir = resolve('public/data/alfworld');
  const transcripts = JSON.parse(readFileSync(join(dir, 'react_act_transcripts.json'), 'utf8')) as Record<string, string>;
  const rebuilt = rebuildTranscripts(transcripts);
  writeFileSync(join(dir, 'react_transcript_scenes.json'), `${JSON.stringify({ format: SCENE_FILE_FORMAT, split: 'react', scenes: rebuilt.map((r) => r.scene) })}\n`);
  const meta = {
    description: 'The 12 ReAct act transcripts (ysymyth/ReAct prompts/alfworld.json) as replayable episodes; their scenes are rebuilt from what each transcript reveals (scripts/alfworld/transcripts.ts).',
    edits_by_the_transcript_authors: [
      'act_examine_0: the "OK." of a removed think step is kept as a harness_replaced think step',
      'act_heat_0: "open fridge 1" follows the first look directly; the "go to fridge 1" the engine needs is re-inserted as a harness_replaced step',
      "act_put_0: step 1's list lacks the ', and' the engine always writes; the step is played but not compared (harness_replaced, note)",
    ],
  };
  writeFileSync(join(dir, 'react_transcript_episodes.json'), `${JSON.stringify({ meta, episodes: rebuilt.map((r) => r.episode) }, null, 1)}\n`);
  process.stdout.write(`rebuilt ${rebuilt.length} transcripts\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) main();

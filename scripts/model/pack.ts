/**
 * Tokenizes the corpus with the lab's own JavaScript tokenizer (the one inference uses), segment by
 * segment exactly as LanguageModel.tokenizeSegments does, and writes flat arrays for train.py:
 * tokens.u16, mask.u8 (1 on target action tokens, 2 on the decisive step's action tokens, 3 on
 * actions that copy names from the text in view, corpus.ts copiesFromView, 4 on those that select a
 * WebShop option, unless it is the decisive step; train.py weighs 2, 3 and 4 up) and index.json (offsets, lengths, vocabSize).
 *
 * Usage: tsx scripts/model/pack.ts WORK_DIR TOKENIZER_PARENT_DIR TOKENIZER_NAME
 */
import { createReadStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AutoTokenizer } from '@huggingface/transformers';
import { configureTransformersEnv } from '../../src/core/llm/transformersEnv';
import { SegmentTokenizer } from '../../src/core/llm/tokenCache';
import type { TrainingSequence } from './sequences';

/** Sequences longer than this are cut from the left of the history (never happens with the prompt budget). */
const MAX_TOKENS = 1024;

async function main(argv: string[]): Promise<void> {
  const [work, parent, name] = argv;
  configureTransformersEnv({ localModelPath: parent });
  const tokenizer = await AutoTokenizer.from_pretrained(name);
  const segments = new SegmentTokenizer((t) => tokenizer.encode(t, { add_special_tokens: false }), 200000);
  const tokens: number[] = [];
  const mask: number[] = [];
  const offsets: number[] = [];
  const lengths: number[] = [];
  let targets = 0;
  let longest = 0;
  let cut = 0;
  const lines = createInterface({ input: createReadStream(join(work, 'sequences.jsonl')) });
  for await (const line of lines) {
    if (!line) continue;
    const seq = JSON.parse(line) as TrainingSequence;
    const target = new Set(seq.targets);
    const copies = new Set(seq.copies ?? []);
    const options = new Set(seq.options ?? []);
    let ids: number[] = [];
    let m: number[] = [];
    seq.segs.forEach((s, i) => {
      const segIds = segments.segment(s);
      ids = ids.concat(segIds);
      m = m.concat(new Array<number>(segIds.length).fill(i === seq.decisive ? 2 : options.has(i) ? 4 : copies.has(i) ? 3 : target.has(i) ? 1 : 0));
    });
    if (ids.length > MAX_TOKENS) {
      cut++;
      ids = ids.slice(-MAX_TOKENS);
      m = m.slice(-MAX_TOKENS);
    }
    longest = Math.max(longest, ids.length);
    offsets.push(tokens.length);
    lengths.push(ids.length);
    for (let i = 0; i < ids.length; i++) {
      tokens.push(ids[i]);
      mask.push(m[i]);
      targets += m[i] > 0 ? 1 : 0;
    }
  }
  // The model's vocabulary: every id the tokenizer file defines (BPE vocab plus added tokens).
  const file = JSON.parse(readFileSync(join(parent, name, 'tokenizer.json'), 'utf8')) as {
    model: { vocab: Record<string, number> };
    added_tokens: { id: number }[];
  };
  const vocabSize = 1 + Math.max(...Object.values(file.model.vocab), ...file.added_tokens.map((t) => t.id));
  mkdirSync(join(work, 'packed'), { recursive: true });
  writeFileSync(join(work, 'packed/tokens.u16'), Buffer.from(Uint16Array.from(tokens).buffer));
  writeFileSync(join(work, 'packed/mask.u8'), Buffer.from(Uint8Array.from(mask).buffer));
  writeFileSync(join(work, 'packed/index.json'), JSON.stringify({ offsets, lengths, vocabSize }));
  const mean = tokens.length / Math.max(1, lengths.length);
  process.stdout.write(
    `packed ${lengths.length} sequences, ${tokens.length} tokens (mean ${mean.toFixed(0)}, max ${longest}, cut ${cut}), ${targets} target tokens, vocab ${vocabSize}\n`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});

/**
 * Tokenizes the reference cases with the lab tokenizer so torch can score exactly the same ids.
 * Usage: tsx scripts/model/reference-ids.ts MODEL_PARENT_DIR MODEL_NAME OUT_JSON
 */
import { writeFileSync } from 'node:fs';
import { AutoTokenizer } from '@huggingface/transformers';
import { configureTransformersEnv } from '../../src/core/llm/transformersEnv';
import { SegmentTokenizer } from '../../src/core/llm/tokenCache';
import { REFERENCE_CASES } from './reference-cases';

async function main([parent, name, out]: string[]): Promise<void> {
  configureTransformersEnv({ localModelPath: parent });
  const tokenizer = await AutoTokenizer.from_pretrained(name);
  const seg = new SegmentTokenizer((t) => tokenizer.encode(t, { add_special_tokens: false }));
  const cases = REFERENCE_CASES.map((c) => ({ name: c.name, prefixIds: seg.segments(c.prefix), candidateIds: c.candidates.map((x) => seg.segment(x)) }));
  writeFileSync(out, JSON.stringify(cases));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mineVocabulary } from './mine-vocab-lib';

const root = join(__dirname, '../..');

describe('mined WebShop vocabulary', () => {
  it('is what the miner produces from the human goals (regenerate with scripts/webshop/mine-vocab.ts)', () => {
    const goals = JSON.parse(readFileSync(join(root, 'public/data/webshop/human_goals.json'), 'utf8')) as string[];
    const committed = JSON.parse(readFileSync(join(root, 'src/core/envs/webshop/vocab.generated.json'), 'utf8')) as unknown;
    expect(JSON.parse(JSON.stringify(mineVocabulary(goals)))).toEqual(committed);
  });
});

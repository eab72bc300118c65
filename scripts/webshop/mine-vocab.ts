/**
 * Mines the catalog vocabulary from WebShop's 12,087 human instructions, so that generated products
 * speak the shoppers' language (see mine-vocab-lib.ts for what is counted).
 *
 *   npx tsx scripts/webshop/mine-vocab.ts [public/data/webshop/human_goals.json]
 *
 * Writes src/core/envs/webshop/vocab.generated.json (committed; regenerate after changing the miner).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CATEGORY_IDS } from '../../src/core/envs/webshop/categories';
import { mineVocabulary } from './mine-vocab-lib';

const input = process.argv[2] ?? 'public/data/webshop/human_goals.json';
const output = 'src/core/envs/webshop/vocab.generated.json';
const vocab = mineVocabulary(JSON.parse(readFileSync(input, 'utf8')) as string[]);
writeFileSync(output, `${JSON.stringify(vocab)}\n`);
process.stdout.write(
  `${output}: ${CATEGORY_IDS.map((id) => `${id} ${vocab.products[id].length} nouns, ${vocab.categoryAttributes[id].length} attrs, ${vocab.categoryGoals[id]} goals`).join('; ')}\n`,
);

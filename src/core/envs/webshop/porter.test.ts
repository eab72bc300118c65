import { describe, expect, it } from 'vitest';
import { porterStem } from './porter';
import { analyze, splitWords } from './tokenizer';

describe('Porter stemmer', () => {
  it('stems like the reference implementation', () => {
    const cases: Record<string, string> = {
      caresses: 'caress', ponies: 'poni', ties: 'ti', caress: 'caress', cats: 'cat',
      feed: 'feed', agreed: 'agre', plastered: 'plaster', bled: 'bled', motoring: 'motor', sing: 'sing',
      conflated: 'conflat', troubled: 'troubl', sized: 'size', hopping: 'hop', tanned: 'tan', falling: 'fall',
      hissing: 'hiss', fizzed: 'fizz', failing: 'fail', filing: 'file', happy: 'happi', sky: 'sky',
      relational: 'relat', conditional: 'condit', rational: 'ration', valenci: 'valenc', digitizer: 'digit',
      conformabli: 'conform', radicalli: 'radic', differentli: 'differ', vileli: 'vile', analogousli: 'analog',
      vietnamization: 'vietnam', predication: 'predic', operator: 'oper', feudalism: 'feudal',
      decisiveness: 'decis', hopefulness: 'hope', callousness: 'callous', formaliti: 'formal',
      sensitiviti: 'sensit', sensibiliti: 'sensibl', triplicate: 'triplic', formative: 'form',
      formalize: 'formal', electriciti: 'electr', electrical: 'electr', hopeful: 'hope', goodness: 'good',
      revival: 'reviv', allowance: 'allow', inference: 'infer', airliner: 'airlin', gyroscopic: 'gyroscop',
      adjustable: 'adjust', defensible: 'defens', irritant: 'irrit', replacement: 'replac', adjustment: 'adjust',
      dependent: 'depend', adoption: 'adopt', homologou: 'homolog', communism: 'commun', activate: 'activ',
      angulariti: 'angular', homologous: 'homolog', effective: 'effect', bowdlerize: 'bowdler',
      probate: 'probat', rate: 'rate', cease: 'ceas', controll: 'control', roll: 'roll',
      shoes: 'shoe', sneakers: 'sneaker', washable: 'washabl', lasting: 'last', ounce: 'ounc', free: 'free',
    };
    for (const [word, stem] of Object.entries(cases)) expect([word, porterStem(word)]).toEqual([word, stem]);
  });
});

describe('analyzer', () => {
  it('splits like StandardTokenizer on product text and drops stop words', () => {
    expect(splitWords("Men's x-large 3.5oz D.O.N. size: 12x16, 1,000 wi-fi")).toEqual(["Men's", 'x', 'large', '3.5oz', 'D.O.N', 'size', '12x16', '1,000', 'wi', 'fi']);
    expect(analyze('The Bright Citrus Deodorant for Sensitive Skin, 3-Ounce')).toEqual(['bright', 'citru', 'deodor', 'sensit', 'skin', '3', 'ounc']);
  });
});

describe('Porter stemmer against the reference', () => {
  it('agrees with NLTK’s MARTIN_EXTENSIONS mode on 1,600 words of the human goals', async () => {
    const { pairs } = (await import('./porter.fixture.json')).default as unknown as { pairs: Array<[string, string]> };
    const wrong = pairs.filter(([word, stem]) => porterStem(word) !== stem);
    expect(wrong).toEqual([]);
    expect(pairs.length).toBeGreaterThan(1500);
  });
});

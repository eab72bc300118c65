import { describe, expect, it } from 'vitest';
import { fullProcess, fuzzRatio, levenshteinIndelRatio, pythonPairRepr, pythonRound, sequenceMatcherRatio, tokenSetRatio } from './fuzz';

// Expected numbers come from CPython's difflib and TheFuzz 0.19's algorithm run on the same inputs.
describe('difflib SequenceMatcher ratio', () => {
  it('matches CPython on short strings', () => {
    expect(sequenceMatcherRatio('abcdefgh', 'abcdefgx')).toBe(0.875);
    expect(fuzzRatio('aaaa', 'aaab')).toBe(75);
    expect(sequenceMatcherRatio('', '')).toBe(1);
  });

  it('applies the autojunk heuristic when the second string has ≥ 200 characters', () => {
    const a = 'the quick brown fox jumps over the lazy dog '.repeat(5);
    const b = 'a quick brown dog jumps over the lazy fox and then some more text follows here '.repeat(3);
    // CPython: 0.44638949671772427 with autojunk (the default), 0.5776805251641138 without.
    expect(sequenceMatcherRatio(a, b)).toBeCloseTo(0.44638949671772427, 15);
  });
});

describe('TheFuzz 0.19 token_set_ratio', () => {
  it('reproduces reference values', () => {
    expect(tokenSetRatio('essential oil', 'essential oils')).toBe(96);
    expect(tokenSetRatio('tea tree', 'tea tree oil')).toBe(100);
    expect(tokenSetRatio('long lasting', 'long-lasting')).toBe(100);
    expect(tokenSetRatio('Hello Wörld ß', 'hello world')).toBe(95);
    expect(tokenSetRatio('x-large', 'xx-large')).toBe(93);
    expect(tokenSetRatio('3 ounce (pack of 1)', '3-ounce (2-pack)')).toBe(92);
    expect(tokenSetRatio('natural ingredients', 'natural ingredient')).toBe(97);
    expect(tokenSetRatio("('size', 'XL')", 'XL')).toBe(100);
    expect(tokenSetRatio('', 'abc')).toBe(0);
    expect(tokenSetRatio('!!!', 'abc')).toBe(0);
  });

  it('differs from a Levenshtein-based ratio near the 85 threshold, as WebShop does', () => {
    // difflib finds 'cdfca' + 'hhc'-ish blocks greedily (80); the indel ratio (python-Levenshtein) sees 90.
    expect(tokenSetRatio('cdfcachhhc', 'cdfcahhchc')).toBe(80);
    expect(levenshteinIndelRatio('cdfcachhhc', 'cdfcahhchc')).toBe(90);
    expect(tokenSetRatio('cdfcachhhc', 'cdfcahhchc') > 85).toBe(false);
    // Product-like typos: CPython difflib says 80 and 71, python-Levenshtein would say 87 and 86.
    expect(tokenSetRatio('water resistant', 'water resintast')).toBe(80);
    expect(levenshteinIndelRatio('water resistant', 'water resintast')).toBe(87);
    expect(tokenSetRatio('dresses', 'drseses')).toBe(71);
    expect(levenshteinIndelRatio('dresses', 'drseses')).toBe(86);
  });

  it('processes like full_process and rounds like Python', () => {
    expect(fullProcess('  Navy-Blue/Ivory  ')).toBe('navy blue ivory');
    expect(pythonRound(84.5)).toBe(84);
    expect(pythonRound(85.5)).toBe(86);
    expect(pythonRound(85.4999)).toBe(85);
    expect(pythonPairRepr('size', "men's XL")).toBe(`('size', "men's XL")`);
  });
});

describe('against CPython', () => {
  it('matches difflib and TheFuzz 0.19 on 400+ recorded pairs (near the threshold, long strings with autojunk)', async () => {
    const { pairs } = (await import('./fuzz.fixture.json')).default as unknown as { pairs: Array<[string, string, number, number]> };
    for (const [a, b, tokenSet, ratioMicro] of pairs) {
      expect([a, b, tokenSetRatio(a, b)]).toEqual([a, b, tokenSet]);
      expect(Math.round(100 * sequenceMatcherRatio(a, b) * 1e6)).toBe(ratioMicro);
    }
  });
});

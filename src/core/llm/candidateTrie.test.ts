import { describe, expect, it } from 'vitest';
import { buildCandidateTrie, treeAttentionMask } from './candidateTrie';

describe('buildCandidateTrie', () => {
  const sequences = [
    [1, 2, 3],
    [1, 2, 4],
    [1, 5],
    [6],
    [1, 2, 3], // a duplicate shares every node
    [],
  ];
  const trie = buildCandidateTrie(sequences);

  it('feeds each distinct prefix once, depth-first', () => {
    expect(trie.tokens).toEqual([1, 2, 3, 4, 5, 6]);
    expect(trie.depth).toEqual([0, 1, 2, 2, 1, 0]);
  });

  it('maps every candidate token to the node that carries it', () => {
    sequences.forEach((seq, c) => {
      expect(trie.nodeOf[c]).toHaveLength(seq.length);
      trie.nodeOf[c].forEach((node, i) => {
        expect(trie.tokens[node]).toBe(seq[i]);
        expect(trie.depth[node]).toBe(i);
      });
    });
    expect(trie.nodeOf[4]).toEqual(trie.nodeOf[0]);
  });

  it("bounds each node's subtree so that a node's ancestors are exactly the earlier nodes whose subtree holds it", () => {
    expect(trie.end).toEqual([5, 4, 3, 4, 5, 6]);
    sequences.forEach((_, c) => {
      const path = trie.nodeOf[c];
      path.forEach((node, i) => {
        const visible = trie.tokens.map((_, j) => j <= node && node < trie.end[j]).flatMap((v, j) => (v ? [j] : []));
        expect(visible).toEqual(path.slice(0, i + 1));
      });
    });
  });

  it('writes the mask as 1 for the past and the absolute subtree end plus one for each node (never 1)', () => {
    expect(treeAttentionMask(trie, 3)).toEqual([1, 1, 1, 9, 8, 7, 8, 9, 10]);
    expect(Math.min(...treeAttentionMask(trie, 0))).toBeGreaterThanOrEqual(2);
  });

  it('handles no candidates and a long chain without recursion', () => {
    expect(buildCandidateTrie([]).tokens).toEqual([]);
    const chain = Array.from({ length: 50_000 }, (_, i) => i);
    const deep = buildCandidateTrie([chain]);
    expect(deep.end[0]).toBe(50_000);
    expect(deep.depth[49_999]).toBe(49_999);
  });
});

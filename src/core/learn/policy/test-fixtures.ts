/**
 * Tests only: a tiny synthetic "model" (random output table and hidden states) whose candidate
 * scores are exactly what a real model would return for it, so heads and the objective can be
 * checked against naive formulas and finite differences.
 */
import type { OutputTable } from '../../llm/output-table';
import type { CandidateScore } from '../../llm/types';
import type { Rng } from '../../util/rng';
import { logSumExp } from '../../llm/logits';

export function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

export function randomTable(rng: Rng, vocab: number, hidden: number, scale = 1): OutputTable {
  return { vocab, hidden, data: Float32Array.from({ length: vocab * hidden }, () => scale * normal(rng)) };
}

/**
 * Candidate scores for token paths: the hidden state at a position is random per token path (so
 * shared paths share it), logits = W·h, log-probs from them, as scoreCandidates would return.
 */
export function syntheticScores(rng: Rng, table: OutputTable, paths: number[][]): CandidateScore[] {
  const hiddenByKey = new Map<string, Float32Array>();
  return paths.map((ids) => {
    const score: CandidateScore = { logProb: 0, tokenIds: ids, tokenLogProbs: [], hidden: [], logits: [] };
    ids.forEach((y, i) => {
      const key = ids.slice(0, i).join(',');
      let h = hiddenByKey.get(key);
      if (!h) {
        h = Float32Array.from({ length: table.hidden }, () => normal(rng));
        hiddenByKey.set(key, h);
      }
      const z = new Float32Array(table.vocab);
      for (let v = 0; v < table.vocab; v++) {
        let s = 0;
        for (let k = 0; k < table.hidden; k++) s += table.data[v * table.hidden + k] * h[k];
        z[v] = s;
      }
      const lp = z[y] - logSumExp(z);
      score.tokenLogProbs.push(lp);
      score.logProb += lp;
      score.hidden!.push(h);
      score.logits!.push(z);
    });
    return score;
  });
}

/** Σ_i log softmax(logits_i + delta(i))[y_i], naively, for checking adapted scores. */
export function naiveScore(score: CandidateScore, delta: (i: number) => ArrayLike<number>): number {
  let total = 0;
  score.tokenIds.forEach((y, i) => {
    const d = delta(i);
    const z = Array.from(score.logits![i], (x, v) => x + d[v]);
    total += z[y] - logSumExp(z);
  });
  return total;
}

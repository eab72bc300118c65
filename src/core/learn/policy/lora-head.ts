/**
 * LoRA on the output projection: logits' = W·h + s·B·(A·h), A: r×d, B: V×r, s = alpha/r.
 * B starts at zero, so the initial policy is exactly the base model; A starts small and random
 * (N(0, 1/d)) so that B's gradient δ·(A·h)ᵀ is non-zero from the first update. Training needs only
 * the final hidden states and W (no backward pass through the transformer).
 */
import type { CandidateScore } from '../../llm/types';
import { logitsForPositions, type OutputTable } from '../../llm/output-table';
import type { Rng } from '../../util/rng';
import { base64ToFloat32, float32ToBase64 } from './base64';
import type { StepFeatures } from './features';
import { adaptScores, allZero, type Grads, type HeadJSON, type PolicyHead, runStep, type StepPass } from './head';

export interface LoraOptions {
  vocab: number;
  hidden: number;
  /** Default 8. */
  rank?: number;
  /** Scale s = alpha / rank; default alpha = rank (s = 1). */
  alpha?: number;
  /** Seeds A; required unless A is given. */
  rng?: Rng;
  /** Restored parameters (A: rank×hidden, B: vocab×rank). */
  A?: Float32Array;
  B?: Float32Array;
}

/** Standard normal by Box–Muller from a seeded uniform source. */
function gaussian(rng: Rng): number {
  const u1 = 1 - rng.next(); // (0, 1]: log stays finite
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

export class LoraHead implements PolicyHead {
  readonly kind = 'lora' as const;
  readonly vocab: number;
  readonly hidden: number;
  readonly rank: number;
  readonly alpha: number;
  readonly params: { A: Float32Array; B: Float32Array };
  readonly shapes: Record<string, number[]>;

  constructor(options: LoraOptions) {
    const { vocab, hidden } = options;
    this.vocab = vocab;
    this.hidden = hidden;
    this.rank = options.rank ?? 8;
    this.alpha = options.alpha ?? this.rank;
    const r = this.rank;
    let A = options.A;
    if (!A) {
      if (!options.rng) throw new Error('LoraHead: pass a seeded rng to initialize A');
      const std = 1 / Math.sqrt(hidden);
      A = Float32Array.from({ length: r * hidden }, () => std * gaussian(options.rng!));
    }
    const B = options.B ?? new Float32Array(vocab * r);
    if (A.length !== r * hidden || B.length !== vocab * r) throw new Error(`LoraHead: A has ${A.length} values (want ${r * hidden}), B ${B.length} (want ${vocab * r})`);
    this.params = { A, B };
    this.shapes = { A: [r, hidden], B: [vocab, r] };
  }

  get scale(): number {
    return this.alpha / this.rank;
  }

  isIdentity(): boolean {
    return allZero(this.params.B);
  }

  /** u = A·h (r values). */
  private project(h: ArrayLike<number>, offset: number, u: Float64Array): void {
    const { A } = this.params;
    const d = this.hidden;
    for (let k = 0; k < this.rank; k++) {
      let s = 0;
      for (let j = 0, a = k * d; j < d; j++, a++) s += A[a] * h[offset + j];
      u[k] = s;
    }
  }

  /** Δ = s·B·u (V values). */
  private expand(u: Float64Array, out: Float64Array): void {
    const { B } = this.params;
    const r = this.rank;
    const s = this.scale;
    for (let v = 0, b = 0; v < this.vocab; v++) {
      let acc = 0;
      for (let k = 0; k < r; k++, b++) acc += B[b] * u[k];
      out[v] = s * acc;
    }
  }

  adaptedCandidateScores(scores: readonly CandidateScore[]): number[] {
    if (this.isIdentity()) return scores.map((s) => s.logProb);
    const u = new Float64Array(this.rank);
    return adaptScores(scores, this.vocab, (s, i, out) => {
      const h = s.hidden?.[i];
      if (!h) throw new Error('LoraHead.adaptedCandidateScores: no hidden states; score with { withHidden: true, withLogits: true }');
      if (h.length !== this.hidden) throw new Error(`LoraHead: hidden state has ${h.length} values, the head ${this.hidden}`);
      this.project(h, 0, u);
      this.expand(u, out);
    });
  }

  scoreStep(features: StepFeatures, table?: OutputTable): StepPass {
    const { hidden } = features;
    if (!hidden) throw new Error('LoraHead.scoreStep: the features hold no hidden states (use LogitBiasHead for such models)');
    if (!table) throw new Error('LoraHead.scoreStep: needs the output table (readOutputTable) to recompute logits as W·h');
    const d = this.hidden;
    if (features.hiddenSize !== d || table.hidden !== d || table.vocab !== this.vocab) {
      throw new Error(`LoraHead.scoreStep: sizes differ (features d=${features.hiddenSize}, table ${table.vocab}×${table.hidden}, head ${this.vocab}×${d})`);
    }
    const r = this.rank;
    const s = this.scale;
    const identity = this.isIdentity();
    const U = new Float64Array(features.positions * r); // u_p = A·h_p, reused by forward and backward
    for (let p = 0; p < features.positions; p++) this.project(hidden, p * d, U.subarray(p * r, (p + 1) * r));
    const { B } = this.params;
    const w = new Float64Array(r);
    return runStep(features, this.vocab, (out) => logitsForPositions(table, hidden, features.positions, out), {
      delta: (p, out) => {
        if (identity) return false;
        this.expand(U.subarray(p * r, (p + 1) * r), out);
        return true;
      },
      backward: (p, dz, grads) => {
        // dB += s·δ uᵀ ; w = s·Bᵀδ ; dA += w hᵀ
        const gA = grads.A;
        const gB = grads.B;
        const u = U.subarray(p * r, (p + 1) * r);
        w.fill(0);
        for (let v = 0, b = 0; v < this.vocab; v++) {
          const g = s * dz[v];
          for (let k = 0; k < r; k++, b++) {
            gB[b] += g * u[k];
            w[k] += B[b] * g;
          }
        }
        for (let k = 0; k < r; k++) {
          const wk = w[k];
          if (wk === 0) continue;
          for (let j = 0, a = k * d, h = p * d; j < d; j++) gA[a + j] += wk * hidden[h + j];
        }
      },
    });
  }

  zeroGrads(): Grads {
    return { A: new Float64Array(this.params.A.length), B: new Float64Array(this.params.B.length) };
  }

  toJSON(): HeadJSON {
    return {
      format: 'jerp-policy-head/1',
      kind: 'lora',
      vocab: this.vocab,
      hidden: this.hidden,
      rank: this.rank,
      alpha: this.alpha,
      params: { A: float32ToBase64(this.params.A), B: float32ToBase64(this.params.B) },
    };
  }

  static fromJSON(json: HeadJSON): LoraHead {
    if (json.kind !== 'lora' || json.hidden === undefined || json.rank === undefined) throw new Error('LoraHead.fromJSON: not a LoRA head');
    return new LoraHead({
      vocab: json.vocab,
      hidden: json.hidden,
      rank: json.rank,
      alpha: json.alpha,
      A: base64ToFloat32(json.params.A, json.rank * json.hidden),
      B: base64ToFloat32(json.params.B, json.vocab * json.rank),
    });
  }
}

/**
 * The fallback head for models whose ONNX exposes no hidden state (many hub exports): a trainable
 * bias on the logits, logits' = z + b, b ∈ R^V, zero at start (the base policy exactly). It trains
 * on stored logits; given hidden-state features and the output table it recomputes z = W·h instead.
 */
import type { CandidateScore } from '../../llm/types';
import { logitsForPositions, type OutputTable } from '../../llm/output-table';
import { base64ToFloat32, float32ToBase64 } from './base64';
import type { StepFeatures } from './features';
import { adaptScores, allZero, type Grads, type HeadJSON, type PolicyHead, runStep, type StepPass } from './head';

export class LogitBiasHead implements PolicyHead {
  readonly kind = 'bias' as const;
  readonly params: { b: Float32Array };
  readonly shapes: Record<string, number[]>;

  constructor(
    readonly vocab: number,
    b?: Float32Array,
  ) {
    const bias = b ?? new Float32Array(vocab);
    if (bias.length !== vocab) throw new Error(`LogitBiasHead: b has ${bias.length} values, want ${vocab}`);
    this.params = { b: bias };
    this.shapes = { b: [vocab] };
  }

  isIdentity(): boolean {
    return allZero(this.params.b);
  }

  adaptedCandidateScores(scores: readonly CandidateScore[]): number[] {
    if (this.isIdentity()) return scores.map((s) => s.logProb);
    const { b } = this.params;
    return adaptScores(scores, this.vocab, (_s, _i, out) => {
      for (let v = 0; v < this.vocab; v++) out[v] = b[v];
    });
  }

  scoreStep(features: StepFeatures, table?: OutputTable): StepPass {
    const V = this.vocab;
    const { logits, hidden } = features;
    let baseLogits: (out: Float64Array) => void;
    if (logits) {
      if (features.vocabSize !== V) throw new Error(`LogitBiasHead.scoreStep: features have ${features.vocabSize} logits, the head ${V}`);
      baseLogits = (out) => out.set(logits);
    } else if (hidden && table) {
      const d = features.hiddenSize;
      if (table.vocab !== V || table.hidden !== d) throw new Error(`LogitBiasHead.scoreStep: table ${table.vocab}×${table.hidden}, head ${V}, features d=${d}`);
      baseLogits = (out) => logitsForPositions(table, hidden, features.positions, out);
    } else {
      throw new Error('LogitBiasHead.scoreStep: the features hold no logits (and no hidden states with an output table)');
    }
    const { b } = this.params;
    const identity = this.isIdentity();
    return runStep(features, V, baseLogits, {
      delta: (_p, out) => {
        if (identity) return false;
        for (let v = 0; v < V; v++) out[v] = b[v];
        return true;
      },
      backward: (_p, dz, grads) => {
        const gb = grads.b;
        for (let v = 0; v < V; v++) gb[v] += dz[v];
      },
    });
  }

  zeroGrads(): Grads {
    return { b: new Float64Array(this.vocab) };
  }

  toJSON(): HeadJSON {
    return { format: 'jerp-policy-head/1', kind: 'bias', vocab: this.vocab, params: { b: float32ToBase64(this.params.b) } };
  }

  static fromJSON(json: HeadJSON): LogitBiasHead {
    if (json.kind !== 'bias') throw new Error('LogitBiasHead.fromJSON: not a bias head');
    return new LogitBiasHead(json.vocab, base64ToFloat32(json.params.b, json.vocab));
  }
}

/**
 * Adam over a head's named Float32Array parameters, updated in place. Moments are kept in float64
 * and serialized as raw bytes, so a checkpoint restored mid-run continues bit-identically; tensors
 * are visited in sorted name order so the global grad norm is summed the same way every time.
 */
import { base64ToFloat64, float64ToBase64 } from './base64';

export interface AdamConfig {
  lr: number;
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-8. */
  eps?: number;
  /** Scale the whole gradient down to this global L2 norm when above it (off when unset or ≤ 0). */
  maxGradNorm?: number;
}

export interface AdamJSON {
  format: 'jerp-adam/1';
  config: Required<AdamConfig>;
  t: number;
  m: Record<string, string>;
  v: Record<string, string>;
}

export interface AdamStepInfo {
  /** Global L2 norm of the gradient before clipping. */
  gradNorm: number;
  /** Factor the gradient was multiplied by (1 when not clipped). */
  scale: number;
}

export class Adam {
  readonly config: Required<AdamConfig>;
  private readonly names: string[];
  private readonly m: Record<string, Float64Array> = {};
  private readonly v: Record<string, Float64Array> = {};
  /** Steps taken. */
  t = 0;

  constructor(
    private readonly params: Record<string, Float32Array>,
    config: AdamConfig,
  ) {
    this.config = { beta1: 0.9, beta2: 0.999, eps: 1e-8, maxGradNorm: 0, ...config };
    this.names = Object.keys(params).sort();
    for (const name of this.names) {
      this.m[name] = new Float64Array(params[name].length);
      this.v[name] = new Float64Array(params[name].length);
    }
  }

  /** One update with `grads` (dL/dparam, same names and lengths); lr may be changed between steps via setLr. */
  step(grads: Record<string, ArrayLike<number>>): AdamStepInfo {
    let sq = 0;
    for (const name of this.names) {
      const g = grads[name];
      if (!g || g.length !== this.params[name].length) throw new Error(`Adam.step: gradient "${name}" missing or of the wrong length`);
      for (let i = 0; i < g.length; i++) sq += g[i] * g[i];
    }
    const gradNorm = Math.sqrt(sq);
    const { lr, beta1, beta2, eps, maxGradNorm } = this.config;
    const scale = maxGradNorm > 0 && gradNorm > maxGradNorm ? maxGradNorm / gradNorm : 1;
    this.t += 1;
    const c1 = 1 - Math.pow(beta1, this.t);
    const c2 = 1 - Math.pow(beta2, this.t);
    for (const name of this.names) {
      const g = grads[name];
      const p = this.params[name];
      const m = this.m[name];
      const v = this.v[name];
      for (let i = 0; i < p.length; i++) {
        const gi = g[i] * scale;
        m[i] = beta1 * m[i] + (1 - beta1) * gi;
        v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
        p[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
      }
    }
    return { gradNorm, scale };
  }

  setLr(lr: number): void {
    this.config.lr = lr;
  }

  toJSON(): AdamJSON {
    const enc = (x: Record<string, Float64Array>) => Object.fromEntries(this.names.map((n) => [n, float64ToBase64(x[n])]));
    return { format: 'jerp-adam/1', config: { ...this.config }, t: this.t, m: enc(this.m), v: enc(this.v) };
  }

  /** An optimizer over `params` (restored from the same checkpoint) continuing exactly where `json` left off. */
  static restore(json: AdamJSON, params: Record<string, Float32Array>): Adam {
    if (json.format !== 'jerp-adam/1') throw new Error(`Adam.restore: unknown format ${String(json.format)}`);
    const adam = new Adam(params, json.config);
    for (const name of adam.names) {
      if (json.m[name] === undefined || json.v[name] === undefined) throw new Error(`Adam.restore: no moments for "${name}"`);
      adam.m[name].set(base64ToFloat64(json.m[name], params[name].length));
      adam.v[name].set(base64ToFloat64(json.v[name], params[name].length));
    }
    adam.t = json.t;
    return adam;
  }
}

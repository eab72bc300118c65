import { describe, expect, it } from 'vitest';
import { Adam } from './adam';

/** f(x) = ½ Σ c_i (x_i − t_i)²; gradient c_i (x_i − t_i). */
const TARGET = [1.5, -2, 0.25, 3];
const CURV = [1, 10, 0.5, 3];
const grad = (x: Float32Array) => ({ x: Float64Array.from(x, (xi, i) => CURV[i] * (xi - TARGET[i])) });
const bits = (x: Float32Array) => Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length));

describe('Adam', () => {
  it('minimizes a quadratic', () => {
    const params = { x: new Float32Array(4) };
    const adam = new Adam(params, { lr: 0.05 });
    for (let i = 0; i < 2000; i++) adam.step(grad(params.x));
    params.x.forEach((xi, i) => expect(xi).toBeCloseTo(TARGET[i], 2));
    expect(adam.t).toBe(2000);
  });

  it('takes a first step of lr·sign(g) (bias correction), and clips the global grad norm', () => {
    const params = { x: new Float32Array([0, 0]) };
    const adam = new Adam(params, { lr: 0.1 });
    adam.step({ x: [3, -0.5] });
    expect(params.x[0]).toBeCloseTo(-0.1, 6);
    expect(params.x[1]).toBeCloseTo(0.1, 6);
    const clipped = new Adam({ x: new Float32Array(2) }, { lr: 0.1, maxGradNorm: 1 });
    expect(clipped.step({ x: [3, 4] })).toEqual({ gradNorm: 5, scale: 0.2 });
    expect(() => clipped.step({ y: [1] })).toThrow(/"x"/);
  });

  it('restored mid-way, continues bit-identically to an uninterrupted run', () => {
    const straight = { x: new Float32Array(4) };
    const a = new Adam(straight, { lr: 0.03, maxGradNorm: 2 });
    for (let i = 0; i < 60; i++) a.step(grad(straight.x));

    const first = { x: new Float32Array(4) };
    const b = new Adam(first, { lr: 0.03, maxGradNorm: 2 });
    for (let i = 0; i < 25; i++) b.step(grad(first.x));
    const saved = JSON.parse(JSON.stringify({ params: Array.from(first.x), adam: b.toJSON() }));
    const resumed = { x: Float32Array.from(saved.params as number[]) };
    const c = Adam.restore(saved.adam, resumed);
    for (let i = 25; i < 60; i++) c.step(grad(resumed.x));
    expect(bits(resumed.x)).toEqual(bits(straight.x));
    expect(JSON.stringify(c.toJSON())).toBe(JSON.stringify(a.toJSON()));
  });
});

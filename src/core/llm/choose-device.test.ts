import { describe, expect, it } from 'vitest';
import { chooseModelDevice } from './choose-device';

describe('chooseModelDevice', () => {
  it('uses WebGPU only for a hardware adapter', () => {
    expect(chooseModelDevice({ backend: 'webgpu', adapter: { isFallbackAdapter: false } }).device).toBe('webgpu');
    expect(chooseModelDevice({ backend: 'webgpu', adapter: { isFallbackAdapter: true } })).toEqual({
      device: 'wasm',
      why: 'the WebGPU adapter is software, slower than WASM',
    });
    expect(chooseModelDevice({ backend: 'wasm' }).device).toBe('wasm');
    expect(chooseModelDevice(null).device).toBe('wasm');
  });
});

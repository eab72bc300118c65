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

  it('follows ?backend= (the probe reports it as forced), even onto a software adapter', () => {
    const software = { backend: 'webgpu' as const, adapter: { isFallbackAdapter: true } };
    expect(chooseModelDevice({ ...software, forced: 'webgpu' })).toEqual({ device: 'webgpu', why: 'chosen with ?backend=webgpu' });
    expect(chooseModelDevice({ backend: 'wasm', forced: 'wasm' })).toEqual({ device: 'wasm', why: 'chosen with ?backend=wasm' });
    // Asked for WebGPU where there is none: WASM, and the reason says so.
    expect(chooseModelDevice({ backend: 'wasm', forced: 'webgpu' })).toEqual({ device: 'wasm', why: 'no WebGPU adapter, although ?backend=webgpu asked for it' });
  });
});

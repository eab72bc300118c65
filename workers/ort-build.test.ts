import { describe, expect, it } from 'vitest';
import { ortBuildFor } from './ort-build';

describe('ortBuildFor', () => {
  it('starts the build the first load needs', () => {
    expect(ortBuildFor('wasm', undefined)).toBe('wasm');
    expect(ortBuildFor('webgpu', undefined)).toBe('webgpu');
  });

  it('keeps the build it started: the WebGPU build runs WASM loads too', () => {
    expect(ortBuildFor('wasm', 'wasm')).toBe('wasm');
    expect(ortBuildFor('webgpu', 'webgpu')).toBe('webgpu');
    expect(ortBuildFor('wasm', 'webgpu')).toBe('webgpu');
  });

  it('asks for a fresh worker when WebGPU follows a WASM-only start', () => {
    expect(ortBuildFor('webgpu', 'wasm')).toBe('restart');
  });
});

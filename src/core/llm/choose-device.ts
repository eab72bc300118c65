/**
 * Which device the model should run on, given what the backend probe found. A software WebGPU
 * adapter (SwiftShader and the like) is correct but measured about 25× slower than WASM on one
 * agent decision (`npm run bench -- browser-model`), so 'auto' runs the model on WASM there and
 * keeps WebGPU for real GPUs. The user can still force either device.
 */
export interface DeviceChoice {
  device: 'webgpu' | 'wasm';
  why: string;
}

export function chooseModelDevice(probe: { backend: 'webgpu' | 'wasm'; adapter?: { isFallbackAdapter: boolean } } | null): DeviceChoice {
  if (!probe) return { device: 'wasm', why: 'backend not detected yet' };
  if (probe.backend !== 'webgpu') return { device: 'wasm', why: 'no WebGPU adapter' };
  if (probe.adapter?.isFallbackAdapter) return { device: 'wasm', why: 'the WebGPU adapter is software, slower than WASM' };
  return { device: 'webgpu', why: 'hardware WebGPU adapter' };
}

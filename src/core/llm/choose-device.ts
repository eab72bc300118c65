/**
 * Which device the model should run on, given what the backend probe found. A software WebGPU
 * adapter (SwiftShader and the like) is correct but measured about 25× slower than WASM on one
 * agent decision (`npm run bench -- browser-model`), so 'auto' runs the model on WASM there and
 * keeps WebGPU for real GPUs. The user can still force either device: `?backend=` in the address
 * (the probe reports it as `forced`) or the Model view's device menu. Every place that says where
 * the model will run (the Lab card, the device menu) asks this function, as the load does.
 */
export interface DeviceChoice {
  device: 'webgpu' | 'wasm';
  why: string;
}

export function chooseModelDevice(
  probe: { backend: 'webgpu' | 'wasm'; adapter?: { isFallbackAdapter: boolean }; forced?: 'webgpu' | 'wasm' } | null,
): DeviceChoice {
  if (!probe) return { device: 'wasm', why: 'backend not detected yet' };
  // `?backend=…` in the address is the user's choice: it wins over the speed preference below.
  if (probe.forced === 'wasm') return { device: 'wasm', why: 'chosen with ?backend=wasm' };
  if (probe.backend !== 'webgpu') return { device: 'wasm', why: probe.forced === 'webgpu' ? 'no WebGPU adapter, although ?backend=webgpu asked for it' : 'no WebGPU adapter' };
  if (probe.forced === 'webgpu') return { device: 'webgpu', why: 'chosen with ?backend=webgpu' };
  if (probe.adapter?.isFallbackAdapter) return { device: 'wasm', why: 'the WebGPU adapter is software, slower than WASM' };
  return { device: 'webgpu', why: 'hardware WebGPU adapter' };
}

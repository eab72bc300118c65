/** How the lab names a compute device ("webgpu", "wasm", "cpu" in Node) wherever it shows one. */
export function deviceName(device: string): string {
  if (device === 'webgpu') return 'WebGPU';
  if (device === 'wasm') return 'WASM';
  if (device === 'cpu') return 'CPU';
  return device;
}

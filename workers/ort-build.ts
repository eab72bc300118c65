/**
 * Which ONNX Runtime build a model load runs on (ort-wasm.ts has the two). ONNX Runtime starts its
 * wasm module once per worker, at the first load, and keeps it: a worker whose first load was on
 * WASM has the build without WebGPU, and a WebGPU load then needs a fresh worker. The client
 * restarts the worker and loads again (lab-client.ts), as it does to cancel a load.
 */
export type OrtBuild = 'wasm' | 'webgpu';

/** The build a load on `device` needs, given the one the worker runs (undefined: none started yet). */
export function ortBuildFor(device: 'wasm' | 'webgpu', inUse: OrtBuild | undefined): OrtBuild | 'restart' {
  if (inUse === undefined) return device;
  // The WebGPU build runs WASM sessions too.
  if (device === 'wasm' || inUse === 'webgpu') return inUse;
  return 'restart';
}

/** Thrown by a WebGPU load in a worker that started ONNX Runtime's WASM-only build. */
export class OrtRestartNeededError extends Error {
  override name = 'OrtRestartNeededError';
  constructor() {
    super('This lab worker started ONNX Runtime without WebGPU (its first model ran on WASM); a WebGPU model needs a fresh worker.');
  }
}

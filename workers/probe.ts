/**
 * Detects the compute backend the way transformers.js recommends: ask for a WebGPU adapter
 * ourselves and fall back to WASM with a reason the UI can show, never a crash.
 * Runs in the worker (navigator.gpu exists in dedicated workers where WebGPU is enabled).
 */
import type { AdapterInfo, BackendReport, ProbeParams, WasmInfo } from '../src/protocol/messages';

interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}
interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
  features: Iterable<string>;
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
}

/** The smallest module using a SIMD instruction (v128.const); validating it tells whether SIMD is supported. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

export function probeWasm(): WasmInfo {
  const isolated = Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated);
  let simd = false;
  try {
    simd = WebAssembly.validate(SIMD_PROBE);
  } catch {
    simd = false;
  }
  return {
    simd,
    threads: isolated && typeof SharedArrayBuffer !== 'undefined',
    crossOriginIsolated: isolated,
    hardwareConcurrency: globalThis.navigator?.hardwareConcurrency ?? 1,
  };
}

function describeAdapter(adapter: GpuAdapterLike): AdapterInfo {
  const info = adapter.info ?? {};
  return {
    vendor: info.vendor || 'unknown vendor',
    architecture: info.architecture || 'unknown architecture',
    device: info.device ?? '',
    description: info.description ?? '',
    isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
    features: [...adapter.features].sort(),
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
  };
}

export async function probeBackend(params: ProbeParams = {}): Promise<BackendReport> {
  const wasm = probeWasm();
  if (params.force === 'wasm') {
    return { backend: 'wasm', reason: 'WASM chosen by the user (WebGPU not tried).', wasm, forced: 'wasm' };
  }
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) {
    return {
      backend: 'wasm',
      reason: 'This browser exposes no WebGPU (navigator.gpu is missing): running on WASM.',
      wasm,
      forced: params.force,
    };
  }
  let adapter: GpuAdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return {
      backend: 'wasm',
      reason: `WebGPU adapter request failed (${(error as Error).message}): running on WASM.`,
      wasm,
      forced: params.force,
    };
  }
  if (!adapter) {
    return {
      backend: 'wasm',
      reason: 'WebGPU is present but no adapter is available (GPU blocked or disabled): running on WASM.',
      wasm,
      forced: params.force,
    };
  }
  const info = describeAdapter(adapter);
  const software = info.isFallbackAdapter ? ' (software fallback adapter: correct but slow)' : '';
  return {
    backend: 'webgpu',
    reason: `WebGPU adapter ${info.vendor} / ${info.architecture}${software}.`,
    adapter: info,
    wasm,
    forced: params.force,
  };
}

/**
 * Loads a LanguageModel in Node for the CLI, the benchmarks and the tests: the embedded model from
 * public/models (local only, nothing fetched), or a hub id when asked (then downloaded and cached).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelFilesMissingError } from '../../src/core/llm/errors';
import { configureTransformersEnv } from '../../src/core/llm/transformersEnv';
import { loadTransformersModel, type TransformersLanguageModel } from '../../src/core/llm/transformersModel';

export const MODELS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../public/models');
export const EMBEDDED_MODEL_ID = 'jerp-tiny';

/** transformers.js file suffix per dtype (its DEFAULT_DTYPE_SUFFIX_MAPPING). */
const DTYPE_SUFFIX: Record<string, string> = { fp32: '', fp16: '_fp16', int8: '_int8', uint8: '_uint8', q8: '_quantized', q4: '_q4' };

export interface NodeModelOptions {
  id?: string;
  dtype?: string;
  /** Allow downloading a hub model (with `remoteHost`, e.g. a local mirror in tests). */
  hub?: boolean;
  remoteHost?: string;
  modelsDir?: string;
  progress?: (info: unknown) => void;
  /** ONNX Runtime intra-op threads (default: the runtime's choice). */
  threads?: number;
  /** false: score candidates with a copy of the prefix cache per row (benchmarks compare). */
  sharedPrefixCache?: boolean;
  /** false: score candidates as one padded row each instead of one trie row (benchmarks compare). */
  treeAttentionMask?: boolean;
}

/** The ONNX file a dtype loads (transformers.js's naming). */
export function onnxFile(modelDir: string, dtype: string): string {
  return join(modelDir, 'onnx', `model${DTYPE_SUFFIX[dtype] ?? `_${dtype}`}.onnx`);
}

/** Bytes of the ONNX file a dtype loads, or undefined when it is not on disk. */
export function onnxBytes(modelDir: string, dtype: string): number | undefined {
  const file = onnxFile(modelDir, dtype);
  return existsSync(file) ? statSync(file).size : undefined;
}

export async function loadNodeModel(options: NodeModelOptions = {}): Promise<TransformersLanguageModel> {
  const id = options.id ?? EMBEDDED_MODEL_ID;
  const modelsDir = options.modelsDir ?? MODELS_DIR;
  const hub = options.hub ?? false;
  configureTransformersEnv({ localModelPath: `${modelsDir}/`, allowRemoteModels: hub, ...(options.remoteHost ? { remoteHost: options.remoteHost } : {}) });
  const localDir = join(modelsDir, id);
  if (!hub && !existsSync(join(localDir, 'config.json'))) {
    throw new ModelFilesMissingError(`local model "${id}": no ${join(localDir, 'config.json')}. Build it with \`npm run model:build\`, or pass --hub for a hub model.`);
  }
  const model = await loadTransformersModel({
    modelId: id,
    remote: hub,
    ...(options.dtype ? { dtype: options.dtype } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.threads ? { threads: options.threads } : {}),
    ...(options.sharedPrefixCache !== undefined ? { sharedPrefixCache: options.sharedPrefixCache } : {}),
    ...(options.treeAttentionMask !== undefined ? { treeAttentionMask: options.treeAttentionMask } : {}),
  });
  if (model.info.bytes === 0) model.info.bytes = onnxBytes(localDir, model.info.dtype) ?? 0;
  return model;
}

/** Id and parameter count of a local model from its config.json, without loading it. */
export function localModelInfo(id: string, modelsDir = MODELS_DIR): { id: string; params: number } {
  const file = join(modelsDir, id, 'config.json');
  if (!existsSync(file)) throw new ModelFilesMissingError(`local model "${id}": no ${file}`);
  const config = JSON.parse(readFileSync(file, 'utf8')) as { jerp?: { params?: number } };
  return { id, params: config.jerp?.params ?? 0 };
}

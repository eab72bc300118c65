/**
 * What a training run needs before its first iteration, in the browser: the task source (shipped
 * data fetched by the worker), the policy context (the lm_head read from the model's own ONNX
 * file, as the CLI reads it from disk) and run.json. The loop itself is runIteration, called by
 * trainer.ts.
 */
import type { RunConfig } from '../src/core/learn/config';
import { runName } from '../src/core/learn/config';
import type { PolicyContext } from '../src/core/learn/policy-state';
import { RUN_FORMAT } from '../src/core/learn/run-format';
import { readOutputTable } from '../src/core/llm/output-table';
import type { LanguageModel } from '../src/core/llm/types';
import { loadTaskSource, type TaskSource } from '../src/core/tasks';
import packageJson from '../package.json';
import { AssetLoadError, assetUrl, fetchDataReader } from './assets';

/** transformers.js's ONNX file suffix per dtype (the same table as cli/lib/model-node.ts). */
const DTYPE_SUFFIX: Record<string, string> = { fp32: '', fp16: '_fp16', int8: '_int8', uint8: '_uint8', q8: '_quantized', q4: '_q4' };

export function loadRunTasks(config: RunConfig): Promise<TaskSource> {
  return loadTaskSource({ env: config.env, ...config.tasks, heldOutLimit: config.tasks.heldOutLimit ?? undefined }, fetchDataReader);
}

/**
 * The LoRA head needs W of the lm_head, which only the ONNX file holds: fetched again here (the
 * browser's cache usually answers, the model having just loaded it). Models without a hidden-state
 * output train a logit bias and need no table.
 */
export async function browserPolicyContext(model: LanguageModel): Promise<PolicyContext> {
  if (!model.info.hasHiddenState) return { outputTable: null, vocabSize: model.info.vocabSize };
  const path = `models/${model.info.id}/onnx/model${DTYPE_SUFFIX[model.info.dtype] ?? `_${model.info.dtype}`}.onnx`;
  let response: Response;
  try {
    response = await fetch(assetUrl(path));
  } catch (error) {
    throw new AssetLoadError(`Could not fetch ${path} for the policy adapter: ${(error as Error).message}`);
  }
  if (!response.ok) throw new AssetLoadError(`Could not fetch ${path} for the policy adapter: HTTP ${response.status}`);
  return { outputTable: readOutputTable(new Uint8Array(await response.arrayBuffer())), vocabSize: model.info.vocabSize };
}

/** run.json as the CLI writes it (cli/lib/cell.ts), with the browser in place of Node and no git commit. */
export function browserRunInfo(config: RunConfig, model: LanguageModel, tasks: TaskSource, policy: string): Record<string, unknown> {
  return {
    format: RUN_FORMAT,
    name: runName(config),
    config,
    seed: config.seed,
    model: { id: model.info.id, dtype: model.info.dtype, device: model.info.device, params: model.info.params, hasHiddenState: model.info.hasHiddenState },
    policy,
    versions: { 'jerp-lab': packageJson.version, '@huggingface/transformers': packageJson.dependencies['@huggingface/transformers'], browser: navigator.userAgent },
    data: tasks.dataVersion,
    gitCommit: null,
    createdAt: new Date().toISOString(),
  };
}

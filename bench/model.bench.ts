/**
 * The embedded model in Node (onnxruntime-node CPU, int8 weight-only): one ALFWorld decision (every
 * admissible command scored after the agent's prompt) with the prefix KV cache vs rescoring every
 * candidate from scratch; a whole episode; load time; bytes on disk; peak memory. The Chromium
 * WASM/WebGPU figures come from browser-model.bench.ts (the lab's worker).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { runEpisode } from '../src/core/agent/episode';
import { PromptHistory } from '../src/core/agent/promptHistory';
import { createAlfworldEnv, expertAction } from '../src/core/envs/alfworld/index';
import { oracleTemplate } from '../src/core/rules/templates';
import { nodeDataReader } from '../cli/lib/node-data-reader';
import { loadAlfworldSplit } from '../src/core/tasks/alfworld-scenes';
import { loadNodeModel, MODELS_DIR, type NodeModelOptions } from '../cli/lib/model-node';
import type { TransformersLanguageModel } from '../src/core/llm/transformersModel';
import type { ScoreOptions } from '../src/core/llm/types';
import type { Benchmark, BenchRow } from './types';

const DECISIONS = 20;

const bench: Benchmark = {
  name: 'model',
  async run(): Promise<BenchRow[]> {
    let peakRss = process.memoryUsage().rss;
    const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
    const loadStarted = performance.now();
    const model = await loadNodeModel();
    const loadMs = performance.now() - loadStarted;
    sample();

    // A real decision: a valid_unseen game five expert steps in, with the oracle rule in the prompt.
    const scene = (await loadAlfworldSplit('valid_unseen', nodeDataReader()))[0];
    const env = createAlfworldEnv(scene, { style: 'react' });
    let obs = env.reset();
    const history = new PromptHistory(env.task.goal, [oracleTemplate('alfworld', scene.taskType).canonical], obs.text);
    for (let i = 0; i < 5; i++) {
      const action = expertAction(env);
      obs = env.step(action);
      history.push(action, obs.text);
    }
    const prefix = history.prefixSegments();
    const candidates = history.candidateSegments(obs.admissibleActions);
    const prefixTokens = model.tokenizeSegments(prefix).length;

    /** Mean ms of one decision, after a warm-up call; the prefix runs afresh each time, as on a new step. */
    const msPerDecision = async (m: TransformersLanguageModel, options: ScoreOptions = {}): Promise<number> => {
      await m.scoreCandidates(prefix, candidates, options);
      const started = performance.now();
      for (let i = 0; i < DECISIONS; i++) {
        m.clearPrefixCache();
        await m.scoreCandidates(prefix, candidates, options);
        sample();
      }
      return (performance.now() - started) / DECISIONS;
    };
    const reuseMs = await msPerDecision(model);
    const scratchMs = await msPerDecision(model, { reusePrefix: false });
    /** The same decision on the same weights loaded another way. */
    const msWhenLoaded = async (options: NodeModelOptions): Promise<number> => {
      const other = await loadNodeModel(options);
      try {
        return await msPerDecision(other);
      } finally {
        await other.dispose();
      }
    };
    // A copy of the prefix cache per candidate row (how a standard llama export must be driven)
    // instead of one batch-1 cache shared by all rows; then one padded row per candidate on the
    // shared cache instead of one trie row.
    const tiledMs = await msWhenLoaded({ sharedPrefixCache: false });
    const paddedMs = await msWhenLoaded({ treeAttentionMask: false });

    // A whole episode, greedy, with the cross-step cache (the agent's normal path).
    model.clearPrefixCache();
    const started = performance.now();
    const t = await runEpisode(createAlfworldEnv(scene, { style: 'react' }), model, { rules: [oracleTemplate('alfworld', scene.taskType).canonical] });
    const episodeMs = performance.now() - started;
    sample();

    const dir = join(MODELS_DIR, 'jerp-tiny', 'onnx');
    const rows: BenchRow[] = [
      { metric: 'decisions/s, prefix KV reuse', value: 1000 / reuseMs, unit: '1/s', note: `${candidates.length} candidates, ${prefixTokens}-token prefix; ${(scratchMs / reuseMs).toFixed(1)}x vs from scratch` },
      { metric: 'decisions/s, every candidate from scratch', value: 1000 / scratchMs, unit: '1/s' },
      { metric: 'decisions/s, prefix cache copied per candidate row', value: 1000 / tiledMs, unit: '1/s', note: `shared batch-1 cache is ${(tiledMs / paddedMs).toFixed(1)}x faster (both one padded row per candidate)` },
      { metric: 'decisions/s, shared cache, one padded row per candidate', value: 1000 / paddedMs, unit: '1/s', note: `one trie row is ${(paddedMs / reuseMs).toFixed(2)}x faster` },
      { metric: 'ms per decision, prefix KV reuse', value: reuseMs, unit: 'ms' },
      { metric: 'ALFWorld episode (greedy, oracle rule)', value: episodeMs, unit: 'ms', note: `${t.steps.length} steps, ${t.success ? 'won' : 'lost'}, ${(episodeMs / Math.max(1, t.steps.length)).toFixed(1)} ms/step` },
      { metric: 'load time (int8, Node)', value: loadMs, unit: 'ms' },
      { metric: 'bytes on disk, model_int8.onnx', value: statSync(join(dir, 'model_int8.onnx')).size, unit: 'B' },
      { metric: 'bytes on disk, model.onnx (fp32)', value: statSync(join(dir, 'model.onnx')).size, unit: 'B' },
      { metric: 'peak RSS', value: peakRss / 2 ** 20, unit: 'MiB' },
    ];
    await model.dispose();
    return rows;
  },
};

export default bench;

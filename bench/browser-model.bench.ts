/**
 * One ALFWorld decision (every admissible command scored after the agent's prompt) on the three
 * backends, in one run: Node (onnxruntime-node CPU), Chromium WASM and Chromium WebGPU. In
 * Chromium the lab's own worker does the work (model.load, model.score through the typed protocol).
 * Here WebGPU is SwiftShader, a software adapter: its figure shows the path works, not GPU speed.
 *
 * Then whole episodes on WASM: Node plays valid_unseen games greedily and records every decision's
 * prompt and candidates; the worker scores the same decisions in order, as the agent would (each
 * prefix extends the previous one, so the cross-step cache is used). The simulator's own steps are
 * microseconds (alfworld bench) and are left out. The same episodes run once more on WASM with the
 * int8 weights dequantized on every forward (not folded at load), so that speed-up is a ratio from one run.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createAlfworldEnv, expertAction } from '../src/core/envs/alfworld';
import { runEpisode } from '../src/core/agent/episode';
import { actionSegment, headerSegment, observationSegment, productLabels } from '../src/core/agent/prompt';
import { candidateSegments } from '../src/core/agent/promptHistory';
import { configureTransformersEnv } from '../src/core/llm/transformersEnv';
import { loadTransformersModel } from '../src/core/llm/transformersModel';
import { nodeDataReader } from '../cli/lib/node-data-reader';
import { loadAlfworldSplit } from '../src/core/tasks/alfworld-scenes';
import type { Benchmark, BenchRow } from './types';
import { freePort } from './free-port';
import { launchChromium } from './served-lab';

const DECISIONS = 5;
const EPISODES = 4;

interface Decision {
  prefix: string[];
  candidates: string[];
}

/** A real decision: a valid_unseen game a few expert steps in, with its admissible commands. */
async function decision(): Promise<{ prefix: string[]; candidates: string[] }> {
  const scene = (await loadAlfworldSplit('valid_unseen', nodeDataReader()))[0];
  const env = createAlfworldEnv(scene);
  let obs = env.reset();
  const prefix = [headerSegment(env.task.goal, []), observationSegment(obs.text)];
  for (let i = 0; i < 3; i++) {
    const action = expertAction(env);
    obs = env.step(action);
    prefix.push(actionSegment(action), observationSegment(obs.text));
  }
  return { prefix, candidates: candidateSegments(obs.admissibleActions) };
}

interface ChromiumTiming {
  ms: number;
  loadMs: number;
  device: string;
  /** Whole episodes as the lab plays them (int8 weights folded at load). */
  episodeMs: number[];
  /** The same episodes with one padded row per candidate instead of one trie row. */
  episodeMsPadded?: number[];
  /** The same episodes with ONNX Runtime dequantizing the int8 weights on every forward. */
  episodeMsUnfolded?: number[];
}

async function timeInChromium(url: string, args: string[], device: 'wasm' | 'webgpu', d: Decision, episodes: Decision[][] = [], compare = false): Promise<ChromiumTiming> {
  const browser = await launchChromium(args);
  try {
    const page = await browser.newPage();
    await page.goto(url);
    return await page.evaluate(
      async ({ device, d, decisions, episodes, compare }) => {
        // No named helper functions in here: the bench runs under tsx, whose keepNames wrapping
        // (__name) does not exist in the page.
        const lab = (window as unknown as { __jerpLab: { request(kind: string, params: object): Promise<any> } }).__jerpLab;
        const loaded = await lab.request('model.load', { device });
        // First call fills caches and compiles kernels; time the steady state.
        await lab.request('model.score', { prefix: d.prefix, candidates: d.candidates });
        // Then one untimed episode: V8 runs new WebAssembly code on its baseline compiler until the
        // optimized tier is ready, so the first ~1 s of inference runs at about half speed
        // (onnxruntime-web in Node, one set of shapes played five times: 988, 482, 428, 429, 417 ms).
        // The module, and with it the tier, is shared by every later load: without this, whichever
        // configuration is timed first pays for it.
        for (const step of episodes[0] ?? []) await lab.request('model.score', step);
        const started = performance.now();
        for (let i = 0; i < decisions; i++) await lab.request('model.score', { prefix: [...d.prefix, ` step ${i}\n`], candidates: d.candidates });
        const ms = (performance.now() - started) / decisions;
        // Whole episodes as the lab plays them, then (compare) with padded candidate rows, and with the int8 weights not folded at load.
        const loads: object[] = compare ? [{}, { device, treeAttentionMask: false }, { device, foldWeightDequantization: false }] : [{}];
        const episodeMsByLoad: number[][] = [];
        for (const [n, load] of loads.entries()) {
          if (n > 0) await lab.request('model.load', load);
          const msPerEpisode: number[] = [];
          for (const episode of episodes) {
            const t = performance.now();
            for (const step of episode) await lab.request('model.score', step);
            msPerEpisode.push(performance.now() - t);
          }
          episodeMsByLoad.push(msPerEpisode);
        }
        const [episodeMs, episodeMsPadded, episodeMsUnfolded] = episodeMsByLoad;
        return { ms, episodeMs, episodeMsPadded, episodeMsUnfolded, loadMs: loaded.loadMs as number, device: loaded.device as string };
      },
      { device, d, decisions: DECISIONS, episodes, compare },
    );
  } finally {
    await browser.close();
  }
}

const bench: Benchmark = {
  name: 'model-backends',
  async run(): Promise<BenchRow[]> {
    const root = resolve('.');
    if (!existsSync('public/models/jerp-tiny/config.json')) throw new Error('the embedded model is missing (npm run model:build)');
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
    const d = await decision();

    configureTransformersEnv({ localModelPath: `${root}/public/models/` });
    const node = await loadTransformersModel({ modelId: 'jerp-tiny', device: 'cpu' });
    await node.scoreCandidates(d.prefix, d.candidates);
    const started = performance.now();
    for (let i = 0; i < DECISIONS; i++) await node.scoreCandidates([...d.prefix, ` step ${i}\n`], d.candidates);
    const nodeMs = (performance.now() - started) / DECISIONS;
    // Whole episodes: Node plays them (and is timed), recording each decision for the browser.
    const episodes: Decision[][] = [];
    const nodeEpisodeMs: number[] = [];
    for (const scene of (await loadAlfworldSplit('valid_unseen', nodeDataReader())).slice(0, EPISODES)) {
      node.clearPrefixCache();
      const t = performance.now();
      const trajectory = await runEpisode(createAlfworldEnv(scene, { style: 'react' }), node);
      nodeEpisodeMs.push(performance.now() - t);
      episodes.push(trajectory.steps.map((s) => ({ prefix: s.prefix, candidates: candidateSegments(s.actions, productLabels(s.observation)) })));
    }
    await node.dispose();
    const steps = episodes.reduce((n, e) => n + e.length, 0);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

    const port = await freePort();
    const server = spawn('node', ['scripts/serve.mjs', '--port', String(port)], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 800));
      const url = `http://127.0.0.1:${port}/`;
      const wasm = await timeInChromium(url, [], 'wasm', d, episodes, true);
      const webgpu = await timeInChromium(url, ['--enable-unsafe-webgpu'], 'webgpu', d);
      return [
        { metric: `one ALFWorld decision (${d.candidates.length} candidates), Node CPU`, value: nodeMs, unit: 'ms' },
        { metric: 'one ALFWorld decision, Chromium WASM', value: wasm.ms, unit: 'ms', note: `${(wasm.ms / nodeMs).toFixed(1)}x Node; load ${wasm.loadMs.toFixed(0)} ms` },
        {
          metric: `one ALFWorld decision, Chromium WebGPU (${webgpu.device === 'webgpu' ? 'SwiftShader' : 'fell back to ' + webgpu.device})`,
          value: webgpu.ms,
          unit: 'ms',
          note: `${(webgpu.ms / wasm.ms).toFixed(1)}x WASM (software adapter); load ${webgpu.loadMs.toFixed(0)} ms`,
        },
        {
          metric: `whole ALFWorld episode, Chromium WASM (mean of ${episodes.length} valid_unseen games, greedy)`,
          value: mean(wasm.episodeMs),
          unit: 'ms',
          note: `${(steps / episodes.length).toFixed(1)} steps per episode, ${(wasm.episodeMs.reduce((a, b) => a + b, 0) / steps).toFixed(1)} ms/step; longest ${Math.max(...wasm.episodeMs).toFixed(0)} ms`,
        },
        {
          metric: 'whole ALFWorld episode, Chromium WASM, one padded row per candidate (not one trie row)',
          value: mean(wasm.episodeMsPadded!),
          unit: 'ms',
          note: `the trie row is ${(mean(wasm.episodeMsPadded!) / mean(wasm.episodeMs)).toFixed(2)}x faster`,
        },
        {
          metric: 'whole ALFWorld episode, Chromium WASM, int8 dequantized on every forward (not folded at load)',
          value: mean(wasm.episodeMsUnfolded!),
          unit: 'ms',
          note: `folding at load is ${(mean(wasm.episodeMsUnfolded!) / mean(wasm.episodeMs)).toFixed(2)}x faster`,
        },
        { metric: 'whole ALFWorld episode, Node CPU (same games)', value: mean(nodeEpisodeMs), unit: 'ms' },
      ];
    } finally {
      server.kill();
    }
  },
};

export default bench;

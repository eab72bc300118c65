/**
 * The policy learner on the embedded model and real ALFWorld decisions: feature memory (hidden
 * states only versus logits), the base policy reproduced exactly at start, rollout and training
 * scores agreeing once the adapter moves, one update raising the advantaged action, and the
 * objective's speed per 1,000 positions.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PromptHistory } from '../../agent/promptHistory';
import { createAlfworldEnv, expertPlan, parseSceneFile } from '../../envs/alfworld/index';
import { readOutputTable, type OutputTable } from '../../llm/output-table';
import { configureTransformersEnv } from '../../llm/transformersEnv';
import { loadTransformersModel, type TransformersLanguageModel } from '../../llm/transformersModel';
import type { CandidateScore } from '../../llm/types';
import { createRng } from '../../util/rng';
import { Adam } from './adam';
import { LogitBiasHead } from './bias-head';
import { buildStepFeatures, candidateScoreBytes, featureBytes, type StepFeatures } from './features';
import { LoraHead } from './lora-head';
import { logSoftmax, type ObjectiveConfig, policyObjective, type PolicySample } from './objective';
import { normal } from './test-fixtures';

const PUBLIC = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../public');
const MODELS = join(PUBLIC, 'models');
const CONFIG: ObjectiveConfig = { temperature: 1, clip: 0.2, klCoef: 0.02, internalizeCoef: 0.5 };

describe('policy learner on the embedded model and real ALFWorld decisions', () => {
  let model: TransformersLanguageModel;
  let table: OutputTable;
  const decisions: CandidateScore[][] = [];

  beforeAll(async () => {
    configureTransformersEnv({ localModelPath: `${MODELS}/` });
    model = await loadTransformersModel({ modelId: 'jerp-tiny', device: 'cpu' });
    table = readOutputTable(readFileSync(join(MODELS, 'jerp-tiny/onnx/model_int8.onnx')));
    // Decisions along the expert's path through a real valid_unseen game (clean & place: many actions).
    const path = join(PUBLIC, 'data/alfworld/valid_unseen.json');
    const scenes = parseSceneFile(JSON.parse(readFileSync(path, 'utf8')), path);
    const scene = scenes.find((s) => s.id.includes('pick_clean_then_place')) ?? scenes[0];
    const plan = expertPlan(scene);
    const env = createAlfworldEnv(scene);
    let obs = env.reset();
    const history = new PromptHistory(env.task.goal, [], obs.text);
    for (let t = 0; t < Math.min(6, plan.length); t++) {
      decisions.push(await model.scoreCandidates(history.prefixSegments(), history.candidateSegments(obs.admissibleActions), { withHidden: true, withLogits: true }));
      obs = env.step(plan[t]);
      history.push(plan[t], obs.text);
    }
  });
  afterAll(async () => {
    await model?.dispose();
  });

  it('keeps a step in ~1/10 of the memory with hidden states only', () => {
    let hiddenBytes = 0;
    let logitBytes = 0;
    let rawBytes = 0;
    let positions = 0;
    let tokens = 0;
    for (const scores of decisions) {
      const f = buildStepFeatures(scores);
      hiddenBytes += featureBytes(f);
      logitBytes += featureBytes(buildStepFeatures(scores, { keep: 'logits' }));
      rawBytes += candidateScoreBytes(scores);
      positions += f.positions;
      tokens += scores.reduce((n, s) => n + s.tokenIds.length, 0);
    }
    const n = decisions.length;
    console.log(
      `features over ${n} real decisions: ${(decisions.reduce((a, d) => a + d.length, 0) / n).toFixed(1)} candidates, ${(tokens / n).toFixed(1)} candidate tokens, ${(positions / n).toFixed(1)} distinct positions per step; ` +
        `bytes/step hidden-only ${(hiddenBytes / n / 1024).toFixed(1)} KiB, logits ${(logitBytes / n / 1024).toFixed(1)} KiB (×${(logitBytes / hiddenBytes).toFixed(1)}), ` +
        `raw CandidateScore hidden+logits ${(rawBytes / n / 1024).toFixed(1)} KiB (×${(rawBytes / hiddenBytes).toFixed(1)})`,
    );
    expect(logitBytes / hiddenBytes).toBeGreaterThan(8);
  });

  it('is the base policy exactly at start, and rollout and training scores agree once B moves', () => {
    const head = new LoraHead({ vocab: table.vocab, hidden: table.hidden, rng: createRng('real') });
    const rng = createRng('real-B');
    let worst = 0;
    for (const scores of decisions) {
      const f = buildStepFeatures(scores);
      head.params.B.fill(0);
      head.adaptedCandidateScores(scores).forEach((a, i) => expect(Object.is(a, scores[i].logProb)).toBe(true));
      expect(head.scoreStep(f, table).scores).toEqual(f.baseScores);
      head.params.B.forEach((_, i, B) => (B[i] = 0.3 * normal(rng)));
      const rollout = head.adaptedCandidateScores(scores);
      const training = head.scoreStep(f, table).scores;
      rollout.forEach((r, i) => {
        worst = Math.max(worst, Math.abs(r - training[i]));
        expect(Math.abs(r - scores[i].logProb)).toBeGreaterThan(0); // the adapter does change scores
      });
    }
    console.log(`rollout (model logits) vs training (W·h) adapted scores: max difference ${worst.toExponential(2)} nats`);
    expect(worst).toBeLessThan(1e-3);
  });

  it('one Adam step on a positive advantage raises the chosen action', () => {
    const head = new LoraHead({ vocab: table.vocab, hidden: table.hidden, rng: createRng('step') });
    const adam = new Adam(head.params, { lr: 1e-2 });
    const scores = decisions[0];
    const f = buildStepFeatures(scores);
    const probs = logSoftmax(f.baseScores).map(Math.exp);
    const chosen = probs.indexOf(Math.min(...probs));
    const sample: PolicySample = { features: f, chosen, oldProbs: probs, refLogProbs: logSoftmax(f.baseScores), advantage: 1, kind: 'pg' };
    const before = policyObjective(head, [sample], CONFIG, table);
    expect(before.stats.ratioMean).toBeCloseTo(1, 12);
    adam.step(before.grads);
    const after = head.adaptedCandidateScores(scores);
    const pAfter = logSoftmax(after).map(Math.exp);
    expect(pAfter[chosen]).toBeGreaterThan(probs[chosen]);
  });

  it('reports the objective speed per 1,000 positions', () => {
    const rng = createRng('speed');
    const lora = new LoraHead({ vocab: table.vocab, hidden: table.hidden, rng });
    lora.params.B.forEach((_, i, B) => (B[i] = 0.01 * normal(rng)));
    const bias = new LogitBiasHead(table.vocab, Float32Array.from({ length: table.vocab }, () => 0.01 * normal(rng)));
    const make = (features: StepFeatures[], kind: 'pg' | 'internalize'): PolicySample[] =>
      features.map((f, i) => {
        const probs = logSoftmax(f.baseScores).map(Math.exp);
        return { features: f, chosen: i % f.candidates.length, oldProbs: probs, refLogProbs: logSoftmax(f.baseScores), advantage: i % 2 ? 1 : -1, kind };
      });
    const hiddenFeatures = decisions.map((d) => buildStepFeatures(d));
    const logitFeatures = decisions.map((d) => buildStepFeatures(d, { keep: 'logits' }));
    const repeat = <T>(xs: T[], times: number) => Array.from({ length: times }, () => xs).flat();
    for (const [name, head, features] of [
      ['LoRA r=8 (W·h recomputed)', lora, hiddenFeatures],
      ['logit bias (stored logits)', bias, logitFeatures],
    ] as const) {
      const samples = repeat([...make(features, 'pg'), ...make(features.slice(0, 2), 'internalize')], 4);
      policyObjective(head, samples.slice(0, 4), CONFIG, table); // warm up the JIT
      // Best of three: the machine may be shared, and the fastest run is the code's own cost.
      let ms = Infinity;
      let r = policyObjective(head, samples.slice(0, 1), CONFIG, table);
      for (let run = 0; run < 3; run++) {
        const t0 = performance.now();
        r = policyObjective(head, samples, CONFIG, table);
        ms = Math.min(ms, performance.now() - t0);
      }
      console.log(`objective + gradient, ${name}: ${r.stats.positions} positions in ${ms.toFixed(0)} ms = ${((ms / r.stats.positions) * 1000).toFixed(0)} ms per 1,000 positions (best of 3)`);
      expect(Number.isFinite(r.loss)).toBe(true);
    }
  });
});

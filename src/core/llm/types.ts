/**
 * The one interface the agent, the learner, the CLI and the worker use to talk to a causal LM.
 * Implementations: transformersModel.ts (@huggingface/transformers; Node, browser worker on WASM/WebGPU).
 */

/** What `model info` prints and the UI shows. */
export interface ModelInfo {
  /** Local folder name (e.g. "jerp-tiny") or hub id. */
  id: string;
  params: number;
  /** Bytes of the ONNX file(s) actually loaded. */
  bytes: number;
  /** ONNX weight dtype loaded: "int8" (the embedded default), "fp32", "q4", ... */
  dtype: string;
  hiddenSize: number;
  vocabSize: number;
  contextLength: number;
  /** Where inference runs: "cpu" (Node), "wasm", "webgpu". */
  device: string;
  /** False for hub models whose ONNX has no `last_hidden_state` output: the policy adapter then trains a bias on the logits only. */
  hasHiddenState: boolean;
}

export interface ScoreOptions {
  /** Also return the final hidden state that predicts each candidate token (the policy adapter's input). */
  withHidden?: boolean;
  /** Also return the raw logits that predict each candidate token (the adapter needs them for its softmax). */
  withLogits?: boolean;
  /**
   * true (default): run the prefix once (extending a cached earlier prefix when it is a prefix of this
   * one) and score every candidate on its KV cache. false: rescore prefix+candidate from scratch for
   * each candidate; only benchmarks and equivalence tests want this.
   */
  reusePrefix?: boolean;
}

export interface CandidateScore {
  /** Sum of the candidate tokens' log-probabilities given the prefix: the policy's score. */
  logProb: number;
  tokenIds: number[];
  tokenLogProbs: number[];
  /**
   * hidden[i] is the final hidden state (hiddenSize floats) at the position that predicts tokenIds[i].
   * Read-only: rows are views into the forward's output, shared by the candidates predicted at the
   * same position (copy a row to keep it apart from the rest).
   */
  hidden?: Float32Array[];
  /** logits[i] are the raw logits (vocabSize floats) that predict tokenIds[i]. Read-only views, as `hidden`. */
  logits?: Float32Array[];
}

export interface GenerateOptions {
  maxNewTokens?: number;
  /** Generation stops once the text contains this string (it is not returned). Default "\n". */
  stop?: string;
  /** 0 (default) = greedy. */
  temperature?: number;
  /** Uniform [0,1) source for sampling; required when temperature > 0 (keeps runs seeded). */
  random?: () => number;
}

export interface LanguageModel {
  readonly info: ModelInfo;
  /**
   * Token ids of a prompt given as segments, each tokenized on its own and concatenated
   * (exactly how the embedded model was trained; see src/core/agent/prompt.ts).
   */
  tokenizeSegments(segments: readonly string[]): number[];
  /** Scores each candidate continuation after the shared prefix (given as segments). */
  scoreCandidates(prefix: readonly string[], candidates: readonly string[], options?: ScoreOptions): Promise<CandidateScore[]>;
  /** Continues the prefix (for WebShop search queries and the `llm` reflector). */
  generate(prefix: readonly string[], options?: GenerateOptions): Promise<string>;
  /**
   * Forgets cached prefixes. A learner calls it at each iteration's start: a score computed on a
   * cached prefix can differ from a fresh one in the last float bits, so a run resumed from a
   * checkpoint (empty cache) reproduces an uninterrupted one only if every iteration starts empty.
   */
  clearPrefixCache?(): void;
  dispose(): Promise<void>;
}

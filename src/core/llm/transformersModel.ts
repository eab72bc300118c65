/**
 * LanguageModel on @huggingface/transformers (ONNX Runtime): Node (onnxruntime-node), and a browser
 * worker on WASM or WebGPU (onnxruntime-web). Call configureTransformersEnv first.
 *
 * Scoring: the prefix runs once; if an earlier prefix (kept in a small cache) is a token-prefix of
 * this one, only the new tokens run (cross-step reuse). Candidates then run as one batch on the
 * prefix's KV cache: one batch-1 cache shared by every row when the graph supports it (the embedded
 * model, config `jerp.sharedPrefixCache`), else a copy per row (any standard export). The first
 * candidate token is scored from the prefix's last logits, so only tokens 1..n-1 of each candidate
 * are fed. When the graph reads a tree attention mask (config `jerp.treeAttentionMask`), those
 * tokens go in as one depth-first trie row (candidateTrie.ts), each shared prefix fed once, and in
 * the same run as the step's new prefix tokens: one ONNX Runtime run per decision.
 */
import { AutoModelForCausalLM, AutoTokenizer, Tensor, type PreTrainedModel, type PreTrainedTokenizer } from '@huggingface/transformers';
import {
  HubUnreachableError,
  ModelCorruptError,
  ModelFilesMissingError,
  ModelLoadError,
  ModelShapeError,
  UnknownHubModelError,
} from './errors';
import { buildCandidateTrie, type CandidateTrie, treeAttentionMask } from './candidateTrie';
import { assertFitsContext } from './context';
import { type KvCache, KvBufferPool, appendToCache, cacheFromOutputs, cacheLength, tensorData, tiledFeeds, truncateCache } from './kvCache';
import { argmax, logSumExp, sampleIndex } from './logits';
import { SegmentTokenizer } from './tokenCache';
import type { CandidateScore, GenerateOptions, LanguageModel, ModelInfo, ScoreOptions } from './types';

export type Device = 'cpu' | 'wasm' | 'webgpu';

export interface LoadModelOptions {
  /** Folder name under the local model path ("jerp-tiny") or a hub id. */
  modelId: string;
  device?: Device;
  /** Weight dtype; default: the model's config (`transformers.js_config.dtype`), else fp32. */
  dtype?: string;
  /** Per-file download/load progress, forwarded unchanged (transformers.js ProgressInfo). */
  progress?: (info: unknown) => void;
  /** Bytes of the model file, when the caller can measure it (Node: fs.stat). */
  bytes?: number;
  /** Whether the id names a hub model (changes which error a missing file becomes). */
  remote?: boolean;
  /** Candidates per batched forward of padded rows; bounds memory (without a shared cache each row carries a copy of it). A trie row holds every candidate. */
  candidateBatch?: number;
  /** ONNX Runtime intra-op threads (Node); 1 lets several evaluations share a small machine. */
  threads?: number;
  /**
   * Score candidates on one batch-1 prefix cache (default: when the model's config says its graph
   * supports it, `jerp.sharedPrefixCache`). false forces the standard path, a copy of the cache per
   * candidate row: equivalence tests and the benchmark compare the two.
   */
  sharedPrefixCache?: boolean;
  /**
   * Feed a decision's candidates as one trie row with a tree attention mask (default: when the
   * model's config says its graph reads one, `jerp.treeAttentionMask`; needs the shared prefix
   * cache). false pads one row per candidate: equivalence tests and the benchmark compare the two.
   */
  treeAttentionMask?: boolean;
  /**
   * Fold the dequantization of weight-only quantized weights into float weights once, when the
   * session is created (default: for local models, which are the lab's own weight-only int8 builds).
   * ONNX Runtime otherwise keeps every DequantizeLinear of a constant weight in the graph, to preserve
   * QDQ patterns for quantized kernels that a weight-only graph never uses, and re-runs all of them
   * on every forward: on WASM that was ~5 ms of a 7 ms eight-token forward. The file on disk (and the
   * download) stays int8. On WASM the scores are bit-identical; onnxruntime-node, which unfolded runs
   * its own int8 kernel, moves up to 0.1 nats, to what the browser computes (and nearer torch).
   */
  foldWeightDequantization?: boolean;
  /**
   * Fetch the graph's agent outputs (default: when the shared session has them,
   * scripts/model/agent_outputs.py): a step's cache grows from `new_key_values.*`, not from
   * `present.*`, which carries the whole past back out, and a decision reads `tail_logits` /
   * `tail_hidden_state`, the rows that predict a token, not a row per new prefix token. false
   * fetches `present.*`, `logits` and `last_hidden_state`: the equivalence test compares the two.
   */
  agentOutputs?: boolean;
}

/**
 * ONNX Runtime session options for a load: thread counts, and `session.disable_quant_qdq`, which
 * lets constant folding evaluate DequantizeLinear nodes whose inputs are all initializers.
 */
function sessionOptionsFor(options: Pick<LoadModelOptions, 'threads' | 'remote' | 'foldWeightDequantization'>): Record<string, unknown> {
  const fold = options.foldWeightDequantization ?? !options.remote;
  return {
    ...(options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {}),
    ...(fold ? { extra: { session: { disable_quant_qdq: '1' } } } : {}),
  };
}

interface PrefixState {
  ids: number[];
  cache: KvCache;
  lastLogits: Float32Array;
  /** logSumExp(lastLogits): every candidate's first token is normalized by it. */
  lastLogZ: number;
  lastHidden?: Float32Array;
}

/** The logits (and hidden state) that predict one candidate token, with their log-normalizer when already known. */
interface PredictingRow {
  logits: Float32Array;
  hidden?: Float32Array;
  logZ?: number;
}

interface ForwardResult {
  /** Rows from position `firstRow` of the call on (all of them unless the tail outputs were fetched). */
  logits: Float32Array;
  hidden?: Float32Array;
  /** The call position of the first row of `logits`/`hidden`; 0 unless they are the graph's tail outputs (batch 1). */
  firstRow: number;
  cache: KvCache;
  seqLen: number;
}

/** The ONNX Runtime session under a transformers.js model (the parts used here). */
interface OrtSession {
  inputNames: string[];
  outputNames: string[];
  /** Resolves to ONNX Runtime tensors (wrap them in transformers.js's Tensor to read them). */
  run(feeds: Record<string, unknown>, fetches?: string[]): Promise<Record<string, Tensor['ort_tensor']>>;
}

const PREFIX_CACHE_SIZE = 4;

function int64(rows: number[][]): Tensor {
  const width = rows[0]?.length ?? 0;
  const data = new BigInt64Array(rows.length * width);
  rows.forEach((row, r) => row.forEach((v, c) => (data[r * width + c] = BigInt(v))));
  return new Tensor('int64', data, [rows.length, width]);
}

/** input_ids, attention_mask and position_ids for right-padded rows that continue a past of pastLength tokens. */
function tokenFeeds(rows: number[][], pastLength: number): Record<'input_ids' | 'attention_mask' | 'position_ids', Tensor> {
  const width = rows[0].length;
  return {
    input_ids: int64(rows),
    attention_mask: int64(rows.map(() => new Array<number>(pastLength + width).fill(1))),
    position_ids: int64(rows.map(() => Array.from({ length: width }, (_, c) => pastLength + c))),
  };
}

/** tokenFeeds as ONNX Runtime tensors, for a run straight on the session. */
function sessionTokenFeeds(rows: number[][], pastLength: number): Record<string, unknown> {
  return Object.fromEntries(Object.entries(tokenFeeds(rows, pastLength)).map(([name, t]) => [name, t.ort_tensor]));
}

function isPrefix(short: readonly number[], long: readonly number[]): boolean {
  if (short.length > long.length) return false;
  for (let i = 0; i < short.length; i++) if (short[i] !== long[i]) return false;
  return true;
}

function classifyLoadError(error: unknown, options: LoadModelOptions): ModelLoadError {
  const err = error as Error;
  const message = err?.message ?? String(error);
  const where = options.remote ? `hub model "${options.modelId}"` : `local model "${options.modelId}"`;
  // A missing tokenizer_config/config surfaces as an undefined config being read.
  if (err?.name === 'ModelFileNotFoundError' || /could not locate|not found|ENOENT|404|reading 'tokenizer_class'|reading 'model_type'/i.test(message)) {
    return options.remote
      ? new UnknownHubModelError(`${where}: not found on the hub (${message}). Check the id, or pick the embedded model.`, { cause: error })
      : new ModelFilesMissingError(`${where}: a file is missing (${message}). Rebuild it with \`npm run model:build\` or check the model path.`, { cause: error });
  }
  if (/fetch failed|ENOTFOUND|ECONNREFUSED|NetworkError|Failed to fetch|EAI_AGAIN/i.test(message)) {
    return new HubUnreachableError(`${where}: the hub cannot be reached (${message}). Use the embedded model offline.`, { cause: error });
  }
  if (/protobuf|JSON|Unexpected token|invalid model|Load model|unexpected end|corrupt/i.test(message)) {
    return new ModelCorruptError(`${where}: a model file is corrupt (${message}). Rebuild or re-download it.`, { cause: error });
  }
  return new ModelLoadError(`${where}: could not load (${message})`, { cause: error });
}

export class TransformersLanguageModel implements LanguageModel {
  private readonly prefixes: PrefixState[] = [];
  /** The truncated caches' buffers: a prefix forgotten gives its cache back (remember, clearPrefixCache). */
  private readonly kvBuffers = new KvBufferPool();
  private readonly segmentTokenizer: SegmentTokenizer;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly model: PreTrainedModel,
    private readonly tokenizer: PreTrainedTokenizer,
    readonly info: ModelInfo,
    private readonly candidateBatch: number,
    /** Set when the graph takes a batch-1 past for a batch of candidates (config `jerp.sharedPrefixCache`). */
    private readonly sharedSession?: OrtSession,
    /** The shared session also reads a tree attention mask (config `jerp.treeAttentionMask`). */
    private readonly treeMask = false,
    /** Positions the model has (config `max_position_embeddings`; 0 when unknown): longer decisions are refused before they run. */
    private readonly positions = 0,
    /** The shared session has the agent outputs (`new_key_values.*`, `tail_*`: scripts/model/agent_outputs.py) and they are used. */
    private readonly agentOutputs = false,
    /** The shared session's past inputs with no position yet ([1, heads, 0, headDim]): a prefix with nothing cached runs on it. */
    private readonly emptyPast: KvCache = [],
  ) {
    this.segmentTokenizer = new SegmentTokenizer((text) => this.tokenizer.encode(text, { add_special_tokens: false }));
  }

  static async load(options: LoadModelOptions): Promise<TransformersLanguageModel> {
    const device = options.device ?? 'cpu';
    // File sizes seen in progress events: the ONNX bytes when the caller cannot stat files (browser).
    const sizes = new Map<string, number>();
    const progress = (info: unknown): void => {
      const p = info as { file?: string; total?: number };
      if (p.file && typeof p.total === 'number' && p.total > 0) sizes.set(p.file, p.total);
      options.progress?.(info);
    };
    let tokenizer: PreTrainedTokenizer;
    let model: PreTrainedModel;
    try {
      tokenizer = await AutoTokenizer.from_pretrained(options.modelId, { progress_callback: progress });
      model = await AutoModelForCausalLM.from_pretrained(options.modelId, {
        device,
        ...(options.dtype ? { dtype: options.dtype as 'fp32' } : {}),
        session_options: sessionOptionsFor(options),
        progress_callback: progress,
      });
    } catch (error) {
      throw classifyLoadError(error, options);
    }
    const config = model.config as unknown as Record<string, unknown> & {
      jerp?: { params?: number; contextLength?: number; sharedPrefixCache?: boolean; treeAttentionMask?: boolean };
    };
    const session = (model as unknown as { sessions: Record<string, OrtSession> }).sessions.model;
    if (!session?.outputNames.includes('logits')) throw new ModelShapeError(`model "${options.modelId}" has no logits output`);
    const dtype =
      options.dtype ?? ((config['transformers.js_config'] as { dtype?: string } | undefined)?.dtype ?? 'fp32');
    const hiddenSize = Number(config.hidden_size ?? 0);
    const info: ModelInfo = {
      id: options.modelId,
      params: config.jerp?.params ?? 0,
      bytes: options.bytes ?? [...sizes].filter(([f]) => f.endsWith('.onnx') || f.includes('.onnx_data')).reduce((sum, [, n]) => sum + n, 0),
      dtype,
      hiddenSize,
      vocabSize: Number(config.vocab_size ?? 0),
      contextLength: config.jerp?.contextLength ?? Number(config.max_position_embeddings ?? 0),
      device,
      hasHiddenState: session.outputNames.includes('last_hidden_state'),
    };
    // Only a graph built for it broadcasts a batch-1 cache (a standard llama export concatenates past and new keys).
    const sharedSession = (options.sharedPrefixCache ?? config.jerp?.sharedPrefixCache === true) ? session : undefined;
    // A standard graph reads mask values above 1 as 1: feeding it a trie would score garbage, so only on the config's word.
    const treeMask = sharedSession !== undefined && config.jerp?.treeAttentionMask === true && options.treeAttentionMask !== false;
    const positions = Number(config.max_position_embeddings ?? 0);
    const agentOutputs = sharedSession !== undefined && ['new_key_values.0.key', 'tail_logits', 'tail_hidden_state'].every((n) => session.outputNames.includes(n)) && options.agentOutputs !== false;
    const heads = Number(config.num_key_value_heads ?? config.num_attention_heads ?? 0);
    const headDim = Number(config.head_dim ?? hiddenSize / Number(config.num_attention_heads ?? 1));
    const emptyPast: KvCache = session.inputNames
      .filter((name) => name.startsWith('past_key_values.'))
      .map((name) => ({ name, dims: [1, heads, 0, headDim], data: new Float32Array(0) }));
    return new TransformersLanguageModel(model, tokenizer, info, options.candidateBatch ?? 64, sharedSession, treeMask, positions, agentOutputs, emptyPast);
  }

  /** Forgets cached prefixes (benchmarks time the prefix with each decision; frees memory between tasks). */
  clearPrefixCache(): void {
    // Safe even during a call: a buffer is taken again only by a later truncation, after the runs that read it.
    for (const p of this.prefixes) this.kvBuffers.release(p.cache);
    this.prefixes.length = 0;
  }

  tokenizeSegments(segments: readonly string[]): number[] {
    return this.segmentTokenizer.segments(segments);
  }

  decode(ids: readonly number[]): string {
    return this.tokenizer.decode([...ids], { skip_special_tokens: true });
  }

  /** Inference calls are serialized: ONNX Runtime sessions are not re-entrant on every backend. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * One forward over right-padded rows. The mask can be all ones: padding only ever sits after a
   * row's real tokens, so causal attention keeps real positions from seeing it, and the outputs at
   * padded positions (and the batch's cache) are thrown away.
   */
  private async forward(rows: number[][], pastLength: number, past: KvCache | undefined): Promise<ForwardResult> {
    const feeds: Record<string, unknown> = tokenFeeds(rows, pastLength);
    if (past && past.length > 0) feeds.past_key_values = tiledFeeds(past, rows.length);
    const outputs = await (this.model as unknown as { forward(i: unknown): Promise<Record<string, Tensor>> }).forward(feeds);
    if (!outputs.logits) throw new ModelShapeError(`model "${this.info.id}" returned no logits`);
    const logits = await tensorData(outputs.logits);
    const hidden = outputs.last_hidden_state ? await tensorData(outputs.last_hidden_state) : undefined;
    return { logits, hidden, firstRow: 0, cache: await cacheFromOutputs(outputs), seqLen: rows[0].length };
  }

  /**
   * Candidate rows on a shared batch-1 prefix cache, straight on the ONNX session: no per-row copy of
   * the cache goes in, and the graph's present outputs keep the past's batch (row 0 only, unused
   * here, never fetched), so neither side builds a per-row copy. Building and concatenating those
   * copies was most of a decision's cost (bench/model.bench.ts measures both paths). The session is
   * called directly because transformers.js's forward() always returns every output.
   */
  private forwardShared(session: OrtSession, rows: number[][], pastLength: number, past: KvCache, withHidden: boolean): Promise<ForwardResult> {
    return this.runOnSharedCache(session, sessionTokenFeeds(rows, pastLength), past, withHidden, rows[0].length, 0, -1);
  }

  /**
   * One run of the session on a batch-1 past with the given token feeds: logits (and the hidden
   * state when asked), and, when `keepNew` > 0, the cache of the past and the run's first `keepNew`
   * new positions, on pooled buffers (when 0 no cache output is fetched; the result's cache is empty).
   * `tailStart` >= 0 says the call is one row whose tree nodes follow its plain tokens and that only
   * rows from `tailStart` on are read: with the agent outputs only those come back (`tail_*`, the
   * graph computes the same start from the mask). With them, the `new_key_values.*` outputs carry
   * the new positions alone: fetching `present.*` downloads the whole past back on every decision.
   */
  private async runOnSharedCache(session: OrtSession, tokens: Record<string, unknown>, past: KvCache, withHidden: boolean, seqLen: number, keepNew: number, tailStart: number): Promise<ForwardResult> {
    const feeds: Record<string, unknown> = { ...tokens };
    for (const entry of past) feeds[entry.name] = new Tensor('float32', entry.data, entry.dims).ort_tensor;
    const cacheOutput = this.agentOutputs ? 'new_key_values.' : 'present.';
    const cacheNames = keepNew > 0 ? session.outputNames.filter((n) => n.startsWith(cacheOutput)) : [];
    const tail = this.agentOutputs && tailStart >= 0;
    const [logitsName, hiddenName] = tail ? ['tail_logits', 'tail_hidden_state'] : ['logits', 'last_hidden_state'];
    const outputs = await session.run(feeds, [...(withHidden ? [logitsName, hiddenName] : [logitsName]), ...cacheNames]);
    const fetched = await cacheFromOutputs(Object.fromEntries(cacheNames.map((name) => [name, new Tensor(outputs[name])])), cacheOutput);
    const take = (floats: number) => this.kvBuffers.take(floats);
    let cache: KvCache = [];
    if (keepNew > 0) cache = this.agentOutputs ? appendToCache(past, fetched, keepNew, take) : truncateCache(fetched, cacheLength(past) + keepNew, take);
    return {
      logits: await tensorData(new Tensor(outputs[logitsName])),
      hidden: withHidden ? await tensorData(new Tensor(outputs[hiddenName])) : undefined,
      firstRow: tail ? tailStart : 0,
      cache,
      seqLen,
    };
  }

  /**
   * Candidates on a shared batch-1 prefix cache as one trie row: input_ids are the trie's nodes
   * depth-first, each at position pastLength + depth, and the attention mask bounds each node's
   * key to its own subtree (candidateTrie.ts), so every node attends to the prefix, its ancestors and
   * itself: what its token sees in a padded row of its own.
   *
   * `fresh`, when given, are prefix tokens not in the past yet: they go first in the same row, as
   * ordinary causal tokens, so a step extends the prefix and scores its candidates in one run (each
   * ONNX Runtime run has a fixed cost). The result's cache is then the past plus `fresh` (the
   * candidates' keys left out), and position i < fresh.length of the output is fresh token i; node j
   * is position fresh.length + j.
   */
  private async forwardTrie(session: OrtSession, trie: CandidateTrie, pastLength: number, past: KvCache, withHidden: boolean, fresh: number[] = []): Promise<ForwardResult> {
    const row = (values: number[]) => int64([values]).ort_tensor;
    const nodesAt = pastLength + fresh.length;
    const tokens = {
      input_ids: row([...fresh, ...trie.tokens]),
      attention_mask: row(treeAttentionMask(trie, nodesAt)),
      position_ids: row([...fresh.map((_, i) => pastLength + i), ...trie.depth.map((d) => nodesAt + d)]),
    };
    // The rows read: the last fresh token's (it predicts every candidate's first token) and the nodes'.
    return this.runOnSharedCache(session, tokens, past, withHidden, fresh.length + trie.tokens.length, fresh.length, Math.max(0, fresh.length - 1));
  }

  /** The longest cached prefix of ids (perhaps all of it), if any. */
  private cachedBase(ids: number[]): PrefixState | undefined {
    let base: PrefixState | undefined;
    for (const p of this.prefixes) if (isPrefix(p.ids, ids) && (!base || p.ids.length > base.ids.length)) base = p;
    return base;
  }

  /** The prefix's KV cache and last logits, extending the longest cached prefix of it when there is one. */
  private async prefixState(ids: number[]): Promise<PrefixState> {
    if (ids.length === 0) throw new Error('scoreCandidates: the prefix is empty');
    const base = this.cachedBase(ids);
    if (base && base.ids.length === ids.length) return this.remember(base);
    const fresh = ids.slice(base?.ids.length ?? 0);
    const out = this.agentOutputs
      ? await this.forwardPrefixShared(this.sharedSession!, fresh, base)
      : await this.forward([fresh], base?.ids.length ?? 0, base?.cache);
    return this.rememberPrefix(ids, out, fresh.length - 1);
  }

  /**
   * A prefix's new tokens straight on the session, fetching only the outputs a prefix state keeps
   * (transformers.js's forward() fetches every output, `present.*` and `new_key_values.*` both).
   */
  private forwardPrefixShared(session: OrtSession, fresh: number[], base: PrefixState | undefined): Promise<ForwardResult> {
    const pastLength = base?.ids.length ?? 0;
    return this.runOnSharedCache(session, sessionTokenFeeds([fresh], pastLength), base?.cache ?? this.emptyPast, this.info.hasHiddenState, fresh.length, fresh.length, fresh.length - 1);
  }

  /** Remembers `ids` as a cached prefix: `out`'s cache, and its outputs at position `last` (the prefix's last token). */
  private rememberPrefix(ids: number[], out: ForwardResult, last: number): PrefixState {
    const at = this.positionOf(out, last);
    return this.remember({ ids, cache: out.cache, lastLogits: at.logits.slice(), lastLogZ: logSumExp(at.logits), lastHidden: at.hidden?.slice() });
  }

  /** Logits (and hidden state) at one flattened position (row * seqLen + column) of a forward's output. */
  private positionOf(out: ForwardResult, at: number): { logits: Float32Array; hidden?: Float32Array } {
    const { vocabSize, hiddenSize } = this.info;
    const row = at - out.firstRow;
    if (row < 0 || (row + 1) * vocabSize > out.logits.length) throw new Error(`position ${at} is not among the rows fetched (from ${out.firstRow})`);
    return {
      logits: out.logits.subarray(row * vocabSize, (row + 1) * vocabSize),
      hidden: out.hidden?.subarray(row * hiddenSize, (row + 1) * hiddenSize),
    };
  }

  private remember(state: PrefixState): PrefixState {
    const at = this.prefixes.indexOf(state);
    if (at >= 0) this.prefixes.splice(at, 1);
    this.prefixes.unshift(state);
    // The forgotten prefix's cache is read by no one: each cache belongs to one state, and a call
    // remembers its new state only after its runs have read the old one.
    if (this.prefixes.length > PREFIX_CACHE_SIZE) this.kvBuffers.release(this.prefixes.pop()!.cache);
    return state;
  }

  scoreCandidates(prefix: readonly string[], candidates: readonly string[], options: ScoreOptions = {}): Promise<CandidateScore[]> {
    return this.serial(async () => {
      const prefixIds = this.tokenizeSegments(prefix);
      const candidateIds = candidates.map((c) => this.segmentTokenizer.segment(c));
      for (const [i, ids] of candidateIds.entries()) if (ids.length === 0) throw new Error(`scoreCandidates: candidate ${i} is empty`);
      assertFitsContext(prefixIds.length, candidateIds.map((ids) => ids.length), this.positions);
      if (options.reusePrefix === false) return this.inBatches(candidateIds, (chunk) => this.scoreFromScratch(prefixIds, chunk, options));
      if (this.sharedSession && this.treeMask) return this.scoreTreeStep(this.sharedSession, prefixIds, candidateIds, options);
      const state = await this.prefixState(prefixIds);
      return this.inBatches(candidateIds, (chunk) => this.scoreOnPrefix(state, chunk, options));
    });
  }

  /** Scores candidates in batches of at most candidateBatch rows (bounds memory), in order. */
  private async inBatches(candidates: number[][], score: (chunk: number[][]) => Promise<CandidateScore[]>): Promise<CandidateScore[]> {
    const scores: CandidateScore[] = [];
    const step = Math.max(1, this.candidateBatch);
    for (let start = 0; start < candidates.length; start += step) scores.push(...(await score(candidates.slice(start, start + step))));
    return scores;
  }

  /** Candidates on a cached prefix: token 0 from the prefix's last logits, tokens 1.. from one batched forward. */
  private async scoreOnPrefix(state: PrefixState, candidates: number[][], options: ScoreOptions): Promise<CandidateScore[]> {
    const width = Math.max(...candidates.map((c) => c.length)) - 1;
    let out: ForwardResult | undefined;
    if (width > 0) {
      const rows = candidates.map((c) => [...c.slice(0, -1), ...new Array<number>(width - (c.length - 1)).fill(0)]);
      out = this.sharedSession
        ? await this.forwardShared(this.sharedSession, rows, state.ids.length, state.cache, options.withHidden === true)
        : await this.forward(rows, state.ids.length, state.cache);
    }
    return candidates.map((ids, r) =>
      this.collect(ids, options, (i) => (i === 0 ? this.firstTokenRow(state) : this.positionOf(out!, r * width + (i - 1)))),
    );
  }

  /**
   * One agent step on a graph that reads a tree mask: the candidates' tokens 0..n-2 go in as one trie
   * (token i >= 1 is predicted at the node of token i - 1; the trie is small, so no batching). When a
   * cached prefix is a proper prefix of this one (every step after an episode's first), the new
   * prefix tokens ride in the same run; otherwise the prefix runs first, as on the other paths.
   */
  private async scoreTreeStep(session: OrtSession, prefixIds: number[], candidates: number[][], options: ScoreOptions): Promise<CandidateScore[]> {
    const trie = buildCandidateTrie(candidates.map((c) => c.slice(0, -1)));
    const base = this.cachedBase(prefixIds);
    if (!base || base.ids.length === prefixIds.length) {
      const state = await this.prefixState(prefixIds);
      const out = trie.tokens.length > 0 ? await this.forwardTrie(session, trie, state.ids.length, state.cache, options.withHidden === true) : undefined;
      return this.collectOnTrie(state, trie, out, 0, candidates, options);
    }
    const fresh = prefixIds.slice(base.ids.length);
    // The new prefix state keeps its last hidden state, so the hidden output is always fetched here.
    const out = await this.forwardTrie(session, trie, base.ids.length, base.cache, this.info.hasHiddenState, fresh);
    const state = this.rememberPrefix(prefixIds, out, fresh.length - 1);
    return this.collectOnTrie(state, trie, out, fresh.length, candidates, options);
  }

  /** Candidate scores from a trie forward whose node j sits at position offset + j of `out`. */
  private collectOnTrie(state: PrefixState, trie: CandidateTrie, out: ForwardResult | undefined, offset: number, candidates: number[][], options: ScoreOptions): CandidateScore[] {
    // A node's logits predict the next token of every candidate through it: normalize each node once.
    // (logSumExp over the 2,048-entry vocabulary is ~25 µs; per candidate token it was ~2.7 ms of
    // an ALFWorld decision, ~108 rows, against ~40 nodes.)
    const logZ = new Float64Array(trie.tokens.length).fill(Number.NaN);
    const nodeRow = (node: number): PredictingRow => {
      const row = this.positionOf(out!, offset + node);
      if (Number.isNaN(logZ[node])) logZ[node] = logSumExp(row.logits);
      return { ...row, logZ: logZ[node] };
    };
    return candidates.map((ids, r) => this.collect(ids, options, (i) => (i === 0 ? this.firstTokenRow(state) : nodeRow(trie.nodeOf[r][i - 1]))));
  }

  /** What predicts every candidate's first token: the prefix's last position. */
  private firstTokenRow(state: PrefixState): PredictingRow {
    return { logits: state.lastLogits, hidden: state.lastHidden, logZ: state.lastLogZ };
  }

  /** The baseline: every candidate's full sequence (prefix + candidate) in one batch, no cache. */
  private async scoreFromScratch(prefixIds: number[], candidates: number[][], options: ScoreOptions): Promise<CandidateScore[]> {
    const width = prefixIds.length + Math.max(...candidates.map((c) => c.length)) - 1;
    const rows = candidates.map((c) => {
      const row = [...prefixIds, ...c.slice(0, -1)];
      return [...row, ...new Array<number>(width - row.length).fill(0)];
    });
    const out = await this.forward(rows, 0, undefined);
    return candidates.map((ids, r) => this.collect(ids, options, (i) => this.positionOf(out, r * width + prefixIds.length - 1 + i)));
  }

  private collect(ids: number[], options: ScoreOptions, rowFor: (i: number) => PredictingRow): CandidateScore {
    const score: CandidateScore = { logProb: 0, tokenIds: ids, tokenLogProbs: [] };
    if (options.withHidden) score.hidden = [];
    if (options.withLogits) score.logits = [];
    ids.forEach((id, i) => {
      const { logits, hidden, logZ } = rowFor(i);
      const lp = logits[id] - (logZ ?? logSumExp(logits));
      score.tokenLogProbs.push(lp);
      score.logProb += lp;
      // Views, not copies: a decision's candidates share their predicting positions, and copying a
      // row per candidate token (~500 of them in an ALFWorld decision, 2,048 logits each) was an
      // eighth of the worker's time in the browser, and as many buffers for the GC to sweep.
      if (score.hidden) {
        if (!hidden) throw new ModelShapeError(`model "${this.info.id}" exposes no last_hidden_state`);
        score.hidden.push(hidden);
      }
      if (score.logits) score.logits.push(logits);
    });
    return score;
  }

  /** Logits (and hidden states) at every position of one token sequence, no cache: parity checks and tests. */
  forwardIds(ids: readonly number[]): Promise<{ logits: Float32Array; hidden?: Float32Array }> {
    return this.serial(async () => {
      const out = await this.forward([[...ids]], 0, undefined);
      return { logits: out.logits, hidden: out.hidden };
    });
  }

  generate(prefix: readonly string[], options: GenerateOptions = {}): Promise<string> {
    return this.serial(async () => {
      const stop = options.stop ?? '\n';
      const maxNew = options.maxNewTokens ?? 32;
      const temperature = options.temperature ?? 0;
      if (temperature > 0 && !options.random) throw new Error('generate: sampling needs options.random (a seeded source)');
      const prefixIds = this.tokenizeSegments(prefix);
      assertFitsContext(prefixIds.length, [maxNew], this.positions);
      const state = await this.prefixState(prefixIds);
      let cache = state.cache;
      let pastLength = state.ids.length;
      let logits = state.lastLogits;
      const produced: number[] = [];
      for (let n = 0; n < maxNew; n++) {
        const next = temperature > 0 ? sampleIndex(logits, temperature, options.random!) : argmax(logits);
        if (next === 0) break; // end of text
        produced.push(next);
        const text = this.decode(produced);
        const cut = text.indexOf(stop);
        if (cut >= 0) return text.slice(0, cut);
        const out = await this.forward([[next]], pastLength, cache);
        cache = out.cache;
        pastLength += 1;
        logits = out.logits;
      }
      return this.decode(produced);
    });
  }

  async dispose(): Promise<void> {
    this.prefixes.length = 0;
    this.kvBuffers.clear();
    await (this.model as unknown as { dispose(): Promise<unknown> }).dispose();
  }
}

/** Loads a model by id with the current transformers.js environment (see configureTransformersEnv). */
export function loadTransformersModel(options: LoadModelOptions): Promise<TransformersLanguageModel> {
  return TransformersLanguageModel.load(options);
}

/** Typed load errors, so the CLI and the UI can say what to do instead of printing a stack. */

export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A file of a local model folder (config.json, tokenizer.json, onnx/model_*.onnx) is missing. */
export class ModelFilesMissingError extends ModelLoadError {
  override name = 'ModelFilesMissingError';
}

/** A model file exists but cannot be parsed (truncated download, wrong file, bad JSON/protobuf). */
export class ModelCorruptError extends ModelLoadError {
  override name = 'ModelCorruptError';
}

/** The hub has no such model id (or it is private). */
export class UnknownHubModelError extends ModelLoadError {
  override name = 'UnknownHubModelError';
}

/** The hub could not be reached (offline). */
export class HubUnreachableError extends ModelLoadError {
  override name = 'HubUnreachableError';
}

/** The model loaded but its outputs are not what the lab needs (e.g. no logits). */
export class ModelShapeError extends ModelLoadError {
  override name = 'ModelShapeError';
}

/**
 * A prompt (with its longest candidate) needs more positions than the model has. Raised before
 * the model runs, so people read how far over they are instead of ONNX Runtime's index error.
 */
export class ContextOverflowError extends Error {
  override name = 'ContextOverflowError';
  constructor(
    /** Tokens the model would have to read: the prompt plus its longest candidate. */
    readonly tokens: number,
    /** The model's context: the positions it has. */
    readonly limit: number,
  ) {
    super(
      `The prompt exceeds the model's context by ${(tokens - limit).toLocaleString('en-US')} tokens: it is ${tokens.toLocaleString('en-US')} tokens ` +
        `(with the longest candidate) and the model reads at most ${limit.toLocaleString('en-US')}. Shorten the task, the rules or the episode.`,
    );
  }
}

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

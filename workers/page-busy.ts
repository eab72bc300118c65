/**
 * The worker's side of the page's busy flag (src/page-busy.ts): before a training model call, wait
 * while the page draws, at most MAX_WAIT_MS (a page that forgets to lower it only slows training).
 */
import type { LanguageModel } from '../src/core/llm/types';

const MAX_WAIT_MS = 250;
let flag: Int32Array | null = null;

export function setPageBusyBuffer(buffer: SharedArrayBuffer | null | undefined): void {
  flag = buffer ? new Int32Array(buffer) : null;
}

export function waitForPage(): void {
  if (!flag) return;
  const until = performance.now() + MAX_WAIT_MS;
  for (let left = MAX_WAIT_MS; Atomics.load(flag, 0) === 1 && left > 0; left = until - performance.now()) Atomics.wait(flag, 0, 1, left);
}

/** The model, with every scoring and generation call waiting for the page first. */
export function yieldingToPage(model: LanguageModel): LanguageModel {
  return {
    get info() {
      return model.info;
    },
    tokenizeSegments: (segments) => model.tokenizeSegments(segments),
    scoreCandidates: (prefix, candidates, options) => {
      waitForPage();
      return model.scoreCandidates(prefix, candidates, options);
    },
    generate: (prefix, options) => {
      waitForPage();
      return model.generate(prefix, options);
    },
    clearPrefixCache: () => model.clearPrefixCache?.(),
    dispose: () => model.dispose(),
  };
}

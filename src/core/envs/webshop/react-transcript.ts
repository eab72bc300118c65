/**
 * Lays out an episode the way ReAct's prompts print it: the start page, then for every step
 * "\n\nAction: <action>\nObservation: <observation>"; the final Buy Now is printed without its
 * observation, as in the published example.
 */
export interface TranscriptStep {
  action: string;
  observation: string;
}

export function formatReactTranscript(initial: string, steps: readonly TranscriptStep[], options: { omitFinalObservation?: boolean } = {}): string {
  let out = initial;
  steps.forEach((step, i) => {
    out += `\n\nAction: ${step.action}`;
    const last = i === steps.length - 1;
    out += last && options.omitFinalObservation ? '\n' : `\nObservation: ${step.observation}`;
  });
  return out;
}

/** The episode text inside ReAct's `prompt1 = """..."""` block, and its actions in order. */
export function parseReactPrompt(file: string): { text: string; actions: string[] } {
  const start = file.indexOf('"""');
  const end = file.indexOf('"""', start + 3);
  if (start < 0 || end < 0) throw new Error('no """ … """ block in the ReAct example');
  const text = file.slice(start + 3, end);
  const actions = [...text.matchAll(/^Action: (.*)$/gm)].map((m) => m[1]);
  return { text, actions };
}

/**
 * The agent's view of one episode as prompt segments: the header (task and rules), then the
 * observations and actions inside the current history window. The corpus generator replays
 * demonstrations through this same class, so training and acting build identical prompts.
 */
import { nextWindowStart } from './historyWindow';
import { actionSegment, headerSegment, NO_PRODUCT_LABELS, observationSegment, productLabels, PROMPT_LIMITS, type ProductLabels } from './prompt';

export class PromptHistory {
  private readonly header: string;
  /** observationSegs[i]: observation after action i (index 0: the initial observation). */
  private readonly observationSegs: string[] = [];
  /** actionSegs[i]: action i (index 0 unused). */
  private readonly actionSegs: string[] = [''];
  private readonly stepChars: number[] = [];
  private start = 0;
  /** Product labels of the latest page: the actions taken on it are written with them. */
  private labels: ProductLabels;

  constructor(
    goal: string,
    readonly rules: readonly string[],
    initialObservation: string,
    private readonly budget: number = PROMPT_LIMITS.maxPromptChars,
  ) {
    this.header = headerSegment(goal, rules);
    this.labels = productLabels(initialObservation);
    this.observationSegs.push(observationSegment(initialObservation, this.labels));
    this.stepChars.push(this.observationSegs[0].length);
    this.start = nextWindowStart(this.stepChars, this.header.length, 0, 0, budget);
  }

  /** Records the action taken and the observation it produced. */
  push(action: string, observation: string): void {
    const a = actionSegment(action, this.labels);
    this.labels = productLabels(observation);
    const o = observationSegment(observation, this.labels);
    this.actionSegs.push(a);
    this.observationSegs.push(o);
    this.stepChars.push(a.length + o.length);
    this.start = nextWindowStart(this.stepChars, this.header.length, this.start, this.stepChars.length - 1, this.budget);
  }

  /** Steps recorded so far (actions taken). */
  get length(): number {
    return this.stepChars.length - 1;
  }

  /** First step shown in the prompt (0 = the initial observation is still visible). */
  get windowStart(): number {
    return this.start;
  }

  /** The candidate continuations for the actions admissible on the latest page. */
  candidateSegments(actions: readonly string[]): string[] {
    return candidateSegments(actions, this.labels);
  }

  /** The shared prefix the candidates are scored after. */
  prefixSegments(): string[] {
    const segs = [this.header, this.observationSegs[this.start]];
    for (let i = this.start + 1; i < this.observationSegs.length; i++) segs.push(this.actionSegs[i], this.observationSegs[i]);
    return segs;
  }
}

/** Candidate continuations for a list of actions taken on a page with these product labels. */
export function candidateSegments(actions: readonly string[], labels: ProductLabels = NO_PRODUCT_LABELS): string[] {
  return actions.map((action) => actionSegment(action, labels));
}

/**
 * The agent's view of one episode as prompt segments: the header (task and rules), then the
 * observations and actions inside the current history window. The corpus generator replays
 * demonstrations through this same class, so training and acting build identical prompts.
 */
import { nextWindowStart } from './historyWindow';
import { actionSegment, headerSegment, observationSegment, PROMPT_LIMITS } from './prompt';

export class PromptHistory {
  private readonly header: string;
  /** observationSegs[i]: observation after action i (index 0: the initial observation). */
  private readonly observationSegs: string[] = [];
  /** actionSegs[i]: action i (index 0 unused). */
  private readonly actionSegs: string[] = [''];
  private readonly stepChars: number[] = [];
  private start = 0;

  constructor(
    goal: string,
    readonly rules: readonly string[],
    initialObservation: string,
    private readonly budget: number = PROMPT_LIMITS.maxPromptChars,
  ) {
    this.header = headerSegment(goal, rules);
    this.observationSegs.push(observationSegment(initialObservation));
    this.stepChars.push(this.observationSegs[0].length);
    this.start = nextWindowStart(this.stepChars, this.header.length, 0, 0, budget);
  }

  /** Records the action taken and the observation it produced. */
  push(action: string, observation: string): void {
    const a = actionSegment(action);
    const o = observationSegment(observation);
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

  /** The shared prefix the candidates are scored after. */
  prefixSegments(): string[] {
    const segs = [this.header, this.observationSegs[this.start]];
    for (let i = this.start + 1; i < this.observationSegs.length; i++) segs.push(this.actionSegs[i], this.observationSegs[i]);
    return segs;
  }
}

/** Candidate continuations for a list of actions. */
export function candidateSegments(actions: readonly string[]): string[] {
  return actions.map(actionSegment);
}

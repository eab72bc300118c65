/**
 * Two episodes laid side by side on their milestones: each milestone a row with the steps each
 * episode took to reach it (from just after the previous one), then the steps after the last one.
 * The traces and the divergence come from the worker (the core's traceMilestones and firstMiss);
 * this only cuts the step ranges for display.
 */
import type { Milestone, MilestoneTrace } from '../../core/rules/milestones';
import type { EpisodeAlignment } from '../../protocol/messages';

/** Steps `from`..`to` (0-based, inclusive); empty when to < from. */
export interface StepSpan {
  from: number;
  to: number;
  /** The step after which the milestone held (-1: before any step), undefined when never reached. */
  reachedAt?: number;
}

export interface AlignedRow {
  /** null: the steps after the last milestone each episode reached. */
  milestone: Milestone | null;
  a: StepSpan;
  b: StepSpan;
  /** The first milestone one episode reached and the other did not. */
  divergence: boolean;
}

function spans(trace: MilestoneTrace, order: readonly Milestone[], steps: number): { rows: StepSpan[]; tail: StepSpan } {
  let cursor = -1;
  const rows = order.map((m) => {
    const reached = trace.reached[m];
    if (reached === undefined) return { from: cursor + 1, to: cursor };
    // Milestones can hold at the same step (taking an object also finds it); never go back.
    const to = Math.max(reached, cursor);
    const span = { from: cursor + 1, to, reachedAt: reached };
    cursor = to;
    return span;
  });
  return { rows, tail: { from: cursor + 1, to: steps - 1 } };
}

export function alignedRows(alignment: Pick<EpisodeAlignment, 'a' | 'b' | 'divergence'>, stepsA: number, stepsB: number): AlignedRow[] {
  const order = [...alignment.a.expected, ...alignment.b.expected.filter((m) => !alignment.a.expected.includes(m))];
  const a = spans(alignment.a, order, stepsA);
  const b = spans(alignment.b, order, stepsB);
  const rows: AlignedRow[] = order.map((milestone, i) => ({ milestone, a: a.rows[i], b: b.rows[i], divergence: alignment.divergence?.milestone === milestone }));
  rows.push({ milestone: null, a: a.tail, b: b.tail, divergence: false });
  return rows;
}

export function spanLength(span: StepSpan): number {
  return Math.max(0, span.to - span.from + 1);
}

/**
 * The experiment's progress on stderr: one bar over all cells (episodes done / total, training and
 * evaluation together) with an ETA, and each cell's state. A TTY gets a redrawn block; anything else
 * (CI logs, pipes) plain lines at each 10%, at most once a minute otherwise, and when a cell ends.
 */
import type { RunConfig } from '../../src/core/learn/config';
import type { Split } from '../../src/core/envs/types';
import type { CellUpdate } from './scheduler';

export type CellState = 'queued' | 'training' | 'evaluating' | 'done' | 'failed';

interface Work {
  done: number;
  total: number;
}

interface CellView {
  name: string;
  state: CellState;
  train: Work;
  eval: Work;
  /** Work already done before this session (resumed or skipped cells): not counted in the rate. */
  before: number;
  seen: { train: boolean; eval: boolean };
}

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Held-out tasks per split, to size evaluation before a cell reports its own total (then its figure
 * replaces this). Evaluation plays every task twice: with rules and without.
 */
const HELD_OUT_TASKS: Record<Split, number> = { valid_unseen: 134, valid_seen: 140, test: 500, train: 200 };

function estimate(config: RunConfig): { train: number; eval: number } {
  return {
    train: config.method === 'base' ? 0 : config.episodes,
    eval: 2 * (config.tasks.heldOutLimit ?? HELD_OUT_TASKS[config.tasks.heldOutSplit]),
  };
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}h${pad(m)}m` : `${m}m${pad(s % 60)}s`;
}

export class ExperimentProgress {
  private readonly cells = new Map<string, CellView>();
  private readonly started: number;
  private readonly isTTY: boolean;
  private drawnLines = 0;
  private lastDraw = -Infinity;
  private lastPlainDecile = -1;
  private lastPlainAt: number;
  private lastPlainLine = '';

  constructor(
    cells: ReadonlyArray<{ name: string; config: RunConfig }>,
    private readonly stream: ProgressStream = process.stderr,
    private readonly now: () => number = Date.now,
  ) {
    this.isTTY = Boolean(stream.isTTY);
    this.started = this.lastPlainAt = now();
    for (const { name, config } of cells) {
      const e = estimate(config);
      this.cells.set(name, { name, state: 'queued', train: { done: 0, total: e.train }, eval: { done: 0, total: e.eval }, before: 0, seen: { train: false, eval: false } });
    }
  }

  update(u: CellUpdate): void {
    const cell = this.cells.get(u.cell);
    if (!cell) return;
    if (u.type === 'start') cell.state = cell.train.total > 0 ? 'training' : 'evaluating';
    else if (u.type === 'requeued') {
      // Its next worker resumes from the last commit: the episodes it reports first were played before.
      cell.state = 'queued';
      cell.seen = { train: false, eval: false };
      if (!this.isTTY) this.plain(`${u.cell} ${u.reason}`);
    } else if (u.type === 'progress') {
      const work = cell[u.phase];
      // A resumed cell's first report includes episodes played in an earlier session.
      if (!cell.seen[u.phase]) cell.before += u.done;
      cell.seen[u.phase] = true;
      work.done = u.done;
      work.total = u.total;
      if (u.phase === 'eval') cell.train.done = cell.train.total;
      cell.state = u.phase === 'train' ? 'training' : 'evaluating';
    } else {
      const finished = u.type === 'done' || u.type === 'skipped';
      if (u.type === 'skipped') cell.before = cell.train.total + cell.eval.total;
      // A finished cell's work is all done; a failed one has none left: both close their share of the bar.
      for (const work of [cell.train, cell.eval]) {
        if (finished) work.done = work.total;
        else work.total = work.done;
      }
      cell.state = finished ? 'done' : 'failed';
      const said = u.type === 'error' ? `failed: ${u.message.split('\n')[0]}` : u.type === 'skipped' ? 'already done (skipped)' : 'done';
      if (!this.isTTY) this.plain(`${u.cell} ${said}`);
    }
    this.render(false);
  }

  finish(): void {
    this.render(true);
  }

  /** Episodes done and in total over all cells. */
  totals(): Work & { before: number } {
    let done = 0;
    let total = 0;
    let before = 0;
    for (const c of this.cells.values()) {
      done += c.train.done + c.eval.done;
      total += c.train.total + c.eval.total;
      before += c.before;
    }
    return { done, total, before };
  }

  counts(): Record<CellState, number> {
    const counts: Record<CellState, number> = { queued: 0, training: 0, evaluating: 0, done: 0, failed: 0 };
    for (const c of this.cells.values()) counts[c.state]++;
    return counts;
  }

  /** The summary line: bar, episodes, elapsed time and ETA from this session's own rate. */
  headline(): string {
    const { done, total, before } = this.totals();
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const width = 28;
    const filled = Math.round(fraction * width);
    const elapsed = (this.now() - this.started) / 1000;
    const rate = (done - before) / elapsed;
    const eta = done >= total ? 'done' : rate > 0 ? `ETA ${formatDuration((total - done) / rate)}` : 'ETA ?';
    return `experiment [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} episodes ${(100 * fraction).toFixed(1)}% ${formatDuration(elapsed)} ${eta}`;
  }

  stateLine(): string {
    const c = this.counts();
    return `cells: ${c.done} done, ${c.training} training, ${c.evaluating} evaluating, ${c.queued} queued, ${c.failed} failed`;
  }

  private activeLines(): string[] {
    return [...this.cells.values()]
      .filter((c) => c.state === 'training' || c.state === 'evaluating')
      .map((c) => {
        const work = c.state === 'training' ? c.train : c.eval;
        return `  ${c.name.padEnd(32)} ${c.state.padEnd(10)} ${work.done}/${work.total}`;
      });
  }

  private render(final: boolean): void {
    const at = this.now();
    if (this.isTTY) {
      // Redraws cost a terminal write each; ten a second is smooth enough.
      if (!final && at - this.lastDraw < 100) return;
      this.lastDraw = at;
      const lines = [this.headline(), `  ${this.stateLine()}`, ...(final ? [] : this.activeLines())];
      const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}F\x1b[J` : '';
      this.stream.write(`${up}${lines.join('\n')}\n`);
      this.drawnLines = lines.length;
      return;
    }
    const { done, total } = this.totals();
    const decile = total > 0 ? Math.floor((10 * done) / total) : 10;
    const line = `${this.headline()}; ${this.stateLine()}`;
    // The final line only when it says something new (the last cell's update may have printed it).
    if ((final && line !== this.lastPlainLine) || decile !== this.lastPlainDecile || at - this.lastPlainAt >= 60_000) {
      this.lastPlainDecile = decile;
      this.plain(line);
    }
  }

  private plain(line: string): void {
    this.lastPlainAt = this.now();
    this.lastPlainLine = line;
    this.stream.write(`${line}\n`);
  }
}

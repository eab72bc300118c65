/**
 * A run directory on disk: the one run-file format the CLI writes, the browser worker commits and
 * the browser imports (README "Run files").
 *
 *   run.json          config, seed, model, package and data versions, git commit
 *   episodes.jsonl    one EpisodeRecord per line (rollouts and evaluations, each with its split)
 *   metrics.csv       iteration,episodes,name,value with namespaced names (charts/…, losses/…, rules/…, time/…, eval/…)
 *   rules.json        the final pool: every rule, every version, every applied operation with provenance
 *   checkpoints/      iter-NNNNNN.json: adapter, optimizer, RNG position and pool after each committed iteration
 *   eval.json         the held-out evaluation (RunEvaluation)
 *   reflector-rejections.jsonl  `llm` reflector replies the strict parser rejected (only when there are any)
 *
 * Commit protocol: an iteration appends its episodes and metric rows, then writes its checkpoint
 * (to a temporary name, renamed into place: the rename is the commit). On resume, rows of
 * iterations after the last checkpoint are dropped, so a crash mid-iteration loses only that
 * iteration and never duplicates an episode.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EpisodeRecord } from '../../src/core/learn/records';
import {
  checkpointIteration,
  checkpointName,
  episodeLine,
  METRICS_HEADER,
  type MetricRow,
  metricLines,
  parseMetricsCsv,
  prettyJson,
} from '../../src/core/learn/run-format';
import type { RunEvaluation } from '../../src/core/learn/summary';

// The text of each file comes from src/core/learn/run-format.ts (shared with the browser's export and import).
export { METRICS_HEADER, type MetricRow };

/** Writes a file through a temporary name, so a reader never sees half of it. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new Error(`${path}: cannot read JSON (${(error as Error).message})`);
  }
}

export class RunDirectory {
  constructor(readonly dir: string) {}

  private path(name: string): string {
    return join(this.dir, name);
  }

  create(): void {
    mkdirSync(join(this.dir, 'checkpoints'), { recursive: true });
    if (!existsSync(this.path('episodes.jsonl'))) writeFileSync(this.path('episodes.jsonl'), '');
    if (!existsSync(this.path('metrics.csv'))) writeFileSync(this.path('metrics.csv'), `${METRICS_HEADER}\n`);
  }

  writeRunInfo(info: unknown): void {
    writeFileAtomic(this.path('run.json'), prettyJson(info));
  }

  readRunInfo<T>(): T {
    return readJson<T>(this.path('run.json'));
  }

  hasRunInfo(): boolean {
    return existsSync(this.path('run.json'));
  }

  appendEpisodes(episodes: readonly EpisodeRecord[]): void {
    if (episodes.length === 0) return;
    appendFileSync(this.path('episodes.jsonl'), episodes.map(episodeLine).join(''));
  }

  appendMetrics(iteration: number, episodes: number, metrics: Record<string, number>): void {
    const rows = metricLines(iteration, episodes, metrics);
    if (rows.length > 0) appendFileSync(this.path('metrics.csv'), rows.join(''));
  }

  /** The commit point of an iteration: `completed` iterations are done once this file exists. */
  writeCheckpoint(completed: number, checkpoint: unknown): void {
    writeFileAtomic(join(this.dir, 'checkpoints', checkpointName(completed)), JSON.stringify(checkpoint));
  }

  /** The newest committed checkpoint, or null. */
  latestCheckpoint<T>(): { completed: number; checkpoint: T } | null {
    const dir = join(this.dir, 'checkpoints');
    if (!existsSync(dir)) return null;
    const names = readdirSync(dir).filter((n) => checkpointIteration(n) !== null).sort();
    const last = names.at(-1);
    if (!last) return null;
    return { completed: checkpointIteration(last)!, checkpoint: readJson<T>(join(dir, last)) };
  }

  /**
   * Keeps only what `completed` committed iterations wrote: episodes and metric rows of later
   * iterations (and any evaluation) are dropped. Called before a run resumes.
   */
  truncateTo(completed: number): void {
    const episodesPath = this.path('episodes.jsonl');
    if (existsSync(episodesPath)) {
      const kept = readFileSync(episodesPath, 'utf8')
        .split('\n')
        .filter((line) => {
          if (!line.trim()) return false;
          try {
            const e = JSON.parse(line) as EpisodeRecord;
            return e.purpose === 'train' && e.iteration < completed;
          } catch {
            return false; // a line cut by a crash
          }
        });
      writeFileAtomic(episodesPath, kept.map((l) => `${l}\n`).join(''));
    }
    const rejectionsPath = this.path('reflector-rejections.jsonl');
    if (existsSync(rejectionsPath)) {
      const kept = readFileSync(rejectionsPath, 'utf8').split('\n').filter((line) => /^\{"iteration":(\d+)/.exec(line) && Number(/^\{"iteration":(\d+)/.exec(line)![1]) < completed);
      writeFileAtomic(rejectionsPath, kept.map((l) => `${l}\n`).join(''));
    }
    const metricsPath = this.path('metrics.csv');
    if (existsSync(metricsPath)) {
      const [, ...rows] = readFileSync(metricsPath, 'utf8').split('\n');
      const kept = rows.filter((row) => /^\d+,/.test(row) && Number(row.split(',')[0]) < completed && row.split(',').length === 4);
      writeFileAtomic(metricsPath, [METRICS_HEADER, ...kept].map((l) => `${l}\n`).join(''));
    }
  }

  appendRejectedReflections(iteration: number, rejected: readonly object[]): void {
    if (rejected.length === 0) return;
    appendFileSync(this.path('reflector-rejections.jsonl'), rejected.map((r) => `${JSON.stringify({ iteration, ...r })}\n`).join(''));
  }

  writeRules(rules: unknown): void {
    writeFileAtomic(this.path('rules.json'), prettyJson(rules));
  }

  writeEvaluation(evaluation: RunEvaluation): void {
    writeFileAtomic(this.path('eval.json'), prettyJson(evaluation));
  }

  readEvaluation(): RunEvaluation | null {
    return existsSync(this.path('eval.json')) ? readJson<RunEvaluation>(this.path('eval.json')) : null;
  }

  readEpisodes(): EpisodeRecord[] {
    const path = this.path('episodes.jsonl');
    if (!existsSync(path)) return [];
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as EpisodeRecord);
  }

  readMetrics(): MetricRow[] {
    const path = this.path('metrics.csv');
    if (!existsSync(path)) return [];
    return parseMetricsCsv(readFileSync(path, 'utf8'));
  }
}

/**
 * `npm run bench [-- name ...]`: runs every `bench/*.bench.ts` (or the named ones) once and
 * prints a table. `--json` prints the rows as JSON instead.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark, BenchRow } from './types';

const here = dirname(fileURLToPath(import.meta.url));

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toPrecision(3);
}

async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const wanted = argv.filter((a) => !a.startsWith('--'));
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
    .sort();
  const results: Array<{ bench: string; rows: BenchRow[]; error?: string }> = [];
  for (const file of files) {
    const bench = ((await import(pathToFileURL(join(here, file)).href)) as { default: Benchmark }).default;
    process.stderr.write(`running ${bench.name} ...\n`);
    try {
      results.push({ bench: bench.name, rows: await bench.run() });
    } catch (error) {
      results.push({ bench: bench.name, rows: [], error: (error as Error).message });
    }
  }
  if (json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    const lines: string[] = [];
    lines.push(`| benchmark | metric | value | unit | note |`, `|---|---|---:|---|---|`);
    for (const r of results) {
      if (r.error) lines.push(`| ${r.bench} | FAILED | | | ${r.error} |`);
      for (const row of r.rows) lines.push(`| ${r.bench} | ${row.metric} | ${formatValue(row.value)} | ${row.unit} | ${row.note ?? ''} |`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (results.some((r) => r.error)) process.exitCode = 1;
}

void main(process.argv.slice(2));

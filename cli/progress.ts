/**
 * Progress for long CLI work: a redrawn bar on a TTY, plain periodic lines otherwise (CI logs,
 * pipes). Always writes to stderr so `--json` stdout stays parseable.
 */
export interface Progress {
  tick(done: number, note?: string): void;
  finish(note?: string): void;
}

export function createProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const isTTY = Boolean(stream.isTTY);
  const started = Date.now();
  let lastPlainPercent = -1;
  const render = (done: number, note = ''): string => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const width = 28;
    const filled = Math.round(fraction * width);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${seconds}s ${note}`;
  };
  return {
    tick(done, note) {
      if (isTTY) {
        stream.write(`\r${render(done, note)}\x1b[K`);
        return;
      }
      // Plain mode: one line per 10% so logs stay short.
      const percent = total > 0 ? Math.floor((done / total) * 10) * 10 : 100;
      if (percent !== lastPlainPercent) {
        lastPlainPercent = percent;
        stream.write(`${render(done, note)}\n`);
      }
    },
    finish(note) {
      if (isTTY) stream.write(`\r${render(total, note)}\x1b[K\n`);
      else stream.write(`${render(total, note)}\n`);
    },
  };
}

/**
 * `worker`: runs experiment cells taken from a sweep's queue (issue #21, docs/scale.md):
 *
 *   worker --queue redis://HOST:PORT/DB [--concurrency N]
 *
 * Start any number, on any machines that reach the Redis server and see the experiment folder at
 * the same path. SIGTERM (or Ctrl-C) lets each running cell finish its current iteration, puts it
 * back in the queue and exits; a second signal exits at once (the cells resume from their last
 * committed iteration anyway).
 */
import { availableParallelism } from 'node:os';
import { type ParsedArgs, stringOption } from '../args';
import { type CommandGroup, UsageError } from '../command';
import { assertReachable, parseQueueUrl } from '../lib/queue/connection';
import { startWorker } from '../lib/queue/worker';

const OPTIONS = ['queue', 'concurrency', 'lock-duration', 'stalled-interval', 'max-stalled', 'help'];

function positiveInt(args: ParsedArgs, key: string, fallback: number): number {
  const raw = stringOption(args, key);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) throw new UsageError(`--${key} must be a positive integer, got "${raw}"`);
  return Number(raw);
}

export function parseWorkerArgs(args: ParsedArgs) {
  for (const key of Object.keys(args.options)) if (!OPTIONS.includes(key)) throw new UsageError(`--${key} is not a worker option`);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const raw = stringOption(args, 'queue');
  if (raw === undefined) throw new UsageError('--queue redis://HOST:PORT/DB is required: the queue the coordinator (experiment --queue) fills');
  let connection;
  try {
    connection = parseQueueUrl(raw);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const lockDurationMs = positiveInt(args, 'lock-duration', 30_000);
  return {
    connection,
    // One cell per core by default: each runs its model on one thread.
    concurrency: positiveInt(args, 'concurrency', availableParallelism()),
    lockDurationMs,
    stalledIntervalMs: positiveInt(args, 'stalled-interval', lockDurationMs),
    maxStalledCount: positiveInt(args, 'max-stalled', 3),
  };
}

const group: CommandGroup & { defaultSubcommand: string } = {
  summary: 'Run experiment cells from a sweep queue on this machine (see docs/scale.md)',
  defaultSubcommand: 'run',
  subcommands: {
    run: {
      summary: 'Take cell jobs from the queue until stopped; SIGTERM finishes the current iteration, then stops',
      usage: 'worker --queue redis://HOST:PORT/DB [--concurrency N] [--lock-duration MS] [--stalled-interval MS] [--max-stalled N]',
      async run(args, io) {
        const options = parseWorkerArgs(args);
        await assertReachable(options.connection);
        const worker = startWorker({ ...options, onEvent: (line) => io.error(`worker ${process.pid}: ${line}`) });
        await worker.ready;
        io.error(`worker ${process.pid}: taking cells from ${options.connection.display}, ${options.concurrency} at a time (stop with SIGTERM or Ctrl-C)`);
        let signals = 0;
        const onSignal = (signal: NodeJS.Signals) => {
          if (++signals > 1) process.exit(130);
          io.error(`worker ${process.pid}: ${signal}: finishing the current iteration of each running cell, then stopping (again to quit now)`);
          void worker.stop();
        };
        process.on('SIGTERM', onSignal);
        process.on('SIGINT', onSignal);
        await worker.closed;
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        io.error(`worker ${process.pid}: stopped`);
        return 0;
      },
    },
  },
};

export default group;

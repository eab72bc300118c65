/**
 * The contract every CLI command group implements. A group lives in `cli/commands/<group>.ts`
 * and default-exports a `CommandGroup`; `cli/main.ts` discovers the files, so adding a group
 * never touches a shared registry.
 */
import type { ParsedArgs } from './args';

export interface CommandIO {
  /** Human-readable line to stdout (suppressed in --json mode by the command itself when needed). */
  log(line: string): void;
  /** Diagnostics to stderr; never mixed into JSON output. */
  error(line: string): void;
  /** Prints a JSON document to stdout (pretty when a TTY). */
  json(value: unknown): void;
  /** Where progress bars go; a TTY gets a redrawn bar, anything else plain lines. */
  isTTY: boolean;
}

export interface Subcommand {
  /** One line for `--help`. */
  summary: string;
  /** Usage line, e.g. `alfworld replay FILE [--games DIR] [--json]`. */
  usage: string;
  /** Returns the process exit code. */
  run(args: ParsedArgs, io: CommandIO): Promise<number>;
}

export interface CommandGroup {
  summary: string;
  subcommands: Record<string, Subcommand>;
}

/** A user-facing error: printed as a message, not a stack trace, with exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

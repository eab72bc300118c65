/**
 * Minimal argv parser: positionals, `--flag`, `--key value` and `--key=value`.
 * Kept tiny on purpose; every command documents its own options in its usage line.
 */
import { UsageError } from './command';

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | true>;
}

/** Flags that never take a value, so `--json FILE` does not swallow FILE. */
const BOOLEAN_FLAGS = new Set(['json', 'help', 'verbose', 'quiet', 'raw', 'react', 'with-rules-only']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 2) {
      options[arg.slice(2, eq)] = arg.slice(eq + 1);
      continue;
    }
    const key = arg.slice(2);
    const value = argv[i + 1];
    if (!BOOLEAN_FLAGS.has(key) && value !== undefined && !value.startsWith('--')) {
      options[key] = value;
      i++;
    } else {
      options[key] = true;
    }
  }
  return { positionals, options };
}

export function stringOption(args: ParsedArgs, key: string, fallback?: string): string | undefined {
  const value = args.options[key];
  if (value === undefined) return fallback;
  if (value === true) throw new UsageError(`--${key} needs a value`);
  return value;
}

export function intOption(args: ParsedArgs, key: string, fallback: number): number {
  const raw = stringOption(args, key);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new UsageError(`--${key} must be an integer, got "${raw}"`);
  return n;
}

export function flag(args: ParsedArgs, key: string): boolean {
  return args.options[key] === true || args.options[key] === 'true';
}

/** A string option that must be one of `allowed`. */
export function choiceOption<T extends string>(args: ParsedArgs, key: string, allowed: readonly T[], fallback: T): T {
  const value = stringOption(args, key, fallback) as string;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${key} must be ${allowed.join(' or ')}, got "${value}"`);
  return value as T;
}

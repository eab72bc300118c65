import { useEffect, useRef, useState } from 'react';

/** The timer functions a throttle runs on (the real ones in the app, vitest's fake clock in tests). */
export interface ThrottleClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_CLOCK: ThrottleClock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface Throttle<T> {
  /** `urgent`: passed on at once, replacing any value waiting. */
  push(value: T, urgent?: boolean): void;
  /** Drops a value waiting for its turn. */
  cancel(): void;
}

/**
 * Passes values on at most once per `ms`: a value after a quiet spell goes at once; one that comes
 * sooner waits for the end of the spell, and while it waits a newer value replaces it (the latest
 * always arrives, nothing between is drawn).
 */
export function createThrottle<T>(ms: number, release: (value: T) => void, clock: ThrottleClock = REAL_CLOCK): Throttle<T> {
  let lastRelease = Number.NEGATIVE_INFINITY;
  let timer: unknown = null;
  let waiting: { value: T } | null = null;
  const flush = () => {
    timer = null;
    if (!waiting) return;
    const { value } = waiting;
    waiting = null;
    lastRelease = clock.now();
    release(value);
  };
  return {
    push(value, urgent = false) {
      waiting = { value };
      if (urgent) {
        if (timer !== null) clock.clearTimeout(timer);
        flush();
        return;
      }
      if (timer !== null) return;
      const wait = lastRelease + ms - clock.now();
      if (wait <= 0) flush();
      else timer = clock.setTimeout(flush, wait);
    },
    cancel() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      waiting = null;
    },
  };
}

/**
 * `value`, passed on at most once per `ms` (see createThrottle). The first value shows at once, and
 * so does the first change after it (the initial value does not start a wait), and a value whose
 * `keyOf` differs from the one before it (another run's rows): a wait belongs to one key.
 */
export function useThrottled<T>(value: T, ms: number, keyOf: (value: T) => unknown = () => undefined): T {
  const [shown, setShown] = useState(value);
  const throttle = useRef<Throttle<T> | null>(null);
  const pushed = useRef(value);
  throttle.current ??= createThrottle(ms, setShown);
  useEffect(() => {
    if (Object.is(value, pushed.current)) return;
    const urgent = !Object.is(keyOf(value), keyOf(pushed.current));
    pushed.current = value;
    throttle.current?.push(value, urgent);
    // keyOf is a pure function of the value.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  useEffect(() => () => throttle.current?.cancel(), []);
  return shown;
}

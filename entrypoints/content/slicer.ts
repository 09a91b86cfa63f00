// Cooperative scheduling: our work runs as generators that yield after each small unit; the runner
// executes units until a time budget is spent, then gives the main thread back (pure: clock and
// yielding are injected, so tests drive it without a browser).

export interface SliceStats {
  /** Number of slices (main-thread turns) used so far. */
  slices: number;
  /** Longest slice, in milliseconds, measured around our own code. */
  maxSliceMs: number;
  /** Total time spent in slices, in milliseconds. */
  totalMs: number;
  /** Longest single unit of work, in milliseconds (a slice can overrun its budget by this). */
  maxUnitMs: number;
  /** Units of work run so far (a unit is the work between two yields of a job). */
  units: number;
  /** Most units run in one slice: with maxUnits, a bound that does not depend on the clock. */
  maxSliceUnits: number;
}

export interface SliceEnv {
  now: () => number;
  /** Resolves when the main thread has had a chance to do other work. */
  yieldToMain: () => Promise<void>;
  /** Budget of one slice in milliseconds (well under a 16 ms frame). */
  budgetMs: number;
  /** At most this many units in one slice, however fast they run (a bound tests can rely on). */
  maxUnits?: number;
  /** Called around each slice (e.g. to pause a MutationObserver while the job writes). */
  beforeSlice?: () => void;
  afterSlice?: () => void;
}

/**
 * Units per slice at most, whatever the clock says: a walker unit is at most 256 nodes, so no
 * slice reads more than 32,768 nodes (the time budget normally ends a slice well before).
 */
export const SLICE_MAX_UNITS = 128;

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

export interface CancelToken {
  readonly cancelled: boolean;
}

export function newStats(): SliceStats {
  return { slices: 0, maxSliceMs: 0, totalMs: 0, maxUnitMs: 0, units: 0, maxSliceUnits: 0 };
}

/**
 * Runs `job` to completion in slices. Throws Cancelled (after closing the generator) if `token`
 * is cancelled between slices.
 */
export async function runSliced<T>(
  job: Generator<unknown, T, void>,
  env: SliceEnv,
  stats: SliceStats,
  token: CancelToken = { cancelled: false },
): Promise<T> {
  for (;;) {
    if (token.cancelled) {
      job.return(undefined as T);
      throw new Cancelled();
    }
    const start = env.now();
    const maxUnits = env.maxUnits ?? Number.POSITIVE_INFINITY;
    let step: IteratorResult<unknown, T>;
    let units = 0;
    env.beforeSlice?.();
    try {
      let t = start;
      do {
        step = job.next();
        units++;
        const now = env.now();
        if (now - t > stats.maxUnitMs) stats.maxUnitMs = now - t;
        t = now;
      } while (!step.done && t - start < env.budgetMs && units < maxUnits);
    } finally {
      env.afterSlice?.();
    }
    const spent = env.now() - start;
    stats.units += units;
    if (units > stats.maxSliceUnits) stats.maxSliceUnits = units;
    stats.slices++;
    stats.totalMs += spent;
    if (spent > stats.maxSliceMs) stats.maxSliceMs = spent;
    if (step.done) return step.value;
    await env.yieldToMain();
  }
}

/** The browser's way to yield: scheduler.yield where it exists, else a macrotask via MessageChannel. */
export function browserYield(): () => Promise<void> {
  const sched = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (sched?.yield) return () => sched.yield!.call(sched);
  if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    const waiting: (() => void)[] = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    return () =>
      new Promise<void>((ok) => {
        waiting.push(ok);
        channel.port2.postMessage(0);
      });
  }
  return () => new Promise<void>((ok) => setTimeout(ok, 0));
}

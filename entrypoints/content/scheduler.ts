// The content script's scheduler: runs the jobs it is handed, one at a time, the first in priority
// order that has work, and cuts their work into slices (slicer.ts) on an injected clock. It knows no
// job: the passes and the marker hand theirs in, so it is tested without a page.
import { type CancelToken, runSliced, type SliceStats } from './slicer';

export interface Job {
  /** Whether the job has work now (asked before every run). */
  hasWork(): boolean;
  /** Takes the work it has and does it. */
  run(): Promise<void>;
}

export interface SchedulerEnv {
  now(): number;
  /** Resolves when the main thread has had a chance to do other work. */
  yieldToMain(): Promise<void>;
  /** Budget of one slice in milliseconds. */
  budgetMs: number;
  /** Units per slice at most, whatever the clock says. */
  maxUnits?: number;
  /** Where slices are counted (shared with the stats the page summary reports). */
  stats: SliceStats;
  /** Around each slice of work that writes to the page (e.g. pause a MutationObserver). */
  beforeWrite?(): void;
  afterWrite?(): void;
  /** A job threw (a cancelled pass throws Cancelled): reported, and the next job runs. */
  onError(e: unknown): void;
}

export class Scheduler {
  private jobs: readonly Job[] = [];
  private running: Promise<void> | undefined;
  private waiters: (() => void)[] = [];

  constructor(private readonly env: SchedulerEnv) {}

  /** The jobs, highest priority first. */
  setJobs(jobs: readonly Job[]): void {
    this.jobs = jobs;
  }

  /** Starts running jobs unless already running; call after giving a job work. */
  kick(): void {
    if (this.running) return;
    this.running = this.loop().finally(() => {
      this.running = undefined;
      // Work may have arrived while the last job finished.
      if (this.next()) this.kick();
      else for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Resolves once no job runs and none has work. */
  idle(): Promise<void> {
    if (!this.running) {
      if (!this.next()) return Promise.resolve();
      this.kick();
    }
    return new Promise((ok) => this.waiters.push(ok));
  }

  /** Runs a generator to completion in slices; `writes`: it changes the page. */
  slice<T>(job: Generator<unknown, T, void>, token: CancelToken, writes = false): Promise<T> {
    const { env } = this;
    return runSliced(
      job,
      {
        now: () => env.now(),
        yieldToMain: () => env.yieldToMain(),
        budgetMs: env.budgetMs,
        ...(env.maxUnits !== undefined ? { maxUnits: env.maxUnits } : {}),
        ...(writes ? { beforeSlice: () => env.beforeWrite?.(), afterSlice: () => env.afterWrite?.() } : {}),
      },
      env.stats,
      token,
    );
  }

  /** Runs a piece of main-thread work that is not sliced, counting it as one slice of one unit. */
  timed<T>(fn: () => T): T {
    const { stats } = this.env;
    const t = this.env.now();
    try {
      return fn();
    } finally {
      const spent = this.env.now() - t;
      stats.slices++;
      stats.units++;
      stats.maxSliceUnits ||= 1;
      stats.totalMs += spent;
      if (spent > stats.maxSliceMs) stats.maxSliceMs = spent;
    }
  }

  private next(): Job | undefined {
    return this.jobs.find((j) => j.hasWork());
  }

  private async loop(): Promise<void> {
    for (let job = this.next(); job; job = this.next()) {
      try {
        await job.run();
      } catch (e) {
        this.env.onError(e);
      }
    }
  }
}

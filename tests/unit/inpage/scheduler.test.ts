// The content script's scheduler on a fake clock: priority, slicing, cancellation, idle waiters.
import { describe, expect, it } from 'vitest';
import { type Job, Scheduler } from '../../../entrypoints/content/scheduler';
import { Cancelled, newStats } from '../../../entrypoints/content/slicer';

function setup(opts: { budgetMs?: number; maxUnits?: number } = {}) {
  const clock = { t: 0 };
  const log: string[] = [];
  const errors: unknown[] = [];
  let yields = 0;
  const stats = newStats();
  const scheduler = new Scheduler({
    now: () => clock.t,
    yieldToMain: async () => {
      yields++;
    },
    budgetMs: opts.budgetMs ?? 4,
    ...(opts.maxUnits ? { maxUnits: opts.maxUnits } : {}),
    stats,
    beforeWrite: () => log.push('pause'),
    afterWrite: () => log.push('resume'),
    onError: (e) => errors.push(e),
  });
  return { clock, log, errors, stats, scheduler, yields: () => yields };
}

/** A job with a queue of named tasks; each task runs `units` units of 1 ms on the fake clock. */
function queueJob(s: ReturnType<typeof setup>, name: string, units = 1) {
  const queue: string[] = [];
  const token = { cancelled: false };
  const job: Job = {
    hasWork: () => queue.length > 0,
    run: async () => {
      const task = queue.shift()!;
      await s.scheduler.slice(
        (function* () {
          for (let i = 0; i < units; i++) {
            s.clock.t += 1;
            yield;
          }
        })(),
        token,
      );
      s.log.push(`${name}:${task}`);
    },
  };
  return { job, queue, token };
}

describe('Scheduler', () => {
  it('runs the first job with work, in priority order, one at a time', async () => {
    const s = setup();
    const high = queueJob(s, 'high');
    const low = queueJob(s, 'low');
    s.scheduler.setJobs([high.job, low.job]);
    low.queue.push('a', 'b');
    high.queue.push('x');
    s.scheduler.kick();
    s.scheduler.kick(); // a second kick while running changes nothing
    await s.scheduler.idle();
    expect(s.log).toEqual(['high:x', 'low:a', 'low:b']);
  });

  it('lets higher-priority work that arrives meanwhile go first', async () => {
    const s = setup();
    const high = queueJob(s, 'high');
    const low = queueJob(s, 'low');
    s.scheduler.setJobs([high.job, low.job]);
    const lowFirst: Job = {
      hasWork: low.job.hasWork,
      run: async () => {
        await low.job.run();
        if (high.queue.length === 0 && !s.log.includes('high:late')) high.queue.push('late');
      },
    };
    s.scheduler.setJobs([high.job, lowFirst]);
    low.queue.push('a', 'b');
    s.scheduler.kick();
    await s.scheduler.idle();
    expect(s.log).toEqual(['low:a', 'high:late', 'low:b']);
  });

  it('cuts a job into slices by the fake clock, yielding between them', async () => {
    const s = setup({ budgetMs: 4 });
    const j = queueJob(s, 'long', 10);
    s.scheduler.setJobs([j.job]);
    j.queue.push('t');
    await s.scheduler.idle();
    // 10 units of 1 ms and the final step: slices of 4 ms.
    expect(s.stats.slices).toBe(3);
    expect(s.yields()).toBe(2);
    expect(s.stats.maxSliceUnits).toBeLessThanOrEqual(4);
    expect(s.stats.totalMs).toBe(10);
  });

  it('ends slices after maxUnits units when the clock stands still', async () => {
    const s = setup({ maxUnits: 3 });
    const j = queueJob(s, 'free', 0);
    s.scheduler.setJobs([j.job]);
    await s.scheduler.slice(
      (function* () {
        for (let i = 0; i < 9; i++) yield;
      })(),
      { cancelled: false },
    );
    expect(s.stats.units).toBe(10);
    expect(s.stats.maxSliceUnits).toBe(3);
    expect(s.stats.slices).toBe(4);
  });

  it('pauses around the slices of work that writes, not of work that reads', async () => {
    const s = setup({ budgetMs: 2 });
    const gen = function* () {
      for (let i = 0; i < 3; i++) {
        s.clock.t += 1;
        yield;
      }
    };
    await s.scheduler.slice(gen(), { cancelled: false });
    expect(s.log).toEqual([]);
    await s.scheduler.slice(gen(), { cancelled: false }, true);
    expect(s.log).toEqual(['pause', 'resume', 'pause', 'resume']);
  });

  it('a cancelled job stops between slices, is reported, and the next job runs', async () => {
    const s = setup({ budgetMs: 2 });
    const long = queueJob(s, 'long', 100);
    const other = queueJob(s, 'other');
    s.scheduler.setJobs([other.job, long.job]);
    long.queue.push('t');
    s.scheduler.kick();
    // A full pass would cancel the running one and queue itself: here, after the first slice.
    await Promise.resolve();
    long.token.cancelled = true;
    other.queue.push('next');
    await s.scheduler.idle();
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0]).toBeInstanceOf(Cancelled);
    expect(s.log).toEqual(['other:next']);
    expect(s.clock.t).toBeLessThan(100);
  });

  it('idle() resolves at once with nothing to do, and after the work otherwise', async () => {
    const s = setup();
    const j = queueJob(s, 'j', 3);
    s.scheduler.setJobs([j.job]);
    await expect(s.scheduler.idle()).resolves.toBeUndefined();
    j.queue.push('a');
    // Work given without a kick: idle() starts it rather than waiting for ever.
    await s.scheduler.idle();
    expect(s.log).toEqual(['j:a']);
  });

  it('timed() counts unsliced work as one slice of one unit', () => {
    const s = setup();
    const v = s.scheduler.timed(() => {
      s.clock.t += 7;
      return 42;
    });
    expect(v).toBe(42);
    expect(s.stats).toMatchObject({ slices: 1, units: 1, maxSliceUnits: 1, totalMs: 7, maxSliceMs: 7 });
  });
});

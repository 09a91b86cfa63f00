// Idle marking: after the page is annotated in view, more mentions are marked in idle periods,
// nearest to the viewport first, so the rest of an article is highlighted and reachable with Tab
// within moments; on a page with more than the limit, the rest is marked as the reader comes near.
import type { MarkPlan } from './mark-plan';
import type { InPageStats } from './model';
import type { LiveObserver } from './observer';
import type { Scheduler } from './scheduler';
import { type LazyPlan, screenHeight } from './viewport';

/** Mentions marked in idle periods after a full pass, at most. */
const IDLE_MARK_LIMIT = 2000;
/** Longest idle slice, in milliseconds. */
const IDLE_SLICE_MS = 4;

export interface IdleEnv {
  win: Window;
  stats: InPageStats;
  scheduler: Pick<Scheduler, 'timed'>;
  live: Pick<LiveObserver, 'quiet'>;
  signal: AbortSignal;
  markBlock(plan: MarkPlan, block: number): void;
  /** Whether the plan still belongs to the page (a full pass forgets the older ones). */
  current(plan: MarkPlan): boolean;
}

export class IdleMarker {
  /** Blocks to mark (nearest first), and where the next one is. */
  private queue: [MarkPlan, number][] = [];
  private next = 0;
  /** Plans whose blocks still have to be put in the queue. */
  private toPlan: LazyPlan[] = [];
  private handle: number | undefined;

  constructor(private readonly env: IdleEnv) {}

  /** Marks the plan's pending blocks in idle periods, nearest first. */
  add(lazy: LazyPlan): void {
    this.toPlan.push(lazy);
    this.request();
  }

  /** A new full pass: the count starts again. */
  reset(): void {
    this.queue = [];
    this.next = 0;
    this.toPlan = [];
    this.env.stats.idleMarked = 0;
  }

  private request(): void {
    if (this.handle !== undefined || this.env.stats.idleMarked >= IDLE_MARK_LIMIT) return;
    const win = this.env.win as Window & {
      requestIdleCallback?: (cb: (d: IdleDeadline) => void, o?: { timeout: number }) => number;
    };
    const run = (deadline?: IdleDeadline) => {
      this.handle = undefined;
      if (!this.env.signal.aborted) this.work(deadline);
    };
    this.handle = win.requestIdleCallback
      ? win.requestIdleCallback(run, { timeout: 3000 })
      : win.setTimeout(() => run(), 50);
  }

  /** One idle slice: marks the nearest pending blocks until the idle period or the slice ends. */
  private work(deadline?: IdleDeadline): void {
    const perf = this.env.win.performance;
    const start = perf.now();
    const budget = Math.max(1, Math.min(IDLE_SLICE_MS, deadline?.timeRemaining() ?? IDLE_SLICE_MS));
    this.env.scheduler.timed(() =>
      this.env.live.quiet(() => {
        for (const lazy of this.toPlan.splice(0)) this.queueByDistance(lazy);
        while (
          this.next < this.queue.length &&
          this.env.stats.idleMarked < IDLE_MARK_LIMIT &&
          perf.now() - start < budget
        ) {
          const [plan, bi] = this.queue[this.next++]!;
          if (!plan.pending.has(bi) || !this.env.current(plan)) continue;
          const before = this.env.stats.mentionsMarked;
          this.env.markBlock(plan, bi);
          this.env.stats.idleMarked += this.env.stats.mentionsMarked - before;
        }
      }),
    );
    this.env.stats.idleMs += perf.now() - start;
    if (this.next < this.queue.length) this.request();
    else {
      this.queue = [];
      this.next = 0;
    }
  }

  /**
   * Appends a plan's pending blocks to the idle queue, nearest to the viewport first. Only as far
   * out as the idle limit can reach: the window around the viewport doubles until it holds enough
   * blocks, so a huge page costs no sort of all its blocks.
   */
  private queueByDistance(lazy: LazyPlan): void {
    const h = screenHeight(this.env.win);
    const mid = this.env.win.scrollY + h / 2;
    const need = IDLE_MARK_LIMIT - this.env.stats.idleMarked;
    const reach = Math.max(lazy.docHeight, this.env.win.scrollY + h) + h;
    let near: number[] = [];
    for (let r = 2 * h; ; r *= 2) {
      near = lazy.index.overlapping(mid - r, mid + r);
      if (near.length >= need || r >= reach) break;
    }
    const items: [number, number][] = [];
    for (const i of near) {
      const s = lazy.index.span(i);
      if (!s) continue;
      items.push([s.bottom < mid ? mid - s.bottom : Math.max(0, s.top - mid), i]);
    }
    items.sort((a, b) => a[0] - b[0]);
    for (const [, i] of items)
      for (const bi of lazy.plan.pendingIn(lazy.containers[i]!)) this.queue.push([lazy.plan, bi]);
  }
}

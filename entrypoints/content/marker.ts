// The lazy marker: owns what the passes found (plans), marks the blocks near the viewport at once,
// the rest in idle periods (nearest first) and as the reader comes near, and measures again when
// the layout moves or the page reveals hidden text. It hands its work to the scheduler as jobs.
import type { CompactMention } from '../../lib/annotate/compact';
import type { Highlighter } from './highlighter';
import { IdleMarker } from './idle-marker';
import { inDocumentOrder, MarkPlan, PENDING, type Planned } from './mark-plan';
import type { PartEnv } from './model';
import type { LiveObserver } from './observer';
import { watchReveals } from './reveals';
import type { Job } from './scheduler';
import { Cancelled, type CancelToken } from './slicer';
import { afterFrame, type LazyPlan, PositionIndex, type Span, screenHeight, spanOf } from './viewport';
import type { TextBlock } from './walker';

/** Marks are made this many screens around the viewport (above and below); the rest as it comes near. */
const NEAR_SCREENS = 1.5;
/** Layout moved this far since the blocks were measured: measure again. */
const DRIFT_PX = 150;
/** Hidden blocks looked at when the body changes size. */
const REVEAL_CHECKS = 2000;

export interface MarkerEnv extends PartEnv {
  highlighter: Highlighter;
  live: Pick<LiveObserver, 'quiet'>;
  /** The token of the pass in flight: a full pass cancels what runs. */
  token(): CancelToken;
  /** Aborted at teardown. */
  signal: AbortSignal;
}

export class LazyMarker {
  /** What the passes since the last full pass found, marked or waiting to be. */
  private plans: MarkPlan[] = [];
  private markQueue: [MarkPlan, number][] = [];
  private lazy: LazyPlan[] = [];
  /** After the page is annotated in view, the rest is marked in idle periods, nearest first. */
  private readonly idle: IdleMarker;
  private viewCheckScheduled = false;
  private remeasure = false;

  /** For the scheduler, after the passes: measure again what moved, then mark what is queued. */
  readonly jobs: readonly Job[] = [
    {
      hasWork: () => this.remeasure,
      run: () => {
        this.remeasure = false;
        return this.measureStale(this.env.token());
      },
    },
    { hasWork: () => this.markQueue.length > 0, run: () => this.drainMarks(this.env.token()) },
  ];

  constructor(private readonly env: MarkerEnv) {
    this.idle = new IdleMarker({
      ...env,
      markBlock: (plan, bi) => this.markBlockOf(plan, bi),
      current: (plan) => this.plans.includes(plan),
    });
  }

  /**
   * Marks follow the reader: scrolling (the window or any scroller inside the page), a resized
   * window, an opened <details>, late images and fonts moving the layout, text the page reveals.
   */
  listen(): void {
    const passive = { capture: true, passive: true, signal: this.env.signal };
    this.env.win.addEventListener('scroll', () => this.viewChanged(false), passive);
    this.env.win.addEventListener('resize', () => this.viewChanged(true), passive);
    this.env.win.addEventListener('load', () => this.viewChanged(true), passive);
    this.env.doc.addEventListener('toggle', () => this.viewChanged(true), passive);
    watchReveals(this.env, {
      wanted: () => this.lazy.length > 0,
      check: () => {
        if (this.env.scheduler.timed(() => this.revealed())) this.viewChanged(true);
      },
    });
  }

  /** Concept ids the plans found but do not highlight (page context for the tooltip's ranking). */
  quietConcepts(): string[] {
    return this.plans.flatMap((p) => [...p.quietConcepts]);
  }

  /** Forgets the mentions inside `roots` (an incremental pass reads them again). */
  dropWithin(roots: Element[]): void {
    for (const p of this.plans) p.dropWithin(roots);
  }

  /**
   * Plans what a pass found: marks what is near the viewport now and watches the rest until it
   * comes near. Reviewer mode marks the same way (the page must not be able to tell a reviewer by
   * its marks); exports mark everything when asked (page-detections).
   */
  async place(blocks: TextBlock[], found: CompactMention[], token: CancelToken): Promise<void> {
    const plan = new MarkPlan(blocks);
    await this.env.scheduler.slice(plan.add(found), token, false);
    this.plans.push(plan);
    this.env.stats.mentionsFound += plan.mentions.length;
    if (plan.pending.size === 0) return;
    const lazy: LazyPlan = {
      plan,
      containers: [...plan.byContainer.keys()],
      index: new PositionIndex([], 0),
      docHeight: 0,
      stale: false,
    };
    await afterFrame(this.env.win);
    if (token.cancelled) throw new Cancelled();
    await this.env.scheduler.slice(this.measure(lazy), token, false);
    this.lazy.push(lazy);
    this.queueNear(lazy);
    await this.drainMarks(token);
    this.idle.add(lazy);
  }

  /** Measures where a plan's blocks are (layout reads, a few hundred per unit). */
  private *measure(lazy: LazyPlan): Generator<void, void, void> {
    const spans: (Span | undefined)[] = new Array(lazy.containers.length);
    let y = this.env.win.scrollY;
    for (let i = 0; i < lazy.containers.length; i++) {
      if ((i & 255) === 255) {
        yield;
        // The reader may have scrolled between two units.
        y = this.env.win.scrollY;
      }
      spans[i] = spanOf(lazy.containers[i]!, y);
    }
    lazy.index = new PositionIndex(spans, 2 * screenHeight(this.env.win));
    lazy.docHeight = this.env.doc.documentElement.scrollHeight;
    lazy.stale = false;
  }

  private async measureStale(token: CancelToken): Promise<void> {
    for (const lazy of this.lazy) {
      if (!lazy.stale || lazy.plan.pending.size === 0) continue;
      await afterFrame(this.env.win);
      if (token.cancelled) throw new Cancelled();
      await this.env.scheduler.slice(this.measure(lazy), token, false);
      this.queueNear(lazy);
    }
  }

  /** Queues the pending blocks of `lazy` near the viewport (by the last measurement). */
  private queueNear(lazy: LazyPlan): void {
    const y = this.env.win.scrollY;
    const h = screenHeight(this.env.win);
    const margin = NEAR_SCREENS * h;
    for (const i of lazy.index.overlapping(y - margin, y + h + margin))
      for (const bi of lazy.plan.pendingIn(lazy.containers[i]!)) this.markQueue.push([lazy.plan, bi]);
  }

  /** The reader scrolled, resized or opened something: at most once a frame, mark what came near. */
  private viewChanged(layoutMoved: boolean): void {
    if (layoutMoved) for (const lazy of this.lazy) lazy.stale = true;
    if (this.viewCheckScheduled || this.lazy.length === 0) return;
    this.viewCheckScheduled = true;
    afterFrame(this.env.win).then(() => {
      this.viewCheckScheduled = false;
      if (!this.env.signal.aborted) this.env.scheduler.timed(() => this.checkNear());
    });
  }

  /**
   * Whether a block that was hidden when measured is rendered now. Only those are looked at (up to
   * REVEAL_CHECKS of them): measuring everything again on every change of the body's size would
   * cost a huge page dearly each time it grows, and blocks that were rendered already are followed
   * by the drift check at the next scroll.
   */
  private revealed(): boolean {
    let checks = 0;
    for (const lazy of this.lazy) {
      for (const i of lazy.index.unrendered) {
        if (++checks > REVEAL_CHECKS) return false;
        const c = lazy.containers[i]!;
        if (lazy.plan.pendingIn(c).length > 0 && spanOf(c, 0)) return true;
      }
    }
    return false;
  }

  private checkNear(): void {
    this.lazy = this.lazy.filter((l) => l.plan.pending.size > 0 && this.plans.includes(l.plan));
    if (this.lazy.length === 0) return;
    const docHeight = this.env.doc.documentElement.scrollHeight;
    const y = this.env.win.scrollY;
    const h = screenHeight(this.env.win);
    for (const lazy of this.lazy) {
      if (Math.abs(docHeight - lazy.docHeight) > DRIFT_PX) lazy.stale = true;
      // One block near the viewport, measured again, tells whether the layout moved under us.
      const probe = lazy.index.overlapping(y, y + h)[0];
      if (probe !== undefined) {
        const then = lazy.index.span(probe);
        const now = spanOf(lazy.containers[probe]!, y);
        if (!then || !now || Math.abs(now.top - then.top) > DRIFT_PX) lazy.stale = true;
      }
      this.queueNear(lazy);
      if (lazy.stale) this.remeasure = true;
    }
    if (this.remeasure || this.markQueue.length > 0) this.env.scheduler.kick();
  }

  /** Marks the queued blocks in slices. */
  private async drainMarks(token: CancelToken): Promise<void> {
    const queue = this.markQueue;
    this.markQueue = [];
    const self = this;
    await this.env.scheduler.slice(
      (function* () {
        for (const [plan, bi] of queue) {
          self.markBlockOf(plan, bi);
          yield;
        }
      })(),
      token,
      true,
    );
  }

  private markBlockOf(plan: MarkPlan, bi: number): void {
    const t = this.env.win.performance.now();
    const { marked, lost } = plan.markBlock(bi, this.env.highlighter);
    this.env.stats.markMs += this.env.win.performance.now() - t;
    this.env.stats.mentionsMarked += marked;
    this.env.stats.mentionsLost += lost;
  }

  /** Marks every mention not marked yet (reviewer exports need them all anchored). */
  async markEverything(): Promise<void> {
    for (const plan of this.plans) for (const bi of plan.pending) this.markQueue.push([plan, bi]);
    if (this.markQueue.length === 0) return;
    this.env.scheduler.kick();
    await this.env.scheduler.idle();
  }

  /** Makes sure one mention is marked now (the reader jumps to it). */
  ensureMarked(p: Planned): void {
    if (p.state !== PENDING) return;
    const plan = this.plans.find((x) => x.mentions.includes(p));
    if (!plan) return;
    this.env.scheduler.timed(() => this.env.live.quiet(() => this.markBlockOf(plan, p.block)));
  }

  /** Forgets every plan (a new full pass, hidden highlights, teardown). */
  reset(): void {
    this.lazy = [];
    this.idle.reset();
    this.remeasure = false;
    this.markQueue = [];
    this.plans = [];
  }

  /** Every mention a reader can see or reach, in document order. */
  liveMentions(): Planned[] {
    const out: Planned[] = [];
    for (const plan of inDocumentOrder(this.plans)) for (const p of plan.live()) out.push(p);
    return out;
  }
}

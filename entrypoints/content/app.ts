// The content script's controller: decides whether to annotate, scans in slices, highlights,
// keeps up with live pages, drives the tooltip and answers the popup. It never receives the
// reader's flags: ranking happens in the background for the tooltip frame only.
import * as v from 'valibot';
import type { CompactMention } from '../../lib/annotate/compact';
import { ScanError } from '../../lib/annotate/remote-scanner';
import type { PageMeta } from '../../lib/matching/types';
import {
  ask,
  type BackgroundRequest,
  type ContentHandlers,
  type ContentReply,
  ContentRequestSchema,
  type Dose,
  describeIssues,
  isErrorResponse,
  type PageMention,
  type PageState,
  type PageSummary,
  type Transport,
} from '../../lib/messaging/protocol';
import type { PublicSiteSettings } from '../../lib/settings';
import { behaviourChanged, planFor, shouldHighlight } from './decide';
import type { PageScanner, PageScanResult } from './detector';
import { ATTR_FLASH, ATTR_ID, Highlighter, INTERACTIVE_ANCESTOR } from './highlighter';
import { targetIndex } from './keyboard';
import { inDocumentOrder, MARKED, MarkPlan, PENDING, type Planned } from './mark-plan';
import { LiveObserver, type LiveStats, watchNavigation } from './observer';
import { cutPoints } from './offsets';
import { readPageMeta } from './page-meta';
import { ReviewerSupport } from './reviews';
import { isBlockElement, OWN_UI_ATTRIBUTE } from './rules';
import {
  browserYield,
  Cancelled,
  type CancelToken,
  newStats,
  runSliced,
  SLICE_MAX_UNITS,
  type SliceStats,
} from './slicer';
import { ensureStyle, removeStyle } from './styles';
import { inCorridor, TooltipHost } from './tooltip-host';
import { TooltipIntent } from './tooltip-intent';
import { PositionIndex, type Span, spanOf } from './viewport';
import { type Collected, collectBlocks, insideSkipped, type TextBlock } from './walker';

export interface InPageEnv {
  doc: Document;
  win: Window;
  send: Transport<BackgroundRequest>;
  tooltipUrl: string;
  /** A scanner for one pass (detection runs in the background, see lib/annotate/remote-scanner.ts). */
  createScanner(): PageScanner;
  /** False once the extension was reloaded or removed and this script is an orphan. */
  alive?(): boolean;
}

export interface InPageStats extends SliceStats, LiveStats {
  /** Whole-page passes (page load, navigation, scan-now, settings change, showing highlights). */
  fullScans: number;
  /** Passes over added or changed page content only. */
  incrementalScans: number;
  /** Debounce windows that closed with changed content waiting (each allows one incremental pass). */
  dirtyWindows: number;
  /** Characters handed to the scanner, all passes together. */
  scannedChars: number;
  /** Longest wait for the background's analysis (not main-thread work), in milliseconds. */
  maxFinishMs: number;
  /** Highlightable mentions the scanner reported, all passes together. */
  mentionsFound: number;
  /** Of those, mentions whose every part was wrapped so far. */
  mentionsMarked: number;
  /** Mentions that could not be wrapped (the page changed their text first). */
  mentionsLost: number;
  /** Main-thread time of the last full pass until the page was annotated in view, in ms. */
  lastFullPassMs: number;
  /** Of all passes' time: handing text to the scanner (buffering, serialising chunks), in ms. */
  feedMs: number;
  /** Of all passes' time: wrapping mentions in marks, in ms. */
  markMs: number;
  /** Main-thread time spent marking in idle periods, after the page was annotated in view, in ms. */
  idleMs: number;
  /** Mentions marked in idle periods since the last full pass. */
  idleMarked: number;
  /**
   * Reviewer mode: characters of page text sent to the background to re-anchor saved reviews
   * (the same whether the page has reviews or not).
   */
  reviewTextChars: number;
}

/** The 'page-summary' reply: PageSummary plus what tests and the popup may use. */
export interface InPageSummary extends PageSummary {
  /** Highlights hidden with the toggle-highlights command (mentions are those before hiding). */
  hidden: boolean;
  stats: InPageStats;
}

const SLICE_BUDGET_MS = 4;
const MAX_FEED_CHARS = 8000;
const FEED_UNIT_CHARS = 16_000;
const DIRTY_DEBOUNCE_MS = 120;
const NAVIGATION_SETTLE_MS = 300;
const FLASH_MS = 1500;
/** Beyond this many changed nodes in one batch, rescanning the whole body is simpler. */
const MAX_DIRTY_NODES = 2000;

const DEFAULT_PUBLIC: PublicSiteSettings = {
  mode: 'health',
  highlightStyle: 'underline',
  reviewerMode: false,
};

/** Marks are made this many screens around the viewport (above and below); the rest as it comes near. */
const NEAR_SCREENS = 1.5;
/**
 * After the page is annotated in view, this many more mentions are marked in idle periods, nearest
 * first, so the rest of an article is highlighted and reachable with Tab within moments; on a page
 * with more, the rest is marked as the reader comes near.
 */
const IDLE_MARK_LIMIT = 2000;
/** How long after the reader's Tab or press a focusin still counts as theirs. */
const READER_INPUT_MS = 400;
/** Longest idle slice, in milliseconds. */
const IDLE_SLICE_MS = 4;
/** Layout moved this far since the blocks were measured: measure again. */
const DRIFT_PX = 150;
/** After a click or a change of the body's size, wait this long for more before looking. */
const REVEAL_SETTLE_MS = 100;
/** Hidden blocks looked at when the body changes size. */
const REVEAL_CHECKS = 2000;

/** A plan whose marks are made as the reader comes near, with where its blocks are. */
interface LazyPlan {
  plan: MarkPlan;
  containers: Element[];
  index: PositionIndex;
  /** Document height when measured: a change means the layout moved. */
  docHeight: number;
  stale: boolean;
}

export class InPage {
  settings: PublicSiteSettings = DEFAULT_PUBLIC;
  state: PageState = 'scanning';
  health = false;
  doses: Dose[] = [];
  /** The reader asked for a scan on this page (popup, or a keyboard request). */
  private requested = false;
  private hidden = false;
  private hiddenMentions: PageMention[] = [];

  readonly stats: InPageStats = {
    ...newStats(),
    mutationBatches: 0,
    ownRecords: 0,
    navigations: 0,
    fullScans: 0,
    incrementalScans: 0,
    dirtyWindows: 0,
    scannedChars: 0,
    maxFinishMs: 0,
    mentionsFound: 0,
    mentionsMarked: 0,
    mentionsLost: 0,
    lastFullPassMs: 0,
    feedMs: 0,
    markMs: 0,
    idleMs: 0,
    idleMarked: 0,
    reviewTextChars: 0,
  };

  private readonly doc: Document;
  private readonly win: Window;
  private readonly highlighter: Highlighter;
  private readonly host: TooltipHost;
  private readonly intent: TooltipIntent<HTMLElement>;
  private readonly live: LiveObserver;
  /** Reviewer mode only: mention selectors for the tooltip, re-anchoring saved reviews. */
  private readonly reviewer: ReviewerSupport;
  private readonly yieldToMain = browserYield();
  private readonly abort = new AbortController();

  private fullPending = false;
  private dirty: Node[] = [];
  private dirtyReady = false;
  private dirtyTimer: ReturnType<typeof setTimeout> | undefined;
  private navTimer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private token: { cancelled: boolean } = { cancelled: false };
  private idleWaiters: (() => void)[] = [];

  /** What the passes since the last full pass found, marked or waiting to be. */
  private plans: MarkPlan[] = [];
  private markQueue: [MarkPlan, number][] = [];
  private lazy: LazyPlan[] = [];
  /** Blocks to mark in idle periods (nearest first), and where the next one is. */
  private idleQueue: [MarkPlan, number][] = [];
  private idleNext = 0;
  /** Plans whose blocks still have to be put in the idle queue. */
  private idleToPlan: LazyPlan[] = [];
  private idleHandle: number | undefined;
  private viewCheckScheduled = false;
  private revealTimer: number | undefined;
  private remeasure = false;
  private scanner: PageScanner | undefined;
  /** The page's own description, read by the first scan of a full pass. */
  private pageMeta: PageMeta | undefined;

  private hovered: HTMLElement | undefined;
  /** Last pointer position the page saw (null: the pointer left the window). */
  private pointer: { x: number; y: number } | null = null;
  private pointerWasNear = false;
  private focused: HTMLElement | undefined;
  private expanded: HTMLElement | undefined;
  private openSeq = 0;
  private focusIntoTooltip = false;
  /**
   * When the reader last did something that moves focus (Tab, a press, focus coming back from our
   * frame, our own commands). Page script calling mark.focus() also fires a trusted focusin; a
   * focusin with no reader input just before it opens nothing.
   */
  private readerInputAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly env: InPageEnv) {
    this.doc = env.doc;
    this.win = env.win;
    this.highlighter = new Highlighter(this.doc);
    this.host = new TooltipHost(this.doc, env.tooltipUrl, {
      pointerEnter: () => this.intent.pointerEnterTip(),
      pointerLeave: () => this.intent.pointerLeaveTip(),
      focusEnter: () => this.intent.focusEnterTip(),
      focusLeave: () => {
        // Focus leaving our frame is the reader's Tab (or click) inside it, which the page never sees.
        this.noteReaderInput();
        this.intent.focusLeaveTip();
      },
    });
    this.intent = new TooltipIntent<HTMLElement>({
      setTimer: (fn, ms) => this.win.setTimeout(fn, ms),
      clearTimer: (h) => this.win.clearTimeout(h as number),
      open: (m) => {
        void this.openTooltip(m);
      },
      close: () => this.closeTooltip(),
      pointerNearTooltip: () => this.pointerNearTooltip(),
      focusInTooltip: () => this.host.hasFocus(),
    });
    this.live = new LiveObserver(this.doc.documentElement, {
      isOurs: (n) => this.isOursNode(n),
      onDirty: (nodes) => this.onDirty(nodes),
      stats: this.stats,
    });
    this.reviewer = new ReviewerSupport({
      doc: this.doc,
      win: this.win,
      send: (m) => this.env.send(m),
      isOurs: (el) => this.isOursUi(el),
      mentions: () =>
        this.highlighter.primaries().map((primary) => ({
          primary,
          parts: this.highlighter.info(primary)?.parts ?? [primary],
        })),
      active: () => !this.abort.signal.aborted && this.settings.reviewerMode,
      textSent: (chars) => {
        this.stats.reviewTextChars += chars;
      },
    });
  }

  // ------------------------------------------------------------------------------------------
  // Life cycle

  async start(): Promise<void> {
    this.listen();
    watchNavigation(this.win, () => this.onNavigate(), this.abort.signal);
    await this.loadSettings();
    this.requestFull();
  }

  /** Extension reloaded or disabled: give the page back exactly as it was. */
  teardown(): void {
    this.abort.abort();
    this.token.cancelled = true;
    this.intent.reset();
    this.host.hide();
    this.reviewer.reset();
    this.live.stop();
    this.forgetPlans();
    this.highlighter.restore();
    removeStyle(this.doc);
    clearTimeout(this.dirtyTimer);
    clearTimeout(this.navTimer);
  }

  /** Resolves when no pass is running or queued. */
  idle(): Promise<void> {
    if (!this.running && !this.fullPending) return Promise.resolve();
    return new Promise((ok) => this.idleWaiters.push(ok));
  }

  private async loadSettings(): Promise<void> {
    const res = await ask(this.env.send, {
      type: 'site-settings',
      hostname: this.win.location.hostname.slice(0, 300),
    }).catch(() => undefined);
    if (res && !isErrorResponse(res) && typeof res.mode === 'string') this.settings = res;
  }

  // ------------------------------------------------------------------------------------------
  // Work queue: one pass at a time; a full pass cancels whatever runs.

  private requestFull(): void {
    this.fullPending = true;
    this.token.cancelled = true;
    this.kick();
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.loop().finally(() => {
      this.running = undefined;
      if (
        this.fullPending ||
        (this.dirtyReady && this.dirty.length > 0) ||
        this.remeasure ||
        this.markQueue.length > 0
      )
        this.kick();
      else for (const w of this.idleWaiters.splice(0)) w();
    });
  }

  private async loop(): Promise<void> {
    for (;;) {
      if (this.fullPending) {
        this.fullPending = false;
        this.dirty = [];
        await this.guard(() => this.fullPass());
        continue;
      }
      if (this.dirtyReady && this.dirty.length > 0) {
        const nodes = this.dirty;
        this.dirty = [];
        this.dirtyReady = false;
        await this.guard(() => this.incrementalPass(nodes));
        continue;
      }
      if (this.remeasure) {
        this.remeasure = false;
        await this.guard(() => this.measureStale(this.token));
        continue;
      }
      if (this.markQueue.length > 0) {
        await this.guard(() => this.drainMarks(this.token));
        continue;
      }
      return;
    }
  }

  private async guard(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      // The background lost or refused a scan (restarted worker, a page past the size limit):
      // the page stays as it is; the next pass tries again.
      if (e instanceof ScanError) console.warn('SuppLens: scan failed:', e.message);
      else if (!(e instanceof Cancelled)) console.error('SuppLens:', e);
    }
  }

  private slice<T>(job: Generator<unknown, T, void>, token: CancelToken, writes: boolean): Promise<T> {
    return runSliced(
      job,
      {
        now: () => this.win.performance.now(),
        yieldToMain: this.yieldToMain,
        budgetMs: SLICE_BUDGET_MS,
        maxUnits: SLICE_MAX_UNITS,
        ...(writes ? { beforeSlice: () => this.live.pause(), afterSlice: () => this.live.resume() } : {}),
      },
      this.stats,
      token,
    );
  }

  // ------------------------------------------------------------------------------------------
  // Passes

  private async fullPass(): Promise<void> {
    const token = { cancelled: false };
    this.token = token;
    this.intent.reset();
    const before = this.stats.totalMs;
    this.timed(() =>
      this.live.quiet(() => {
        this.forgetPlans();
        this.highlighter.restore();
        // Marks of an earlier copy of this script can only be there the first time.
        if (this.stats.fullScans === 0) this.highlighter.removeStrays();
      }),
    );
    this.doses = [];
    this.health = false;
    this.pageMeta = undefined;
    const plan = planFor(this.settings, this.requested);
    if (this.hidden || plan.kind === 'idle') {
      this.live.stop();
      this.live.quiet(() => removeStyle(this.doc));
      if (plan.kind === 'idle') this.state = plan.state;
      return;
    }
    const body = this.doc.body;
    if (!body) {
      this.state = 'not-health';
      return;
    }
    this.state = 'scanning';
    this.stats.fullScans++;
    // Listen from the start: content the page adds while we scan is picked up afterwards.
    this.live.start();
    const found = await this.scan([body], token);
    this.health = found.result.health.isHealth;
    this.addDoses(found.result.doses);
    if (!shouldHighlight(plan, this.health)) {
      this.state = 'not-health';
      this.live.stop();
      this.dirty = [];
      return;
    }
    this.live.quiet(() => ensureStyle(this.doc, this.settings.highlightStyle));
    await this.place(found.blocks, found.result.mentions, token);
    this.state = 'annotated';
    this.stats.lastFullPassMs = this.stats.totalMs - before;
    // Reviewer mode: re-anchor this page's saved reviews once the page is annotated.
    if (this.settings.reviewerMode)
      this.reviewer.afterScan().catch((e: unknown) => console.error('SuppLens:', e));
  }

  private async incrementalPass(nodes: Node[]): Promise<void> {
    if (this.state !== 'annotated' || this.hidden) return;
    const roots = this.scanRoots(nodes);
    if (roots.length === 0) return;
    const token = { cancelled: false };
    this.token = token;
    this.stats.incrementalScans++;
    this.timed(() =>
      this.live.quiet(() => {
        for (const p of this.plans) p.dropWithin(roots);
        for (const r of roots) this.highlighter.restore(r);
      }),
    );
    if (this.intent.anchor && !this.intent.anchor.isConnected) this.intent.reset();
    const found = await this.scan(roots, token);
    this.addDoses(found.result.doses);
    await this.place(found.blocks, found.result.mentions, token);
  }

  /** Reads the text under `roots` in slices, streaming it to the scanner; then its analysis. */
  private async scan(
    roots: Element[],
    token: CancelToken,
  ): Promise<{ blocks: TextBlock[]; result: PageScanResult }> {
    this.scanner?.cancel();
    const scanner = this.env.createScanner();
    this.scanner = scanner;
    const self = this;
    const blocks = await this.slice(
      (function* () {
        const all: TextBlock[] = [];
        let offset = 0;
        for (const root of roots) {
          if (!root.isConnected) continue;
          const c = yield* self.collectAndFeed(root, scanner, offset);
          for (const b of c.blocks) all.push(b);
          offset = c.end;
        }
        return all;
      })(),
      token,
      false,
    );
    // Read once per full pass: a walk of the whole document, and it does not change with the
    // content an incremental pass looks at.
    this.pageMeta ??= this.timed(() => readPageMeta(this.doc, this.win.location.href));
    const meta = this.pageMeta;
    const t = this.win.performance.now();
    try {
      const answer = await scanner.finish(meta);
      this.stats.maxFinishMs = Math.max(this.stats.maxFinishMs, this.win.performance.now() - t);
      if (token.cancelled) throw new Cancelled();
      return { blocks, result: this.timed(() => answer.read()) };
    } finally {
      if (this.scanner === scanner) this.scanner = undefined;
    }
  }

  /**
   * Plans what a pass found: marks what is near the viewport now and watches the rest until it
   * comes near. Reviewer mode marks the same way (the page must not be able to tell a reviewer by
   * its marks); exports mark everything when asked (page-detections).
   */
  private async place(blocks: TextBlock[], found: CompactMention[], token: CancelToken): Promise<void> {
    const plan = new MarkPlan(blocks);
    await this.slice(plan.add(found), token, false);
    this.plans.push(plan);
    this.stats.mentionsFound += plan.mentions.length;
    if (plan.pending.size === 0) return;
    const lazy: LazyPlan = {
      plan,
      containers: [...plan.byContainer.keys()],
      index: new PositionIndex([], 0),
      docHeight: 0,
      stale: false,
    };
    await this.afterFrame();
    if (token.cancelled) throw new Cancelled();
    await this.slice(this.measure(lazy), token, false);
    this.lazy.push(lazy);
    this.queueNear(lazy);
    await this.drainMarks(token);
    this.idleToPlan.push(lazy);
    this.requestIdle();
  }

  private requestIdle(): void {
    if (this.idleHandle !== undefined || this.stats.idleMarked >= IDLE_MARK_LIMIT) return;
    const win = this.win as Window & {
      requestIdleCallback?: (cb: (d: IdleDeadline) => void, o?: { timeout: number }) => number;
    };
    const run = (deadline?: IdleDeadline) => {
      this.idleHandle = undefined;
      if (!this.abort.signal.aborted) this.idleWork(deadline);
    };
    this.idleHandle = win.requestIdleCallback
      ? win.requestIdleCallback(run, { timeout: 3000 })
      : win.setTimeout(() => run(), 50);
  }

  /** One idle slice: marks the nearest pending blocks until the idle period or the slice ends. */
  private idleWork(deadline?: IdleDeadline): void {
    const perf = this.win.performance;
    const start = perf.now();
    const budget = Math.max(1, Math.min(IDLE_SLICE_MS, deadline?.timeRemaining() ?? IDLE_SLICE_MS));
    this.timed(() =>
      this.live.quiet(() => {
        for (const lazy of this.idleToPlan.splice(0)) this.queueByDistance(lazy);
        while (
          this.idleNext < this.idleQueue.length &&
          this.stats.idleMarked < IDLE_MARK_LIMIT &&
          perf.now() - start < budget
        ) {
          const [plan, bi] = this.idleQueue[this.idleNext++]!;
          if (!plan.pending.has(bi) || !this.plans.includes(plan)) continue;
          const before = this.stats.mentionsMarked;
          this.markBlockOf(plan, bi);
          this.stats.idleMarked += this.stats.mentionsMarked - before;
        }
      }),
    );
    this.stats.idleMs += perf.now() - start;
    if (this.idleNext < this.idleQueue.length) this.requestIdle();
    else {
      this.idleQueue = [];
      this.idleNext = 0;
    }
  }

  /**
   * Appends a plan's pending blocks to the idle queue, nearest to the viewport first. Only as far
   * out as the idle limit can reach: the window around the viewport doubles until it holds enough
   * blocks, so a huge page costs no sort of all its blocks.
   */
  private queueByDistance(lazy: LazyPlan): void {
    const h = this.screen();
    const mid = this.win.scrollY + h / 2;
    const need = IDLE_MARK_LIMIT - this.stats.idleMarked;
    const reach = Math.max(lazy.docHeight, this.win.scrollY + h) + h;
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
      for (const bi of lazy.plan.pendingIn(lazy.containers[i]!)) this.idleQueue.push([lazy.plan, bi]);
  }

  /** Measures where a plan's blocks are (layout reads, a few hundred per unit). */
  private *measure(lazy: LazyPlan): Generator<void, void, void> {
    const spans: (Span | undefined)[] = new Array(lazy.containers.length);
    let y = this.win.scrollY;
    for (let i = 0; i < lazy.containers.length; i++) {
      if ((i & 255) === 255) {
        yield;
        // The reader may have scrolled between two units.
        y = this.win.scrollY;
      }
      spans[i] = spanOf(lazy.containers[i]!, y);
    }
    lazy.index = new PositionIndex(spans, 2 * this.screen());
    lazy.docHeight = this.doc.documentElement.scrollHeight;
    lazy.stale = false;
  }

  private async measureStale(token: CancelToken): Promise<void> {
    for (const lazy of this.lazy) {
      if (!lazy.stale || lazy.plan.pending.size === 0) continue;
      await this.afterFrame();
      if (token.cancelled) throw new Cancelled();
      await this.slice(this.measure(lazy), token, false);
      this.queueNear(lazy);
    }
  }

  /**
   * Resolves just after the next frame, when the page's layout is fresh: layout reads then cost
   * little, where reading earlier would make our slice pay for the page's own pending layout (a
   * page building a million nodes: 300 ms). A hidden tab renders no frames: a timer stands in.
   */
  private afterFrame(): Promise<void> {
    return new Promise((resolve) => {
      let done = false;
      const go = () => {
        if (done) return;
        done = true;
        resolve();
      };
      this.win.requestAnimationFrame(() => this.win.setTimeout(go, 0));
      this.win.setTimeout(go, 100);
    });
  }

  private screen(): number {
    return this.win.innerHeight || 800;
  }

  /** Queues the pending blocks of `lazy` near the viewport (by the last measurement). */
  private queueNear(lazy: LazyPlan): void {
    const y = this.win.scrollY;
    const h = this.screen();
    const margin = NEAR_SCREENS * h;
    for (const i of lazy.index.overlapping(y - margin, y + h + margin))
      for (const bi of lazy.plan.pendingIn(lazy.containers[i]!)) this.markQueue.push([lazy.plan, bi]);
  }

  /** The reader scrolled, resized or opened something: at most once a frame, mark what came near. */
  private viewChanged(layoutMoved: boolean): void {
    if (layoutMoved) for (const lazy of this.lazy) lazy.stale = true;
    if (this.viewCheckScheduled || this.lazy.length === 0) return;
    this.viewCheckScheduled = true;
    this.afterFrame().then(() => {
      this.viewCheckScheduled = false;
      if (!this.abort.signal.aborted) this.timed(() => this.checkNear());
    });
  }

  /**
   * Text a page reveals with its own script ("Read more", tabs, accordions) fires none of the
   * events above. Such a reveal usually follows a click, or changes the body's size: then, if a
   * block that was hidden is shown now, measure again. Size changes under a pixel are ignored (our
   * marks may round a line box).
   */
  private watchReveals(): void {
    const passive = { capture: true, passive: true, signal: this.abort.signal };
    this.doc.addEventListener(
      'click',
      (e) => {
        if (e.isTrusted) this.checkRevealedSoon();
      },
      passive,
    );
    this.abort.signal.addEventListener('abort', () => {
      if (this.revealTimer !== undefined) this.win.clearTimeout(this.revealTimer);
    });
    const body = this.doc.body;
    const RO = (this.win as Window & { ResizeObserver?: typeof ResizeObserver }).ResizeObserver;
    if (!body || !RO) return;
    let last: { w: number; h: number } | undefined;
    const ro = new RO((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (!box) return;
      const moved = last && (Math.abs(box.width - last.w) >= 1 || Math.abs(box.height - last.h) >= 1);
      last = { w: box.width, h: box.height };
      if (moved) this.checkRevealedSoon();
    });
    ro.observe(body);
    this.abort.signal.addEventListener('abort', () => ro.disconnect());
  }

  /** Once a burst of changes settles, just after a frame (layout reads then cost little). */
  private checkRevealedSoon(): void {
    if (this.revealTimer !== undefined || this.lazy.length === 0) return;
    this.revealTimer = this.win.setTimeout(() => {
      void this.afterFrame().then(() => {
        this.revealTimer = undefined;
        if (!this.abort.signal.aborted && this.timed(() => this.revealed())) this.viewChanged(true);
      });
    }, REVEAL_SETTLE_MS);
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
    const docHeight = this.doc.documentElement.scrollHeight;
    const y = this.win.scrollY;
    const h = this.screen();
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
    if (this.remeasure || this.markQueue.length > 0) this.kick();
  }

  /** Marks the queued blocks in slices. */
  private async drainMarks(token: CancelToken): Promise<void> {
    const queue = this.markQueue;
    this.markQueue = [];
    const self = this;
    await this.slice(
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
    const t = this.win.performance.now();
    const { marked, lost } = plan.markBlock(bi, this.highlighter);
    this.stats.markMs += this.win.performance.now() - t;
    this.stats.mentionsMarked += marked;
    this.stats.mentionsLost += lost;
  }

  /** Marks every mention not marked yet (reviewer exports need them all anchored). */
  private async markEverything(): Promise<void> {
    for (const plan of this.plans) for (const bi of plan.pending) this.markQueue.push([plan, bi]);
    if (this.markQueue.length === 0) return;
    this.kick();
    await this.idle();
  }

  /** Makes sure one mention is marked now (the reader jumps to it). */
  private ensureMarked(p: Planned): void {
    if (p.state !== PENDING) return;
    const plan = this.plans.find((x) => x.mentions.includes(p));
    if (!plan) return;
    this.timed(() => this.live.quiet(() => this.markBlockOf(plan, p.block)));
  }

  private forgetPlans(): void {
    this.lazy = [];
    this.idleQueue = [];
    this.idleNext = 0;
    this.idleToPlan = [];
    this.stats.idleMarked = 0;
    this.remeasure = false;
    this.markQueue = [];
    this.plans = [];
    this.scanner?.cancel();
    this.scanner = undefined;
  }

  /** Every mention a reader can see or reach, in document order. */
  private liveMentions(): Planned[] {
    const out: Planned[] = [];
    for (const plan of inDocumentOrder(this.plans)) for (const p of plan.live()) out.push(p);
    return out;
  }

  /** Runs a piece of main-thread work that is not sliced, counting it like a slice. */
  private timed<T>(fn: () => T): T {
    const t = this.win.performance.now();
    try {
      return fn();
    } finally {
      const spent = this.win.performance.now() - t;
      this.stats.slices++;
      this.stats.units++;
      this.stats.maxSliceUnits ||= 1;
      this.stats.totalMs += spent;
      if (spent > this.stats.maxSliceMs) this.stats.maxSliceMs = spent;
    }
  }

  private *collectAndFeed(
    root: Element,
    scanner: PageScanner,
    offset: number,
  ): Generator<void, Collected, void> {
    const collected = yield* collectBlocks(root, (el) => this.isOursElement(el), offset);
    const perf = this.win.performance;
    let fed = 0;
    let t = perf.now();
    for (const b of collected.blocks) {
      if (b.length > MAX_FEED_CHARS) {
        let from = 0;
        for (const cut of cutPoints(b.text, MAX_FEED_CHARS)) {
          scanner.feed(b.text.slice(from, cut), b.offset + from);
          from = cut;
          this.stats.feedMs += perf.now() - t;
          yield;
          t = perf.now();
        }
      } else {
        scanner.feed(b.text, b.offset);
        fed += b.length;
        // Feeding buffers and now and then serialises a chunk: yield per chunk's worth.
        if (fed > FEED_UNIT_CHARS) {
          fed = 0;
          this.stats.feedMs += perf.now() - t;
          yield;
          t = perf.now();
        }
      }
      this.stats.scannedChars += b.length;
    }
    this.stats.feedMs += perf.now() - t;
    return collected;
  }

  private addDoses(doses: Dose[]): void {
    for (const d of doses) {
      if (this.doses.length >= 50) break;
      if (!this.doses.some((x) => x.conceptId === d.conceptId && x.text === d.text)) this.doses.push(d);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Live pages

  private onDirty(nodes: Node[]): void {
    if (this.hidden || (this.state !== 'annotated' && this.state !== 'scanning')) return;
    // Past the cap, the whole body is rescanned anyway: stop collecting (scanRoots checks length).
    if (this.dirty.length <= MAX_DIRTY_NODES) for (const n of nodes) this.dirty.push(n);
    clearTimeout(this.dirtyTimer);
    this.dirtyTimer = setTimeout(() => {
      this.stats.dirtyWindows++;
      this.dirtyReady = true;
      this.kick();
    }, DIRTY_DEBOUNCE_MS);
  }

  /** The smallest set of page elements to rescan for these new or changed nodes. */
  private scanRoots(nodes: Node[]): Element[] {
    const body = this.doc.body;
    if (!body) return [];
    if (nodes.length > MAX_DIRTY_NODES) return [body];
    const set = new Set<Element>();
    for (let n of nodes) {
      if (!n.isConnected || !body.contains(n)) continue;
      // Text the page changed inside one of our marks: that mention's block needs a fresh look.
      const mark = this.highlighter.markOf(n);
      if (mark) n = mark;
      else if (insideSkipped(n, (x) => this.host.isOurs(x))) continue;
      // Added nodes without any text (images, empty wrappers, white space) change nothing we read.
      if (!mark && !/\S/.test(n.textContent ?? '')) continue;
      const el = n.nodeType === 1 ? (n as Element) : n.parentElement;
      if (!el) continue;
      const root = n.nodeType === 1 && !mark && isBlockElement(el) ? el : this.blockOf(el);
      if (insideSkipped(root, (x) => this.host.isOurs(x))) continue;
      set.add(root);
    }
    const sorted = [...set].sort((a, b) =>
      a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
    );
    const out: Element[] = [];
    for (const r of sorted) {
      const last = out[out.length - 1];
      if (last?.contains(r)) continue;
      out.push(r);
    }
    return out;
  }

  private blockOf(el: Element): Element {
    for (let cur: Element | null = el; cur; cur = cur.parentElement) {
      if (isBlockElement(cur) || cur === this.doc.body) return cur;
    }
    return this.doc.body ?? this.doc.documentElement;
  }

  private onNavigate(): void {
    this.stats.navigations++;
    this.requested = false;
    this.intent.reset();
    clearTimeout(this.navTimer);
    this.navTimer = setTimeout(() => this.requestFull(), NAVIGATION_SETTLE_MS);
  }

  // ------------------------------------------------------------------------------------------
  // Ours or the page's

  private isOursElement(el: Element): boolean {
    // Marks and the tooltip host are spans: the lookups only for spans, as this runs for every
    // element of the page.
    if (el.localName !== 'span') return false;
    return this.host.isOurs(el) || this.highlighter.isOurs(el) || el.hasAttribute(ATTR_ID);
  }

  /** SuppLens elements with text of their own (not the marks, which wrap the page's text). */
  private isOursUi(el: Element): boolean {
    return this.host.isOurs(el) || el.hasAttribute(OWN_UI_ATTRIBUTE);
  }

  private isOursNode(n: Node): boolean {
    for (let x: Node | null = n; x; x = x.parentNode) {
      if (x.nodeType === 1 && (this.highlighter.isOurs(x as Element) || this.host.isOurs(x as Element)))
        return true;
    }
    return false;
  }

  /** The focusable part of the mention containing `target`. */
  private primaryOf(target: EventTarget | null): HTMLElement | undefined {
    if (!(target instanceof Node)) return undefined;
    const part = this.highlighter.markOf(target);
    if (!part) return undefined;
    return this.highlighter.info(part)?.parts[0];
  }

  // ------------------------------------------------------------------------------------------
  // Tooltip

  /**
   * An orphaned copy of this script (extension reloaded or removed) cannot show tooltips any more:
   * on the reader's next interaction it gives the page back.
   */
  private orphaned(): boolean {
    if (!this.env.alive || this.env.alive()) return false;
    this.teardown();
    return true;
  }

  /** Page events; synthetic ones (dispatched by page script, isTrusted false) are ignored. */
  private listen(): void {
    const opts = { capture: true, signal: this.abort.signal };
    const doc = this.doc;
    // Marks follow the reader: scrolling (the window or any scroller inside the page), a resized
    // window, an opened <details>, late images and fonts moving the layout.
    const passive = { capture: true, passive: true, signal: this.abort.signal };
    this.win.addEventListener('scroll', () => this.viewChanged(false), passive);
    this.win.addEventListener('resize', () => this.viewChanged(true), passive);
    this.win.addEventListener('load', () => this.viewChanged(true), passive);
    doc.addEventListener('toggle', () => this.viewChanged(true), passive);
    this.watchReveals();
    doc.addEventListener(
      'mouseover',
      (e) => {
        if (!e.isTrusted || this.orphaned()) return;
        const m = this.primaryOf(e.target);
        if (e instanceof MouseEvent) this.pointer = { x: e.clientX, y: e.clientY };
        if (m === this.hovered) return;
        if (this.hovered) this.intent.pointerLeaveMark(this.hovered);
        this.hovered = m;
        if (m) this.intent.pointerEnterMark(m);
      },
      opts,
    );
    doc.addEventListener(
      'mouseout',
      (e) => {
        if (!e.isTrusted) return;
        if (e.relatedTarget !== null) return;
        this.pointer = null;
        if (this.hovered) {
          this.intent.pointerLeaveMark(this.hovered);
          this.hovered = undefined;
        }
      },
      opts,
    );
    doc.addEventListener(
      'mousemove',
      (e) => {
        if (!e.isTrusted) return;
        this.pointer = { x: e.clientX, y: e.clientY };
        if (!this.host.isOpen) return;
        const near = this.pointerNearTooltip();
        if (this.pointerWasNear && !near) this.intent.pointerElsewhere();
        this.pointerWasNear = near;
      },
      { ...opts, passive: true },
    );
    doc.addEventListener(
      'focusin',
      (e) => {
        if (!e.isTrusted || this.orphaned()) return;
        const m = this.primaryOf(e.target);
        if (m && e.target === m) {
          if (!this.recentReaderInput()) return;
          if (this.focused && this.focused !== m) this.intent.focusLeaveMark(this.focused);
          this.focused = m;
          this.intent.focusEnterMark(m);
        }
      },
      opts,
    );
    doc.addEventListener(
      'focusout',
      (e) => {
        if (!e.isTrusted) return;
        if (this.focused && e.target === this.focused) {
          const m = this.focused;
          this.focused = undefined;
          this.intent.focusLeaveMark(m);
        }
      },
      opts,
    );
    doc.addEventListener(
      'pointerdown',
      (e) => {
        if (e.isTrusted) this.noteReaderInput();
      },
      { ...opts, passive: true },
    );
    doc.addEventListener(
      'keydown',
      (e) => {
        if (!e.isTrusted) return;
        if (e.key === 'Tab') this.noteReaderInput();
        if (e.key === 'Escape') {
          if (this.intent.escape()) e.stopPropagation();
          return;
        }
        if (e.key !== 'Enter' && e.key !== ' ') return;
        const m = this.primaryOf(e.target);
        if (!m || e.target !== m) return;
        e.preventDefault();
        if (this.intent.anchor === m && this.host.isOpen) this.host.focus();
        else {
          this.focusIntoTooltip = true;
          this.intent.activate(m);
        }
      },
      opts,
    );
    doc.addEventListener(
      'click',
      (e) => {
        if (!e.isTrusted) return;
        const m = this.primaryOf(e.target);
        if (m) this.intent.activate(m);
      },
      opts,
    );
  }

  private noteReaderInput(): void {
    this.readerInputAt = this.win.performance.now();
  }

  private recentReaderInput(): boolean {
    return this.win.performance.now() - this.readerInputAt <= READER_INPUT_MS;
  }

  /** The pointer was last seen between the open mention and its tooltip (or on the tooltip). */
  private pointerNearTooltip(): boolean {
    const anchor = this.intent.anchor;
    const frame = this.host.frameBox();
    if (!this.pointer || !anchor || !frame) return false;
    const parts = this.highlighter.info(anchor)?.parts ?? [anchor];
    return parts.some((p) => {
      for (const r of p.getClientRects())
        if (inCorridor(this.pointer!.x, this.pointer!.y, r, frame)) return true;
      return false;
    });
  }

  private async openTooltip(m: HTMLElement): Promise<void> {
    const info = this.highlighter.info(m);
    const seq = ++this.openSeq;
    const focusInto = this.focusIntoTooltip;
    this.focusIntoTooltip = false;
    if (!info) return;
    const pageConcepts = [
      ...new Set([
        ...this.liveMentions().map((p) => p.info.id),
        ...this.plans.flatMap((p) => [...p.quietConcepts]),
      ]),
    ].slice(0, 2000);
    // Reviewer mode: the mention's page-text selectors, for the tooltip's verdict form.
    const anchor = this.settings.reviewerMode ? this.reviewer.describeMention(info.parts) : undefined;
    const token = tooltipToken();
    const res = await this.env
      .send({
        type: 'tooltip-open',
        token,
        conceptId: info.id,
        mentionText: info.text.slice(0, 200),
        pageConcepts,
        doses: this.doses.slice(0, 50),
        ...(anchor ? { anchor } : {}),
      })
      .catch(() => undefined);
    if (seq !== this.openSeq || this.intent.anchor !== m || !m.isConnected) return;
    if (!res || isErrorResponse(res)) {
      this.intent.reset();
      return;
    }
    const last = info.parts[info.parts.length - 1] ?? m;
    this.live.quiet(() => this.host.show(m, last, `SuppLens: ${info.name}`, token));
    this.expanded?.setAttribute('aria-expanded', 'false');
    m.setAttribute('aria-expanded', 'true');
    this.expanded = m;
    if (focusInto) this.host.focus();
  }

  private closeTooltip(): void {
    this.openSeq++;
    if (this.host.isOpen) this.live.quiet(() => this.host.hide());
    this.expanded?.setAttribute('aria-expanded', 'false');
    this.expanded = undefined;
    this.env.send({ type: 'tooltip-close' }).catch(() => undefined);
  }

  /** The tooltip frame asked to close (Escape or its close button). */
  private closeFromFrame(returnFocus: boolean): void {
    const anchor = this.intent.anchor;
    const hadFocus = this.host.hasFocus();
    this.intent.escape();
    if (returnFocus && anchor?.isConnected && (hadFocus || this.doc.activeElement === this.doc.body)) {
      anchor.focus({ preventScroll: true });
    }
  }

  // ------------------------------------------------------------------------------------------
  // Messages from the popup and the background

  /** One handler per message, typed by the protocol's ContentReplies. */
  private readonly handlers: ContentHandlers = {
    'page-summary': () => this.summary(),
    'focus-mention': (msg) => this.focusMention(msg.index),
    'scan-now': async () => {
      this.requested = true;
      this.hidden = false;
      this.requestFull();
      await this.idle();
      return this.summary();
    },
    'tooltip-close': (msg) => {
      this.closeFromFrame(msg.returnFocus ?? false);
      return { ok: true };
    },
    'settings-changed': async () => {
      await this.onSettingsChanged();
      return { ok: true };
    },
    'page-detections': async () => {
      if (this.hidden) return [];
      await this.markEverything();
      return this.reviewer.detections((p) => {
        const info = this.highlighter.info(p);
        return info ? { id: info.id, name: info.name } : undefined;
      });
    },
    command: async (msg) => {
      if (msg.name === 'toggle-highlights') await this.toggleHighlights();
      else this.moveFocus(msg.name === 'next-mention' ? 1 : -1);
      return { ok: true };
    },
  };

  async handleMessage(raw: unknown): Promise<ContentReply> {
    const parsed = v.safeParse(ContentRequestSchema, raw);
    if (!parsed.success) return { error: `invalid message: ${describeIssues(parsed.issues)}` };
    const msg = parsed.output;
    // The table's type ties each handler to its message; the union cannot pick its member's handler.
    const handler = this.handlers[msg.type] as (m: typeof msg) => Promise<ContentReply> | ContentReply;
    return handler(msg);
  }

  summary(): InPageSummary {
    const mentions = this.hidden ? this.hiddenMentions : this.currentMentions();
    return {
      url: this.win.location.href,
      title: this.doc.title,
      state: this.state,
      health: this.health,
      mentions,
      doses: this.doses,
      hidden: this.hidden,
      stats: { ...this.stats },
    };
  }

  private currentMentions(): PageMention[] {
    return this.liveMentions().map(({ info }, index) => ({
      index,
      id: info.id,
      kind: info.kind,
      name: info.name,
      text: info.text,
    }));
  }

  private async onSettingsChanged(): Promise<void> {
    const before = this.settings;
    await this.loadSettings();
    const after = this.settings;
    const reviewerChanged = before.reviewerMode !== after.reviewerMode;
    // Off: forget which spans were reviewed (on: start afresh).
    if (reviewerChanged) this.reviewer.reset();
    if (behaviourChanged(before, after)) {
      this.requested = false;
      this.requestFull();
      await this.idle();
    } else if (before.highlightStyle !== after.highlightStyle && this.state === 'annotated' && !this.hidden) {
      this.live.quiet(() => ensureStyle(this.doc, after.highlightStyle));
    }
    // Reviewer mode switched on without a new pass: re-anchor now (a new pass does it itself).
    if (
      reviewerChanged &&
      after.reviewerMode &&
      !behaviourChanged(before, after) &&
      this.state === 'annotated' &&
      !this.hidden
    )
      await this.reviewer.afterScan().catch((e: unknown) => console.error('SuppLens:', e));
  }

  private async toggleHighlights(): Promise<void> {
    if (!this.hidden) {
      this.hiddenMentions = this.currentMentions();
      this.hidden = true;
      this.token.cancelled = true;
      this.intent.reset();
      this.live.stop();
      this.live.quiet(() => {
        this.forgetPlans();
        this.highlighter.restore();
        removeStyle(this.doc);
      });
      return;
    }
    this.hidden = false;
    this.hiddenMentions = [];
    this.requestFull();
    await this.idle();
  }

  private async focusMention(index: number): Promise<ContentReply<'focus-mention'>> {
    if (this.hidden) {
      this.hidden = false;
      this.requestFull();
      await this.idle();
    }
    const p = this.liveMentions()[index];
    if (!p) return { error: `no mention ${index}` };
    this.ensureMarked(p);
    const el = p.state === MARKED ? p.info.parts[0] : undefined;
    if (!el) return { error: `mention ${index} changed before it could be shown` };
    el.scrollIntoView({ block: 'center', inline: 'nearest' });
    // A mention inside a link is not a focus stop of its own: the link takes the focus.
    const focusTarget = el.hasAttribute('tabindex') ? el : el.closest<HTMLElement>(INTERACTIVE_ANCESTOR);
    // The reader asked for it (popup list): the focus may open the tooltip.
    this.noteReaderInput();
    focusTarget?.focus({ preventScroll: true });
    const parts = p.info.parts;
    for (const part of parts) part.setAttribute(ATTR_FLASH, '');
    setTimeout(() => {
      for (const part of parts) part.removeAttribute(ATTR_FLASH);
    }, FLASH_MS);
    return { ok: true };
  }

  /** Next or previous mention that can take the focus (marking it first if it is far away). */
  private moveFocus(direction: 1 | -1): void {
    const list = this.liveMentions();
    if (list.length === 0) return;
    const active = this.doc.activeElement;
    const infoOf = (el: Element | null) => (el ? this.highlighter.info(el) : undefined);
    let activeInfo = infoOf(active);
    if (!activeInfo && this.host.element && active === this.host.element && this.intent.anchor)
      activeInfo = infoOf(this.intent.anchor);
    const current = activeInfo ? list.findIndex((p) => p.info === activeInfo) : -1;
    let firstBelowTop = list.length;
    if (current < 0) {
      const i = list.findIndex(
        (p) => p.state === MARKED && (p.info.parts[0]?.getBoundingClientRect().top ?? -1) >= 0,
      );
      if (i >= 0) firstBelowTop = i;
    }
    let i = targetIndex(list.length, current, direction, firstBelowTop);
    for (let tries = 0; tries < list.length; tries++) {
      const p = list[i]!;
      this.ensureMarked(p);
      const el = p.state === MARKED ? p.info.parts[0] : undefined;
      if (el?.hasAttribute('tabindex')) {
        this.noteReaderInput();
        el.focus();
        return;
      }
      i = (i + direction + list.length) % list.length;
    }
  }
}

/** 128 random bits, URL-safe: the tooltip frame's proof that SuppLens opened it (TooltipToken). */
function tooltipToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

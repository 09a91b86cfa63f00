// The content script's facade: builds the parts and wires them, owns the page model and the life
// cycle, and answers the popup and the background. Its parts, each with one job and dependencies
// pointing one way: the scheduler (runs the jobs it is handed, sliced), the passes and their reader
// (page text to the background's detection), the lazy marker (marks near the viewport, idle and
// revealed), the tooltip controller and navigation. It never receives the reader's flags: ranking
// happens in the background for the tooltip frame only.
import * as v from 'valibot';
import { ScanError } from '../../lib/annotate/remote-scanner';
import {
  ask,
  type BackgroundRequest,
  type ContentHandlers,
  type ContentReply,
  ContentRequestSchema,
  describeIssues,
  isErrorResponse,
  type PageMention,
  type Transport,
} from '../../lib/messaging/protocol';
import { behaviourChanged } from './decide';
import type { PageScanner } from './detector';
import { ATTR_ID, Highlighter } from './highlighter';
import { LazyMarker } from './marker';
import { type InPageStats, type InPageSummary, newInPageStats, newPageModel, type PageModel } from './model';
import { focusMention, moveFocus, type NavigationEnv } from './navigation';
import { LiveObserver, watchNavigation } from './observer';
import { Passes } from './passes';
import { ReviewerSupport } from './reviews';
import { OWN_UI_ATTRIBUTE } from './rules';
import { Scheduler } from './scheduler';
import { browserYield, Cancelled, SLICE_MAX_UNITS } from './slicer';
import { ensureStyle, removeStyle } from './styles';
import { TooltipController } from './tooltip-controller';

export type { InPageStats, InPageSummary } from './model';

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

/** Budget of one slice of our work on the page's main thread, in milliseconds. */
const SLICE_BUDGET_MS = 4;

export class InPage {
  private readonly page: PageModel = newPageModel();
  private readonly stats: InPageStats = newInPageStats();
  private readonly abort = new AbortController();
  private readonly highlighter: Highlighter;
  private readonly live: LiveObserver;
  /** Reviewer mode only: mention selectors for the tooltip, re-anchoring saved reviews. */
  private readonly reviewer: ReviewerSupport;
  private readonly scheduler: Scheduler;
  private readonly marker: LazyMarker;
  private readonly passes: Passes;
  private readonly tooltip: TooltipController;

  constructor(private readonly env: InPageEnv) {
    const { doc, win } = env;
    const { stats, page } = this;
    const signal = this.abort.signal;
    this.highlighter = new Highlighter(doc);
    const yieldToMain = browserYield();
    this.scheduler = new Scheduler({
      now: () => win.performance.now(),
      yieldToMain,
      budgetMs: SLICE_BUDGET_MS,
      maxUnits: SLICE_MAX_UNITS,
      stats,
      beforeWrite: () => this.live.pause(),
      afterWrite: () => this.live.resume(),
      // The background lost or refused a scan (restarted worker, a page past the size limit): the
      // page stays as it is; the next pass tries again.
      onError: (e) => {
        if (e instanceof ScanError) console.warn('SuppLens: scan failed:', e.message);
        else if (!(e instanceof Cancelled)) console.error('SuppLens:', e);
      },
    });
    this.reviewer = new ReviewerSupport({
      doc,
      win,
      send: env.send,
      isOurs: (el) => this.isOursUi(el),
      mentions: () =>
        this.highlighter.primaries().map((primary) => ({
          primary,
          parts: this.highlighter.info(primary)?.parts ?? [primary],
        })),
      active: () => !signal.aborted && page.settings.reviewerMode,
      textSent: (chars) => {
        stats.reviewTextChars += chars;
      },
    });
    const common = { doc, win, stats, scheduler: this.scheduler, highlighter: this.highlighter, signal };
    const live = { quiet: <T>(fn: () => T) => this.live.quiet(fn) };
    this.marker = new LazyMarker({ ...common, live, token: () => this.passes.currentToken() });
    this.tooltip = new TooltipController({
      ...common,
      live,
      tooltipUrl: env.tooltipUrl,
      send: env.send,
      pageConcepts: () => [
        ...this.marker.liveMentions().map((p) => p.info.id),
        ...this.marker.quietConcepts(),
      ],
      doses: () => page.doses,
      reviewerMode: () => page.settings.reviewerMode,
      describeMention: (parts) => this.reviewer.describeMention(parts),
      orphaned: () => this.orphaned(),
    });
    this.passes = new Passes({
      ...common,
      page,
      live: {
        start: () => this.live.start(),
        stop: () => this.live.stop(),
        quiet: live.quiet,
      },
      marker: this.marker,
      tooltip: this.tooltip,
      createScanner: env.createScanner,
      isOursElement: (el) => this.isOursElement(el),
      isOursHost: (el) => this.tooltip.host.isOurs(el),
      afterScan: () => {
        this.reviewer.afterScan().catch((e: unknown) => console.error('SuppLens:', e));
      },
    });
    this.live = new LiveObserver(doc.documentElement, {
      isOurs: (n) => this.isOursNode(n),
      onDirty: (nodes) => this.passes.onDirty(nodes),
      stats,
    });
    this.scheduler.setJobs([...this.passes.jobs, ...this.marker.jobs]);
  }

  async start(): Promise<void> {
    this.marker.listen();
    this.tooltip.listen();
    watchNavigation(this.env.win, () => this.passes.onNavigate(), this.abort.signal);
    await this.loadSettings();
    this.passes.requestFull();
  }

  /** Extension reloaded or disabled: give the page back exactly as it was. */
  teardown(): void {
    this.abort.abort();
    this.passes.dispose();
    this.tooltip.reset();
    this.tooltip.host.hide();
    this.reviewer.reset();
    this.live.stop();
    this.marker.reset();
    this.highlighter.restore();
    removeStyle(this.env.doc);
  }

  /** Resolves when no pass is running or queued. */
  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  /** One handler per message, typed by the protocol's ContentReplies. */
  private readonly handlers: ContentHandlers = {
    'page-summary': () => this.summary(),
    'focus-mention': async (msg) => {
      if (this.page.hidden) await this.showAgain();
      return focusMention(this.navigation(), msg.index);
    },
    'scan-now': async () => {
      this.page.requested = true;
      this.page.hidden = false;
      this.passes.requestFull();
      await this.idle();
      return this.summary();
    },
    'tooltip-close': (msg) => {
      this.tooltip.closeFromFrame(msg.returnFocus ?? false);
      return { ok: true };
    },
    'settings-changed': async () => {
      await this.onSettingsChanged();
      return { ok: true };
    },
    'page-detections': async () => {
      if (this.page.hidden) return [];
      await this.marker.markEverything();
      return this.reviewer.detections((p) => {
        const info = this.highlighter.info(p);
        return info ? { id: info.id, name: info.name } : undefined;
      });
    },
    command: async (msg) => {
      if (msg.name === 'toggle-highlights') await this.toggleHighlights();
      else moveFocus(this.navigation(), msg.name === 'next-mention' ? 1 : -1);
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
    const { page } = this;
    return {
      url: this.env.win.location.href,
      title: this.env.doc.title,
      state: page.state,
      health: page.health,
      mentions: page.hidden ? page.hiddenMentions : this.currentMentions(),
      doses: page.doses,
      hidden: page.hidden,
      stats: { ...this.stats },
    };
  }

  private navigation(): NavigationEnv {
    const { doc } = this.env;
    return { doc, highlighter: this.highlighter, marker: this.marker, tooltip: this.tooltip };
  }

  private async loadSettings(): Promise<void> {
    const res = await ask(this.env.send, {
      type: 'site-settings',
      hostname: this.env.win.location.hostname.slice(0, 300),
    }).catch(() => undefined);
    if (res && !isErrorResponse(res) && typeof res.mode === 'string') this.page.settings = res;
  }

  private currentMentions(): PageMention[] {
    return this.marker.liveMentions().map(({ info }, index) => ({
      index,
      id: info.id,
      kind: info.kind,
      name: info.name,
      text: info.text,
    }));
  }

  private async onSettingsChanged(): Promise<void> {
    const { page } = this;
    const before = page.settings;
    await this.loadSettings();
    const after = page.settings;
    const reviewerChanged = before.reviewerMode !== after.reviewerMode;
    // Off: forget which spans were reviewed (on: start afresh).
    if (reviewerChanged) this.reviewer.reset();
    if (behaviourChanged(before, after)) {
      page.requested = false;
      this.passes.requestFull();
      await this.idle();
    } else if (before.highlightStyle !== after.highlightStyle && page.state === 'annotated' && !page.hidden) {
      this.live.quiet(() => ensureStyle(this.env.doc, after.highlightStyle));
    }
    // Reviewer mode switched on without a new pass: re-anchor now (a new pass does it itself).
    if (
      reviewerChanged &&
      after.reviewerMode &&
      !behaviourChanged(before, after) &&
      page.state === 'annotated' &&
      !page.hidden
    )
      await this.reviewer.afterScan().catch((e: unknown) => console.error('SuppLens:', e));
  }

  private async toggleHighlights(): Promise<void> {
    if (this.page.hidden) return this.showAgain();
    this.page.hiddenMentions = this.currentMentions();
    this.page.hidden = true;
    this.passes.cancel();
    this.tooltip.reset();
    this.live.stop();
    this.live.quiet(() => {
      this.marker.reset();
      this.highlighter.restore();
      removeStyle(this.env.doc);
    });
  }

  private async showAgain(): Promise<void> {
    this.page.hidden = false;
    this.page.hiddenMentions = [];
    this.passes.requestFull();
    await this.idle();
  }

  /**
   * An orphaned copy of this script (extension reloaded or removed) cannot show tooltips any more:
   * on the reader's next interaction it gives the page back.
   */
  private orphaned(): boolean {
    if (!this.env.alive || this.env.alive()) return false;
    this.teardown();
    return true;
  }

  // Ours or the page's: built here once and handed to the parts.

  private isOursElement(el: Element): boolean {
    // Marks and the tooltip host are spans: the lookups only for spans, as this runs for every
    // element of the page.
    if (el.localName !== 'span') return false;
    return this.tooltip.host.isOurs(el) || this.highlighter.isOurs(el) || el.hasAttribute(ATTR_ID);
  }

  /** SuppLens elements with text of their own (not the marks, which wrap the page's text). */
  private isOursUi(el: Element): boolean {
    return this.tooltip.host.isOurs(el) || el.hasAttribute(OWN_UI_ATTRIBUTE);
  }

  private isOursNode(n: Node): boolean {
    for (let x: Node | null = n; x; x = x.parentNode) {
      if (
        x.nodeType === 1 &&
        (this.highlighter.isOurs(x as Element) || this.tooltip.host.isOurs(x as Element))
      )
        return true;
    }
    return false;
  }
}

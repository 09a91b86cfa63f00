// The passes over the page: a full pass (page load, navigation, scan-now, settings) reads the whole
// body and plans its marks; an incremental pass reads only what the page changed, once its changes
// settle. Both are jobs of the scheduler, a full pass first; a full pass cancels what runs.

import type { Dose } from '../../lib/matching/types';
import { planFor, shouldHighlight } from './decide';
import type { Highlighter } from './highlighter';
import type { LazyMarker } from './marker';
import type { PageModel } from './model';
import type { LiveObserver } from './observer';
import { Reader, type ReaderEnv } from './reader';
import { isBlockElement } from './rules';
import type { Job } from './scheduler';
import type { CancelToken } from './slicer';
import { ensureStyle, removeStyle } from './styles';
import type { TooltipController } from './tooltip-controller';
import { insideSkipped } from './walker';

const DIRTY_DEBOUNCE_MS = 120;
const NAVIGATION_SETTLE_MS = 300;
/** Beyond this many changed nodes in one batch, rescanning the whole body is simpler. */
const MAX_DIRTY_NODES = 2000;

export interface PassesEnv extends Omit<ReaderEnv, 'isOurs'> {
  page: PageModel;
  highlighter: Highlighter;
  live: Pick<LiveObserver, 'start' | 'stop' | 'quiet'>;
  marker: Pick<LazyMarker, 'place' | 'reset' | 'dropWithin'>;
  tooltip: Pick<TooltipController, 'reset' | 'intent'>;
  /** Our elements the reader must not read (marks, the tooltip host). */
  isOursElement(el: Element): boolean;
  /** The tooltip host and what is inside it. */
  isOursHost(el: Element): boolean;
  /** After a full pass annotated the page (reviewer mode re-anchors saved reviews). */
  afterScan(): void;
}

export class Passes {
  private readonly reader: Reader;
  private fullPending = false;
  private dirty: Node[] = [];
  private dirtyReady = false;
  private dirtyTimer: ReturnType<typeof setTimeout> | undefined;
  private navTimer: ReturnType<typeof setTimeout> | undefined;
  private token: CancelToken & { cancelled: boolean } = { cancelled: false };

  /** For the scheduler, in this order: a full pass, then changed content. */
  readonly jobs: readonly Job[] = [
    {
      hasWork: () => this.fullPending,
      run: () => {
        this.fullPending = false;
        this.dirty = [];
        return this.fullPass();
      },
    },
    {
      hasWork: () => this.dirtyReady && this.dirty.length > 0,
      run: () => {
        const nodes = this.dirty;
        this.dirty = [];
        this.dirtyReady = false;
        return this.incrementalPass(nodes);
      },
    },
  ];

  constructor(private readonly env: PassesEnv) {
    this.reader = new Reader({ ...env, isOurs: (el) => env.isOursElement(el) });
  }

  private get page(): PageModel {
    return this.env.page;
  }

  /** The pass in flight (its work stops between slices once cancelled). */
  currentToken(): CancelToken {
    return this.token;
  }

  /** Asks for a full pass; it cancels the pass that runs. */
  requestFull(): void {
    this.fullPending = true;
    this.token.cancelled = true;
    this.env.scheduler.kick();
  }

  /** Stops the pass in flight and forgets the scan (highlights hidden, teardown). */
  cancel(): void {
    this.token.cancelled = true;
    this.reader.cancel();
  }

  /** Teardown: no timer fires afterwards. */
  dispose(): void {
    this.cancel();
    clearTimeout(this.dirtyTimer);
    clearTimeout(this.navTimer);
  }

  private async fullPass(): Promise<void> {
    const token = { cancelled: false };
    this.token = token;
    this.env.tooltip.reset();
    const before = this.env.stats.totalMs;
    this.env.scheduler.timed(() =>
      this.env.live.quiet(() => {
        this.env.marker.reset();
        this.reader.cancel();
        this.env.highlighter.restore();
        // Marks of an earlier copy of this script can only be there the first time.
        if (this.env.stats.fullScans === 0) this.env.highlighter.removeStrays();
      }),
    );
    this.page.doses = [];
    this.page.health = false;
    this.reader.newPage();
    const plan = planFor(this.page.settings, this.page.requested);
    if (this.page.hidden || plan.kind === 'idle') {
      this.env.live.stop();
      this.env.live.quiet(() => removeStyle(this.env.doc));
      if (plan.kind === 'idle') this.page.state = plan.state;
      return;
    }
    const body = this.env.doc.body;
    if (!body) {
      this.page.state = 'not-health';
      return;
    }
    this.page.state = 'scanning';
    this.env.stats.fullScans++;
    // Listen from the start: content the page adds while we scan is picked up afterwards.
    this.env.live.start();
    const found = await this.reader.scan([body], token);
    this.page.health = found.result.health.isHealth;
    this.addDoses(found.result.doses);
    if (!shouldHighlight(plan, this.page.health)) {
      this.page.state = 'not-health';
      this.env.live.stop();
      this.dirty = [];
      return;
    }
    this.env.live.quiet(() => ensureStyle(this.env.doc, this.page.settings.highlightStyle));
    await this.env.marker.place(found.blocks, found.result.mentions, token);
    this.page.state = 'annotated';
    this.env.stats.lastFullPassMs = this.env.stats.totalMs - before;
    // Reviewer mode: re-anchor this page's saved reviews once the page is annotated.
    if (this.page.settings.reviewerMode) this.env.afterScan();
  }

  private async incrementalPass(nodes: Node[]): Promise<void> {
    if (this.page.state !== 'annotated' || this.page.hidden) return;
    const roots = this.scanRoots(nodes);
    if (roots.length === 0) return;
    const token = { cancelled: false };
    this.token = token;
    this.env.stats.incrementalScans++;
    this.env.scheduler.timed(() =>
      this.env.live.quiet(() => {
        this.env.marker.dropWithin(roots);
        for (const r of roots) this.env.highlighter.restore(r);
      }),
    );
    if (this.env.tooltip.intent.anchor && !this.env.tooltip.intent.anchor.isConnected)
      this.env.tooltip.reset();
    const found = await this.reader.scan(roots, token);
    this.addDoses(found.result.doses);
    await this.env.marker.place(found.blocks, found.result.mentions, token);
  }

  private addDoses(doses: Dose[]): void {
    for (const d of doses) {
      if (this.page.doses.length >= 50) break;
      if (!this.page.doses.some((x) => x.conceptId === d.conceptId && x.text === d.text))
        this.page.doses.push(d);
    }
  }

  /** The page changed (LiveObserver): rescan what changed once the changes settle. */
  onDirty(nodes: Node[]): void {
    if (this.page.hidden || (this.page.state !== 'annotated' && this.page.state !== 'scanning')) return;
    // Past the cap, the whole body is rescanned anyway: stop collecting (scanRoots checks length).
    if (this.dirty.length <= MAX_DIRTY_NODES) for (const n of nodes) this.dirty.push(n);
    clearTimeout(this.dirtyTimer);
    this.dirtyTimer = setTimeout(() => {
      this.env.stats.dirtyWindows++;
      this.dirtyReady = true;
      this.env.scheduler.kick();
    }, DIRTY_DEBOUNCE_MS);
  }

  /** The smallest set of page elements to rescan for these new or changed nodes. */
  private scanRoots(nodes: Node[]): Element[] {
    const body = this.env.doc.body;
    if (!body) return [];
    if (nodes.length > MAX_DIRTY_NODES) return [body];
    const set = new Set<Element>();
    for (let n of nodes) {
      if (!n.isConnected || !body.contains(n)) continue;
      // Text the page changed inside one of our marks: that mention's block needs a fresh look.
      const mark = this.env.highlighter.markOf(n);
      if (mark) n = mark;
      else if (insideSkipped(n, (x) => this.env.isOursHost(x))) continue;
      // Added nodes without any text (images, empty wrappers, white space) change nothing we read.
      if (!mark && !/\S/.test(n.textContent ?? '')) continue;
      const el = n.nodeType === 1 ? (n as Element) : n.parentElement;
      if (!el) continue;
      const root = n.nodeType === 1 && !mark && isBlockElement(el) ? el : this.blockOf(el);
      if (insideSkipped(root, (x) => this.env.isOursHost(x))) continue;
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
      if (isBlockElement(cur) || cur === this.env.doc.body) return cur;
    }
    return this.env.doc.body ?? this.env.doc.documentElement;
  }

  /** The page's own navigation (pushState, popstate): a full pass once it settles. */
  onNavigate(): void {
    this.env.stats.navigations++;
    this.page.requested = false;
    this.env.tooltip.reset();
    clearTimeout(this.navTimer);
    this.navTimer = setTimeout(() => this.requestFull(), NAVIGATION_SETTLE_MS);
  }
}

// Watches the page for new or changed text (infinite scroll, client-side rendering) and for
// client-side navigation. SuppLens's own DOM writes happen while the observer is paused, so they
// never come back as work; `ownRecords` counts any that slip through (it should stay 0).

/** Nodes collected from one batch of records before the rest is only counted as "many". */
const MAX_BATCH = 5000;

export interface LiveStats {
  /** MutationObserver callbacks (or takeRecords batches) with at least one record. */
  mutationBatches: number;
  /** Records that only touched SuppLens's own nodes. */
  ownRecords: number;
  /** Same-document navigations seen. */
  navigations: number;
}

export interface LiveObserverOptions {
  /** True for nodes SuppLens inserted (marks, the tooltip host) or anything inside them. */
  isOurs(node: Node): boolean;
  /** New or changed page nodes, batched. */
  onDirty(nodes: Node[]): void;
  stats: LiveStats;
}

export class LiveObserver {
  private readonly mo: MutationObserver;
  private observing = false;
  private paused = 0;

  constructor(
    private readonly target: Node,
    private readonly opts: LiveObserverOptions,
  ) {
    this.mo = new MutationObserver((records) => this.handle(records));
  }

  start(): void {
    if (this.observing) return;
    this.observing = true;
    if (this.paused === 0) this.connect();
  }

  stop(): void {
    if (!this.observing) return;
    if (this.paused === 0) this.handle(this.mo.takeRecords());
    this.observing = false;
    this.mo.disconnect();
  }

  /** Delivers what the page did so far, then stops listening while SuppLens writes. Nestable. */
  pause(): void {
    if (this.paused++ === 0 && this.observing) {
      this.handle(this.mo.takeRecords());
      this.mo.disconnect();
    }
  }

  resume(): void {
    if (this.paused === 0) return;
    if (--this.paused === 0 && this.observing) this.connect();
  }

  /** Runs `fn` with the observer paused. */
  quiet<T>(fn: () => T): T {
    this.pause();
    try {
      return fn();
    } finally {
      this.resume();
    }
  }

  private connect(): void {
    this.mo.observe(this.target, { childList: true, subtree: true, characterData: true });
  }

  private handle(records: MutationRecord[]): void {
    if (records.length === 0) return;
    this.opts.stats.mutationBatches++;
    const dirty: Node[] = [];
    for (const r of records) {
      // A huge batch: the caller rescans the whole body anyway; collecting more is wasted work.
      if (dirty.length > MAX_BATCH) break;
      if (r.type === 'characterData') {
        // Changed text, ours or not: inside one of our marks it means the page rewrote a mention.
        dirty.push(r.target);
        continue;
      }
      let pageNodes = 0;
      for (const n of r.addedNodes) {
        if (this.opts.isOurs(n)) continue;
        pageNodes++;
        dirty.push(n);
      }
      if (pageNodes === 0 && r.addedNodes.length > 0 && r.removedNodes.length === 0)
        this.opts.stats.ownRecords++;
    }
    if (dirty.length > 0) this.opts.onDirty(dirty);
  }
}

/** Same page for navigation purposes: everything but the fragment equal (pure). */
export function samePage(a: string, b: string): boolean {
  const strip = (u: string) => {
    const i = u.indexOf('#');
    return i < 0 ? u : u.slice(0, i);
  };
  return strip(a) === strip(b);
}

/**
 * Calls `onNavigate` when the document's URL changes without a page load (history.pushState,
 * replaceState, popstate). Uses the Navigation API where present, else popstate plus a cheap poll.
 */
export function watchNavigation(win: Window, onNavigate: (url: string) => void, signal: AbortSignal): void {
  let last = win.location.href;
  const check = () => {
    const now = win.location.href;
    if (samePage(now, last)) {
      last = now;
      return;
    }
    last = now;
    onNavigate(now);
  };
  const nav = (win as Window & { navigation?: EventTarget }).navigation;
  if (nav && typeof nav.addEventListener === 'function') {
    nav.addEventListener('currententrychange', check, { signal });
  } else {
    const timer = setInterval(check, 1000);
    signal.addEventListener('abort', () => clearInterval(timer));
  }
  win.addEventListener('popstate', check, { signal });
}

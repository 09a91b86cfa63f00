// Which parts of the page are near what the reader sees. The positions of the blocks that hold
// mentions are measured once (in slices) and kept in document coordinates, sorted, so each scroll
// costs a binary search and a few checks instead of layout reads for the whole page. An
// IntersectionObserver over every such block was tried first: with 13,000 of them its first
// report alone blocked the page for 50-100 ms.
import type { MarkPlan } from './mark-plan';

/** Vertical extent in document coordinates. */
export interface Span {
  top: number;
  bottom: number;
}

/** Items (by index) whose spans overlap a range; pure, so it is tested without a browser. */
export class PositionIndex {
  private readonly order: Int32Array;
  private readonly tops: Float64Array;
  private readonly bottoms: Float64Array;
  /** Items taller than `tallAbove`: tested on every query (a search by top alone would miss them). */
  private readonly tall: number[] = [];
  /** Items that were not rendered when measured (hidden sections), in index order. */
  readonly unrendered: number[] = [];

  constructor(
    spans: readonly (Span | undefined)[],
    private readonly tallAbove: number,
  ) {
    const n = spans.length;
    this.tops = new Float64Array(n);
    this.bottoms = new Float64Array(n);
    const kept: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = spans[i];
      // No span: not rendered (display: none, a closed <details>); it comes back on a re-measure.
      if (!s) {
        this.unrendered.push(i);
        continue;
      }
      this.tops[i] = s.top;
      this.bottoms[i] = s.bottom;
      if (s.bottom - s.top > tallAbove) this.tall.push(i);
      else kept.push(i);
    }
    kept.sort((a, b) => this.tops[a]! - this.tops[b]!);
    this.order = Int32Array.from(kept);
  }

  /** Indices of the items overlapping [lo, hi], in no particular order. */
  overlapping(lo: number, hi: number): number[] {
    const out: number[] = [];
    const order = this.order;
    // First item whose top could still reach lo (no kept item is taller than tallAbove).
    const from = lo - this.tallAbove;
    let a = 0;
    let b = order.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (this.tops[order[mid]!]! < from) a = mid + 1;
      else b = mid;
    }
    for (let k = a; k < order.length; k++) {
      const i = order[k]!;
      if (this.tops[i]! > hi) break;
      if (this.bottoms[i]! >= lo) out.push(i);
    }
    for (const i of this.tall) if (this.tops[i]! <= hi && this.bottoms[i]! >= lo) out.push(i);
    return out;
  }

  /** Where item `i` was measured, or undefined if it was not rendered then. */
  span(i: number): Span | undefined {
    const top = this.tops[i]!;
    const bottom = this.bottoms[i]!;
    return top === 0 && bottom === 0 ? undefined : { top, bottom };
  }
}

/** The element's extent in document coordinates, or undefined when it is not rendered. */
export function spanOf(el: Element, scrollY: number): Span | undefined {
  if (!el.isConnected) return undefined;
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) return undefined;
  return { top: r.top + scrollY, bottom: r.bottom + scrollY };
}

/** A plan whose marks are made as the reader comes near, with where its blocks are. */
export interface LazyPlan {
  plan: MarkPlan;
  containers: Element[];
  index: PositionIndex;
  /** Document height when measured: a change means the layout moved. */
  docHeight: number;
  stale: boolean;
}

/**
 * Resolves just after the next frame, when the page's layout is fresh: layout reads then cost
 * little, where reading earlier would make our slice pay for the page's own pending layout (a
 * page building a million nodes: 300 ms). A hidden tab renders no frames: a timer stands in.
 */
export function afterFrame(win: Window): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      resolve();
    };
    win.requestAnimationFrame(() => win.setTimeout(go, 0));
    win.setTimeout(go, 100);
  });
}

/** The viewport's height (a screen), with a fallback for a window not laid out yet. */
export function screenHeight(win: Window): number {
  return win.innerHeight || 800;
}

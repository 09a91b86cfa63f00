// What a pass found, block by block, and which of it is marked yet. Marks are made for the part
// of the page near the viewport (and whatever the reader jumps to); the rest waits until it comes
// near, so a long page costs what the reader looks at, not its whole length.
import type { CompactMention } from '../../lib/annotate/compact';
import { HIGHLIGHT_KINDS, markKind } from './detector';
import type { Highlighter, MarkInfo } from './highlighter';
import { findBlock, locateSegments, type Segment } from './offsets';
import type { TextBlock } from './walker';

export const PENDING = 0;
export const MARKED = 1;
/** The page changed the text before we got to it, or a part could not be wrapped. */
export const LOST = 2;
/** Rescanned by a later pass (its content changed): the later pass owns it now. */
export const DROPPED = 3;
type MentionState = typeof PENDING | typeof MARKED | typeof LOST | typeof DROPPED;

export interface Planned {
  info: MarkInfo;
  block: number;
  /** Offsets in the pass's concatenated text. */
  start: number;
  end: number;
  /** Where its parts lie, worked out when the block is marked. */
  segs?: Segment[];
  state: MentionState;
}

export class MarkPlan {
  /** Highlightable mentions in document order. */
  readonly mentions: Planned[] = [];
  private readonly byBlock = new Map<number, Planned[]>();
  /** Blocks with at least one pending mention. */
  readonly pending = new Set<number>();
  /** Block indices by their container element (what the viewport observer watches). */
  readonly byContainer = new Map<Element, number[]>();

  /**
   * Populations the article mentions ("children"): not highlighted, but still page concepts for
   * note ranking. What navigation, footers and related blocks mention is neither (it informed
   * only the page's health verdict, in the scanner).
   */
  readonly quietConcepts = new Set<string>();

  constructor(readonly blocks: TextBlock[]) {}

  /** Adds the scan's mentions, yielding now and then (a long page has tens of thousands). */
  *add(found: readonly CompactMention[]): Generator<void, void, void> {
    const blocks = this.blocks;
    let n = 0;
    let bi = 0;
    for (const m of found) {
      if (++n % 1000 === 0) yield;
      if (!HIGHLIGHT_KINDS.has(m.kind)) continue;
      // Mentions come in text order: walk the blocks along with them (search if one goes back).
      if (bi >= blocks.length || m.start < blocks[bi]!.offset) bi = Math.max(0, findBlock(blocks, m.start));
      while (bi < blocks.length && m.start >= blocks[bi]!.offset + blocks[bi]!.length) bi++;
      const b = blocks[bi];
      // A mention must lie inside one block; the scanner never reports otherwise, we do not guess.
      if (!b || m.start < b.offset || m.end > b.offset + b.length || !(m.end > m.start)) continue;
      if (b.furniture) continue;
      if (m.quiet) {
        this.quietConcepts.add(m.id);
        continue;
      }
      // A nutrient inside a condition of its status ("vitamin D" in "vitamin D deficiency"): the
      // outer mark covers it; the nutrient is still a page concept for note ranking.
      if (
        this.byBlock
          .get(bi)
          ?.some((p) => m.start >= p.start && m.end <= p.end && m.end - m.start < p.end - p.start)
      ) {
        this.quietConcepts.add(m.id);
        continue;
      }
      const text = b.text.slice(m.start - b.offset, m.end - b.offset);
      const p: Planned = {
        info: { id: m.id, kind: markKind(m.kind), name: m.name, text, parts: [] },
        block: bi,
        start: m.start,
        end: m.end,
        state: PENDING,
      };
      this.mentions.push(p);
      const list = this.byBlock.get(bi);
      if (list) list.push(p);
      else {
        this.byBlock.set(bi, [p]);
        this.pending.add(bi);
        const c = b.container;
        const blocksOf = this.byContainer.get(c);
        if (blocksOf) blocksOf.push(bi);
        else this.byContainer.set(c, [bi]);
      }
    }
  }

  /** Whether this plan's content is still in the page (the first text node it read). */
  get firstNode(): Node | undefined {
    const p = this.mentions[0];
    return p ? this.blocks[p.block]!.nodes[0] : undefined;
  }

  /** The blocks in `container` that still have mentions to mark. */
  pendingIn(container: Element): number[] {
    return (this.byContainer.get(container) ?? []).filter((bi) => this.pending.has(bi));
  }

  /**
   * Wraps every pending mention of block `bi` (last to first within a text node, so earlier
   * offsets stay valid). Returns how many mentions became fully marked, and how many were lost.
   */
  markBlock(bi: number, hl: Highlighter): { marked: number; lost: number } {
    if (!this.pending.delete(bi)) return { marked: 0, lost: 0 };
    const b = this.blocks[bi]!;
    const list = (this.byBlock.get(bi) ?? []).filter((p) => p.state === PENDING);
    const ops: { p: Planned; seg: Segment; primary: boolean }[] = [];
    for (const p of list) {
      p.segs = locateSegments(this.blocks, p.start, p.end);
      for (const [i, seg] of p.segs.entries()) ops.push({ p, seg, primary: i === 0 });
    }
    ops.sort((x, y) => y.seg.node - x.seg.node || y.seg.start - x.seg.start);
    for (const { p, seg, primary } of ops) {
      const at = b.starts[seg.node]!;
      const expected = b.text.slice(at + seg.start, at + seg.end);
      hl.wrap(b.nodes[seg.node]!, seg.start, seg.end, expected, primary, p.info);
    }
    let marked = 0;
    let lost = 0;
    for (const p of list) {
      if (p.segs && p.segs.length > 0 && p.info.parts.length === p.segs.length) {
        p.state = MARKED;
        marked++;
      } else {
        // Some part changed under us: take back what was wrapped, nothing half-marked stays.
        hl.restoreMention(p.info);
        p.state = LOST;
        lost++;
      }
    }
    return { marked, lost };
  }

  /** Forgets the mentions of blocks inside `roots` (a later pass rescans them). */
  dropWithin(roots: readonly Element[]): void {
    for (const [container, bis] of this.byContainer) {
      if (!roots.some((r) => r === container || r.contains(container))) continue;
      for (const bi of bis) {
        this.pending.delete(bi);
        for (const p of this.byBlock.get(bi) ?? []) p.state = DROPPED;
      }
    }
  }

  /** Mentions a reader can see or reach: marked and still in the page, or waiting to be marked. */
  live(): Planned[] {
    return this.mentions.filter((p) =>
      p.state === MARKED
        ? p.info.parts[0]?.isConnected === true
        : p.state === PENDING && this.blocks[p.block]!.nodes[0]!.isConnected,
    );
  }
}

/** Plans in document order (by the first text node each read). */
export function inDocumentOrder(plans: readonly MarkPlan[]): MarkPlan[] {
  return plans
    .filter((p) => p.firstNode?.isConnected)
    .sort((a, b) =>
      a.firstNode!.compareDocumentPosition(b.firstNode!) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
    );
}

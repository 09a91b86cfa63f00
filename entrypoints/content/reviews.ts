// Reviewer mode in the page (docs/reviewer-integration.md §3). The content script shares its
// renderer with the page, so it handles page text only: it describes a mention's text for the
// tooltip (TextQuoteSelector + TextPositionSelector) and re-anchors the selectors of saved reviews
// after the first scan. Verdicts, comments and notes never come here. Which spans were reviewed
// is kept in this script's memory only (no DOM attribute, no in-page style): the tooltip frame
// shows the saved verdict when such a mention is opened.
import { anchorAll, describe } from '../../lib/anchoring/anchor';
import { canonicalPageUrl } from '../../lib/anchoring/page-url';
import type { Detection } from '../../lib/export/items';
import { ask, type BackgroundRequest, isErrorResponse, type Transport } from '../../lib/messaging/protocol';
import type { ReviewAnchor, ReviewAnchorRef } from '../../lib/messaging/review-protocol';
import { buildTextIndex, offsetsFromRange, type TextIndex } from '../../platform/dom/text-index';

/** Pages that fill in late: orphans are tried once more after this delay before being reported. */
export const ORPHAN_RETRY_MS = 2000;

export interface ReviewerEnv {
  doc: Document;
  win: Window;
  send: Transport<BackgroundRequest>;
  /** Elements SuppLens inserted that hold text of their own (skipped by the anchoring text). */
  isOurs(el: Element): boolean;
  /** The focusable part of every highlighted mention, with its parts. */
  mentions(): { primary: HTMLElement; parts: HTMLElement[] }[];
  /** False once the script was torn down. */
  active(): boolean;
}

interface Reviewed {
  id: string;
  start: number;
  end: number;
}

export class ReviewerSupport {
  /** Re-anchored saved reviews of this page, as offsets into the anchoring text. */
  private reviewed: Reviewed[] = [];
  /** Mentions that coincide with a re-anchored review (memory only, never a DOM attribute). */
  private byMark = new WeakMap<HTMLElement, string>();
  /** The canonical URL whose saved reviews were re-anchored (or are being), once per navigation. */
  private checkedUrl: string | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly env: ReviewerEnv) {}

  private index(): TextIndex | undefined {
    const body = this.env.doc.body;
    return body ? buildTextIndex(body, { skip: (el) => this.env.isOurs(el) }) : undefined;
  }

  /** Offsets of a mention (its parts' text) in the anchoring text, or null. */
  private offsetsOf(
    index: TextIndex,
    parts: HTMLElement[],
    positions?: Map<Text, number>,
  ): { start: number; end: number } | null {
    const first = parts[0];
    const last = parts[parts.length - 1];
    if (!first?.isConnected || !last?.isConnected) return null;
    // Marks wrap the page's own text nodes: look them up directly when possible.
    const a = firstText(first);
    const b = lastText(last);
    if (positions && a && b) {
      const i = positions.get(a);
      const j = positions.get(b);
      if (i !== undefined && j !== undefined) {
        const start = index.starts[i]!;
        const end = index.starts[j]! + b.data.length;
        if (end > start) return { start, end };
      }
    }
    const range = this.env.doc.createRange();
    range.setStartBefore(first);
    range.setEndAfter(last);
    return offsetsFromRange(index, range);
  }

  /** The saved review a mention stands for, if it was re-anchored on this visit. */
  private reviewIdOf(primary: HTMLElement, off: { start: number; end: number }): string | undefined {
    const known = this.byMark.get(primary);
    if (known) return known;
    return this.reviewed.find((r) => r.start === off.start && r.end === off.end)?.id;
  }

  /** Selectors of a mention for 'tooltip-open' (page text only). */
  describeMention(primary: HTMLElement, parts: HTMLElement[]): ReviewAnchor | undefined {
    const index = this.index();
    if (!index) return undefined;
    const off = this.offsetsOf(index, parts);
    if (!off) return undefined;
    const sel = describe(index.text, off.start, off.end);
    const reviewId = this.reviewIdOf(primary, off);
    return {
      pageUrl: canonicalPageUrl(this.env.win.location.href),
      pageTitle: this.env.doc.title.slice(0, 2000),
      quote: sel.quote,
      position: sel.position,
      ...(reviewId ? { reviewId } : {}),
    };
  }

  /** Every highlighted mention as a Detection (page text only), for 'page-detections'. */
  detections(conceptOf: (primary: HTMLElement) => { id: string; name: string } | undefined): Detection[] {
    const index = this.index();
    if (!index) return [];
    const positions = new Map<Text, number>(index.nodes.map((n, i) => [n, i]));
    const pageUrl = canonicalPageUrl(this.env.win.location.href);
    const pageTitle = this.env.doc.title.slice(0, 2000);
    const out: Detection[] = [];
    for (const { primary, parts } of this.env.mentions()) {
      const concept = conceptOf(primary);
      const off = concept && this.offsetsOf(index, parts, positions);
      if (!concept || !off) continue;
      const sel = describe(index.text, off.start, off.end);
      out.push({ pageUrl, pageTitle, conceptId: concept.id, conceptName: concept.name, ...sel });
      if (out.length >= 5000) break;
    }
    return out;
  }

  /** Forget everything (navigation, teardown, reviewer mode switched off). */
  reset(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.reviewed = [];
    this.byMark = new WeakMap();
    this.checkedUrl = undefined;
  }

  /**
   * After a complete scan: fetch the selectors of this page's saved reviews, anchor them, report
   * once per URL. Orphans are retried once after ORPHAN_RETRY_MS (late content) before reporting.
   */
  async afterScan(): Promise<void> {
    const pageUrl = canonicalPageUrl(this.env.win.location.href);
    if (this.checkedUrl === pageUrl) {
      // A later full pass re-wrapped the marks: match them to the known reviews again.
      this.matchMarks();
      return;
    }
    this.reset();
    this.checkedUrl = pageUrl;
    const reply = await ask(this.env.send, { type: 'reviews-for-page', pageUrl }).catch(() => undefined);
    if (!reply || isErrorResponse(reply) || !this.current(pageUrl)) return;
    // A content script is answered with selectors only.
    const anchors = 'anchors' in reply ? reply.anchors : undefined;
    if (!Array.isArray(anchors) || anchors.length === 0) return;
    let results = this.anchor(anchors);
    if (results.some((r) => r.method === null)) {
      await new Promise<void>((ok) => {
        this.retryTimer = setTimeout(ok, ORPHAN_RETRY_MS);
      });
      if (!this.current(pageUrl)) return;
      results = this.anchor(anchors);
    }
    await this.env
      .send({ type: 'review-anchor-status', pageUrl, results: results.slice(0, 5000) })
      .catch(() => undefined);
  }

  private current(pageUrl: string): boolean {
    return (
      this.env.active() &&
      this.checkedUrl === pageUrl &&
      canonicalPageUrl(this.env.win.location.href) === pageUrl
    );
  }

  private anchor(
    anchors: ReviewAnchorRef[],
  ): { id: string; method: 'position' | 'quote' | 'fuzzy' | null }[] {
    const index = this.index();
    if (!index) return anchors.map((a) => ({ id: a.id, method: null }));
    const results = anchorAll(index.text, anchors);
    this.reviewed = [];
    for (const { item, result } of results)
      if (result) this.reviewed.push({ id: item.id, start: result.start, end: result.end });
    this.matchMarks(index);
    return results.map(({ item, result }) => ({ id: item.id, method: result?.method ?? null }));
  }

  /** Links highlighted mentions to the re-anchored reviews they coincide with (or overlap). */
  private matchMarks(index = this.index()): void {
    this.byMark = new WeakMap();
    if (!index || this.reviewed.length === 0) return;
    const positions = new Map<Text, number>(index.nodes.map((n, i) => [n, i]));
    for (const { primary, parts } of this.env.mentions()) {
      const off = this.offsetsOf(index, parts, positions);
      if (!off) continue;
      const exact = this.reviewed.find((r) => r.start === off.start && r.end === off.end);
      const overlap = exact ?? this.reviewed.find((r) => r.start < off.end && off.start < r.end);
      if (overlap) this.byMark.set(primary, overlap.id);
    }
  }
}

function firstText(el: Node): Text | undefined {
  for (let n = el.firstChild; n; n = n.firstChild) {
    if (n.nodeType === 3) return n as Text;
  }
  return undefined;
}

function lastText(el: Node): Text | undefined {
  for (let n = el.lastChild; n; n = n.lastChild) {
    if (n.nodeType === 3) return n as Text;
  }
  return undefined;
}

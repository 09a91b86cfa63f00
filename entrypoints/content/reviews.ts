// Reviewer mode in the page (docs/reviewer-integration.md §3). The content script shares its
// renderer with the page, so it handles page text only: it describes a mention's text for the
// tooltip (TextQuoteSelector + TextPositionSelector) and, after the first scan, sends the page's
// anchoring text to the background, which re-anchors the saved reviews there and answers with
// their spans. Verdicts, comments, notes and even the saved selectors never come here, and the
// page pays the same whether or not reviews exist. Which spans were reviewed is kept in this
// script's memory only (no DOM attribute, no in-page style): the tooltip frame shows the saved
// verdict when such a mention is opened.
import { describe } from '../../lib/anchoring/anchor';
import { canonicalPageUrl } from '../../lib/anchoring/page-url';
import type { Detection } from '../../lib/export/items';
import { ask, type BackgroundRequest, isErrorResponse, type Transport } from '../../lib/messaging/protocol';
import { type AnchoredSpan, MAX_ANCHOR_TEXT, type ReviewAnchor } from '../../lib/messaging/review-protocol';
import { buildTextIndex, offsetsFromRange, type TextIndex } from '../../platform/dom/text-index';

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
  /** Counts the characters of page text sent for re-anchoring (stats). */
  textSent?(chars: number): void;
}

export class ReviewerSupport {
  /** Re-anchored saved reviews of this page, as offsets into the anchoring text. */
  private reviewed: AnchoredSpan[] = [];
  /** The canonical URL whose saved reviews were re-anchored (or are being), once per navigation. */
  private checkedUrl: string | undefined;
  /**
   * The URL this document was loaded at. A page can change location.href with history.pushState
   * (and show any text there); checks made at such a URL are not recorded (the background is
   * told with record: false), so a site cannot mark its other pages' reviews as not found.
   */
  private readonly loadedUrl: string;

  constructor(private readonly env: ReviewerEnv) {
    // This script's own world: page script cannot replace performance.getEntriesByType here.
    const nav = env.win.performance.getEntriesByType?.('navigation')[0];
    this.loadedUrl = canonicalPageUrl(nav?.name || env.win.location.href);
  }

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

  /** The saved review a mention stands for (same span, else overlapping), if re-anchored on this visit. */
  private reviewIdOf(off: { start: number; end: number }): string | undefined {
    const exact = this.reviewed.find((r) => r.start === off.start && r.end === off.end);
    return (exact ?? this.reviewed.find((r) => r.start < off.end && off.start < r.end))?.id;
  }

  /** Selectors of a mention for 'tooltip-open' (page text only). */
  describeMention(parts: HTMLElement[]): ReviewAnchor | undefined {
    const index = this.index();
    if (!index) return undefined;
    const off = this.offsetsOf(index, parts);
    if (!off) return undefined;
    const sel = describe(index.text, off.start, off.end);
    const reviewId = this.reviewIdOf(off);
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
    this.reviewed = [];
    this.checkedUrl = undefined;
  }

  /**
   * After a complete scan, once per URL: send the page's anchoring text to the background, which
   * re-anchors this page's saved reviews and answers with their spans. The same work, the same
   * message, whether the page has reviews or not.
   */
  async afterScan(): Promise<void> {
    const pageUrl = canonicalPageUrl(this.env.win.location.href);
    if (this.checkedUrl === pageUrl) return;
    this.reset();
    this.checkedUrl = pageUrl;
    const index = this.index();
    if (!index) return;
    const text = index.text.slice(0, MAX_ANCHOR_TEXT);
    this.env.textSent?.(text.length);
    const reply = await ask(this.env.send, {
      type: 'review-anchor-page',
      pageUrl,
      text,
      record: pageUrl === this.loadedUrl,
    }).catch(() => undefined);
    if (!reply || isErrorResponse(reply) || !this.current(pageUrl)) return;
    if (Array.isArray(reply.anchored)) this.reviewed = reply.anchored;
  }

  private current(pageUrl: string): boolean {
    return (
      this.env.active() &&
      this.checkedUrl === pageUrl &&
      canonicalPageUrl(this.env.win.location.href) === pageUrl
    );
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

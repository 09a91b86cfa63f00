// What the exporters accept: saved reviews, or plain SuppLens detections (what the extension or
// the CLI showed on a page, without a verdict). Both become Review-shaped records.
import { describe } from '../anchoring/anchor';
import { canonicalPageUrl, siteOf } from '../anchoring/page-url';
import type { Review, TextPositionSelector, TextQuoteSelector } from '../reviews/model';

export interface Detection {
  /** Optional; a stable id is derived from page, concept and span when absent. */
  id?: string;
  pageUrl: string;
  pageTitle?: string;
  conceptId: string;
  conceptName?: string;
  quote: TextQuoteSelector;
  position: TextPositionSelector;
  shownNoteIds?: string[];
  kbVersion?: string;
  createdAt?: string;
}

export type AnnotationInput = Review | Detection;

export interface ExportOptions {
  /** Export time (and creation time of detections). Fixed in tests for byte-identical output. */
  now?: Date;
  /** Display names of concept ids, used by CSV, Markdown and W3C tags. */
  conceptNames?: Record<string, string>;
}

/** 64-bit FNV-1a as 16 hex digits: stable ids for detections and foreign annotations. */
export function stableHash(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (i & 0xff), 0x01000193) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

export function isReview(x: AnnotationInput): x is Review {
  const r = x as Partial<Review>;
  return (
    typeof r.id === 'string' &&
    typeof r.site === 'string' &&
    typeof r.createdAt === 'string' &&
    typeof r.updatedAt === 'string' &&
    Array.isArray(r.shownNoteIds)
  );
}

export function detectionId(d: Detection): string {
  return `det-${stableHash([canonicalPageUrl(d.pageUrl), d.conceptId, d.position.start, d.position.end, d.quote.exact].join('\u0000'))}`;
}

/** Review-shaped record of any input; a detection gets no verdict and createdAt = now. */
export function toRecord(item: AnnotationInput, now: Date = new Date()): Review {
  if (isReview(item)) return item;
  const pageUrl = canonicalPageUrl(item.pageUrl);
  const created = item.createdAt ?? now.toISOString();
  return {
    id: item.id ?? detectionId(item),
    pageUrl,
    pageTitle: item.pageTitle ?? '',
    site: siteOf(pageUrl),
    conceptId: item.conceptId,
    quote: {
      type: 'TextQuoteSelector',
      exact: item.quote.exact,
      prefix: item.quote.prefix,
      suffix: item.quote.suffix,
    },
    position: { type: 'TextPositionSelector', start: item.position.start, end: item.position.end },
    shownNoteIds: item.shownNoteIds ?? [],
    kbVersion: item.kbVersion ?? '',
    createdAt: created,
    updatedAt: created,
  };
}

/** Names from options, falling back to a detection's own conceptName. */
export function conceptNamesOf(
  items: readonly AnnotationInput[],
  names: Record<string, string> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const it of items) if (!isReview(it) && it.conceptName) out[it.conceptId] = it.conceptName;
  return { ...out, ...names };
}

/**
 * Detections of one page from mention offsets into its text (e.g. the CLI's matcher output), with
 * TextQuoteSelector (32 characters of context) and TextPositionSelector built from `text`.
 */
export function detectionsFromMentions(
  page: { url: string; title?: string; text: string },
  mentions: readonly { start: number; end: number; id: string; name?: string }[],
  extra: { kbVersion?: string; shownNoteIds?: (conceptId: string) => string[] } = {},
): Detection[] {
  return mentions.map((m) => {
    const sel = describe(page.text, m.start, m.end);
    return {
      pageUrl: page.url,
      pageTitle: page.title ?? '',
      conceptId: m.id,
      ...(m.name ? { conceptName: m.name } : {}),
      quote: sel.quote,
      position: sel.position,
      shownNoteIds: extra.shownNoteIds?.(m.id) ?? [],
      kbVersion: extra.kbVersion ?? '',
    };
  });
}

// Background answers to the reviewer messages (see ./review-protocol.ts). Free of browser.* so
// unit tests drive them with fake-indexeddb.
import { anchorAll } from '../../lib/anchoring/anchor';
import { canonicalPageUrl, reviewPageUrl, siteOf } from '../../lib/anchoring/page-url';
import {
  type AnnotationInput,
  type Detection,
  exportAs,
  importFailure,
  importSummary,
  parseImport,
} from '../../lib/export';
import type { BackgroundHandlers } from '../../lib/messaging/protocol';
import type { AnchoredSpan, ReviewAnchorRef, ReviewRequestType } from '../../lib/messaging/review-protocol';
import type { Review } from '../../lib/reviews/model';
import type { SuppLensDB } from '../db/database';
import {
  deleteReviews,
  getReview,
  importReviews,
  listReviews,
  queryReviews,
  restoreReviews,
  reviewFacets,
  reviewsForPage,
  saveReview,
  setAnchorStatus,
  sweepTrash,
} from '../db/reviews';

export interface ReviewSender {
  fromExtensionPage: boolean;
  /** URL of the sending frame; required for content-script requests. */
  url?: string;
}

export interface ReviewHandlerDeps {
  db: SuppLensDB;
  /** Display names of concept ids (for CSV/Markdown/W3C exports). */
  conceptNames?: (ids: string[]) => Promise<Record<string, string>>;
  /** Sites whose review URLs keep their query string (settings.reviewQuerySites). */
  keepQuerySites?: () => Promise<readonly string[]>;
  now?: () => Date;
}

/** Characters per part of a chunked export (about 1 MB of UTF-16; a few ms to deserialise). */
export const EXPORT_PART_CHARS = 512 * 1024;
const EXPORT_PART_TTL_MS = 120_000;

/**
 * Message types a content script may send; everything else is for extension pages only. The
 * content script never receives selectors: it sends its page's text and gets back spans.
 */
const CONTENT_SCRIPT_ALLOWED = new Set(['review-anchor-page']);

const selectorsOnly = (r: Review): ReviewAnchorRef => ({
  id: r.id,
  quote: { type: 'TextQuoteSelector', exact: r.quote.exact, prefix: r.quote.prefix, suffix: r.quote.suffix },
  position: { type: 'TextPositionSelector', start: r.position.start, end: r.position.end },
});

const spanKey = (x: { pageUrl: string; conceptId: string; position: { start: number; end: number } }) =>
  `${canonicalPageUrl(x.pageUrl)}\u0000${x.conceptId}\u0000${x.position.start}\u0000${x.position.end}`;

function exportFilename(ext: string, now: Date, pageUrl?: string): string {
  const date = now.toISOString().slice(0, 10);
  const site = pageUrl ? siteOf(pageUrl).replace(/[^a-z0-9.-]/gi, '_') : '';
  return `supplens-${site ? `${site}-` : ''}reviews-${date}.${ext}`;
}

export function createReviewHandlers(deps: ReviewHandlerDeps) {
  const now = deps.now ?? (() => new Date());
  const { db } = deps;
  /** Chunked exports waiting to be fetched, by export id. */
  const pending = new Map<string, { parts: string[]; expires: number }>();
  const sweep = () => {
    const t = Date.now();
    for (const [id, p] of pending) if (p.expires < t) pending.delete(id);
  };

  /** A content script may only speak for the page it runs in. */
  function samePage(sender: ReviewSender, pageUrl: string): string | undefined {
    if (sender.fromExtensionPage) return undefined;
    if (!sender.url) return 'the sender page is unknown';
    return canonicalPageUrl(sender.url) === canonicalPageUrl(pageUrl)
      ? undefined
      : 'a page may only ask about itself';
  }

  /** Refuses what a content script may not ask. */
  const denied = (type: string, sender: ReviewSender) =>
    !sender.fromExtensionPage && !CONTENT_SCRIPT_ALLOWED.has(type)
      ? { error: `${type} is only for SuppLens extension pages` }
      : undefined;

  // Every page URL that comes in is stored, looked up and exported without its query string,
  // unless the reviewer keeps it for that site.
  let keep: ReadonlySet<string> = new Set();
  const pageUrlOf = (url: string) => reviewPageUrl(url, keep);
  const filterOf = <F extends { pageUrl?: string }>(f: F | undefined): F =>
    f?.pageUrl === undefined ? ((f ?? {}) as F) : { ...f, pageUrl: pageUrlOf(f.pageUrl) };

  const handlers: ReviewHandlers = {
    'review-save': async (msg) => ({
      review: await saveReview(db, { ...msg.review, pageUrl: pageUrlOf(msg.review.pageUrl) }, now()),
    }),
    'review-get': async (msg) => ({ review: (await getReview(db, msg.id)) ?? null }),
    'review-list': async (msg) => {
      const page = await listReviews(db, filterOf(msg.filter), { offset: msg.offset, limit: msg.limit });
      return msg.facets ? { ...page, facets: await reviewFacets(db) } : page;
    },
    'review-delete': async (msg) => ({ deleted: await deleteReviews(db, msg.ids, now()) }),
    'review-restore': async (msg) => ({ restored: await restoreReviews(db, msg.ids) }),
    'review-export': async (msg) => {
      const at = now();
      // Reviews stored before query strings were dropped, and the page's detections, are
      // exported under the same rule.
      const reviews = (await queryReviews(db, filterOf(msg.filter))).map((r) => ({
        ...r,
        pageUrl: pageUrlOf(r.pageUrl),
      }));
      const items: AnnotationInput[] = [...reviews];
      if (msg.includeUnreviewed && msg.detections?.length) {
        const reviewed = new Set(reviews.map(spanKey));
        for (const d of msg.detections as Detection[]) {
          const det = { ...d, pageUrl: pageUrlOf(d.pageUrl) };
          if (!reviewed.has(spanKey(det))) items.push(det);
        }
      }
      const ids = [...new Set(items.map((i) => i.conceptId).filter(Boolean))];
      const conceptNames = deps.conceptNames ? await deps.conceptNames(ids).catch(() => ({})) : {};
      const { text, ...file } = exportAs(msg.format, items, { now: at, conceptNames, bom: msg.bom });
      const meta = {
        ...file,
        count: items.length,
        filename: exportFilename(file.extension, at, msg.filter?.pageUrl && pageUrlOf(msg.filter.pageUrl)),
      };
      if (!msg.chunked || text.length <= EXPORT_PART_CHARS) return { ...meta, text };
      sweep();
      const parts: string[] = [];
      for (let i = 0; i < text.length; i += EXPORT_PART_CHARS)
        parts.push(text.slice(i, i + EXPORT_PART_CHARS));
      const exportId = globalThis.crypto.randomUUID();
      pending.set(exportId, { parts, expires: Date.now() + EXPORT_PART_TTL_MS });
      return { ...meta, exportId, parts: parts.length, size: text.length };
    },
    'review-export-part': (msg) => {
      const p = pending.get(msg.exportId);
      const text = p?.parts[msg.index];
      if (!p || text === undefined) return { error: 'this export has expired; export again' };
      if (msg.index === p.parts.length - 1) pending.delete(msg.exportId);
      return { text };
    },
    'review-import': async (msg) => {
      const parsed = parseImport(msg.text, now());
      if (!parsed.ok) return { error: importFailure(parsed.error) };
      const { imported, duplicates } = await importReviews(
        db,
        parsed.reviews.map((r) => ({ ...r, pageUrl: pageUrlOf(r.pageUrl) })),
      );
      return {
        imported,
        duplicates,
        rejected: parsed.rejected.length,
        format: parsed.format,
        summary: importSummary({ imported, duplicates, rejected: parsed.rejected }),
      };
    },
    'reviews-for-page': async (msg, sender) => {
      const refused = samePage(sender, msg.pageUrl);
      if (refused) return { error: `reviews-for-page refused: ${refused}` };
      const reviews = await reviewsForPage(db, pageUrlOf(msg.pageUrl));
      // Content scripts share the page's renderer: selectors only, never verdicts or comments.
      return sender.fromExtensionPage ? { reviews } : { anchors: reviews.map(selectorsOnly) };
    },
    'review-anchor-page': async (msg, sender) => {
      const refused = samePage(sender, msg.pageUrl);
      if (refused) return { error: `review-anchor-page refused: ${refused}` };
      const pageUrl = pageUrlOf(msg.pageUrl);
      const results = anchorAll(msg.text, (await reviewsForPage(db, pageUrl)).map(selectorsOnly));
      if (msg.record && results.length)
        await setAnchorStatus(
          db,
          pageUrl,
          results.map(({ item, result }) => ({ id: item.id, method: result?.method ?? null })),
          now(),
        );
      const anchored: AnchoredSpan[] = [];
      for (const { item, result } of results)
        if (result) anchored.push({ id: item.id, start: result.start, end: result.end });
      return { anchored };
    },
    'review-anchor-status': async (msg, sender) => {
      const refused = samePage(sender, msg.pageUrl);
      if (refused) return { error: `review-anchor-status refused: ${refused}` };
      return { updated: await setAnchorStatus(db, pageUrlOf(msg.pageUrl), msg.results, now()) };
    },
  };
  // Every reviewer message first passes the content-script check.
  const guarded = {} as Record<string, unknown>;
  for (const [type, fn] of Object.entries(handlers) as [string, (m: unknown, s: ReviewSender) => unknown][])
    guarded[type] = async (msg: unknown, sender: ReviewSender) => {
      const refused = denied(type, sender);
      if (refused) return refused;
      // Whatever else runs (or not), expired trash goes: one indexed range delete.
      if (sender.fromExtensionPage) await sweepTrash(db, now());
      keep = new Set(deps.keepQuerySites ? await deps.keepQuerySites() : []);
      return fn(msg, sender);
    };
  return guarded as ReviewHandlers;
}

/** The background's handlers of the reviewer messages. */
export type ReviewHandlers = Pick<BackgroundHandlers<ReviewSender>, ReviewRequestType>;

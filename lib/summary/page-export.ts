// Export of one page from the popup (docs/reviewer-integration.md §5): the page's saved reviews
// and, when the reviewer asks, every mention SuppLens found there that has no verdict yet.
import { canonicalPageUrl } from '../anchoring/page-url';
import type { ExportFormat } from '../export/formats';
import type { Detection } from '../export/items';

/** As many detections as one 'review-export' message accepts. */
export const MAX_PAGE_DETECTIONS = 5000;

export interface PageExportInput {
  format: ExportFormat;
  /** The tab's URL; the detections' own page URL wins (the content script read it from the page). */
  tabUrl: string | undefined;
  includeUnreviewed: boolean;
  detections: readonly Detection[];
  /** The knowledge-base version the popup's lookup came from, recorded on unreviewed mentions. */
  kbVersion?: string;
}

/** What to ask 'review-export' for one page (fetchExport adds the type), or undefined without a URL. */
export function pageExportMessage(input: PageExportInput) {
  const pageUrl = input.detections[0]?.pageUrl ?? (input.tabUrl ? canonicalPageUrl(input.tabUrl) : undefined);
  if (!pageUrl) return undefined;
  const detections = input.includeUnreviewed
    ? input.detections
        .slice(0, MAX_PAGE_DETECTIONS)
        .map((d) => (input.kbVersion && !d.kbVersion ? { ...d, kbVersion: input.kbVersion } : d))
    : [];
  return {
    format: input.format,
    filter: { pageUrl },
    includeUnreviewed: input.includeUnreviewed,
    ...(detections.length ? { detections } : {}),
    // Spreadsheet programs read UTF-8 CSV correctly only with a byte-order mark.
    bom: input.format === 'csv',
  };
}

/** How many reviews the page has, and how many no longer anchor on it. */
export function pageReviewCounts(reviews: readonly { anchorStatus?: { status: string } }[]): {
  total: number;
  orphans: number;
} {
  let orphans = 0;
  for (const r of reviews) if (r.anchorStatus?.status === 'orphan') orphans++;
  return { total: reviews.length, orphans };
}

/** The review page, filtered to one page (and to its orphans when asked). */
export function reviewPagePath(pageUrl: string, onlyOrphans = false): string {
  return `/review.html?${onlyOrphans ? 'anchor=orphan&' : ''}pageUrl=${encodeURIComponent(pageUrl)}`;
}

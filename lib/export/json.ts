// Our own export format: versioned, one object per review, keys in a fixed order so an export,
// re-import and second export are byte-identical.
import { type Review, selectorsOf } from '../reviews/model';
import { type AnnotationInput, type ExportOptions, toRecord } from './items';

export const JSON_FORMAT = 'supplens-reviews';
export const JSON_VERSION = 1;

export interface SuppLensExport {
  format: typeof JSON_FORMAT;
  version: typeof JSON_VERSION;
  exportedAt: string;
  count: number;
  reviews: Review[];
}

/** The review with keys in canonical order and absent optional fields left out. */
export function canonicalReview(r: Review): Review {
  const out: Review = {
    id: r.id,
    pageUrl: r.pageUrl,
    pageTitle: r.pageTitle,
    site: r.site,
    conceptId: r.conceptId,
    ...selectorsOf(r),
    shownNoteIds: [...r.shownNoteIds],
    kbVersion: r.kbVersion,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
  // Optional fields after the required ones, in a fixed order.
  const tail: Partial<Review> = {};
  if (r.verdict !== undefined) tail.verdict = r.verdict;
  if (r.comment !== undefined) tail.comment = r.comment;
  if (r.claimNote !== undefined) tail.claimNote = r.claimNote;
  if (r.anchorStatus !== undefined)
    tail.anchorStatus = {
      status: r.anchorStatus.status,
      ...(r.anchorStatus.method ? { method: r.anchorStatus.method } : {}),
      ...(r.anchorStatus.since ? { since: r.anchorStatus.since } : {}),
      checkedAt: r.anchorStatus.checkedAt,
    };
  return { ...out, ...tail };
}

export function toJsonDocument(items: readonly AnnotationInput[], opts: ExportOptions = {}): SuppLensExport {
  const now = opts.now ?? new Date();
  const reviews = items.map((it) => canonicalReview(toRecord(it, now)));
  return {
    format: JSON_FORMAT,
    version: JSON_VERSION,
    exportedAt: now.toISOString(),
    count: reviews.length,
    reviews,
  };
}

export function toJson(items: readonly AnnotationInput[], opts: ExportOptions = {}): string {
  return `${JSON.stringify(toJsonDocument(items, opts), null, 2)}\n`;
}

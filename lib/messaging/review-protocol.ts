// Messages of the reviewer workflow (spread into BackgroundRequestSchema in ./protocol.ts).
// Reviews stay in the extension: a content script may only ask for the text selectors of the page
// it runs in ('reviews-for-page') and report how they anchored ('review-anchor-status').
import * as v from 'valibot';
import { EXPORT_FORMATS } from '../export/formats';
import {
  ConceptIdSchema,
  MAX_IMPORT_CHARS,
  PageUrlSchema,
  PositionSchema,
  QuoteSchema,
  ReviewIdSchema,
  TimestampSchema,
} from '../export/schema';
import type { Review, ReviewFacets, ReviewPage } from '../reviews/model';
import { VERDICTS } from '../reviews/model';

const str = (max: number) => v.pipe(v.string(), v.maxLength(max));
/** Longest page text the content script sends for anchoring (characters). */
export const MAX_ANCHOR_TEXT = 20_000_000;
const NonEmptyConceptId = v.pipe(ConceptIdSchema, v.minLength(1, 'is empty'));
const ReviewIds = v.pipe(v.array(ReviewIdSchema), v.maxLength(10_000));

/** The text anchor of a mention, as the content script describes it (page text only). */
export const ReviewAnchorSchema = v.object({
  pageUrl: PageUrlSchema,
  pageTitle: str(2000),
  quote: QuoteSchema,
  position: PositionSchema,
  /** Set when the mention is a re-anchored saved review: the tooltip then edits that review. */
  reviewId: v.optional(ReviewIdSchema),
});
export type ReviewAnchor = v.InferOutput<typeof ReviewAnchorSchema>;

export const ReviewDraftSchema = v.object({
  id: v.optional(ReviewIdSchema),
  pageUrl: PageUrlSchema,
  pageTitle: str(2000),
  conceptId: NonEmptyConceptId,
  quote: QuoteSchema,
  position: PositionSchema,
  verdict: v.optional(v.picklist(VERDICTS)),
  comment: v.optional(str(20_000)),
  claimNote: v.optional(str(20_000)),
  shownNoteIds: v.pipe(v.array(str(200)), v.maxLength(500)),
  kbVersion: str(100),
});

export const ReviewFilterSchema = v.object({
  pageUrl: v.optional(PageUrlSchema),
  site: v.optional(str(300)),
  conceptId: v.optional(ConceptIdSchema),
  verdict: v.optional(v.picklist([...VERDICTS, 'none'])),
  since: v.optional(TimestampSchema),
  until: v.optional(TimestampSchema),
  text: v.optional(str(500)),
  anchor: v.optional(v.picklist(['orphan', 'anchored', 'unchecked'])),
});

/** A SuppLens detection with no review (what the extension showed), for exports "with annotations". */
export const DetectionSchema = v.object({
  pageUrl: PageUrlSchema,
  pageTitle: v.optional(str(2000)),
  conceptId: NonEmptyConceptId,
  conceptName: v.optional(str(200)),
  quote: QuoteSchema,
  position: PositionSchema,
  shownNoteIds: v.optional(v.pipe(v.array(str(200)), v.maxLength(500))),
  kbVersion: v.optional(str(100)),
});

export const REVIEW_REQUEST_SCHEMAS = [
  v.object({ type: v.literal('review-save'), review: ReviewDraftSchema }),
  v.object({ type: v.literal('review-get'), id: ReviewIdSchema }),
  v.object({
    type: v.literal('review-list'),
    filter: v.optional(ReviewFilterSchema),
    offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
    limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500))),
    /** Also return the sites and concept ids present, for the filter menus. */
    facets: v.optional(v.boolean()),
  }),
  v.object({ type: v.literal('review-delete'), ids: ReviewIds }),
  v.object({ type: v.literal('review-restore'), ids: ReviewIds }),
  v.object({
    type: v.literal('review-export'),
    format: v.picklist(EXPORT_FORMATS),
    filter: v.optional(ReviewFilterSchema),
    /** Add `detections` (annotations without a verdict) that have no saved review. */
    includeUnreviewed: v.optional(v.boolean()),
    detections: v.optional(v.pipe(v.array(DetectionSchema), v.maxLength(5000))),
    /** CSV only: start with a UTF-8 byte-order mark for spreadsheet programs. */
    bom: v.optional(v.boolean()),
    /**
     * Large files come back in parts ({ exportId, parts } instead of { text }), each fetched with
     * 'review-export-part', so no single message makes a long task on the receiving page.
     */
    chunked: v.optional(v.boolean()),
  }),
  v.object({
    type: v.literal('review-export-part'),
    exportId: v.pipe(v.string(), v.maxLength(100)),
    index: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  v.object({ type: v.literal('review-import'), text: v.pipe(v.string(), v.maxLength(MAX_IMPORT_CHARS + 1)) }),
  v.object({ type: v.literal('reviews-for-page'), pageUrl: PageUrlSchema }),
  /**
   * The content script's whole anchoring text of its page, sent whether or not the page has saved
   * reviews: the background anchors them (off the page's thread, so the page cannot time whether
   * reviews exist) and answers with the spans found. `record` is false after a same-document
   * navigation (history.pushState), which the page controls: nothing is written then.
   */
  v.object({
    type: v.literal('review-anchor-page'),
    pageUrl: PageUrlSchema,
    text: v.pipe(v.string(), v.maxLength(MAX_ANCHOR_TEXT)),
    record: v.boolean(),
  }),
  v.object({
    type: v.literal('review-anchor-status'),
    pageUrl: PageUrlSchema,
    results: v.pipe(
      v.array(
        v.object({ id: ReviewIdSchema, method: v.nullable(v.picklist(['position', 'quote', 'fuzzy'])) }),
      ),
      v.maxLength(5000),
    ),
  }),
] as const;

export type ReviewRequest = v.InferOutput<(typeof REVIEW_REQUEST_SCHEMAS)[number]>;
export type ReviewRequestType = ReviewRequest['type'];
export const REVIEW_REQUEST_TYPES: readonly ReviewRequestType[] = REVIEW_REQUEST_SCHEMAS.map(
  (s) => s.entries.type.literal,
);

/** A saved review found on the page: its id and where, in the content script's anchoring text. */
export interface AnchoredSpan {
  id: string;
  start: number;
  end: number;
}

/** What a content script receives for its page: selectors and an opaque id, nothing else. */
export interface ReviewAnchorRef {
  id: string;
  quote: { type: 'TextQuoteSelector'; exact: string; prefix: string; suffix: string };
  position: { type: 'TextPositionSelector'; start: number; end: number };
}

/** The file of an export, as 'review-export' returns it whole. */
export interface ExportFile {
  text: string;
  mime: string;
  extension: string;
  filename: string;
  count: number;
}

/** A large export announced in parts, each fetched with 'review-export-part'. */
export type ExportInParts = Omit<ExportFile, 'text'> & { exportId: string; parts: number; size: number };

/** What the background answers to each reviewer message (besides an ErrorResponse). */
export interface ReviewReplies {
  'review-save': { review: Review };
  'review-get': { review: Review | null };
  'review-list': ReviewPage & { facets?: ReviewFacets };
  'review-delete': { deleted: number };
  'review-restore': { restored: number };
  'review-export': ExportFile | ExportInParts;
  'review-export-part': { text: string };
  'review-import': {
    imported: number;
    duplicates: number;
    rejected: number;
    format: string;
    summary: string;
  };
  /** Extension pages get the reviews; a content script only their selectors. */
  'reviews-for-page': { reviews: Review[] } | { anchors: ReviewAnchorRef[] };
  /** The saved reviews of the page found in the text sent, as spans (no selectors). */
  'review-anchor-page': { anchored: AnchoredSpan[] };
  'review-anchor-status': { updated: number };
}

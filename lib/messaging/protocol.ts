// Every message between our contexts, validated on receipt. Page script cannot reach
// runtime messaging (no externally_connectable), but a compromised or confused sender still
// gets a clear error rather than undefined behaviour.
import * as v from 'valibot';
import { REVIEW_REQUEST_SCHEMAS, ReviewAnchorSchema } from './review-protocol';

const ConceptId = v.pipe(v.string(), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/), v.maxLength(80));
const ConceptIds = v.pipe(v.array(ConceptId), v.maxLength(2000));

export const DoseSchema = v.object({
  conceptId: ConceptId,
  text: v.pipe(v.string(), v.maxLength(200)),
  amount: v.number(),
  unit: v.pipe(v.string(), v.maxLength(40)),
  /** Amount in the unit of the upper limit, when a conversion exists. */
  normalizedAmount: v.optional(v.number()),
  limit: v.optional(v.number()),
  limitUnit: v.optional(v.string()),
  /** Set when the limit covers supplements only (the amount was then read as a supplement's). */
  limitAppliesTo: v.optional(v.literal('supplements-only')),
  aboveLimit: v.boolean(),
});
export type Dose = v.InferOutput<typeof DoseSchema>;

/** Limits of one scan chunk: the content script cuts its chunks well below them. */
export const SCAN_CHUNK_MAX_BLOCKS = 20_000;
export const SCAN_CHUNK_MAX_CHARS = 1 << 20;
/**
 * A secret the content script puts in its tooltip frame's URL: the background shows a tooltip's
 * notes only to the frame that carries it, not to a copy of tooltip.html a page frames itself.
 */
export const TooltipToken = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22,64}$/));
const ScanId = v.pipe(v.string(), v.regex(/^[a-z0-9-]{6,40}$/));
const Offset = v.pipe(v.number(), v.integer(), v.minValue(0));

/** How much of a page's description a scan accepts (the content script cuts to these). */
export const PAGE_META_LIMITS = { title: 2000, types: 100, type: 200, metaText: 20_000, url: 8000 } as const;

export const PageMetaSchema = v.object({
  title: v.optional(v.pipe(v.string(), v.maxLength(PAGE_META_LIMITS.title))),
  schemaTypes: v.optional(
    v.pipe(
      v.array(v.pipe(v.string(), v.maxLength(PAGE_META_LIMITS.type))),
      v.maxLength(PAGE_META_LIMITS.types),
    ),
  ),
  metaText: v.optional(v.pipe(v.string(), v.maxLength(PAGE_META_LIMITS.metaText))),
  url: v.optional(v.pipe(v.string(), v.maxLength(PAGE_META_LIMITS.url))),
});

export const BackgroundRequestSchema = v.variant('type', [
  v.object({ type: v.literal('site-settings'), hostname: v.pipe(v.string(), v.maxLength(300)) }),
  v.object({
    type: v.literal('kb-lookup'),
    conceptIds: ConceptIds,
    pageConcepts: ConceptIds,
  }),
  v.object({
    type: v.literal('tooltip-open'),
    conceptId: ConceptId,
    mentionText: v.pipe(v.string(), v.maxLength(200)),
    pageConcepts: ConceptIds,
    doses: v.pipe(v.array(DoseSchema), v.maxLength(50)),
    /** The mention's text anchor (page text only); sent only when reviewer mode is on. */
    anchor: v.optional(ReviewAnchorSchema),
    token: TooltipToken,
  }),
  v.object({ type: v.literal('tooltip-get'), token: TooltipToken }),
  v.object({ type: v.literal('tooltip-close'), returnFocus: v.optional(v.boolean()) }),
  v.object({ type: v.literal('open-popup-details') }),
  // Scanning off the page's main thread (lib/annotate/scan-sessions.ts): text blocks in chunks,
  // then the analysis.
  v.object({
    type: v.literal('scan-feed'),
    scan: ScanId,
    seq: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)),
    offsets: v.pipe(v.array(Offset), v.maxLength(SCAN_CHUNK_MAX_BLOCKS)),
    texts: v.pipe(
      v.array(v.string()),
      v.maxLength(SCAN_CHUNK_MAX_BLOCKS),
      v.check((t) => t.reduce((n, x) => n + x.length, 0) <= SCAN_CHUNK_MAX_CHARS, 'chunk too large'),
    ),
  }),
  v.object({ type: v.literal('scan-finish'), scan: ScanId, meta: PageMetaSchema }),
  v.object({ type: v.literal('scan-cancel'), scan: ScanId }),
  // Reviewer workflow (lib/messaging/review-protocol.ts, answered by review-handlers.ts).
  ...REVIEW_REQUEST_SCHEMAS,
]);
export type BackgroundRequest = v.InferOutput<typeof BackgroundRequestSchema>;

export const ContentRequestSchema = v.variant('type', [
  v.object({ type: v.literal('page-summary') }),
  v.object({ type: v.literal('focus-mention'), index: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  v.object({ type: v.literal('scan-now') }),
  v.object({ type: v.literal('tooltip-close'), returnFocus: v.optional(v.boolean()) }),
  v.object({ type: v.literal('settings-changed') }),
  /** Every highlighted mention as page-text selectors (lib/export/items.ts Detection), for exports. */
  v.object({ type: v.literal('page-detections') }),
  v.object({
    type: v.literal('command'),
    name: v.picklist(['next-mention', 'previous-mention', 'toggle-highlights']),
  }),
]);
export type ContentRequest = v.InferOutput<typeof ContentRequestSchema>;

export interface ErrorResponse {
  error: string;
}

export function isErrorResponse(x: unknown): x is ErrorResponse {
  return !!x && typeof x === 'object' && typeof (x as ErrorResponse).error === 'string';
}

export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${(i.path ?? []).map((p) => String(p.key)).join('.') || 'message'}: ${i.message}`)
    .join('; ');
}

/** What the content script reports about the page it annotated. Contains no personal data. */
export interface PageMention {
  index: number;
  id: string;
  kind: string;
  name: string;
  text: string;
}

export type PageState = 'annotated' | 'not-health' | 'paused' | 'on-request' | 'scanning';

export interface PageSummary {
  url: string;
  title: string;
  state: PageState;
  health: boolean;
  mentions: PageMention[];
  doses: Dose[];
  /** Highlights hidden by the reader's shortcut; `mentions` lists what was there before. */
  hidden?: boolean;
  /** Scan counters, readable only through this reply (never through the page DOM). */
  stats?: { readonly [counter: string]: number } | object;
}

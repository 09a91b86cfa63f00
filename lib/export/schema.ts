// Validation of imported data (valibot). Limits keep a hostile or broken file from filling the
// database with huge strings.
import * as v from 'valibot';
import { VERDICTS } from '../reviews/model';

export const MAX_IMPORT_CHARS = 64 * 1024 * 1024;
export const MAX_IMPORT_ENTRIES = 100_000;

const str = (max: number) => v.pipe(v.string(), v.maxLength(max, `is longer than ${max} characters`));

export function isPageUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'file:';
  } catch {
    return false;
  }
}

export const TimestampSchema = v.pipe(
  v.string(),
  v.isoTimestamp('is not an ISO 8601 timestamp'),
  v.check((s) => !Number.isNaN(Date.parse(s.replace(' ', 'T'))), 'is not a valid date'),
  v.transform((s) => new Date(s.replace(' ', 'T')).toISOString()),
);

export const ReviewIdSchema = v.pipe(
  v.string(),
  v.minLength(1, 'is empty'),
  v.maxLength(200, 'is longer than 200 characters'),
  v.regex(/^[\w.:~%-]+$/, 'has characters other than letters, digits and . : ~ % - _'),
);

export const ConceptIdSchema = v.pipe(
  str(80),
  v.regex(/^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$/, 'is not a concept id (lower-case words joined by -)'),
);

export const PageUrlSchema = v.pipe(str(4096), v.check(isPageUrl, 'is not an http(s) or file URL'));

export const QuoteSchema = v.object({
  type: v.literal('TextQuoteSelector'),
  exact: v.pipe(
    v.string(),
    v.minLength(1, 'is empty'),
    v.maxLength(10_000, 'is longer than 10000 characters'),
  ),
  prefix: str(1000),
  suffix: str(1000),
});

const Offset = v.pipe(v.number(), v.integer('is not a whole number'), v.minValue(0, 'is negative'));

export const PositionSchema = v.pipe(
  v.object({ type: v.literal('TextPositionSelector'), start: Offset, end: Offset }),
  v.check((p) => p.end >= p.start, 'end is before start'),
);

export const ReviewSchema = v.object({
  id: ReviewIdSchema,
  pageUrl: PageUrlSchema,
  pageTitle: str(2000),
  site: v.optional(str(300)),
  conceptId: ConceptIdSchema,
  quote: QuoteSchema,
  position: PositionSchema,
  verdict: v.optional(v.picklist(VERDICTS, 'is not a known verdict')),
  comment: v.optional(str(20_000)),
  claimNote: v.optional(str(20_000)),
  shownNoteIds: v.pipe(v.array(str(200)), v.maxLength(500, 'has more than 500 entries')),
  kbVersion: str(100),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  anchorStatus: v.optional(
    v.object({
      status: v.picklist(['anchored', 'orphan']),
      method: v.optional(v.picklist(['position', 'quote', 'fuzzy'])),
      since: v.optional(TimestampSchema),
      checkedAt: TimestampSchema,
    }),
  ),
});

export const EnvelopeSchema = v.object({
  format: v.literal('supplens-reviews'),
  version: v.number(),
  exportedAt: v.optional(v.string()),
  count: v.optional(v.pipe(v.number(), v.integer())),
  reviews: v.array(v.unknown()),
});

/** The `supplens` member of our W3C annotations (optional, for a lossless round trip). */
export const W3CExtensionSchema = v.object({
  version: v.literal(1),
  reviewId: v.optional(ReviewIdSchema),
  conceptId: v.optional(ConceptIdSchema),
  verdict: v.optional(v.picklist(VERDICTS)),
  pageTitle: v.optional(str(2000)),
  shownNoteIds: v.optional(v.pipe(v.array(str(200)), v.maxLength(500))),
  kbVersion: v.optional(str(100)),
});

export function describeValibotIssues(issues: readonly v.BaseIssue<unknown>[], max = 2): string {
  return issues
    .slice(0, max)
    .map((i) => {
      const path = (i.path ?? []).map((p) => String(p.key)).join('.');
      const msg = i.message.replace(/^Invalid (\w+): /, '');
      return path ? `${path}: ${msg}` : msg;
    })
    .join('; ');
}

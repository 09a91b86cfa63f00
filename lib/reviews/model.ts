// A reviewer's verdict on one annotation, anchored to the page text (W3C Web Annotation selectors,
// owned by lib/anchoring). Storage is platform/db/reviews.ts; this is the model alone.
import type { TextPositionSelector, TextQuoteSelector } from '../anchoring/types';

export type { TextPositionSelector, TextQuoteSelector };

export type Verdict = 'accurate' | 'misleading-claim' | 'needs-context' | 'wrong-detection';

export const VERDICTS: readonly Verdict[] = [
  'accurate',
  'misleading-claim',
  'needs-context',
  'wrong-detection',
];

export const VERDICT_LABELS: Record<Verdict, string> = {
  accurate: 'Accurate',
  'misleading-claim': 'Misleading article claim',
  'needs-context': 'Needs context',
  'wrong-detection': 'Wrong detection',
};

/**
 * How the review re-anchored when its page was last checked (set by the background). Not a visit
 * log: `since` is when this status was first seen, `checkedAt` the day of the last check (midnight
 * UTC), and the row is written only when one of them changes, at most once a day per review.
 */
export interface ReviewAnchorStatus {
  status: 'anchored' | 'orphan';
  method?: 'position' | 'quote' | 'fuzzy';
  /** First check that found this status and method (full time). Absent in older data. */
  since?: string;
  /** Day of the last check, as midnight UTC. */
  checkedAt: string;
}

export interface Review {
  id: string;
  /** Page URL without fragment (lib/anchoring canonicalPageUrl). */
  pageUrl: string;
  pageTitle: string;
  site: string;
  conceptId: string;
  quote: TextQuoteSelector;
  /** UTF-16 offsets into the page text; start = end = 0 when unknown (imported quote-only annotation). */
  position: TextPositionSelector;
  verdict?: Verdict;
  comment?: string;
  claimNote?: string;
  shownNoteIds: string[];
  kbVersion: string;
  createdAt: string;
  updatedAt: string;
  /** Added in schema version 3; absent until the page is visited again. */
  anchorStatus?: ReviewAnchorStatus;
}

/** A review's two selectors rebuilt from their own fields only, keys in one order (stable exports). */
export function selectorsOf(r: { quote: TextQuoteSelector; position: TextPositionSelector }): {
  quote: TextQuoteSelector;
  position: TextPositionSelector;
} {
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: r.quote.exact,
      prefix: r.quote.prefix,
      suffix: r.quote.suffix,
    },
    position: { type: 'TextPositionSelector', start: r.position.start, end: r.position.end },
  };
}

export interface ReviewFilter {
  pageUrl?: string;
  site?: string;
  conceptId?: string;
  /** 'none' = annotations saved without a verdict. */
  verdict?: Verdict | 'none';
  /** ISO timestamps on createdAt: since inclusive, until exclusive. */
  since?: string;
  until?: string;
  /** Full-text search: every word must appear (case and accents ignored). */
  text?: string;
  /** Result of the last re-anchoring on a visit to the page. */
  anchor?: 'orphan' | 'anchored' | 'unchecked';
}

/** What the tooltip (or the review page, when editing) sends to save a review. */
export type ReviewDraft = Pick<
  Review,
  | 'pageUrl'
  | 'pageTitle'
  | 'conceptId'
  | 'quote'
  | 'position'
  | 'verdict'
  | 'comment'
  | 'claimNote'
  | 'shownNoteIds'
  | 'kbVersion'
> & { id?: string };

export interface ReviewPage {
  total: number;
  offset: number;
  items: Review[];
}

export interface ReviewFacets {
  total: number;
  sites: string[];
  conceptIds: string[];
}

export interface ImportOutcome {
  imported: number;
  duplicates: number;
  importedIds: string[];
}

/** How long a deleted review can be restored. */

// Data for the reviewer e2e tests and the reviews benchmark: drafts as the tooltip would send
// them, and a large SuppLens export generated without a browser.

import { type Detection, toJson } from '../../lib/export';
import type { Review, Verdict } from '../../lib/reviews/model';

export const SAMPLE_TEXT =
  'Zinc is one of the most popular mineral supplements, sold as zinc gluconate lozenges for colds. ' +
  'High doses of vitamin D can raise blood calcium; the upper limit for adults is 100 micrograms a day. ' +
  'People who take blood thinners should ask before starting fish oil. Magnesium is marketed for sleep.';

const VERDICTS: Verdict[] = ['accurate', 'misleading-claim', 'needs-context', 'wrong-detection'];
const SPANS: [string, string][] = [
  ['zinc gluconate', 'zinc'],
  ['vitamin D', 'vitamin-d'],
  ['fish oil', 'fish-oil'],
  ['Magnesium', 'magnesium'],
];

export function reviewDraft(i: number, site = `site${i % 3}.example`) {
  const [needle, conceptId] = SPANS[i % SPANS.length]!;
  const start = SAMPLE_TEXT.indexOf(needle);
  const end = start + needle.length;
  return {
    pageUrl: `https://${site}/article-${i}`,
    pageTitle: `Article ${i} about ${needle}`,
    conceptId,
    quote: {
      type: 'TextQuoteSelector' as const,
      exact: needle,
      prefix: SAMPLE_TEXT.slice(Math.max(0, start - 32), start),
      suffix: SAMPLE_TEXT.slice(end, end + 32),
    },
    position: { type: 'TextPositionSelector' as const, start, end },
    verdict: VERDICTS[i % VERDICTS.length]!,
    comment: i % 2 ? `Reviewer comment number ${i}` : '',
    claimNote: i % 3 === 0 ? `Claim note ${i}: the article overstates the effect` : '',
    shownNoteIds: [`${conceptId}-note-${i % 5}`],
    kbVersion: 'e2e',
  };
}

/** A reviewer's "needs context" verdict on a mention the content script reported, as the tooltip saves it. */
export function verdictOn(d: Detection, comment: string) {
  return {
    pageUrl: d.pageUrl,
    pageTitle: d.pageTitle ?? '',
    conceptId: d.conceptId,
    quote: d.quote,
    position: d.position,
    verdict: 'needs-context' as const,
    comment,
    shownNoteIds: [],
    kbVersion: 'e2e',
  };
}

/** n complete reviews spread over 50 sites, 500 pages and two years, as one JSON export text. */
export function bigExport(n: number, now = new Date('2025-06-01T00:00:00.000Z')): string {
  const reviews: Review[] = [];
  for (let i = 0; i < n; i++) {
    const d = reviewDraft(i, `site${i % 50}.example`);
    const created = new Date(now.getTime() - i * 3_600_000 * 1.7).toISOString();
    const { comment, claimNote, ...rest } = d;
    reviews.push({
      ...rest,
      id: `bench-${i.toString().padStart(6, '0')}`,
      pageUrl: `https://site${i % 50}.example/article-${i % 500}`,
      site: `site${i % 50}.example`,
      ...(comment ? { comment } : {}),
      ...(claimNote ? { claimNote } : {}),
      createdAt: created,
      updatedAt: created,
    });
  }
  return toJson(reviews, { now });
}

// Shared test data for review repository, export and import tests.
import { describe } from '../../../lib/anchoring';
import type { Review, Verdict } from '../../../lib/reviews/model';
import { SuppLensDB } from '../../../platform/db/database';
import type { ReviewDraft } from '../../../platform/db/reviews';

export const PAGE_TEXT =
  'Zinc is one of the most popular mineral supplements, sold as zinc gluconate lozenges for colds. ' +
  'A laboratory study suggests that, in people with rheumatoid arthritis, zinc inside immune cells may drive inflammation. ' +
  'High doses of vitamin D can raise blood calcium; the upper limit for adults is 100 micrograms a day. ' +
  'People who take blood thinners should ask before starting fish oil, "the omega-3 source", say doctors.';

let dbCounter = 0;
/** A fresh database per test (fake-indexeddb keeps databases for the whole run). */
export function freshDb(): SuppLensDB {
  dbCounter++;
  return new SuppLensDB(`supplens-test-${process.pid}-${dbCounter}-${Math.random().toString(36).slice(2)}`);
}

export function draftFor(needle: string, extra: Partial<ReviewDraft> & { url?: string } = {}): ReviewDraft {
  const start = PAGE_TEXT.indexOf(needle);
  if (start < 0) throw new Error(`fixture text has no ${needle}`);
  const { quote, position } = describe(PAGE_TEXT, start, start + needle.length);
  const { url, ...rest } = extra;
  return {
    pageUrl: url ?? 'https://news.example.com/health/zinc-study',
    pageTitle: 'Lab study suggests zinc may worsen rheumatoid arthritis',
    conceptId: 'zinc',
    quote,
    position,
    shownNoteIds: ['zinc-rheumatoid-arthritis'],
    kbVersion: 'f9c9bdec1cf54f7f',
    ...rest,
  };
}

const VERDICT_CYCLE: Verdict[] = ['accurate', 'misleading-claim', 'needs-context', 'wrong-detection'];
const NEEDLES = ['zinc gluconate', 'rheumatoid arthritis', 'vitamin D', 'blood thinners', 'fish oil', 'Zinc'];
const CONCEPTS = ['zinc', 'rheumatoid-arthritis', 'vitamin-d', 'anticoagulants', 'fish-oil', 'zinc'];

/** n varied drafts across several sites, with awkward text for CSV/Markdown. */
export function variedDrafts(n: number): ReviewDraft[] {
  const out: ReviewDraft[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % NEEDLES.length;
    out.push(
      draftFor(NEEDLES[k]!, {
        url: `https://site${i % 7}.example.org/article-${i % 97}?ref=${i % 3}`,
        pageTitle: `Article ${i % 97}: "quotes", commas, and ünïcödé`,
        conceptId: CONCEPTS[k]!,
        ...(i % 5 === 4 ? {} : { verdict: VERDICT_CYCLE[i % 4]! }),
        ...(i % 3 === 0 ? { comment: `Comment ${i}, with "quotes"\nand a second line` } : {}),
        ...(i % 4 === 1 ? { claimNote: `=HYPERLINK("http://evil.example/${i}")` } : {}),
      }),
    );
  }
  return out;
}

/**
 * A review row as stored by an older version (tests of upgrades and of blocked databases): a
 * verdict on "zinc" in "a zinc b", without a site (older schemas had none) unless `over` sets one.
 */
export function storedReview(
  over: Partial<Review> & { id: string },
): Omit<Review, 'site'> & { site?: string } {
  return {
    pageUrl: 'https://news.example/zinc',
    pageTitle: 'Zinc story',
    conceptId: 'zinc',
    quote: { type: 'TextQuoteSelector', exact: 'zinc', prefix: 'a ', suffix: ' b' },
    position: { type: 'TextPositionSelector', start: 2, end: 6 },
    verdict: 'accurate',
    shownNoteIds: [],
    kbVersion: 'v1',
    createdAt: '2024-01-02T03:04:05.000Z',
    updatedAt: '2024-01-02T03:04:05.000Z',
    ...over,
  };
}

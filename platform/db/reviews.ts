// Repository over SuppLensDB.reviews: save, edit, delete with undo, list/filter/search, import.
// Runs in the background (and in unit tests with fake-indexeddb); pages go through messages.
//
// Listing strategy for large sets (10,000+ reviews): one equality filter plus the date range is a
// single compound-index range ([site+createdAt], [conceptId+createdAt], [verdict+createdAt]);
// the remaining filters and the full-text search run over that array in memory, where a scan of
// 10,000 rows takes a few milliseconds. Order is always newest first (createdAt desc, id desc).
import Dexie from 'dexie';
import { canonicalPageUrl, siteOf } from '../../lib/anchoring/page-url';
import {
  type ImportOutcome,
  type Review,
  type ReviewAnchorStatus,
  type ReviewDraft,
  type ReviewFacets,
  type ReviewFilter,
  type ReviewPage,
  selectorsOf,
  VERDICT_LABELS,
  type Verdict,
} from '../../lib/reviews/model';
import type { SuppLensDB } from './database';

// The types of the reviewer workflow live with the model (the protocol uses them too).
export type {
  ImportOutcome,
  ReviewDraft,
  ReviewFacets,
  ReviewFilter,
  ReviewPage,
} from '../../lib/reviews/model';

/**
 * How long a deleted review can be restored: the review page offers undo for 10 s; after this the
 * trash is swept (on a timer, at start-up and with every review message), so a deleted review does
 * not linger in the database.
 */
export const TRASH_TTL_MS = 30 * 1000;

export function newReviewId(): string {
  return globalThis.crypto.randomUUID();
}

const trimOrUndefined = (s: string | undefined) => {
  const t = s?.trim();
  return t ? t : undefined;
};

/** Key under which two reviews are the same review (ids aside): same span, concept and creation. */
export function reviewFingerprint(
  r: Pick<Review, 'pageUrl' | 'conceptId' | 'quote' | 'position' | 'createdAt'>,
): string {
  return [r.pageUrl, r.conceptId, r.quote.exact, r.position.start, r.position.end, r.createdAt].join(
    '\u0000',
  );
}

function sameSpan(a: Review, d: ReviewDraft, pageUrl: string): boolean {
  return (
    a.pageUrl === pageUrl &&
    a.conceptId === d.conceptId &&
    a.quote.exact === d.quote.exact &&
    a.position.start === d.position.start &&
    a.position.end === d.position.end
  );
}

/**
 * Creates or updates a review. With an id that exists, or without id for a span that already has a
 * review (same page, concept, quote and position), the existing review is updated: its id and
 * createdAt stay, the rest is replaced. Returns the stored review.
 */
export async function saveReview(
  db: SuppLensDB,
  draft: ReviewDraft,
  now: Date = new Date(),
): Promise<Review> {
  const pageUrl = canonicalPageUrl(draft.pageUrl);
  return db.transaction('rw', db.reviews, async () => {
    let existing = draft.id ? await db.reviews.get(draft.id) : undefined;
    if (!existing && !draft.id) {
      const samePage = await db.reviews.where('pageUrl').equals(pageUrl).toArray();
      existing = samePage.find((r) => sameSpan(r, draft, pageUrl));
    }
    const stamp = now.toISOString();
    const review: Review = {
      id: existing?.id ?? draft.id ?? newReviewId(),
      pageUrl,
      pageTitle: draft.pageTitle,
      site: siteOf(pageUrl),
      conceptId: draft.conceptId,
      ...selectorsOf(draft),
      shownNoteIds: [...draft.shownNoteIds],
      kbVersion: draft.kbVersion,
      createdAt: existing?.createdAt ?? stamp,
      updatedAt: stamp,
    };
    const verdict = draft.verdict;
    const comment = trimOrUndefined(draft.comment);
    const claimNote = trimOrUndefined(draft.claimNote);
    if (verdict) review.verdict = verdict;
    if (comment) review.comment = comment;
    if (claimNote) review.claimNote = claimNote;
    if (existing?.anchorStatus) review.anchorStatus = existing.anchorStatus;
    await db.reviews.put(review);
    return review;
  });
}

/** Changes the reviewer's part of a review (verdict, comment, claim note). Empty strings remove. */
export async function updateReview(
  db: SuppLensDB,
  id: string,
  changes: { verdict?: Verdict | null; comment?: string; claimNote?: string },
  now: Date = new Date(),
): Promise<Review | undefined> {
  return db.transaction('rw', db.reviews, async () => {
    const r = await db.reviews.get(id);
    if (!r) return undefined;
    const next: Review = { ...r, updatedAt: now.toISOString() };
    if (changes.verdict !== undefined) {
      if (changes.verdict === null) delete next.verdict;
      else next.verdict = changes.verdict;
    }
    for (const key of ['comment', 'claimNote'] as const) {
      if (changes[key] === undefined) continue;
      const t = trimOrUndefined(changes[key]);
      if (t) next[key] = t;
      else delete next[key];
    }
    await db.reviews.put(next);
    return next;
  });
}

export function getReview(db: SuppLensDB, id: string): Promise<Review | undefined> {
  return db.reviews.get(id);
}

/** Moves reviews to the trash (restorable for TRASH_TTL_MS). Returns how many were deleted. */
export async function deleteReviews(
  db: SuppLensDB,
  ids: readonly string[],
  now: Date = new Date(),
): Promise<number> {
  return db.transaction('rw', db.reviews, db.reviewTrash, async () => {
    const rows = (await db.reviews.bulkGet([...new Set(ids)])).filter((r): r is Review => !!r);
    const deletedAt = now.toISOString();
    await db.reviewTrash.bulkPut(rows.map((review) => ({ id: review.id, deletedAt, review })));
    await db.reviews.bulkDelete(rows.map((r) => r.id));
    await sweepTrash(db, now);
    return rows.length;
  });
}

/** Deletes for good what has been in the trash longer than TRASH_TTL_MS. Returns how many. */
export function sweepTrash(db: SuppLensDB, now: Date = new Date()): Promise<number> {
  return db.reviewTrash
    .where('deletedAt')
    .belowOrEqual(new Date(now.getTime() - TRASH_TTL_MS).toISOString())
    .delete();
}

/** When the oldest review in the trash is due to be swept (ms since the epoch), if any. */
export async function nextTrashSweep(db: SuppLensDB): Promise<number | undefined> {
  const oldest = await db.reviewTrash.orderBy('deletedAt').first();
  return oldest ? Date.parse(oldest.deletedAt) + TRASH_TTL_MS : undefined;
}

/** Undoes deleteReviews for these ids. A review whose id was reused meanwhile is not overwritten. */
export async function restoreReviews(db: SuppLensDB, ids: readonly string[]): Promise<number> {
  return db.transaction('rw', db.reviews, db.reviewTrash, async () => {
    const rows = (await db.reviewTrash.bulkGet([...new Set(ids)])).filter((r) => !!r);
    const taken = new Set(
      (await db.reviews.bulkGet(rows.map((r) => r.id))).filter((r) => !!r).map((r) => r!.id),
    );
    const back = rows.filter((r) => !taken.has(r.id)).map((r) => r.review);
    await db.reviews.bulkAdd(back);
    await db.reviewTrash.bulkDelete(rows.map((r) => r.id));
    return back.length;
  });
}

export async function clearReviews(db: SuppLensDB): Promise<void> {
  await db.transaction('rw', db.reviews, db.reviewTrash, async () => {
    await db.reviews.clear();
    await db.reviewTrash.clear();
  });
}

// ---- search ---------------------------------------------------------------------------------

export function normalizeForSearch(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Words of a search, each of which must appear; "double quotes" keep a phrase together. */
export function searchTerms(text: string | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const m of normalizeForSearch(text).matchAll(/"([^"]*)"|(\S+)/g)) {
    const t = (m[1] ?? m[2] ?? '').trim().replace(/\s+/g, ' ');
    if (t) out.push(t);
  }
  return out.slice(0, 20);
}

/** Normalised searchable text per review, reused while the review is unchanged. */
const searchCache = new Map<string, { updatedAt: string; text: string }>();
const SEARCH_CACHE_MAX = 50_000;

function searchableText(r: Review): string {
  const hit = searchCache.get(r.id);
  if (hit && hit.updatedAt === r.updatedAt) return hit.text;
  const text = normalizeForSearch(
    [
      r.quote.exact,
      r.comment ?? '',
      r.claimNote ?? '',
      r.pageTitle,
      r.pageUrl,
      r.conceptId,
      r.verdict ? VERDICT_LABELS[r.verdict] : '',
    ].join('\n'),
  );
  if (searchCache.size >= SEARCH_CACHE_MAX) searchCache.clear();
  searchCache.set(r.id, { updatedAt: r.updatedAt, text });
  return text;
}

export function matchesFilter(
  r: Review,
  f: ReviewFilter,
  terms: readonly string[] = searchTerms(f.text),
): boolean {
  if (f.pageUrl !== undefined && r.pageUrl !== canonicalPageUrl(f.pageUrl)) return false;
  if (f.site !== undefined && r.site !== f.site) return false;
  if (f.conceptId !== undefined && r.conceptId !== f.conceptId) return false;
  if (f.verdict === 'none' ? r.verdict !== undefined : f.verdict !== undefined && r.verdict !== f.verdict)
    return false;
  if (f.since !== undefined && r.createdAt < f.since) return false;
  if (f.until !== undefined && r.createdAt >= f.until) return false;
  if (
    f.anchor === 'unchecked' ? r.anchorStatus !== undefined : f.anchor && r.anchorStatus?.status !== f.anchor
  )
    return false;
  if (terms.length) {
    const text = searchableText(r);
    for (const t of terms) if (!text.includes(t)) return false;
  }
  return true;
}

/** Newest first; ties by id, descending (the order of a reversed createdAt index). */
export function compareReviews(a: Review, b: Review): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function candidates(db: SuppLensDB, f: ReviewFilter) {
  const lo = f.since ?? Dexie.minKey;
  const hi = f.until ?? Dexie.maxKey;
  if (f.pageUrl !== undefined) return db.reviews.where('pageUrl').equals(canonicalPageUrl(f.pageUrl));
  if (f.site !== undefined)
    return db.reviews.where('[site+createdAt]').between([f.site, lo], [f.site, hi], true, false);
  if (f.conceptId !== undefined)
    return db.reviews
      .where('[conceptId+createdAt]')
      .between([f.conceptId, lo], [f.conceptId, hi], true, false);
  if (f.verdict !== undefined && f.verdict !== 'none')
    return db.reviews.where('[verdict+createdAt]').between([f.verdict, lo], [f.verdict, hi], true, false);
  if (f.since !== undefined || f.until !== undefined)
    return db.reviews.where('createdAt').between(lo, hi, true, false);
  return db.reviews.toCollection();
}

const isEmptyFilter = (f: ReviewFilter) =>
  Object.values(f).every((v) => v === undefined || v === '') && !searchTerms(f.text).length;

/** Every review matching the filter, newest first. */
export async function queryReviews(db: SuppLensDB, filter: ReviewFilter = {}): Promise<Review[]> {
  const rows = await candidates(db, filter).toArray();
  const terms = searchTerms(filter.text);
  const out = rows.filter((r) => matchesFilter(r, filter, terms));
  return out.sort(compareReviews);
}

/** One page of the filtered list plus the total count. */
export async function listReviews(
  db: SuppLensDB,
  filter: ReviewFilter = {},
  page: { offset?: number; limit?: number } = {},
): Promise<ReviewPage> {
  const offset = Math.max(0, page.offset ?? 0);
  const limit = Math.max(1, Math.min(500, page.limit ?? 50));
  if (isEmptyFilter(filter)) {
    // No filter: read just the page from the createdAt index.
    const [total, items] = await Promise.all([
      db.reviews.count(),
      db.reviews.orderBy('createdAt').reverse().offset(offset).limit(limit).toArray(),
    ]);
    return { total, offset, items };
  }
  const all = await queryReviews(db, filter);
  return { total: all.length, offset, items: all.slice(offset, offset + limit) };
}

export async function reviewFacets(db: SuppLensDB): Promise<ReviewFacets> {
  const [total, sites, conceptIds] = await Promise.all([
    db.reviews.count(),
    db.reviews.orderBy('site').uniqueKeys(),
    db.reviews.orderBy('conceptId').uniqueKeys(),
  ]);
  return { total, sites: sites.map(String), conceptIds: conceptIds.map(String) };
}

/** Reviews saved on one page, in text order. */
export async function reviewsForPage(db: SuppLensDB, pageUrl: string): Promise<Review[]> {
  const rows = await db.reviews.where('pageUrl').equals(canonicalPageUrl(pageUrl)).toArray();
  return rows.sort((a, b) => a.position.start - b.position.start || compareReviews(a, b));
}

/**
 * Records how each review of a page re-anchored on the latest visit. Ids of other pages are
 * ignored, so a content script can only touch reviews of the page it runs in.
 */
export async function setAnchorStatus(
  db: SuppLensDB,
  pageUrl: string,
  results: readonly { id: string; method: ReviewAnchorStatus['method'] | null }[],
  now: Date = new Date(),
): Promise<number> {
  const url = canonicalPageUrl(pageUrl);
  return db.transaction('rw', db.reviews, async () => {
    const byId = new Map((await db.reviews.where('pageUrl').equals(url).toArray()).map((r) => [r.id, r]));
    const checkedAt = `${now.toISOString().slice(0, 10)}T00:00:00.000Z`;
    const changed: Review[] = [];
    for (const { id, method } of results) {
      const r = byId.get(id);
      if (!r) continue;
      const status = method ? 'anchored' : 'orphan';
      const old = r.anchorStatus;
      const same = old?.status === status && (old.method ?? null) === (method ?? null);
      if (same && old.checkedAt === checkedAt) continue;
      const since = same && old.since ? old.since : now.toISOString();
      const anchorStatus: ReviewAnchorStatus = method
        ? { status, method, since, checkedAt }
        : { status, since, checkedAt };
      changed.push({ ...r, anchorStatus });
    }
    await db.reviews.bulkPut(changed);
    return changed.length;
  });
}

/**
 * Adds already-validated reviews in one transaction. Skips (as duplicates) any whose id exists or
 * whose fingerprint (page, concept, span, createdAt) matches a stored review or an earlier one in
 * the same batch. Existing reviews are never modified; if anything fails, nothing is added.
 */
export async function importReviews(db: SuppLensDB, reviews: readonly Review[]): Promise<ImportOutcome> {
  return db.transaction('rw', db.reviews, async () => {
    const ids = [...new Set(reviews.map((r) => r.id))];
    const taken = new Set((await db.reviews.bulkGet(ids)).filter((r) => !!r).map((r) => r!.id));
    const urls = [...new Set(reviews.map((r) => r.pageUrl))];
    const existing = urls.length ? await db.reviews.where('pageUrl').anyOf(urls).toArray() : [];
    const prints = new Set(existing.map(reviewFingerprint));
    const fresh: Review[] = [];
    let duplicates = 0;
    for (const r of reviews) {
      const fp = reviewFingerprint(r);
      if (taken.has(r.id) || prints.has(fp)) {
        duplicates++;
        continue;
      }
      taken.add(r.id);
      prints.add(fp);
      fresh.push(r);
    }
    await db.reviews.bulkAdd(fresh);
    return { imported: fresh.length, duplicates, importedIds: fresh.map((r) => r.id) };
  });
}

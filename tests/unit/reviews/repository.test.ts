import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_HISTORY, SCHEMA_VERSION, type SuppLensDB } from '../../../platform/db/database';
import {
  clearReviews,
  deleteReviews,
  getReview,
  importReviews,
  listReviews,
  nextTrashSweep,
  queryReviews,
  restoreReviews,
  reviewFacets,
  reviewsForPage,
  saveReview,
  setAnchorStatus,
  sweepTrash,
  TRASH_TTL_MS,
  updateReview,
} from '../../../platform/db/reviews';
import { draftFor, freshDb, storedReview, variedDrafts } from './fixtures';

let db: SuppLensDB;
afterEach(async () => {
  db?.close();
});

const T0 = new Date('2025-03-01T10:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

describe('saving and editing', () => {
  it('saves a review with selectors, site, notes shown and timestamps', async () => {
    db = freshDb();
    const r = await saveReview(
      db,
      draftFor('vitamin D', {
        verdict: 'needs-context',
        comment: '  Upper limit missing. ',
        url: 'https://a.example/x#frag',
      }),
      T0,
    );
    expect(r).toMatchObject({
      pageUrl: 'https://a.example/x',
      site: 'a.example',
      verdict: 'needs-context',
      comment: 'Upper limit missing.',
      shownNoteIds: ['zinc-rheumatoid-arthritis'],
      createdAt: T0.toISOString(),
      updatedAt: T0.toISOString(),
    });
    expect(r.quote.type).toBe('TextQuoteSelector');
    expect(r.position.type).toBe('TextPositionSelector');
    expect(await getReview(db, r.id)).toEqual(r);
  });

  it('updates in place when the same span is saved again or the id is given', async () => {
    db = freshDb();
    const a = await saveReview(db, draftFor('vitamin D', { verdict: 'accurate' }), T0);
    const b = await saveReview(db, draftFor('vitamin D', { verdict: 'misleading-claim' }), later(1000));
    expect(b.id).toBe(a.id);
    expect(b.createdAt).toBe(a.createdAt);
    expect(b.updatedAt).toBe(later(1000).toISOString());
    const c = await saveReview(db, { ...draftFor('vitamin D'), id: a.id, comment: 'x' }, later(2000));
    expect(c.id).toBe(a.id);
    expect(c.verdict).toBeUndefined();
    expect(await db.reviews.count()).toBe(1);
  });

  it('edits verdict, comment and claim note; empty text removes them', async () => {
    db = freshDb();
    const a = await saveReview(
      db,
      draftFor('fish oil', { verdict: 'accurate', comment: 'ok', claimNote: 'n' }),
      T0,
    );
    const b = await updateReview(
      db,
      a.id,
      { verdict: 'wrong-detection', comment: '', claimNote: 'new note' },
      later(5),
    );
    expect(b).toMatchObject({ verdict: 'wrong-detection', claimNote: 'new note' });
    expect(b && 'comment' in b).toBe(false);
    expect(await updateReview(db, 'missing', { comment: 'x' })).toBeUndefined();
  });
});

describe('delete with undo', () => {
  it('deletes into the trash and restores', async () => {
    db = freshDb();
    const a = await saveReview(db, draftFor('fish oil', { verdict: 'accurate' }), T0);
    const b = await saveReview(db, draftFor('vitamin D', { verdict: 'accurate' }), T0);
    expect(await deleteReviews(db, [a.id, b.id, 'nope'], later(10))).toBe(2);
    expect(await db.reviews.count()).toBe(0);
    expect(await restoreReviews(db, [a.id])).toBe(1);
    expect(await getReview(db, a.id)).toEqual(a);
    expect(await db.reviews.count()).toBe(1);
    expect(await restoreReviews(db, [a.id])).toBe(0);
  });

  it('purges trash older than the undo window', async () => {
    db = freshDb();
    const a = await saveReview(db, draftFor('fish oil'), T0);
    const b = await saveReview(db, draftFor('vitamin D'), T0);
    await deleteReviews(db, [a.id], T0);
    await deleteReviews(db, [b.id], later(TRASH_TTL_MS + 1));
    expect(await restoreReviews(db, [a.id, b.id])).toBe(1);
    expect((await db.reviews.toArray()).map((r) => r.id)).toEqual([b.id]);
  });

  it('sweeps the trash on its own, when the undo window has passed', async () => {
    db = freshDb();
    const a = await saveReview(db, draftFor('fish oil'), T0);
    await deleteReviews(db, [a.id], T0);
    expect(await nextTrashSweep(db)).toBe(T0.getTime() + TRASH_TTL_MS);
    expect(await sweepTrash(db, later(TRASH_TTL_MS - 1))).toBe(0);
    expect(await sweepTrash(db, later(TRASH_TTL_MS))).toBe(1);
    expect(await db.reviewTrash.count()).toBe(0);
    expect(await nextTrashSweep(db)).toBeUndefined();
  });
});

describe('listing, filters and search', () => {
  async function seed(n: number) {
    db = freshDb();
    const drafts = variedDrafts(n);
    for (let i = 0; i < drafts.length; i++) await saveReview(db, drafts[i]!, later(i * 60_000));
  }

  it('lists newest first with paging and total', async () => {
    await seed(30);
    const p1 = await listReviews(db, {}, { offset: 0, limit: 10 });
    const p2 = await listReviews(db, {}, { offset: 10, limit: 10 });
    expect(p1.total).toBe(30);
    expect(p1.items).toHaveLength(10);
    expect(p1.items[0]!.createdAt > p1.items[9]!.createdAt).toBe(true);
    expect(p1.items[9]!.createdAt > p2.items[0]!.createdAt).toBe(true);
    // The unfiltered fast path and the general path agree on order.
    const all = await queryReviews(db, {});
    expect(all.slice(0, 10).map((r) => r.id)).toEqual(p1.items.map((r) => r.id));
  });

  it('filters by site, concept, verdict (including none), date, page and anchor status', async () => {
    await seed(40);
    const all = await queryReviews(db, {});
    const check = async (
      f: Parameters<typeof queryReviews>[1],
      pred: (r: (typeof all)[number]) => boolean,
    ) => {
      const got = (await queryReviews(db, f)).map((r) => r.id);
      expect(got).toEqual(all.filter(pred).map((r) => r.id));
      expect(got.length).toBeGreaterThan(0);
    };
    await check({ site: 'site3.example.org' }, (r) => r.site === 'site3.example.org');
    await check({ conceptId: 'vitamin-d' }, (r) => r.conceptId === 'vitamin-d');
    await check({ verdict: 'accurate' }, (r) => r.verdict === 'accurate');
    await check({ verdict: 'none' }, (r) => r.verdict === undefined);
    const since = later(10 * 60_000).toISOString();
    const until = later(20 * 60_000).toISOString();
    await check({ since, until }, (r) => r.createdAt >= since && r.createdAt < until);
    await check(
      { site: 'site1.example.org', since, verdict: 'needs-context' },
      (r) => r.site === 'site1.example.org' && r.createdAt >= since && r.verdict === 'needs-context',
    );
    const one = all[0]!;
    await check({ pageUrl: `${one.pageUrl}#x` }, (r) => r.pageUrl === one.pageUrl);
    await setAnchorStatus(db, one.pageUrl, [{ id: one.id, method: null }]);
    expect((await queryReviews(db, { anchor: 'orphan' })).map((r) => r.id)).toEqual([one.id]);
  });

  it('searches full text across quote, comment, claim note and title, ignoring case and accents', async () => {
    await seed(30);
    const phrase = await queryReviews(db, { text: '"COMMENT 3,"' });
    expect(phrase.map((r) => r.comment)).toEqual([expect.stringContaining('Comment 3,')]);
    const words = await queryReviews(db, { text: 'second LINE' });
    expect(words).toHaveLength(10);
    expect(await queryReviews(db, { text: 'unicode' })).toHaveLength(30); // "ünïcödé" in every title
    expect(await queryReviews(db, { text: 'blood thinners' })).toHaveLength(5);
    expect(await queryReviews(db, { text: 'hyperlink zzz' })).toHaveLength(0);
    expect(
      (await queryReviews(db, { text: 'misleading' })).every((r) => r.verdict === 'misleading-claim'),
    ).toBe(true);
  });

  it('reports facets and page reviews in text order', async () => {
    await seed(14);
    const f = await reviewFacets(db);
    expect(f.total).toBe(14);
    expect(f.sites).toContain('site0.example.org');
    expect(f.conceptIds).toEqual([...new Set(f.conceptIds)].sort());
    const page = (await queryReviews(db, {}))[0]!.pageUrl;
    const rows = await reviewsForPage(db, page);
    expect(rows.map((r) => r.position.start)).toEqual(
      [...rows.map((r) => r.position.start)].sort((a, b) => a - b),
    );
  });

  it('records anchor status only for reviews of the named page', async () => {
    db = freshDb();
    const a = await saveReview(db, draftFor('fish oil', { url: 'https://a.example/1' }), T0);
    const b = await saveReview(db, draftFor('fish oil', { url: 'https://b.example/2' }), T0);
    const n = await setAnchorStatus(
      db,
      'https://a.example/1',
      [
        { id: a.id, method: 'quote' },
        { id: b.id, method: null },
      ],
      later(1),
    );
    expect(n).toBe(1);
    expect((await getReview(db, a.id))?.anchorStatus).toEqual({
      status: 'anchored',
      method: 'quote',
      since: later(1).toISOString(),
      checkedAt: '2025-03-01T00:00:00.000Z',
    });
    expect((await getReview(db, b.id))?.anchorStatus).toBeUndefined();
    expect((await getReview(db, a.id))?.updatedAt).toBe(a.updatedAt);
  });

  it('keeps one first-seen and one last-checked day per review, not a time per visit', async () => {
    db = freshDb();
    const a = await saveReview(db, draftFor('fish oil', { url: 'https://a.example/1' }), T0);
    const check = (method: 'quote' | null, at: Date) =>
      setAnchorStatus(db, 'https://a.example/1', [{ id: a.id, method }], at);
    const HOUR = 3600_000;
    expect(await check('quote', later(HOUR))).toBe(1);
    // Later visits the same day write nothing.
    expect(await check('quote', later(2 * HOUR))).toBe(0);
    expect(await check('quote', later(5 * HOUR))).toBe(0);
    // The next day: the day moves, the first-seen time stays.
    expect(await check('quote', later(24 * HOUR))).toBe(1);
    expect((await getReview(db, a.id))?.anchorStatus).toEqual({
      status: 'anchored',
      method: 'quote',
      since: later(HOUR).toISOString(),
      checkedAt: '2025-03-02T00:00:00.000Z',
    });
    // A change of status starts a new first-seen time.
    expect(await check(null, later(25 * HOUR))).toBe(1);
    expect((await getReview(db, a.id))?.anchorStatus).toEqual({
      status: 'orphan',
      since: later(25 * HOUR).toISOString(),
      checkedAt: '2025-03-02T00:00:00.000Z',
    });
  });

  it('lists and filters 10,000 reviews (times: npm run bench)', async () => {
    db = freshDb();
    const now = Date.now();
    const base = await saveReview(db, draftFor('vitamin D'), T0);
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      ...base,
      id: `r${i}`,
      site: `site${i % 50}.example`,
      pageUrl: `https://site${i % 50}.example/p${i % 500}`,
      conceptId: ['zinc', 'vitamin-d', 'fish-oil'][i % 3]!,
      createdAt: new Date(now - i * 1000).toISOString(),
    }));
    await clearReviews(db);
    await importReviews(db, rows);
    const page = await listReviews(db, {}, { limit: 50 });
    const filtered = await listReviews(db, { site: 'site7.example', text: 'vitamin' }, { limit: 50 });
    expect(page.total).toBe(10_000);
    expect(filtered.total).toBe(200);
  });
});

describe('import', () => {
  it('adds reviews in one transaction and skips duplicates by id or fingerprint', async () => {
    db = freshDb();
    const a = await saveReview(db, draftFor('fish oil', { verdict: 'accurate' }), T0);
    const b = { ...a, id: 'other-id' }; // same fingerprint as a
    const c = { ...a, id: 'c', createdAt: later(1).toISOString(), updatedAt: later(1).toISOString() };
    const out = await importReviews(db, [a, b, c, c]);
    expect(out).toMatchObject({ imported: 1, duplicates: 3, importedIds: ['c'] });
    expect(await db.reviews.count()).toBe(2);
  });

  it('adds nothing if one row fails to store', async () => {
    db = freshDb();
    const a = await saveReview(db, draftFor('fish oil'), T0);
    // A value IndexedDB cannot store (DataCloneError) makes the whole batch fail.
    const bad = {
      ...a,
      id: 'bad',
      createdAt: later(2).toISOString(),
      pageTitle: (() => 'x') as unknown as string,
    };
    const good = { ...a, id: 'good', createdAt: later(3).toISOString() };
    await expect(importReviews(db, [good, bad])).rejects.toThrow();
    expect((await db.reviews.toArray()).map((r) => r.id)).toEqual([a.id]);
  });
});

describe('schema upgrade', () => {
  const oldReview = storedReview({
    id: 'old-1',
    pageUrl: 'https://old.example/article',
    pageTitle: 'Old',
    shownNoteIds: ['n1'],
    updatedAt: '2024-01-03T03:04:05.000Z',
  });

  for (const from of [1, 2] as const) {
    it(`keeps reviews when upgrading from version ${from} to ${SCHEMA_VERSION}`, async () => {
      const name = `supplens-upgrade-${from}-${Math.random().toString(36).slice(2)}`;
      const old = new Dexie(name);
      for (let v = 1; v <= from; v++) old.version(v).stores(SCHEMA_HISTORY[v]!);
      await old.open();
      const row = from === 1 ? oldReview : { ...oldReview, site: 'old.example' };
      await old.table('reviews').bulkPut([row, { ...row, id: 'old-2', createdAt: undefined }]);
      old.close();

      const { SuppLensDB } = await import('../../../platform/db/database');
      db = new SuppLensDB(name);
      await db.open();
      expect(db.verno).toBe(SCHEMA_VERSION);
      const got = await db.reviews.get('old-1');
      expect(got).toMatchObject({ ...oldReview, site: 'old.example' });
      const second = await db.reviews.get('old-2');
      expect(second?.createdAt).toBe(oldReview.updatedAt);
      // New indexes cover the old rows.
      expect(
        (await queryReviews(db, { site: 'old.example', verdict: 'accurate' })).map((r) => r.id).sort(),
      ).toEqual(['old-1', 'old-2']);
      expect(
        await db.reviews
          .where('[conceptId+createdAt]')
          .between(['zinc', Dexie.minKey], ['zinc', Dexie.maxKey])
          .count(),
      ).toBe(2);
      expect(await db.reviewTrash.count()).toBe(0);
    });
  }
});

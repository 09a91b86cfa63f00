import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import { EXPORT_PART_CHARS } from '../../../platform/background/review-handlers';
import type { SuppLensDB } from '../../../platform/db/database';
import { importReviews, saveReview } from '../../../platform/db/reviews';
import { testHandler } from '../background-fixtures';
import { bundle, concept } from '../kb-fixtures';
import { draftFor, freshDb, PAGE_TEXT } from './fixtures';

let db: SuppLensDB;
afterEach(() => db?.close());

const URL_A = 'https://news.example.com/health/zinc-study';
const ext = { fromExtensionPage: true };
const content = (url = URL_A) => ({ fromExtensionPage: false, tabId: 3, url });

function handler() {
  return testHandler(db, {
    bundle: () => bundle('kb-test', [concept('zinc', 'supplement', 'Zinc')], []),
  });
}

describe('review messages', () => {
  it('stores and exports page URLs without their query string unless the site is kept', async () => {
    db = freshDb();
    let keep: string[] = [];
    const h = testHandler(db, {
      bundle: () => bundle('kb-test', [concept('zinc', 'supplement', 'Zinc')], []),
      getSettings: async () => ({ ...DEFAULT_SETTINGS, reviewQuerySites: keep }),
    });
    const withQuery = `${URL_A}?user=alice@example.com&token=s3cr3t#top`;
    const saved = (await h(
      { type: 'review-save', review: draftFor('vitamin D', { url: withQuery }) },
      ext,
    )) as {
      review: { pageUrl: string };
    };
    expect(saved.review.pageUrl).toBe(URL_A);
    // A review stored before (or imported) with its query: exports drop it too.
    await importReviews(db, [
      {
        ...(await db.reviews.toCollection().first())!,
        id: 'old-1',
        pageUrl: `${URL_A}?token=s3cr3t`,
        position: { type: 'TextPositionSelector', start: 1, end: 2 },
      },
    ]);
    for (const format of ['json', 'csv', 'w3c', 'md']) {
      const out = (await h({ type: 'review-export', format }, ext)) as { text: string };
      expect(out.text, format).not.toContain('s3cr3t');
    }
    keep = ['news.example.com'];
    const kept = (await h(
      { type: 'review-save', review: draftFor('fish oil', { url: withQuery }) },
      ext,
    )) as {
      review: { pageUrl: string };
    };
    expect(kept.review.pageUrl).toBe(`${URL_A}?user=alice@example.com&token=s3cr3t`);
  });

  it('saves, gets, lists with facets, deletes and restores from extension pages', async () => {
    db = freshDb();
    const h = handler();
    const saved = (await h(
      { type: 'review-save', review: { ...draftFor('zinc gluconate'), verdict: 'accurate' } },
      ext,
    )) as {
      review: { id: string };
    };
    expect(saved.review.id).toBeTruthy();
    expect(await h({ type: 'review-get', id: saved.review.id }, ext)).toMatchObject({
      review: { verdict: 'accurate' },
    });
    const list = (await h(
      { type: 'review-list', facets: true, filter: { verdict: 'accurate' } },
      ext,
    )) as Record<string, unknown>;
    expect(list).toMatchObject({
      total: 1,
      offset: 0,
      facets: { total: 1, sites: ['news.example.com'], conceptIds: ['zinc'] },
    });
    expect(await h({ type: 'review-delete', ids: [saved.review.id] }, ext)).toEqual({ deleted: 1 });
    expect(await h({ type: 'review-list' }, ext)).toMatchObject({ total: 0 });
    expect(await h({ type: 'review-restore', ids: [saved.review.id] }, ext)).toEqual({ restored: 1 });
    expect(await h({ type: 'review-list' }, ext)).toMatchObject({ total: 1 });
  });

  it('validates drafts', async () => {
    db = freshDb();
    const bad = { ...draftFor('zinc gluconate'), verdict: 'maybe', conceptId: 'Not An Id' };
    const r = (await handler()({ type: 'review-save', review: bad }, ext)) as { error: string };
    expect(r.error).toMatch(/^invalid message: /);
    expect(await db.reviews.count()).toBe(0);
  });

  it('anchors a page for its content script: spans only, for its own page only', async () => {
    db = freshDb();
    const h = handler();
    const r = await saveReview(
      db,
      draftFor('vitamin D', { verdict: 'misleading-claim', comment: 'secret', claimNote: 'private' }),
    );
    const ask = (url: string, record = true) =>
      h({ type: 'review-anchor-page', pageUrl: URL_A, text: PAGE_TEXT, record }, content(url));
    const reply = (await ask(`${URL_A}#frag`)) as Record<string, unknown>;
    expect(Object.keys(reply)).toEqual(['anchored']);
    expect(reply.anchored).toEqual([{ id: r.id, start: r.position.start, end: r.position.end }]);
    const text = JSON.stringify(reply);
    for (const secret of [
      'secret',
      'private',
      'misleading',
      'kbVersion',
      'shownNoteIds',
      'zinc-rheumatoid',
      'vitamin',
    ])
      expect(text).not.toContain(secret);
    expect(await ask('https://evil.example/')).toEqual({
      error: 'review-anchor-page refused: a page may only ask about itself',
    });
    // The selectors themselves are for extension pages only.
    expect(await h({ type: 'reviews-for-page', pageUrl: URL_A }, content(URL_A))).toMatchObject({
      error: expect.stringContaining('only for SuppLens extension pages'),
    });
    expect(await h({ type: 'reviews-for-page', pageUrl: URL_A }, ext)).toMatchObject({
      reviews: [{ comment: 'secret' }],
    });
  });

  it('records anchor status from a page load, not from a same-document navigation', async () => {
    db = freshDb();
    const h = handler();
    const r = await saveReview(db, draftFor('vitamin D'));
    const ask = (text: string, record: boolean) =>
      h({ type: 'review-anchor-page', pageUrl: URL_A, text, record }, content(URL_A));
    // After pushState the page shows other text: nothing is written.
    expect(await ask('Text the page put there.', false)).toEqual({ anchored: [] });
    expect((await db.reviews.get(r.id))?.anchorStatus).toBeUndefined();
    expect(await ask('Text the page put there.', true)).toEqual({ anchored: [] });
    expect((await db.reviews.get(r.id))?.anchorStatus?.status).toBe('orphan');
  });

  it('refuses every other review message from a content script', async () => {
    db = freshDb();
    const h = handler();
    const r = await saveReview(db, draftFor('vitamin D', { verdict: 'accurate' }));
    const msgs = [
      { type: 'review-save', review: draftFor('fish oil') },
      { type: 'review-get', id: r.id },
      { type: 'review-list' },
      { type: 'review-delete', ids: [r.id] },
      { type: 'review-restore', ids: [r.id] },
      { type: 'review-export', format: 'json' },
      { type: 'review-import', text: '{}' },
    ];
    for (const m of msgs)
      expect(await h(m, content())).toEqual({ error: `${m.type} is only for SuppLens extension pages` });
    expect(await db.reviews.count()).toBe(1);
  });

  it('exports the filtered set with concept names, adding detections without a verdict when asked', async () => {
    db = freshDb();
    const h = handler();
    await saveReview(db, draftFor('zinc gluconate', { verdict: 'accurate' }));
    await saveReview(
      db,
      draftFor('vitamin D', {
        verdict: 'needs-context',
        conceptId: 'vitamin-d',
        url: 'https://other.example/x',
      }),
    );
    const det = { ...draftFor('fish oil'), conceptId: 'fish-oil', conceptName: 'Fish oil' };
    const already = { ...draftFor('zinc gluconate') }; // same span as the saved review: not duplicated
    const reply = (await h(
      {
        type: 'review-export',
        format: 'csv',
        filter: { pageUrl: URL_A },
        includeUnreviewed: true,
        detections: [det, already],
      },
      ext,
    )) as { text: string; count: number; filename: string; mime: string };
    expect(reply.count).toBe(2);
    expect(reply.mime).toBe('text/csv;charset=utf-8');
    expect(reply.filename).toMatch(/^supplens-news\.example\.com-reviews-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(reply.text).toContain(',Zinc,accurate,');
    expect(reply.text).toContain(',Fish oil,,');
    const without = (await h({ type: 'review-export', format: 'json', detections: [det] }, ext)) as {
      count: number;
    };
    expect(without.count).toBe(2);
  });

  it('hands large exports over in parts that reassemble to the same file', async () => {
    db = freshDb();
    const h = handler();
    const base = await saveReview(
      db,
      draftFor('vitamin D', { verdict: 'accurate', comment: 'x'.repeat(400) }),
    );
    await importReviews(
      db,
      Array.from({ length: 1500 }, (_, i) => ({
        ...base,
        id: `r${i}`,
        createdAt: new Date(i * 1000).toISOString(),
      })),
    );
    const whole = (await h({ type: 'review-export', format: 'json' }, ext)) as { text: string };
    expect(whole.text.length).toBeGreaterThan(EXPORT_PART_CHARS);
    const head = (await h({ type: 'review-export', format: 'json', chunked: true }, ext)) as {
      exportId: string;
      parts: number;
      size: number;
      count: number;
    };
    expect(head.parts).toBe(Math.ceil(whole.text.length / EXPORT_PART_CHARS));
    expect(head.count).toBe(1501);
    const parts: string[] = [];
    for (let index = 0; index < head.parts; index++)
      parts.push(
        ((await h({ type: 'review-export-part', exportId: head.exportId, index }, ext)) as { text: string })
          .text,
      );
    // exportedAt differs between the two calls; compare the rest.
    const strip = (t: string) => t.replace(/"exportedAt": "[^"]+"/, '');
    expect(strip(parts.join(''))).toBe(strip(whole.text));
    expect(await h({ type: 'review-export-part', exportId: head.exportId, index: 0 }, ext)).toEqual({
      error: 'this export has expired; export again',
    });
  });
});

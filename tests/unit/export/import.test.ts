import { afterEach, describe, expect, it } from 'vitest';
import { ANNO_CONTEXT, importSummary, parseImport, toJson, toW3C } from '../../../lib/export';
import type { SuppLensDB } from '../../../platform/db/database';
import { queryReviews, saveReview } from '../../../platform/db/reviews';
import { testHandler } from '../background-fixtures';
import { freshDb, variedDrafts } from '../reviews/fixtures';

let db: SuppLensDB;
afterEach(() => db?.close());
const NOW = new Date('2025-04-01T12:00:00.000Z');

function handler() {
  return testHandler(db, {
    bundle: () => ({ version: 'test', builtAt: '', concepts: [], notes: [] }),
  });
}
const page = { fromExtensionPage: true };

async function seed() {
  db = freshDb();
  for (const [i, d] of variedDrafts(6).entries()) await saveReview(db, d, new Date(NOW.getTime() - i * 1000));
  return queryReviews(db, {});
}

async function validExport() {
  const reviews = await seed();
  return { reviews, text: toJson(reviews, { now: NOW }), doc: JSON.parse(toJson(reviews, { now: NOW })) };
}

describe('malformed import files are rejected and change nothing', async () => {
  const cases: [string, (doc: Record<string, unknown>, text: string) => string, RegExp][] = [
    ['empty file', () => '   \n', /The file is empty/],
    ['truncated JSON', (_d, text) => text.slice(0, text.length / 2), /not valid JSON/],
    [
      'unrelated JSON',
      () => JSON.stringify({ hello: 'world', items: [1, 2] }),
      /neither a SuppLens review export nor a W3C/,
    ],
    [
      'future version',
      (d) => JSON.stringify({ ...d, version: 99 }),
      /version 99; this version of SuppLens reads version 1/,
    ],
    [
      'count mismatch (truncated list)',
      (d) => JSON.stringify({ ...d, reviews: (d.reviews as unknown[]).slice(1) }),
      /says it holds 6 reviews but contains 5/,
    ],
    [
      'an invalid review among valid ones',
      (d) => {
        const reviews = structuredClone(d.reviews) as Record<string, unknown>[];
        (reviews[2]!.position as Record<string, unknown>).start = -4;
        reviews[4]!.verdict = 'great';
        return JSON.stringify({ ...d, reviews });
      },
      /2 of 6 reviews are invalid, so nothing was imported: review 3 \(id .*\): position.start: is negative; review 5 .*verdict: is not a known verdict/,
    ],
    [
      'script URL as page',
      (d) => {
        const reviews = structuredClone(d.reviews) as Record<string, unknown>[];
        reviews[0]!.pageUrl = 'javascript:alert(1)';
        return JSON.stringify({ ...d, reviews });
      },
      /pageUrl: is not an http\(s\) or file URL/,
    ],
    [
      'W3C without @context',
      () =>
        JSON.stringify([
          {
            type: 'Annotation',
            target: { source: 'https://a.example/', selector: { type: 'TextQuoteSelector', exact: 'x' } },
          },
        ]),
      /no Web Annotation @context/,
    ],
    [
      'W3C with no usable annotation',
      () =>
        JSON.stringify({
          '@context': ANNO_CONTEXT,
          type: 'AnnotationCollection',
          first: {
            type: 'AnnotationPage',
            items: [
              { type: 'Annotation', target: 'https://a.example/image.png' },
              {
                type: 'Annotation',
                target: {
                  source: 'https://a.example/',
                  selector: { type: 'FragmentSelector', value: 'xywh=0,0,1,1' },
                },
              },
            ],
          },
        }),
      /None of the 2 annotations can be imported: 2 × no text target/,
    ],
    [
      'W3C collection with linked pages',
      () =>
        JSON.stringify({
          '@context': ANNO_CONTEXT,
          type: 'AnnotationCollection',
          first: 'https://a.example/page1',
        }),
      /links to its pages instead of embedding them/,
    ],
  ];

  for (const [kind, make, message] of cases) {
    it(kind, async () => {
      const { reviews, text, doc } = await validExport();
      const bad = make(doc, text);
      const parsed = parseImport(bad, NOW);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(message);
      // Through the background: error reply with the summary, database unchanged.
      const before = JSON.stringify(await queryReviews(db, {}));
      const reply = (await handler()({ type: 'review-import', text: bad }, page)) as { error: string };
      expect(reply.error).toMatch(/^Import failed: .* Nothing was changed\.$/);
      expect(reply.error).toMatch(message);
      expect(JSON.stringify(await queryReviews(db, {}))).toBe(before);
      expect(await db.reviews.count()).toBe(reviews.length);
    });
  }

  it('too large', async () => {
    await seed();
    const { MAX_IMPORT_CHARS } = await import('../../../lib/export/schema');
    const parsed = parseImport(' '.repeat(MAX_IMPORT_CHARS + 1), NOW);
    expect(parsed).toEqual({ ok: false, error: expect.stringMatching(/too large .*limit is 64 MB/) });
  });
});

describe('import summary', () => {
  it('reports imported, duplicates and rejected with reasons', async () => {
    const { text } = await validExport();
    const reply = (await handler()({ type: 'review-import', text }, page)) as { summary: string };
    expect(reply.summary).toBe('0 imported, 6 duplicates skipped, 0 rejected');
  });

  it('imports foreign W3C annotations, rejecting the ones without a text target', async () => {
    db = freshDb();
    const foreign = {
      '@context': ANNO_CONTEXT,
      type: 'AnnotationPage',
      items: [
        {
          id: 'https://hypothes.is/a/abc123',
          type: 'Annotation',
          motivation: 'commenting',
          created: '2024-05-06T07:08:09+02:00',
          bodyValue: 'Dose looks too high',
          target: {
            source: 'https://news.example/vit-d',
            selector: [
              { type: 'TextPositionSelector', start: 10, end: 19 },
              { type: 'TextQuoteSelector', exact: 'vitamin D', prefix: 'doses of ', suffix: ' can' },
            ],
          },
        },
        {
          type: 'Annotation',
          body: [
            { type: 'TextualBody', purpose: 'assessing', value: 'Needs context' },
            { type: 'TextualBody', purpose: 'tagging', value: 'vitamin-d' },
          ],
          target: [
            {
              source: { id: 'https://news.example/vit-d' },
              selector: { type: 'TextQuoteSelector', exact: 'upper limit' },
            },
          ],
        },
        { type: 'Annotation', target: 'https://news.example/image.png' },
        {
          type: 'Annotation',
          target: { source: 'ftp://x/y', selector: { type: 'TextQuoteSelector', exact: 'q' } },
        },
      ],
    };
    const h = handler();
    const reply = (await h({ type: 'review-import', text: JSON.stringify(foreign) }, page)) as {
      summary: string;
    };
    expect(reply.summary).toBe(
      '2 imported, 0 duplicates skipped, 2 rejected: no text target (TextQuoteSelector on a source page); target source is not a web page URL',
    );
    const rows = await queryReviews(db, {});
    const hyp = rows.find((r) => r.quote.exact === 'vitamin D')!;
    expect(hyp).toMatchObject({
      id: expect.stringMatching(/^w3c-[0-9a-f]{16}$/),
      comment: 'Dose looks too high',
      createdAt: '2024-05-06T05:08:09.000Z',
      position: { start: 10, end: 19 },
      site: 'news.example',
    });
    expect(rows.find((r) => r.quote.exact === 'upper limit')).toMatchObject({
      verdict: 'needs-context',
      conceptId: 'vitamin-d',
      position: { start: 0, end: 0 },
    });
    // Same file again: duplicates.
    const again = (await h({ type: 'review-import', text: JSON.stringify(foreign) }, page)) as {
      summary: string;
    };
    expect(again.summary).toMatch(/^0 imported, 2 duplicates skipped, 2 rejected/);
  });

  it('formats the summary line', () => {
    expect(importSummary({ imported: 3, duplicates: 1, rejected: [] })).toBe(
      '3 imported, 1 duplicates skipped, 0 rejected',
    );
    expect(
      importSummary({
        imported: 0,
        duplicates: 0,
        rejected: [
          { index: 0, reason: 'x' },
          { index: 1, reason: 'x' },
        ],
      }),
    ).toBe('0 imported, 0 duplicates skipped, 2 rejected: 2 × x');
  });

  it('accepts a single W3C annotation exported by SuppLens', async () => {
    const reviews = await seed();
    const one = toW3C([reviews[0]!], { now: NOW }).first.items[0]!;
    const parsed = parseImport(JSON.stringify(one), NOW);
    expect(parsed.ok && parsed.reviews[0]).toEqual(reviews[0]);
  });
});

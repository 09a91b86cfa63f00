// Property tests for the import parsers (lib/export/import.ts): whatever the file holds, parseImport
// never throws and returns either validated reviews or one clear, short error; valid exports
// survive a round trip unchanged.
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { type ImportParse, parseImport, ReviewSchema, toJson, toW3C } from '../../../lib/export';
import type { Review } from '../../../lib/reviews/model';

const NOW = new Date('2026-01-02T03:04:05.000Z');
const RUNS = { numRuns: 250 };

/** Checks the contract of parseImport's result; returns it for further checks. */
function checkResult(r: ImportParse): ImportParse {
  if (!r.ok) {
    expect(typeof r.error).toBe('string');
    expect(r.error.length).toBeGreaterThan(10);
    expect(r.error.length).toBeLessThan(2000);
    expect(r.error).toMatch(/^[A-Z0-9]/);
    return r;
  }
  for (const review of r.reviews) {
    const parsed = v.safeParse(ReviewSchema, review);
    expect(parsed.success, JSON.stringify(review).slice(0, 300)).toBe(true);
    expect(review.pageUrl).not.toContain('#');
    expect(review.site).toBe(new URL(review.pageUrl).hostname);
  }
  for (const rej of r.rejected) expect(rej.reason.length).toBeGreaterThan(0);
  return r;
}

const ts = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString());
const text = (max: number) => fc.string({ unit: 'grapheme', maxLength: max });

/** A valid review as the repository stores it. */
const reviewArb: fc.Arbitrary<Review> = fc
  .record({
    id: fc.stringMatching(/^[\w.:~%-]{1,40}$/),
    host: fc.constantFrom('news.example', 'xn--bcher-kva.example', 'a.b.example.org', '127.0.0.1'),
    path: fc.stringMatching(/^[a-z0-9/_-]{0,20}$/),
    pageTitle: text(40),
    conceptId: fc.constantFrom('zinc', 'vitamin-d', 'rheumatoid-arthritis', ''),
    exact: text(30).filter((s) => s.length > 0),
    prefix: text(20),
    suffix: text(20),
    start: fc.nat(100_000),
    len: fc.nat(200),
    verdict: fc.option(fc.constantFrom('accurate', 'misleading-claim', 'needs-context', 'wrong-detection'), {
      nil: undefined,
    }),
    comment: fc.option(
      text(60).filter((s) => s.trim() === s && s.length > 0),
      { nil: undefined },
    ),
    shownNoteIds: fc.array(fc.stringMatching(/^[a-z-]{1,20}$/), { maxLength: 4 }),
    kbVersion: fc.stringMatching(/^[0-9a-f]{0,16}$/),
    createdAt: ts,
    updatedAt: ts,
  })
  .map((x) => {
    const pageUrl = `https://${x.host}/${x.path}`;
    const r: Review = {
      id: x.id,
      pageUrl: new URL(pageUrl).href,
      pageTitle: x.pageTitle,
      site: x.host,
      conceptId: x.conceptId,
      quote: { type: 'TextQuoteSelector', exact: x.exact, prefix: x.prefix, suffix: x.suffix },
      position: { type: 'TextPositionSelector', start: x.start, end: x.start + x.len },
      shownNoteIds: x.shownNoteIds,
      kbVersion: x.kbVersion,
      createdAt: x.createdAt,
      updatedAt: x.updatedAt,
    };
    if (x.verdict) r.verdict = x.verdict;
    if (x.comment) r.comment = x.comment;
    return r;
  });

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Replaces (or deletes) the node at a pseudo-random path of `doc`. */
function mutate(doc: Json, choices: number[], value: Json): Json {
  const root = structuredClone(doc) as Json;
  let node: Json = root;
  for (let i = 0; i < choices.length; i++) {
    if (!node || typeof node !== 'object') break;
    const keys = Array.isArray(node) ? node.map((_, k) => k) : Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[choices[i]! % keys.length]!;
    const child: Json = (node as Record<string | number, Json>)[key]!;
    const last = i === choices.length - 1 || !child || typeof child !== 'object';
    if (last) {
      if (choices[i]! % 7 === 0 && !Array.isArray(node)) delete (node as Record<string, Json>)[key as string];
      else (node as Record<string | number, Json>)[key] = value;
      break;
    }
    node = child;
  }
  return root;
}

describe('parseImport', () => {
  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.json()), (s) => {
        checkResult(parseImport(s, NOW));
      }),
      RUNS,
    );
  });

  it('never throws on arbitrary JSON that looks like one of our formats', () => {
    const shaped = fc.oneof(
      fc.record({
        format: fc.oneof(fc.constant('supplens-reviews'), fc.jsonValue()),
        version: fc.oneof(fc.constant(1), fc.jsonValue()),
        count: fc.option(fc.jsonValue()),
        reviews: fc.oneof(fc.array(fc.jsonValue(), { maxLength: 4 }), fc.jsonValue()),
      }),
      fc.record({
        '@context': fc.oneof(fc.constant('http://www.w3.org/ns/anno.jsonld'), fc.jsonValue()),
        type: fc.constantFrom('Annotation', 'AnnotationCollection', 'AnnotationPage', ['Annotation']),
        target: fc.jsonValue(),
        body: fc.jsonValue(),
        first: fc.jsonValue(),
        items: fc.array(fc.jsonValue(), { maxLength: 3 }),
      }),
    );
    fc.assert(
      fc.property(shaped, (doc) => {
        checkResult(parseImport(JSON.stringify(doc), NOW));
      }),
      RUNS,
    );
  });

  it('never throws on damaged exports (any node replaced or removed), ours and W3C', () => {
    fc.assert(
      fc.property(
        fc.array(reviewArb, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.array(fc.nat(50), { minLength: 1, maxLength: 6 }),
        fc.jsonValue() as fc.Arbitrary<Json>,
        (reviews, w3c, path, value) => {
          const doc = (w3c
            ? toW3C(reviews, { now: NOW })
            : JSON.parse(toJson(reviews, { now: NOW }))) as unknown as Json;
          checkResult(parseImport(JSON.stringify(mutate(doc, path, value)), NOW));
        },
      ),
      RUNS,
    );
  });

  // Found by the properties above: a "format" that is an object or array was printed with String(),
  // giving 'Unknown export format "[object Object]"'.
  it('names an unknown format readably whatever its type', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (format) => {
        const r = parseImport(JSON.stringify({ format, reviews: [] }), NOW);
        if (r.ok || format === 'supplens-reviews') return;
        expect(r.error).not.toContain('[object Object]');
      }),
      { ...RUNS, examples: [[{}], [[{}]]] },
    );
  });

  it('reads back every valid review exported as our JSON exactly', () => {
    fc.assert(
      fc.property(fc.uniqueArray(reviewArb, { selector: (r) => r.id, maxLength: 5 }), (reviews) => {
        const r = checkResult(parseImport(toJson(reviews, { now: NOW }), NOW));
        expect(r.ok, r.ok ? '' : r.error).toBe(true);
        if (r.ok) expect(r.reviews).toEqual(reviews);
      }),
      RUNS,
    );
  });

  it('reads back the text anchor, verdict and comment of every review exported as W3C', () => {
    fc.assert(
      fc.property(fc.array(reviewArb, { minLength: 1, maxLength: 4 }), (reviews) => {
        const r = checkResult(parseImport(JSON.stringify(toW3C(reviews, { now: NOW })), NOW));
        expect(r.ok, r.ok ? '' : r.error).toBe(true);
        if (!r.ok) return;
        expect(r.reviews.length + r.rejected.length).toBe(reviews.length);
        for (const [i, got] of r.reviews.entries()) {
          const want = reviews[i]!;
          expect(got.quote).toEqual(want.quote);
          expect(got.pageUrl).toBe(want.pageUrl);
          expect(got.verdict).toBe(want.verdict);
          expect(got.comment).toBe(want.comment);
        }
      }),
      RUNS,
    );
  });
});

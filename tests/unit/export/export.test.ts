import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { describe as describeSpan } from '../../../lib/anchoring';
import {
  ANNO_CONTEXT,
  CSV_COLUMNS,
  csvField,
  detectionsFromMentions,
  exportAs,
  neutraliseFormula,
  parseImport,
  REVIEWER_AGENT,
  SUPPLENS_AGENT,
  toCsv,
  toJson,
  toMarkdown,
  toMarkdownPages,
  toW3C,
} from '../../../lib/export';
import type { SuppLensDB } from '../../../platform/db/database';
import { clearReviews, importReviews, queryReviews, saveReview } from '../../../platform/db/reviews';
import { freshDb, PAGE_TEXT, variedDrafts } from '../reviews/fixtures';
import { parseCsv } from './rfc4180';

let db: SuppLensDB;
afterEach(() => db?.close());

const NOW = new Date('2025-04-01T12:00:00.000Z');

async function seeded(n = 24) {
  db = freshDb();
  const drafts = variedDrafts(n);
  for (let i = 0; i < drafts.length; i++)
    await saveReview(db, drafts[i]!, new Date(NOW.getTime() - i * 3_600_000));
  return queryReviews(db, {});
}

describe('JSON export', () => {
  it('round-trips: export, clear, import, export again gives identical text', async () => {
    const reviews = await seeded();
    const first = toJson(reviews, { now: NOW });
    await clearReviews(db);
    expect(await db.reviews.count()).toBe(0);
    const parsed = parseImport(first, NOW);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.format).toBe('supplens');
    const outcome = await importReviews(db, parsed.reviews);
    expect(outcome).toMatchObject({ imported: reviews.length, duplicates: 0 });
    const second = toJson(await queryReviews(db, {}), { now: NOW });
    expect(second).toBe(first);
    // Importing the same file again only finds duplicates.
    const again = await importReviews(db, parsed.reviews);
    expect(again).toMatchObject({ imported: 0, duplicates: reviews.length });
  });

  it('is versioned and counts its reviews', async () => {
    const reviews = await seeded(3);
    const doc = JSON.parse(toJson(reviews, { now: NOW }));
    expect(doc).toMatchObject({
      format: 'supplens-reviews',
      version: 1,
      exportedAt: NOW.toISOString(),
      count: 3,
    });
  });
});

describe('W3C Web Annotation export', () => {
  it('writes Annotations with context, type, target.source, both selectors and motivation', async () => {
    const reviews = await seeded(10);
    const doc = toW3C(reviews, { now: NOW, conceptNames: { zinc: 'Zinc' } });
    expect(doc['@context']).toBe(ANNO_CONTEXT);
    expect(doc.type).toBe('AnnotationCollection');
    expect(doc.total).toBe(10);
    expect(doc.first.type).toBe('AnnotationPage');
    const byId = new Map(reviews.map((r) => [r.id, r]));
    for (const a of doc.first.items) {
      const r = byId.get(a.supplens.reviewId)!;
      expect(a['@context']).toBe('http://www.w3.org/ns/anno.jsonld');
      expect(a.type).toBe('Annotation');
      expect(a.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(a.target.source.id).toBe(r.pageUrl);
      expect(() => new URL(a.target.source.id)).not.toThrow();
      expect(a.target.selector).toEqual([
        { type: 'TextQuoteSelector', exact: r.quote.exact, prefix: r.quote.prefix, suffix: r.quote.suffix },
        { type: 'TextPositionSelector', start: r.position.start, end: r.position.end },
      ]);
      expect(a.created).toBe(r.createdAt);
      expect(a.modified).toBe(r.updatedAt);
      if (r.verdict) {
        expect(a.motivation).toBe('assessing');
        expect(a.body).toContainEqual(expect.objectContaining({ type: 'TextualBody', purpose: 'assessing' }));
      } else expect(['commenting', 'highlighting']).toContain(a.motivation);
      if (r.comment)
        expect(a.body).toContainEqual({
          type: 'TextualBody',
          purpose: 'commenting',
          value: r.comment,
          format: 'text/plain',
          language: 'und',
          creator: REVIEWER_AGENT,
          created: r.updatedAt,
        });
      expect(a.target.source.format).toBe('text/html');
      expect(a.generator).toEqual(SUPPLENS_AGENT);
      expect(a.creator).toEqual(r.verdict || r.comment || r.claimNote ? REVIEWER_AGENT : SUPPLENS_AGENT);
      expect(a.body).toContainEqual(expect.objectContaining({ purpose: 'tagging', value: r.conceptId }));
      for (const b of a.body ?? []) expect(typeof b.value).toBe('string');
    }
  });

  it('writes the collection as valid JSON, one annotation per line', async () => {
    const reviews = await seeded(5);
    const text = exportAs('w3c', reviews, { now: NOW }).text;
    expect(JSON.parse(text)).toEqual(toW3C(reviews, { now: NOW }));
    expect(text.trimEnd().split('\n')).toHaveLength(5 + 2);
    expect(JSON.parse(exportAs('w3c', [], { now: NOW }).text)).toMatchObject({
      total: 0,
      first: { items: [] },
    });
  });

  it('uses highlighting for detections without a verdict and commenting for comment-only reviews', () => {
    const [det] = detectionsFromMentions({ url: 'https://x.example/p', title: 'P', text: PAGE_TEXT }, [
      { start: 0, end: 4, id: 'zinc', name: 'Zinc' },
    ]);
    const doc = toW3C([det!], { now: NOW });
    expect(doc.first.items[0]!.motivation).toBe('highlighting');
    expect(doc.first.items[0]!.id).toMatch(/^urn:supplens:annotation:det-[0-9a-f]{16}$/);
    const commentOnly = toW3C([{ ...parseFirst(det!), comment: 'Needs a source' }], { now: NOW });
    expect(commentOnly.first.items[0]!.motivation).toBe('commenting');
  });

  it('round-trips through the W3C importer', async () => {
    const reviews = await seeded(12);
    const text = exportAs('w3c', reviews, { now: NOW }).text;
    const parsed = parseImport(text, NOW);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.format).toBe('w3c');
    expect(parsed.rejected).toEqual([]);
    const strip = (r: (typeof reviews)[number]) => ({ ...r, anchorStatus: undefined });
    expect(parsed.reviews.map(strip)).toEqual(reviews.map(strip));
  });
});

function parseFirst(det: ReturnType<typeof detectionsFromMentions>[number]) {
  const parsed = parseImport(toJson([det], { now: NOW }), NOW);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.reviews[0]!;
}

describe('CSV export', () => {
  it('parses back with an RFC 4180 parser into the expected columns', async () => {
    const reviews = await seeded(20);
    const csv = toCsv(reviews, { now: NOW, conceptNames: { zinc: 'Zinc' } });
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(reviews.length + 1);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    reviews.forEach((r, i) => {
      const row = rows[i + 1]!;
      expect(row).toHaveLength(CSV_COLUMNS.length);
      expect(row[col('id')]).toBe(r.id);
      expect(row[col('page_url')]).toBe(r.pageUrl);
      expect(row[col('page_title')]).toBe(r.pageTitle);
      expect(row[col('quote')]).toBe(r.quote.exact);
      expect(row[col('position_start')]).toBe(String(r.position.start));
      expect(row[col('verdict')]).toBe(r.verdict ?? '');
      expect(row[col('comment')]).toBe(r.comment ?? '');
      expect(row[col('concept_name')]).toBe(r.conceptId === 'zinc' ? 'Zinc' : '');
    });
    expect(toCsv(reviews, { bom: true }).startsWith('\ufeffid,')).toBe(true);
  });

  it('neutralises cells that would run as spreadsheet formulas', async () => {
    for (const bad of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx', '  =HYPERLINK("x")', '＝1']) {
      expect(neutraliseFormula(bad)).toBe(`'${bad}`);
    }
    for (const ok of ['plain', 'a=b', 'x-1', "'=already"]) expect(neutraliseFormula(ok)).toBe(ok);
    expect(csvField('=A1,"b"')).toBe(`"'=A1,""b"""`);
    expect(csvField(-5)).toBe('-5');

    const reviews = await seeded(8); // claim notes of some are =HYPERLINK(...)
    const rows = parseCsv(toCsv(reviews));
    const claim = CSV_COLUMNS.indexOf('claim_note');
    const withFormula = rows.slice(1).filter((r) => r[claim]!.includes('HYPERLINK'));
    expect(withFormula.length).toBeGreaterThan(0);
    for (const r of withFormula) expect(r[claim]!.startsWith("'=")).toBe(true);
    for (const r of rows.slice(1))
      for (const cell of r) expect(/^[=+\-@\t\r]/.test(cell) && !/^-?\d+$/.test(cell)).toBe(false);
  });
});

describe('Markdown report', () => {
  it('writes one section per page with quotes in context, verdicts and escaped text', async () => {
    const reviews = await seeded(14);
    const md = toMarkdown(reviews, { now: NOW, conceptNames: { zinc: 'Zinc', 'vitamin-d': 'Vitamin D' } });
    const pages = toMarkdownPages(reviews, { now: NOW });
    expect(md.startsWith('# SuppLens review report\n')).toBe(true);
    expect(md.match(/^## /gm)).toHaveLength(pages.length);
    expect(md).toContain('### 1. ');
    expect(md).toMatch(/: (Accurate|Misleading article claim|Needs context|Wrong detection|No verdict)\n/);
    expect(md).toContain('> …');
    expect(md).toContain('**');
    expect(md).toContain(`Note on the article's claim: \\=HYPERLINK("http://evil.example/`);
    // User text cannot inject Markdown links or HTML.
    const evil = { ...reviews[0]!, comment: '[click](javascript:alert(1)) <img src=x onerror=alert(1)>' };
    const out = toMarkdown([evil], { now: NOW });
    expect(out).toContain('\\[click\\](javascript:alert(1)) \\<img src=x onerror=alert(1)\\>');
    // Page text (title, quote) is a code span: no autolink, HTML or math from the page.
    const page = {
      ...reviews[0]!,
      pageTitle: 'Log in at https://evil.example/login or www.evil.example $x$',
      quote: {
        ...reviews[0]!.quote,
        prefix: 'see `code` and <b>',
        exact: 'zinc',
        suffix: ' at http://phish.example/x',
      },
    };
    const report = toMarkdown([page], { now: NOW });
    expect(report).toContain('## `Log in at https://evil.example/login or www.evil.example $x$`');
    expect(report).toContain('> …``see `code` and <b>`` **`zinc`** `at http://phish.example/x`…');
  });
});

describe('detections (annotations without a verdict)', () => {
  it('builds selectors from page text and exports them in every format', () => {
    const text = PAGE_TEXT;
    const start = text.indexOf('fish oil');
    const dets = detectionsFromMentions(
      { url: 'https://x.example/p#top', title: 'Page', text },
      [{ start, end: start + 8, id: 'fish-oil', name: 'Fish oil' }],
      { kbVersion: 'kb1', shownNoteIds: () => ['n1'] },
    );
    expect(dets[0]).toMatchObject({
      quote: describeSpan(text, start, start + 8).quote,
      kbVersion: 'kb1',
      shownNoteIds: ['n1'],
    });
    const csv = parseCsv(toCsv(dets, { now: NOW }));
    expect(csv[1]![CSV_COLUMNS.indexOf('concept_name')]).toBe('Fish oil');
    expect(csv[1]![CSV_COLUMNS.indexOf('page_url')]).toBe('https://x.example/p');
    expect(toMarkdown(dets, { now: NOW })).toContain('Fish oil: No verdict');
    const json = JSON.parse(toJson(dets, { now: NOW }));
    expect(json.reviews[0].id).toMatch(/^det-/);
    // Stable ids: the same detection exported twice has the same id.
    expect(JSON.parse(toJson(dets, { now: NOW })).reviews[0].id).toBe(json.reviews[0].id);
  });
});

describe('valibot is the validator', () => {
  it('exposes schemas usable directly', async () => {
    const { ReviewSchema } = await import('../../../lib/export/schema');
    const reviews = await seeded(1);
    expect(v.safeParse(ReviewSchema, reviews[0]).success).toBe(true);
  });
});

// `supplens annotate --format w3c|csv|md`: the review-export formats of lib/export for a batch of
// saved pages.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, type W3CAnnotation, type W3CCollection } from '../../../lib/export';
import { loadKb, PACKAGE_ROOT } from '../../../platform/node/cli/kb';
import { type Io, main } from '../../../platform/node/cli/main';
import { parseCsv } from '../export/rfc4180';

const kb = loadKb();
const EVAL = join(PACKAGE_ROOT, 'tests', 'fixtures', 'eval');
const ZINC = join(EVAL, 'zinc-rheumatoid-arthritis.html');
const DEMO = join(PACKAGE_ROOT, 'demo', 'article.html');

async function run(argv: string[]): Promise<{ code: number; stdout: string; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await main(argv, io, () => kb);
  return { code, stdout: out.map((l) => `${l}\n`).join(''), err };
}

function tempPage(name: string, html: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'supplens-export-'));
  const file = join(dir, name);
  writeFileSync(file, html);
  return file;
}

const EMPTY = () =>
  tempPage('empty.html', '<title>Nothing here</title><p>Iron Man is a film about a suit.</p>');

function annotationsOf(stdout: string): W3CAnnotation[] {
  const doc = JSON.parse(stdout) as W3CCollection;
  expect(doc['@context']).toBe('http://www.w3.org/ns/anno.jsonld');
  expect(doc.type).toBe('AnnotationCollection');
  expect(doc.first.type).toBe('AnnotationPage');
  expect(doc.total).toBe(doc.first.items.length);
  return doc.first.items;
}

describe('supplens annotate --format w3c', () => {
  it('prints one Web Annotation collection for the whole batch', async () => {
    const r = await run(['annotate', '--format', 'w3c', ZINC, DEMO]);
    expect(r.code).toBe(0);
    const items = annotationsOf(r.stdout);
    const sources = new Set(items.map((a) => a.target.source.id));
    expect(sources).toEqual(new Set([pathToFileURL(ZINC).href, pathToFileURL(DEMO).href]));
    for (const a of items) {
      expect(a['@context']).toBe('http://www.w3.org/ns/anno.jsonld');
      expect(a.type).toBe('Annotation');
      expect(a.motivation).toBe('highlighting');
      expect(a.id).toMatch(/^urn:/);
      const quote = a.target.selector.find((s) => s.type === 'TextQuoteSelector');
      const position = a.target.selector.find((s) => s.type === 'TextPositionSelector');
      expect(quote?.exact).toBeTruthy();
      expect(typeof quote?.prefix).toBe('string');
      expect(typeof quote?.suffix).toBe('string');
      expect(position!.end - position!.start).toBe(quote!.exact.length);
    }
    const onZinc = items.filter((a) => a.target.source.id === pathToFileURL(ZINC).href);
    const concepts = new Set(onZinc.map((a) => a.supplens.conceptId));
    expect(concepts.has('zinc')).toBe(true);
    expect(concepts.has('rheumatoid-arthritis')).toBe(true);
    expect(onZinc[0]!.supplens.pageTitle).toBe('Could zinc make rheumatoid arthritis worse? | Health');
    expect(onZinc[0]!.supplens.kbVersion).toBe(kb.bundle.version);
    expect(new Set(items.map((a) => a.id)).size).toBe(items.length);
  });

  it('refers to the same mentions as the JSON output, at page-text positions', async () => {
    const json = JSON.parse((await run(['annotate', ZINC])).stdout) as { mentions: { text: string }[] };
    const items = annotationsOf((await run(['annotate', '--format', 'w3c', ZINC])).stdout);
    expect(
      items.map((a) => a.target.selector[0]!.type === 'TextQuoteSelector' && a.target.selector[0]!.exact),
    ).toEqual(json.mentions.map((m) => m.text));
  });

  it('keeps an http(s) argument as target.source', async () => {
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end('<html><body><p>Fish oil and warfarin: talk to your doctor.</p></body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/articles/fish-oil?id=7`;
    try {
      const r = await run(['annotate', '--format', 'w3c', url]);
      expect(r.code).toBe(0);
      const items = annotationsOf(r.stdout);
      expect(items.map((a) => a.supplens.conceptId)).toEqual(['fish-oil', 'warfarin']);
      for (const a of items) expect(a.target.source.id).toBe(url);
    } finally {
      server.close();
    }
  });

  it('reports a bad input on stderr, still prints the document and exits 1', async () => {
    const r = await run(['annotate', '--format', 'w3c', '/nonexistent/page.html', ZINC]);
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/nonexistent\/page\.html: no such file/);
    const items = annotationsOf(r.stdout);
    expect(items.length).toBeGreaterThan(5);
    expect(new Set(items.map((a) => a.target.source.id))).toEqual(new Set([pathToFileURL(ZINC).href]));
  });
});

describe('supplens annotate --format csv', () => {
  it('writes RFC 4180 with the export columns for every page', async () => {
    const r = await run(['annotate', '--format', 'csv', ZINC, DEMO, EMPTY()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^id,page_url,[^\n]*\r\n/);
    const rows = parseCsv(r.stdout);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const body = rows.slice(1);
    for (const row of body) expect(row).toHaveLength(CSV_COLUMNS.length);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(new Set(body.map((row) => row[col('page_url')]))).toEqual(
      new Set([pathToFileURL(ZINC).href, pathToFileURL(DEMO).href]),
    );
    for (const row of body) {
      expect(row[col('verdict')]).toBe('');
      expect(Number(row[col('position_end')]) - Number(row[col('position_start')])).toBe(
        row[col('quote')]!.length,
      );
    }
    expect(body.some((row) => row[col('concept_id')] === 'zinc' && row[col('quote')] === 'zinc')).toBe(true);
  });

  it('neutralises formula-like cells', async () => {
    const file = tempPage(
      'formula.html',
      '<title>@SUM(1+1)</title><body><p>=HYPERLINK("http://x.example") Zinc lozenges may shorten a common cold</p>' +
        '<p>-2+3 more</p></body>',
    );
    const r = await run(['annotate', '--format', 'csv', file]);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.stdout);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const find = (id: string) => rows.slice(1).find((row) => row[col('concept_id')] === id);
    const zinc = find('zinc');
    const cold = find('common-cold');
    expect(zinc, r.stdout).toBeDefined();
    expect(cold, r.stdout).toBeDefined();
    expect(zinc![col('prefix')]).toBe(`'=HYPERLINK("http://x.example") `);
    expect(zinc![col('page_title')]).toBe(`'@SUM(1+1)`);
    expect(cold![col('suffix')]).toBe(`'-2+3 more`);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^\s*[=+\-@]/);
  });

  it('prints the header even when every input fails, and exits 1', async () => {
    const r = await run(['annotate', '--format', 'csv', '/nonexistent/page.html']);
    expect(r.code).toBe(1);
    expect(parseCsv(r.stdout)).toEqual([[...CSV_COLUMNS]]);
  });
});

describe('supplens annotate --format md', () => {
  it('prints a report with a section per page and its mentions', async () => {
    const empty = EMPTY();
    const r = await run(['annotate', '--format', 'md', ZINC, DEMO, empty]);
    expect(r.code).toBe(0);
    const md = r.stdout;
    expect(md).toMatch(/^# SuppLens report\n/);
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      // Page text with Markdown syntax in it goes into a code span: nothing in it renders as a link.
      '## `Could zinc make rheumatoid arthritis worse? | Health`',
      '## `Lab study suggests zinc may worsen rheumatoid arthritis | Demo Health News`',
      '## Nothing here',
    ]);
    for (const f of [ZINC, DEMO, empty]) expect(md).toContain(`<${pathToFileURL(f).href}>`);
    const zincSection = md.slice(md.indexOf(headings[0]!), md.indexOf(headings[1]!));
    expect(zincSection).toMatch(/### 1\. Zinc: No verdict/);
    expect(zincSection).toContain('**`zinc`**');
    expect(zincSection).toMatch(/### \d+\. Rheumatoid arthritis: No verdict/);
    expect(zincSection).toContain('**`rheumatoid arthritis`**');
    expect(md.slice(md.indexOf(headings[2]!))).toContain('No mentions found.');
  });
});

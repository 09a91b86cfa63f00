// Selectors exported by `supplens annotate --format w3c` refer to the anchoring page text the
// extension builds from the DOM (platform/dom/text-index.ts), so they re-anchor at their exact position.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { anchor } from '../../../lib/anchoring';
import type { W3CAnnotation, W3CCollection, W3CSelector } from '../../../lib/export';
import { buildTextIndex } from '../../../platform/dom/text-index';
import { loadKb, PACKAGE_ROOT } from '../../../platform/node/cli/kb';
import { type Io, main } from '../../../platform/node/cli/main';

const kb = loadKb();
const EVAL = join(PACKAGE_ROOT, 'tests', 'fixtures', 'eval');
const PAGES = [
  ...readdirSync(EVAL)
    .filter((n) => n.endsWith('.html'))
    .map((n) => join(EVAL, n)),
  join(PACKAGE_ROOT, 'demo', 'article.html'),
];

/**
 * Text the visible-text rules drop or reshape: skipped elements, white space, entities, blocks.
 * (Explicit <head>: happy-dom, unlike browsers and parse5, would put a bare <title> in <body>.)
 */
function trickyPage(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'supplens-anchor-')), 'tricky.html');
  writeFileSync(
    file,
    `<!doctype html><html><head><title>t</title></head><body>
  <p>Take <code>zinc</code><span hidden>zinc</span>   vitamin&nbsp;D  and   fish
       oil<script>zinc()</script> daily.</p><div aria-hidden="true">iron</div><p>Iron<br>and magnesium</p>
  <ul><li>folic acid</li><li>biotin&amp;zinc</li></ul><noscript>zinc</noscript><p style="display:none">zinc</p>
  <p data-supplens-ui>zinc</p><p>Fish oil &#x1F41F; with warfarin</p></body></html>`,
  );
  return file;
}

describe('supplens annotate --format w3c selectors', () => {
  it('match the DOM text of every fixture page at their position', async () => {
    const out: string[] = [];
    const io: Io = { out: (l) => out.push(l), err: () => {} };
    const tricky = trickyPage();
    expect(await main(['annotate', '--format', 'w3c', ...PAGES, tricky], io, () => kb)).toBe(0);
    const doc = JSON.parse(out.join('\n')) as W3CCollection;
    const bySource = new Map<string, W3CAnnotation[]>();
    for (const a of doc.first.items)
      bySource.set(a.target.source.id, [...(bySource.get(a.target.source.id) ?? []), a]);
    expect(bySource.size).toBeGreaterThan(10);
    const onTricky = bySource.get(pathToFileURL(tricky).href) ?? [];
    expect(onTricky.map((a) => a.supplens.conceptId)).toEqual(
      expect.arrayContaining(['fish-oil', 'iron', 'magnesium', 'warfarin']),
    );
    for (const [source, items] of bySource) {
      const html = readFileSync(fileURLToPath(source), 'utf8');
      const dom = new new Window().DOMParser().parseFromString(html, 'text/html');
      const text = buildTextIndex(dom.body as unknown as HTMLElement).text;
      for (const a of items) {
        const quote = a.target.selector.find(
          (s): s is Extract<W3CSelector, { type: 'TextQuoteSelector' }> => s.type === 'TextQuoteSelector',
        )!;
        const position = a.target.selector.find(
          (s): s is Extract<W3CSelector, { type: 'TextPositionSelector' }> =>
            s.type === 'TextPositionSelector',
        )!;
        const where = `${source} ${a.supplens.conceptId} @${position.start}`;
        expect(text.slice(position.start, position.end), where).toBe(quote.exact);
        expect(text.slice(position.start - quote.prefix.length, position.start), where).toBe(quote.prefix);
        expect(text.slice(position.end, position.end + quote.suffix.length), where).toBe(quote.suffix);
        expect(anchor(text, { quote, position })?.method, where).toBe('position');
      }
    }
  });
});

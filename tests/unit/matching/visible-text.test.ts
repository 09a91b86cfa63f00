import { describe, expect, it } from 'vitest';
import { extractMeta, htmlToText, parseHtml } from '../../../lib/text/html';
import { isBlockElement, isSkippedElement, type RuleElement } from '../../../lib/text/visible';

function el(localName: string, attrs: Record<string, string> = {}): RuleElement {
  return { localName, getAttribute: (n) => attrs[n] ?? null };
}

describe('visible-text rules', () => {
  it('skips non-prose, hidden, editable and our own elements', () => {
    for (const tag of [
      'script',
      'style',
      'template',
      'noscript',
      'textarea',
      'input',
      'select',
      'option',
      'button',
      'code',
      'pre',
      'svg',
      'iframe',
      'object',
    ])
      expect(isSkippedElement(el(tag))).toBe(true);
    expect(isSkippedElement(el('div', { hidden: '' }))).toBe(true);
    expect(isSkippedElement(el('div', { 'aria-hidden': 'true' }))).toBe(true);
    expect(isSkippedElement(el('div', { 'aria-hidden': 'false' }))).toBe(false);
    expect(isSkippedElement(el('div', { contenteditable: '' }))).toBe(true);
    expect(isSkippedElement(el('div', { contenteditable: 'false' }))).toBe(false);
    expect(isSkippedElement(el('div', { style: 'color: red; display:none' }))).toBe(true);
    expect(isSkippedElement(el('div', { style: 'visibility: hidden !important' }))).toBe(true);
    expect(isSkippedElement(el('div', { style: 'display: block' }))).toBe(false);
    expect(isSkippedElement(el('span', { 'data-supplens-ui': '' }))).toBe(true);
    expect(isSkippedElement(el('div', { role: 'textbox' }))).toBe(true);
    expect(isSkippedElement(el('p'))).toBe(false);
    expect(isBlockElement(el('li'))).toBe(true);
    expect(isBlockElement(el('span'))).toBe(false);
  });
});

describe('extractVisibleText (parse5)', () => {
  it('returns one line per block with collapsed white space', () => {
    const { text, blocks } = htmlToText(
      '<body><h1>Zinc   and\n RA</h1><p>Take <b>zi</b>nc daily.<br>Then <i>rest</i>.</p><ul><li>one</li><li>two</li></ul><div>a<span> b </span>c</div></body>',
    );
    expect(text).toBe('Zinc and RA\nTake zinc daily.\nThen rest.\none\ntwo\na b c');
    expect(blocks.map((b) => text.slice(b.start, b.end))).toEqual([
      'Zinc and RA',
      'Take zinc daily.',
      'Then rest.',
      'one',
      'two',
      'a b c',
    ]);
  });

  it('leaves out skipped content and never glues the words around it', () => {
    const { text } = htmlToText(
      '<body><p>zinc<script>iron()</script>copper <style>p{}</style><template>x</template><span hidden>vitamin</span><span style="display:none">D</span><button>Buy</button>selenium<code>zinc</code>end</p><div aria-hidden="true">fish oil</div><mark data-supplens-ui>ours</mark><textarea>typed zinc</textarea></body>',
    );
    expect(text).toBe('zinc\ncopper\nselenium\nend');
  });

  it('reads the title, meta tags, JSON-LD, microdata and canonical URL', () => {
    const doc = parseHtml(`<html><head><title> Zinc and RA </title>
      <meta name="description" content="A lab study"><meta name="keywords" content="zinc, arthritis">
      <meta property="og:type" content="article"><meta property="article:section" content="Health">
      <link rel="canonical" href="https://news.example/health/zinc">
      <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","about":{"@type":"MedicalCondition"}}]}</script>
      <script type="application/ld+json">{ broken</script></head>
      <body><div itemscope itemtype="https://schema.org/MedicalWebPage"><p>x</p></div></body></html>`);
    const meta = extractMeta(doc);
    expect(meta.title).toBe('Zinc and RA');
    expect(meta.schemaTypes?.sort()).toEqual(['MedicalCondition', 'MedicalWebPage', 'NewsArticle']);
    expect(meta.metaText).toBe('A lab study | zinc, arthritis | article | Health');
    expect(meta.url).toBe('https://news.example/health/zinc');
  });
});

// @vitest-environment happy-dom
// What is not highlighted by default (issue 12, item 4): navigation, menus, footers, tag lists and
// related-article blocks, and populations; job titles are not mentions at all.
import { describe, expect, it } from 'vitest';
import { MarkPlan } from '../../../entrypoints/content/mark-plan';
import { collectBlocks } from '../../../entrypoints/content/walker';
import { analyzeText } from '../../../lib/annotate/analyze';
import { type CompactMention, compactAnalysis, expandMentions } from '../../../lib/annotate/compact';
import { quietConceptIds } from '../../../lib/matching/highlight-policy';
import { isFurnitureElement } from '../../../lib/text/visible';
import { concept } from '../kb-fixtures';
import { testLexicon } from '../matching/test-kb';

function drain<T>(gen: Generator<unknown, T, void>): T {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

const lex = testLexicon();

/** Runs the page's text through the real scanner, then plans its marks as the content script does. */
function plan(html: string) {
  document.body.innerHTML = html;
  const { blocks } = drain(collectBlocks(document.body, () => false));
  const scanner = analyzeText(blocks.map((b) => b.text).join('\n'), lex);
  // analyzeText offsets are in the "\n"-joined text, which is exactly the blocks' offsets.
  const found: CompactMention[] = expandMentions(compactAnalysis(scanner));
  const p = new MarkPlan(blocks);
  drain(p.add(found));
  return { p, scanner, blocks };
}

describe('page furniture', () => {
  it('recognises navigation, menus, footers, tag lists and related blocks, not the article', () => {
    const el = (html: string) => {
      document.body.innerHTML = html;
      return document.body.firstElementChild!;
    };
    expect(isFurnitureElement(el('<nav></nav>'))).toBe(true);
    expect(isFurnitureElement(el('<div role="navigation"></div>'))).toBe(true);
    expect(isFurnitureElement(el('<ul role="menubar"></ul>'))).toBe(true);
    expect(isFurnitureElement(el('<footer></footer>'))).toBe(true);
    expect(isFurnitureElement(el('<ul class="post-tags"></ul>'))).toBe(true);
    expect(isFurnitureElement(el('<section id="related-articles"></section>'))).toBe(true);
    expect(isFurnitureElement(el('<div class="main-menu open"></div>'))).toBe(true);
    expect(isFurnitureElement(el('<div class="nav-open content"></div>'))).toBe(false);
    expect(isFurnitureElement(el('<article class="has-menu"></article>'))).toBe(false);
    expect(isFurnitureElement(el('<p class="lead"></p>'))).toBe(false);
  });

  it('does not highlight conditions listed in a nav menu but does in the article, and the menu still counts for relevance', () => {
    const { p, scanner, blocks } = plan(
      '<nav class="site-nav"><ul><li><a href="/ra">Rheumatoid arthritis</a></li><li><a href="/d">Depression</a></li></ul></nav>' +
        '<article><h1>Zinc and rheumatoid arthritis</h1><p>People with rheumatoid arthritis who take zinc should tell their doctor.</p></article>' +
        '<footer><p>Topics: depression, stroke</p></footer>' +
        '<aside class="related-stories"><p>Stroke and fish oil</p></aside>',
    );
    expect(blocks.filter((b) => b.furniture).map((b) => b.text)).toEqual([
      'Rheumatoid arthritis',
      'Depression',
      'Topics: depression, stroke',
      'Stroke and fish oil',
    ]);
    expect(p.mentions.map((m) => m.info.text)).toEqual([
      'Zinc',
      'rheumatoid arthritis',
      'rheumatoid arthritis',
      'zinc',
    ]);
    expect(scanner.mentions.some((m) => m.id === 'depression')).toBe(true);
  });

  it('does not trust a wrapper named after a menu that holds the article', () => {
    const { p } = plan(
      '<div class="page-with-nav"><article><h1>Zinc</h1><p>Zinc and stroke.</p></article></div>',
    );
    expect(p.mentions.map((m) => m.info.text)).toEqual(['Zinc', 'Zinc', 'stroke']);
  });
});

describe('populations', () => {
  it('are detected and ranked with, but not highlighted; pregnancy is', () => {
    const { p, scanner } = plan('<p>Children and older adults should not take zinc while pregnant.</p>');
    expect(scanner.mentions.map((m) => [m.id, m.quiet ?? false])).toEqual([
      ['children', true],
      ['older-adults', true],
      ['zinc', false],
      ['pregnancy', false],
    ]);
    expect(p.mentions.map((m) => m.info.id)).toEqual(['zinc', 'pregnancy']);
    expect([...p.quietConcepts].sort()).toEqual(['children', 'older-adults']);
  });

  it('include life stages under children or older adults, not pregnancy or breastfeeding', () => {
    const ids = quietConceptIds([
      concept('children', 'life-stage', 'Children'),
      concept('infants', 'life-stage', 'Infants', [], [], { parents: ['children'] }),
      concept('older-adults', 'life-stage', 'Older adults'),
      concept('pregnancy', 'life-stage', 'Pregnancy'),
      concept('breastfeeding', 'life-stage', 'Breastfeeding'),
      concept('rickets', 'condition', 'Rickets', [], [], { parents: ['children'] }),
    ]);
    expect([...ids].sort()).toEqual(['children', 'infants', 'older-adults']);
  });
});

describe('job titles and departments', () => {
  it('are not mentions', () => {
    const found = (t: string) => analyzeText(t, lex).mentions.map((m) => m.text);
    expect(found('said Ann Lee, professor of pediatrics and a specialist in depression.')).toEqual([]);
    expect(found('at the Department of Orthopedic Stroke Surgery')).toEqual([]);
    expect(found('Children with depression were treated.')).toEqual(['Children', 'depression']);
  });
});

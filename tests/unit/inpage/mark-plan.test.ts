// @vitest-environment happy-dom
// Marks are made block by block as the reader comes near; what was found stays listed in document
// order whether it is marked yet or not, and a page that changed the text first loses that mention
// without any half-made mark left behind.
import { describe, expect, it } from 'vitest';
import { Highlighter } from '../../../entrypoints/content/highlighter';
import {
  DROPPED,
  inDocumentOrder,
  LOST,
  MARKED,
  MarkPlan,
  PENDING,
} from '../../../entrypoints/content/mark-plan';
import { collectBlocks } from '../../../entrypoints/content/walker';
import type { CompactMention } from '../../../lib/annotate/compact';

function drain<T>(gen: Generator<unknown, T, void>): T {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

function planFor(root: Element, words: [string, string][]) {
  const hl = new Highlighter(document);
  const { blocks } = drain(collectBlocks(root, (el) => hl.isOurs(el)));
  const found: CompactMention[] = [];
  for (const b of blocks)
    for (const [word, id] of words) {
      for (let i = b.text.indexOf(word); i >= 0; i = b.text.indexOf(word, i + 1))
        found.push({
          id,
          kind: 'supplement',
          name: id,
          start: b.offset + i,
          end: b.offset + i + word.length,
        });
    }
  found.sort((a, b) => a.start - b.start);
  const plan = new MarkPlan(blocks);
  drain(plan.add(found));
  return { plan, hl, blocks };
}

describe('MarkPlan', () => {
  it('marks one block at a time and lists every mention in document order meanwhile', () => {
    document.body.innerHTML =
      '<article><p id="a">Zinc and <em>fish oil</em>.</p><p id="b">More zinc here.</p><p id="c">No mention.</p></article>';
    const { plan, hl } = planFor(document.body, [
      ['Zinc', 'zinc'],
      ['zinc', 'zinc'],
      ['fish oil', 'fish-oil'],
    ]);
    expect(plan.mentions.map((p) => p.info.text)).toEqual(['Zinc', 'fish oil', 'zinc']);
    expect(plan.pending.size).toBe(2);
    expect([...plan.byContainer.keys()].map((e) => e.id)).toEqual(['a', 'b']);

    expect(plan.markBlock(1, hl)).toEqual({ marked: 1, lost: 0 });
    expect(document.querySelectorAll('#b span[data-supplens-id]').length).toBe(1);
    expect(document.querySelectorAll('#a span[data-supplens-id]').length).toBe(0);
    expect(plan.mentions.map((p) => p.state)).toEqual([PENDING, PENDING, MARKED]);
    expect(plan.live().map((p) => p.info.text)).toEqual(['Zinc', 'fish oil', 'zinc']);
    // Marking the same block again does nothing.
    expect(plan.markBlock(1, hl)).toEqual({ marked: 0, lost: 0 });

    expect(plan.markBlock(0, hl)).toEqual({ marked: 2, lost: 0 });
    expect(document.querySelector('#a')!.textContent).toBe('Zinc and fish oil.');
    expect(plan.pending.size).toBe(0);
  });

  it('loses a mention whose text the page changed first, leaving no part of it marked', () => {
    document.body.innerHTML = '<p id="a">Zinc and <em>fish</em> oil daily.</p>';
    const { plan, hl, blocks } = planFor(document.body, [
      ['Zinc', 'zinc'],
      ['fish oil', 'fish-oil'],
    ]);
    blocks[0]!.nodes[2]!.data = ' OIL daily.';
    expect(plan.markBlock(0, hl)).toEqual({ marked: 1, lost: 1 });
    expect(plan.mentions[1]!.segs?.length).toBe(2);
    expect(plan.mentions.map((p) => p.state)).toEqual([MARKED, LOST]);
    expect([...document.querySelectorAll('span[data-supplens-id]')].map((s) => s.textContent)).toEqual([
      'Zinc',
    ]);
    expect(plan.live().map((p) => p.info.text)).toEqual(['Zinc']);
  });

  it('drops what a later pass rescans, and orders plans by where their text is', () => {
    document.body.innerHTML = '<div id="x"><p>zinc one</p></div><div id="y"><p>zinc two</p></div>';
    const second = planFor(document.getElementById('y')!, [['zinc', 'zinc']]).plan;
    const first = planFor(document.getElementById('x')!, [['zinc', 'zinc']]).plan;
    expect(inDocumentOrder([second, first])).toEqual([first, second]);
    first.dropWithin([document.getElementById('x')!]);
    expect(first.mentions[0]!.state).toBe(DROPPED);
    expect(first.pending.size).toBe(0);
    expect(first.live()).toEqual([]);
    document.getElementById('y')!.remove();
    expect(second.live()).toEqual([]);
    expect(inDocumentOrder([second, first])).toEqual([first]);
  });

  it('takes mentions in any order and refuses one that leaves its block', () => {
    document.body.innerHTML = '<p>zinc one</p><p>iron two</p>';
    const hl = new Highlighter(document);
    const { blocks } = drain(collectBlocks(document.body, (el) => hl.isOurs(el)));
    const plan = new MarkPlan(blocks);
    const m = (id: string, start: number, end: number): CompactMention => ({
      id,
      kind: 'supplement',
      name: id,
      start,
      end,
    });
    const iron = blocks[1]!.offset;
    drain(plan.add([m('iron', iron, iron + 4), m('zinc', 0, 4), m('both', 5, iron + 4), m('kind', 0, 4)]));
    expect(plan.mentions.map((p) => [p.info.id, p.info.text, p.block])).toEqual([
      ['iron', 'iron', 1],
      ['zinc', 'zinc', 0],
      ['kind', 'zinc', 0],
    ]);
    drain(plan.add([{ ...m('x', 0, 4), kind: 'other' as never }]));
    expect(plan.mentions.length).toBe(3);
  });

  it('marks a nutrient inside a condition mention only as a page concept', () => {
    document.body.innerHTML = '<p>Severe vitamin D deficiency is rare.</p>';
    const hl = new Highlighter(document);
    const { blocks } = drain(collectBlocks(document.body, (el) => hl.isOurs(el)));
    const plan = new MarkPlan(blocks);
    const at = blocks[0]!.offset + blocks[0]!.text.indexOf('vitamin');
    drain(
      plan.add([
        {
          id: 'vitamin-d-deficiency',
          kind: 'condition',
          name: 'Vitamin D deficiency',
          start: at,
          end: at + 20,
        },
        { id: 'vitamin-d', kind: 'supplement', name: 'Vitamin D', start: at, end: at + 9 },
      ]),
    );
    expect(plan.mentions.map((p) => [p.info.id, p.info.text])).toEqual([
      ['vitamin-d-deficiency', 'vitamin D deficiency'],
    ]);
    expect([...plan.quietConcepts]).toEqual(['vitamin-d']);
    plan.markBlock(0, hl);
    expect(document.querySelectorAll('span[data-supplens-id]').length).toBe(1);
    expect(document.body.textContent).toBe('Severe vitamin D deficiency is rare.');
  });
});

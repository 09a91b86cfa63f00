// @vitest-environment happy-dom
// The DOM side of highlighting: collecting visible text in blocks, wrapping mentions, and
// restoring the page exactly (same text node objects, same text).
import { describe, expect, it } from 'vitest';
import { Highlighter, type MarkInfo } from '../../../entrypoints/content/highlighter';
import { locateSegments } from '../../../entrypoints/content/offsets';
import { collectBlocks, insideSkipped } from '../../../entrypoints/content/walker';

function drain<T>(gen: Generator<unknown, T, void>): T {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

function textNodes(root: Node): Text[] {
  const out: Text[] = [];
  const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = w.nextNode(); n; n = w.nextNode()) out.push(n as Text);
  return out;
}

const info = (id: string, text: string): MarkInfo => ({ id, kind: 'supplement', name: id, text, parts: [] });

describe('collectBlocks', () => {
  it('reads visible prose in blocks and skips code, fields, editable, hidden and aria-hidden text', () => {
    document.body.innerHTML = `
      <h1>Zinc and <em>RA</em></h1>
      <p>Take <b>vitamin</b> D<br>daily.</p>
      <pre><code>zinc()</code></pre>
      <textarea>fish oil</textarea>
      <div contenteditable="true">turmeric</div>
      <p aria-hidden="true">ginkgo</p>
      <p hidden>kava</p>
      <p style="display:none">valerian</p>
      <ul><li>calcium</li><li>iron</li></ul>`;
    const { blocks } = drain(collectBlocks(document.body, () => false));
    expect(blocks.map((b) => b.text.trim())).toEqual([
      'Zinc and RA',
      'Take vitamin D',
      'daily.',
      'calcium',
      'iron',
    ]);
    // Offsets: each block follows the previous one plus one separator.
    for (let i = 1; i < blocks.length; i++)
      expect(blocks[i]!.offset).toBe(blocks[i - 1]!.offset + blocks[i - 1]!.length + 1);
    const take = blocks[1]!;
    expect(take.nodes.map((n) => n.data)).toEqual(['Take ', 'vitamin', ' D']);
    expect(take.starts).toEqual([0, 5, 12]);
  });

  it('skips our own elements and knows what is inside skipped regions', () => {
    document.body.innerHTML =
      '<p>zinc <span id="ours">iron</span></p><div contenteditable><p id="ed">x</p></div>';
    const ours = document.getElementById('ours')!;
    const { blocks } = drain(collectBlocks(document.body, (el) => el === ours));
    expect(blocks.map((b) => b.text)).toEqual(['zinc ']);
    expect(insideSkipped(document.getElementById('ed')!, () => false)).toBe(true);
    expect(insideSkipped(ours.firstChild!, (el) => el === ours)).toBe(true);
  });
});

describe('Highlighter', () => {
  function annotate(html: string, mentions: { id: string; start: number; end: number }[]) {
    document.body.innerHTML = html;
    const before = textNodes(document.body);
    const data = before.map((n) => n.data);
    const markup = document.body.innerHTML;
    const { blocks } = drain(collectBlocks(document.body, () => false));
    const hl = new Highlighter(document);
    const ops: { node: Text; s: number; e: number; expected: string; primary: boolean; info: MarkInfo }[] =
      [];
    for (const m of mentions) {
      const segs = locateSegments(blocks, m.start, m.end);
      const inf = info(
        m.id,
        segs.map((g) => blocks[g.block]!.nodes[g.node]!.data.slice(g.start, g.end)).join(''),
      );
      segs.forEach((g, i) => {
        const node = blocks[g.block]!.nodes[g.node]!;
        ops.push({
          node,
          s: g.start,
          e: g.end,
          expected: node.data.slice(g.start, g.end),
          primary: i === 0,
          info: inf,
        });
      });
    }
    // Last first within a node, as the content script does.
    ops.sort((a, b) => (a.node === b.node ? b.s - a.s : 0));
    for (const o of ops) expect(hl.wrap(o.node, o.s, o.e, o.expected, o.primary, o.info)).toBeTruthy();
    return { hl, before, data, markup };
  }

  it('wraps several mentions in one text node and restores the same nodes', () => {
    const { hl, before, data, markup } = annotate('<p>zinc and more zinc, then iron.</p>', [
      { id: 'zinc', start: 0, end: 4 },
      { id: 'zinc', start: 14, end: 18 },
      { id: 'iron', start: 25, end: 29 },
    ]);
    expect(document.body.innerHTML).toBe(
      '<p><span data-supplens-kind="supplement" data-supplens-id="zinc" tabindex="0" role="button" aria-haspopup="dialog" aria-expanded="false">zinc</span> and more <span data-supplens-kind="supplement" data-supplens-id="zinc" tabindex="0" role="button" aria-haspopup="dialog" aria-expanded="false">zinc</span>, then <span data-supplens-kind="supplement" data-supplens-id="iron" tabindex="0" role="button" aria-haspopup="dialog" aria-expanded="false">iron</span>.</p>',
    );
    expect(hl.primaries().map((el) => el.textContent)).toEqual(['zinc', 'zinc', 'iron']);
    expect(document.body.textContent).toBe('zinc and more zinc, then iron.');
    expect(hl.restore()).toBe(3);
    expect(document.body.innerHTML).toBe(markup);
    const after = textNodes(document.body);
    expect(after).toEqual(before);
    expect(after.every((n, i) => n === before[i] && n.data === data[i])).toBe(true);
  });

  it('wraps a mention split across elements as parts with one focusable, and restores it', () => {
    const { hl, before, markup } = annotate('<p>People with rheumatoid <em>arthritis</em> often</p>', [
      { id: 'rheumatoid-arthritis', start: 12, end: 32 },
    ]);
    const parts = [...document.querySelectorAll('[data-supplens-id]')];
    expect(parts.map((p) => [p.textContent, p.getAttribute('tabindex')])).toEqual([
      ['rheumatoid ', '0'],
      ['arthritis', null],
    ]);
    expect(hl.info(parts[1]!)?.parts[0]).toBe(parts[0]);
    expect(hl.markOf(parts[1]!.firstChild)).toBe(parts[1]);
    hl.restore();
    expect(document.body.innerHTML).toBe(markup);
    expect(textNodes(document.body)).toEqual(before);
  });

  it('restores one region without touching marks elsewhere, and keeps page-made adjacent text nodes apart', () => {
    document.body.innerHTML = '<p id="a"></p><p id="b">iron</p>';
    const a = document.getElementById('a')!;
    // A framework rendered "Hello " and "zinc" as two adjacent text nodes: they must stay two.
    a.append(document.createTextNode('Hello '), document.createTextNode('zinc'));
    const before = textNodes(document.body);
    const hl = new Highlighter(document);
    hl.wrap(before[1]!, 0, 4, 'zinc', true, info('zinc', 'zinc'));
    hl.wrap(before[2]!, 0, 4, 'iron', true, info('iron', 'iron'));
    expect(hl.restore(a)).toBe(1);
    expect(a.childNodes.length).toBe(2);
    expect([...a.childNodes]).toEqual([before[0], before[1]]);
    expect(document.querySelectorAll('[data-supplens-id]').length).toBe(1);
  });

  it('does not make a mention inside a link a second focus stop', () => {
    document.body.innerHTML = '<p>See <a href="#x">zinc facts</a>.</p>';
    const node = document.querySelector('a')!.firstChild as Text;
    const hl = new Highlighter(document);
    const el = hl.wrap(node, 0, 4, 'zinc', true, info('zinc', 'zinc'))!;
    expect([...el.attributes].map((a) => a.name).sort()).toEqual(['data-supplens-id', 'data-supplens-kind']);
    expect(hl.primaries()).toEqual([el]);
  });

  it('does not wrap when the page changed the text meanwhile', () => {
    document.body.innerHTML = '<p>zinc</p>';
    const node = textNodes(document.body)[0]!;
    node.data = 'iron';
    const hl = new Highlighter(document);
    expect(hl.wrap(node, 0, 4, 'zinc', true, info('zinc', 'zinc'))).toBeUndefined();
    expect(document.body.innerHTML).toBe('<p>iron</p>');
  });

  it('removes stray marks left by an earlier copy of the script', () => {
    document.body.innerHTML =
      '<p>a <span data-supplens-id="zinc" data-supplens-kind="supplement">zinc</span> b</p>';
    const hl = new Highlighter(document);
    expect(hl.removeStrays()).toBe(1);
    expect(document.body.innerHTML).toBe('<p>a zinc b</p>');
    expect(document.querySelector('p')!.childNodes.length).toBe(1);
  });
});

// @vitest-environment happy-dom
import { expect, it, describe as suite } from 'vitest';
import { anchor, describe } from '../../../lib/anchoring';
import { buildTextIndex, offsetsFromRange, rangeFromOffsets } from '../../../platform/dom/text-index';

function page(html: string) {
  document.body.innerHTML = html;
  return document.body;
}

suite('DOM text index', () => {
  it('joins text nodes in order, skipping script/style and SuppLens UI', () => {
    const root = page(
      '<p>Zinc <b>may</b> help.</p><script>var x = 1</script><style>p{}</style><p>Vitamin D<span data-supplens-ui>badge</span> too.</p>',
    );
    const idx = buildTextIndex(root);
    expect(idx.text).toBe('Zinc may help.Vitamin D too.');
  });

  it('maps offsets to a DOM Range and back, across element boundaries', () => {
    const root = page('<p>High doses of <i>vitamin</i> D can raise calcium.</p>');
    const idx = buildTextIndex(root);
    const start = idx.text.indexOf('of vitamin D');
    const end = start + 'of vitamin D'.length;
    const range = rangeFromOffsets(idx, start, end)!;
    expect(range.toString()).toBe('of vitamin D');
    expect(offsetsFromRange(idx, range)).toEqual({ start, end });
    expect(rangeFromOffsets(idx, 5, 5)).toBeNull();
    expect(rangeFromOffsets(idx, 0, idx.text.length + 1)).toBeNull();
  });

  it('re-anchors a saved selector after the DOM changed', () => {
    const root = page('<p>Intro.</p><p>People who take blood thinners should ask first.</p>');
    const before = buildTextIndex(root);
    const s = describe(
      before.text,
      before.text.indexOf('blood thinners'),
      before.text.indexOf('blood thinners') + 14,
    );
    root.querySelector('p')!.textContent = 'A much longer introduction paragraph.';
    const after = buildTextIndex(root);
    const r = anchor(after.text, s)!;
    expect(r.method).toBe('quote');
    expect(rangeFromOffsets(after, r.start, r.end)!.toString()).toBe('blood thinners');
  });

  it('maps a highlight mark given by element boundaries (as the content script has it)', () => {
    const root = page('<p>Take <span data-supplens-id="zinc">zi<b>nc</b></span> daily.</p><p>More.</p>');
    const idx = buildTextIndex(root);
    const mark = root.querySelector('[data-supplens-id]')!;
    const range = document.createRange();
    range.setStartBefore(mark);
    range.setEndAfter(mark);
    const off = offsetsFromRange(idx, range)!;
    expect(idx.text.slice(off.start, off.end)).toBe('zinc');
    const s = describe(idx.text, off.start, off.end);
    expect(s.quote).toMatchObject({ exact: 'zinc', prefix: 'Take ', suffix: ' daily.More.' });
  });
});

// Which blocks are near the viewport: a binary search over measured positions, whatever order
// the blocks have in the document (a sidebar last in the DOM but shown at the top is found too).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PositionIndex, type Span } from '../../../entrypoints/content/viewport';

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe('PositionIndex', () => {
  it('finds the items overlapping a range, in any document order, tall and unrendered ones included', () => {
    const spans: (Span | undefined)[] = [
      { top: 0, bottom: 100 },
      { top: 100, bottom: 200 },
      undefined, // display: none
      { top: 5000, bottom: 5100 },
      { top: 50, bottom: 150 }, // a sidebar, last in the DOM, shown at the top
      { top: 0, bottom: 9000 }, // a tall wrapper
    ];
    const index = new PositionIndex(spans, 1000);
    expect(sorted(index.overlapping(120, 130))).toEqual([1, 4, 5]);
    expect(sorted(index.overlapping(4000, 4999))).toEqual([5]);
    expect(sorted(index.overlapping(5050, 5050))).toEqual([3, 5]);
    expect(index.overlapping(9500, 9600)).toEqual([]);
    expect(index.span(2)).toBeUndefined();
    expect(index.span(3)).toEqual({ top: 5000, bottom: 5100 });
  });

  it('agrees with a linear scan on any set of spans', () => {
    const span = fc
      .tuple(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 3000 }))
      .map(([top, h]) => ({ top, bottom: top + h }));
    fc.assert(
      fc.property(
        fc.array(fc.option(span, { nil: undefined }), { maxLength: 200 }),
        fc.integer({ min: -500, max: 20_000 }),
        fc.integer({ min: 0, max: 4000 }),
        fc.integer({ min: 1, max: 2000 }),
        (spans, lo, size, tall) => {
          const hi = lo + size;
          const expected = spans.flatMap((s, i) => (s && s.top <= hi && s.bottom >= lo ? [i] : []));
          expect(sorted(new PositionIndex(spans, tall).overlapping(lo, hi))).toEqual(expected);
        },
      ),
    );
  });
});

// Property tests for the offset bookkeeping between the scanner's page text and the DOM text nodes
// (entrypoints/content/offsets.ts), and for the shared visible-text assembly (lib/text).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutPoints, findBlock, locateSegments } from '../../../entrypoints/content/offsets';
import { htmlToText } from '../../../lib/text/html';
import { hostileText } from './arbitraries';

const RUNS = { numRuns: 300 };

/** Random blocks, each made of a few text nodes, laid out as the content script's walker does. */
const layoutArb = fc
  .array(fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 5 }), {
    minLength: 1,
    maxLength: 6,
  })
  .map((blocks) => {
    let offset = 0;
    return blocks.map((nodes) => {
      const starts: number[] = [];
      let length = 0;
      for (const n of nodes) {
        starts.push(length);
        length += n.length;
      }
      const b = { nodes, text: nodes.join(''), starts, length, offset };
      offset += length + 1;
      return b;
    });
  });

describe('locateSegments', () => {
  it('splits any range inside a block into node segments that concatenate to the range', () => {
    fc.assert(
      fc.property(layoutArb, fc.nat(), fc.nat(), fc.nat(), (blocks, bi, a, len) => {
        const b = blocks[bi % blocks.length]!;
        const s = a % b.length;
        const e = s + 1 + (len % (b.length - s));
        const segs = locateSegments(blocks, b.offset + s, b.offset + e);
        expect(segs.length).toBeGreaterThan(0);
        const joined = segs.map((g) => b.nodes[g.node]!.slice(g.start, g.end)).join('');
        expect(joined).toBe(b.text.slice(s, e));
        for (const g of segs) {
          expect(g.block).toBe(blocks.indexOf(b));
          expect(g.end).toBeGreaterThan(g.start);
          expect(g.end).toBeLessThanOrEqual(b.nodes[g.node]!.length);
        }
      }),
      RUNS,
    );
  });

  it('refuses ranges that leave their block or are empty, and findBlock agrees with the layout', () => {
    fc.assert(
      fc.property(layoutArb, fc.nat(), (blocks, x) => {
        const total = blocks.at(-1)!.offset + blocks.at(-1)!.length + 2;
        const off = x % total;
        const i = findBlock(blocks, off);
        const expected = blocks.findIndex((b) => off >= b.offset && off < b.offset + b.length);
        expect(i).toBe(expected);
        expect(locateSegments(blocks, off, off)).toEqual([]);
        if (i >= 0) {
          const b = blocks[i]!;
          expect(locateSegments(blocks, off, b.offset + b.length + 1)).toEqual([]);
        }
      }),
      RUNS,
    );
  });
});

describe('cutPoints', () => {
  it('cuts long text into increasing pieces of at most max characters ending at the text end', () => {
    fc.assert(
      fc.property(
        fc.array(hostileText, { maxLength: 20 }).map((xs) => xs.join(' ')),
        fc.integer({ min: 8, max: 200 }),
        (text, max) => {
          const cuts = cutPoints(text, max);
          expect(cuts.at(-1)).toBe(text.length);
          let from = 0;
          for (const c of cuts) {
            expect(c).toBeGreaterThan(from === 0 && text.length === 0 ? -1 : from - (text.length ? 0 : 1));
            expect(c - from).toBeLessThanOrEqual(max);
            from = c;
          }
        },
      ),
      RUNS,
    );
  });

  it('cuts after white space whenever the window has white space past its first quarter', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { maxLength: 60 }), (words) => {
        const text = words.join(' ');
        const max = 40;
        let from = 0;
        for (const c of cutPoints(text, max).slice(0, -1)) {
          const window = text.slice(from + Math.floor(max / 4) + 1, c);
          if (/\s/.test(text.slice(from + max / 4 + 1, from + max))) {
            expect(/\s/.test(text[c - 1]!), `cut at ${c} in ${JSON.stringify(text)} (${window})`).toBe(true);
          }
          from = c;
        }
      }),
      RUNS,
    );
  });
});

describe('visible text of random HTML (lib/text)', () => {
  const tag = fc.constantFrom('p', 'div', 'span', 'b', 'i', 'li', 'br', 'script', 'pre', 'svg', 'td', 'h2');
  const htmlArb: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      hostileText.map((t) => t.replace(/[<&]/g, ' ')),
      fc
        .tuple(tag, fc.array(tie('node'), { maxLength: 4 }))
        .map(([t, kids]) => `<${t}>${kids.join('')}</${t}>`),
    ),
  })).node;

  it('never throws; blocks are non-empty single lines joined by one newline', () => {
    fc.assert(
      fc.property(htmlArb, (html) => {
        const { text, blocks } = htmlToText(`<!doctype html><body>${html}</body>`);
        let prevEnd = -1;
        for (const b of blocks ?? []) {
          const s = text.slice(b.start, b.end);
          expect(s.length).toBeGreaterThan(0);
          expect(s).not.toMatch(/\n/);
          expect(s).not.toMatch(/^ | $|[ \t\r\f]{2}/);
          if (prevEnd >= 0) expect(text.slice(prevEnd, b.start)).toBe('\n');
          prevEnd = b.end;
        }
        if (blocks?.length) expect(prevEnd).toBe(text.length);
      }),
      RUNS,
    );
  });
});

import fc from 'fast-check';
import { expect, it, describe as suite } from 'vitest';
import {
  anchor,
  approxSearch,
  canonicalPageUrl,
  contextScore,
  describe,
  editDistance,
} from '../../../lib/anchoring';

const ARTICLE = [
  'Zinc is one of the most popular mineral supplements, sold as zinc gluconate lozenges for colds.',
  'A laboratory study published in January 2022 now suggests that, in people with rheumatoid arthritis, zinc inside immune cells may help drive inflammation.',
  'Vitamin D is often taken in winter. High doses of vitamin D can raise blood calcium, and the upper limit for adults is 100 micrograms a day.',
  'Magnesium supplements are marketed for sleep, but the evidence for magnesium and insomnia comes from small trials.',
  'Fish oil contains omega-3 fatty acids. People who take blood thinners should ask before starting fish oil.',
].join('\n\n');

function sel(text: string, needle: string, from = 0) {
  const start = text.indexOf(needle, from);
  if (start < 0) throw new Error(`no ${needle}`);
  return describe(text, start, start + needle.length);
}

suite('describe', () => {
  it('builds a TextQuoteSelector with 32 characters of context and a TextPositionSelector', () => {
    const s = sel(ARTICLE, 'rheumatoid arthritis');
    expect(s.quote.type).toBe('TextQuoteSelector');
    expect(s.quote.exact).toBe('rheumatoid arthritis');
    expect(s.quote.prefix).toHaveLength(32);
    expect(s.quote.suffix).toHaveLength(32);
    expect(ARTICLE.slice(s.position.start - 32, s.position.start)).toBe(s.quote.prefix);
    expect(s.position.type).toBe('TextPositionSelector');
    expect(ARTICLE.slice(s.position.start, s.position.end)).toBe('rheumatoid arthritis');
  });

  it('keeps shorter context at the edges of the text', () => {
    const s = describe('Zinc helps', 0, 4);
    expect(s.quote).toEqual({ type: 'TextQuoteSelector', exact: 'Zinc', prefix: '', suffix: ' helps' });
  });

  it('rejects empty or out-of-range spans', () => {
    expect(() => describe('abc', 2, 2)).toThrow(RangeError);
    expect(() => describe('abc', -1, 2)).toThrow(RangeError);
    expect(() => describe('abc', 0, 4)).toThrow(RangeError);
  });
});

suite('anchor', () => {
  it('anchors an unchanged page by exact position', () => {
    const s = sel(ARTICLE, 'vitamin D can raise');
    expect(anchor(ARTICLE, s)).toEqual({ start: s.position.start, end: s.position.end, method: 'position' });
  });

  it('re-anchors by quote and context when a word near the quote changed (positions shifted)', () => {
    const s = sel(ARTICLE, 'blood thinners');
    const changed = ARTICLE.replace('People who take blood thinners', 'Patients who take blood thinners');
    const r = anchor(changed, s);
    expect(r?.method).toBe('quote');
    expect(changed.slice(r!.start, r!.end)).toBe('blood thinners');
    expect(r!.start).toBe(changed.indexOf('blood thinners'));
  });

  it('picks the occurrence whose context matches when the quote occurs several times', () => {
    // Second "magnesium" in the paragraph; insert text before it so the position no longer holds.
    const s = sel(ARTICLE, 'magnesium', ARTICLE.indexOf('evidence for'));
    const changed = `Editor's note: updated.\n\n${ARTICLE.replace('the evidence for', 'the published evidence for')}`;
    const r = anchor(changed, s);
    expect(r?.method).toBe('quote');
    expect(r!.start).toBe(changed.indexOf('magnesium and insomnia'));
  });

  it('falls back to fuzzy matching when the quote itself changed slightly', () => {
    const s = sel(ARTICLE, 'High doses of vitamin D can raise blood calcium');
    const changed = ARTICLE.replace('High doses of vitamin D can raise', 'High doses of vitamin D may raise');
    const r = anchor(changed, s);
    expect(r?.method).toBe('fuzzy');
    expect(changed.slice(r!.start, r!.end)).toBe('High doses of vitamin D may raise blood calcium');
  });

  it('returns null (orphan) when the quoted paragraph was deleted, even if the word occurs elsewhere', () => {
    const para = ARTICLE.split('\n\n')[3]!; // magnesium paragraph
    const s = sel(ARTICLE, 'magnesium and insomnia');
    const changed = ARTICLE.replace(`${para}\n\n`, '');
    expect(anchor(changed, s)).toBeNull();
    // A one-word quote whose paragraph went, with the word still elsewhere on the page:
    const zinc = sel(ARTICLE, 'zinc inside immune cells');
    const word = describe(ARTICLE, zinc.position.start, zinc.position.start + 4); // "zinc"
    const withoutPara = ARTICLE.replace(`${ARTICLE.split('\n\n')[1]!}\n\n`, '');
    expect(withoutPara.includes('zinc')).toBe(true);
    expect(anchor(withoutPara, word)).toBeNull();
  });

  it('accepts a long quote found again even where its surroundings were rewritten', () => {
    const quote = 'High doses of vitamin D can raise blood calcium, and the upper limit';
    const s = sel(ARTICLE, quote);
    const changed = ARTICLE.replace(
      'Vitamin D is often taken in winter. ',
      'Completely different opening words here! ',
    ).replace(' for adults is 100 micrograms a day.', ' is set by regulators everywhere, they say.');
    const r = anchor(changed, s);
    expect(r?.method).toBe('quote');
    expect(changed.slice(r!.start, r!.end)).toBe(quote);
  });

  it('treats an invalid stored position as a hint to ignore', () => {
    const s = sel(ARTICLE, 'fish oil.');
    const r = anchor(ARTICLE, {
      quote: s.quote,
      position: { type: 'TextPositionSelector', start: 5, end: 2 },
    });
    expect(r?.method).toBe('quote');
    expect(anchor(ARTICLE, { quote: s.quote })?.start).toBe(s.position.start);
  });

  it('never returns a span outside the text, and finds unchanged text by position (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300 }), fc.nat(), fc.nat(), (text, a, b) => {
        const start = a % text.length;
        const end = start + 1 + (b % (text.length - start));
        const s = describe(text, start, end);
        const r = anchor(text, s);
        expect(r).toEqual({ start, end, method: 'position' });
        const shifted = `xx${text}`;
        const r2 = anchor(shifted, s);
        if (r2) {
          expect(r2.start).toBeGreaterThanOrEqual(0);
          expect(r2.end).toBeLessThanOrEqual(shifted.length);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('finds a changed quote at the end of a large page (its time is a row of npm run bench)', () => {
    // ~240k characters of article-like text that does not contain the quote, then the changed quote.
    const words = ARTICLE.replace(/magnesium|insomnia|trials/gi, 'x').split(/\s+/);
    let seed = 7;
    const filler: string[] = [];
    for (let n = 0; n < 40_000; n++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      filler.push(words[seed % words.length]!);
    }
    const s = sel(ARTICLE, 'the evidence for magnesium and insomnia comes from small trials');
    const page = `${filler.join(' ')}\n\n${ARTICLE.replace('small trials', 'tiny trials')}`;
    const r = anchor(page, s);
    expect(r?.method).toBe('fuzzy');
    expect(page.slice(r!.start, r!.end)).toBe(
      'the evidence for magnesium and insomnia comes from tiny trials',
    );
  });
});

suite('approximate search and similarity', () => {
  it('finds matches within the error bound with their starts', () => {
    const m = approxSearch('the quick brown fox jumps', 'quikc brown', 2);
    expect(m[0]).toMatchObject({ start: 4, end: 15, errors: 2 });
    expect(approxSearch('abcdef', 'xyz', 1)).toEqual([]);
  });

  it('reports separate occurrences of a repeated pattern', () => {
    const m = approxSearch('zinc and zinc and zync', 'zinc', 1, 10);
    expect(m.map((x) => x.start).sort((a, b) => a - b)).toEqual([0, 9, 18]);
  });

  it('computes edit distance and context agreement', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    const t = 'aaaa QUOTE bbbb';
    expect(contextScore(t, 5, 10, 'aaaa ', ' bbbb')).toBe(1);
    expect(contextScore(t, 5, 10, '', '')).toBe(1);
    expect(contextScore(t, 5, 10, 'zzzz ', ' yyyy')).toBeLessThan(0.5);
  });

  it('canonicalises page URLs by dropping the fragment only', () => {
    expect(canonicalPageUrl('https://Example.com/a?b=1#section')).toBe('https://example.com/a?b=1');
  });
});

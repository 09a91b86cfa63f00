import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeText, createPageScanner } from '../../../lib/annotate/analyze';
import { loadKb } from '../../../platform/node/cli/kb';
import { TEST_CONCEPTS, testLexicon } from './test-kb';

const lex = testLexicon();
const WORD = /[\p{L}\p{N}\p{M}\p{Pc}]/u;

/** The code point that ends just before `i`. */
function codePointBefore(text: string, i: number): string {
  if (i <= 0) return '';
  const lo = text.charCodeAt(i - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) return text.slice(i - 2, i);
  return text[i - 1]!;
}

function codePointAt(text: string, i: number): string {
  const cp = text.codePointAt(i);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

const forms = TEST_CONCEPTS.flatMap((c) => [c.name, ...c.synonyms, ...c.abbreviations]);
const pieces = fc.oneof(
  fc.constantFrom(...forms),
  fc.constantFrom(...forms).map((f) => f.toUpperCase()),
  fc.constantFrom(...forms).map((f) => `${f}s`),
  fc.constantFrom(
    'the',
    'ironically',
    'ZIP8',
    'zincs',
    'multivitamin',
    'Dr.',
    'Ginger',
    'Iron',
    'Man',
    'ore',
    'mg',
    '50',
    '4,000 IU',
    'of',
    '(',
    ')',
    'et al.',
    '2020',
  ),
  fc.constantFrom(
    ' ',
    '  ',
    '\u00a0',
    '-',
    '–',
    '/',
    "'",
    '’',
    '.',
    ',',
    '\u00ad',
    '\u200b',
    '\u0301',
    'ﬁ',
    'Ｚ',
    '😀',
    '_',
    'é',
    '\n',
  ),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const texts = fc.array(pieces, { maxLength: 40 }).map((a) => a.join(''));

describe('matcher properties', () => {
  it('offsets always slice back to the reported text, and no match starts or ends inside a word', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const r = analyzeText(text, lex);
        let last = -1;
        let outer: (typeof r.mentions)[number] | undefined;
        for (const m of r.mentions) {
          expect(text.slice(m.start, m.end)).toBe(m.text);
          expect(m.end).toBeGreaterThan(m.start);
          if (outer && m.start < last) {
            // Sorted and not overlapping, except a nutrient inside a condition of its status.
            expect([outer.kind, m.kind]).toEqual(['condition', 'supplement']);
            expect(m.start >= outer.start && m.end <= outer.end).toBe(true);
            continue;
          }
          expect(m.start).toBeGreaterThanOrEqual(last);
          last = m.end;
          outer = m;
          expect(WORD.test(codePointBefore(text, m.start))).toBe(false);
          expect(WORD.test(codePointAt(text, m.end))).toBe(false);
        }
        for (const c of lex.scan(text)) {
          expect(WORD.test(codePointBefore(text, c.start))).toBe(false);
          expect(WORD.test(codePointAt(text, c.end))).toBe(false);
        }
        for (const d of r.doses) expect(text.slice(d.start, d.end)).toBe(d.text);
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same mentions fed line by line in any order', () => {
    fc.assert(
      fc.property(texts, fc.boolean(), (text, reverse) => {
        const lines: { t: string; o: number }[] = [];
        let o = 0;
        for (const t of text.split('\n')) {
          lines.push({ t, o });
          o += t.length + 1;
        }
        if (reverse) lines.reverse();
        const scanner = createPageScanner(lex);
        for (const l of lines) if (l.t) scanner.feed(l.t, l.o);
        expect(scanner.finish().mentions).toEqual(analyzeText(text, lex).mentions);
      }),
      { numRuns: 200 },
    );
  });

  // The matcher has a fast path for ASCII letters and digits (pair table, inline trie step, word
  // skip) and a general path for every other character. Full-width letters and digits fold to the
  // same keys one UTF-16 unit each, so they take the general path to the same matches at the same
  // offsets. (No periods: "St." and genus initials are recognised in ASCII only.)
  const fullWidth = (t: string) =>
    t.replace(/[A-Za-z0-9]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
  const real = loadKb().lexicon;
  const realForms = real.entries.filter((_, i) => i % 3 === 0).map((e) => e.form);
  const realTexts = fc
    .array(
      fc.oneof(
        fc.constantFrom(...realForms),
        fc.constantFrom(...realForms).map((f) => f.toUpperCase()),
        pieces,
      ),
      {
        maxLength: 30,
      },
    )
    .map((a) => a.join(''));
  // The fast path skips a word whose hash is not in the filter of first words. Every form, in the
  // contexts that end a first word (space, punctuation, apostrophe, the end of the block), must
  // still be found exactly as the general path finds it.
  it('finds every knowledge-base form through the first-word filter as the general path does', () => {
    let found = 0;
    for (const { form } of real.entries) {
      if (form.includes('.')) continue;
      for (const text of [form, `(${form}), ${form}'s ${form}; ${form}-like ${form}`]) {
        const fast = real.scan(text);
        expect(real.scan(fullWidth(text)), text).toEqual(fast);
        if (fast.some((c) => c.start === 0 || c.start === 1)) found++;
      }
    }
    // Not-a-mention phrases and forms inside longer ones aside, nearly every form is found.
    expect(found).toBeGreaterThan(real.entries.length);
  });

  for (const [name, lexicon, arb] of [
    ['test', lex, texts],
    ['knowledge base', real, realTexts],
  ] as const) {
    it(`finds the same candidates through the ASCII fast path and the general path (${name} lexicon)`, () => {
      fc.assert(
        fc.property(
          arb.filter((t) => !t.includes('.')),
          (text) => {
            expect(lexicon.scan(fullWidth(text))).toEqual(lexicon.scan(text));
          },
        ),
        { numRuns: 500 },
      );
    });
  }
});

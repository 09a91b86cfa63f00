// Property tests for the normalisation shared by the lexicon compiler, the matcher and kb:check.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCodePoint, foldString } from '../../../lib/matching/fold';
import { normalizeSurface } from '../../../lib/matching/normalize';
import { anyText, hostileText, SURFACE_FORMS } from './arbitraries';

const RUNS = { numRuns: 400 };
const text = fc.oneof(hostileText, anyText, fc.string({ unit: 'grapheme', maxLength: 30 }));

describe('normalizeSurface', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(text, (s) => {
        const once = normalizeSurface(s);
        expect(normalizeSurface(once)).toBe(once);
      }),
      // Found by this test: (1) an upper-case letter plus a combining mark that has a precomposed
      // lower-case form only ("T\u0308" -> "\u1e97") is composed on the second pass; (2) "St.-John's"
      // becomes "st. johns" on the first pass and "saint johns" on the second.
      { ...RUNS, examples: [['YOHIMBE EXTRACT\u0308'], ['St.-John\u2019s-wort']] },
    );
  });

  it('has no upper case, no apostrophe, no dash, no double or edge space', () => {
    fc.assert(
      fc.property(text, (s) => {
        const n = normalizeSurface(s);
        expect(n).toBe(n.toLowerCase());
        expect(n).not.toMatch(/['\u2019\u2013\u2014-]|\s\s|^\s|\s$/);
      }),
      RUNS,
    );
  });

  it('maps every knowledge-base form and its spelling variants to one key', () => {
    for (const f of SURFACE_FORMS) {
      const key = normalizeSurface(f);
      expect(normalizeSurface(f.toUpperCase().toLowerCase())).toBe(key);
      expect(normalizeSurface(f.replace(/-/g, '\u2013'))).toBe(key);
      expect(normalizeSurface(f.replace(/'/g, '\u2019'))).toBe(key);
      expect(normalizeSurface(`  ${f.replace(/ /g, '   ')}\n`)).toBe(key);
    }
  });
});

describe('foldString (what the matcher sees, code point by code point)', () => {
  it('is the concatenation of the per-code-point folds: an exact offset map back to the original', () => {
    fc.assert(
      fc.property(text, (s) => {
        const folded = foldString(s);
        // Rebuild the folded string while recording, for every folded unit, the original offset.
        const origin: number[] = [];
        let rebuilt = '';
        let i = 0;
        for (const ch of s) {
          const f = foldCodePoint(ch.codePointAt(0)!);
          for (let k = 0; k < f.length; k++) origin.push(i);
          rebuilt += f;
          i += ch.length;
        }
        expect(rebuilt).toBe(folded);
        expect(origin.length).toBe(folded.length);
        // Offsets are monotonic and land on code point starts of the original.
        for (let k = 1; k < origin.length; k++) expect(origin[k]!).toBeGreaterThanOrEqual(origin[k - 1]!);
        for (const o of origin) {
          const unit = s.charCodeAt(o);
          expect(unit >= 0xdc00 && unit <= 0xdfff && o > 0 && /[\ud800-\udbff]/.test(s[o - 1]!)).toBe(false);
        }
      }),
      RUNS,
    );
  });

  // The matcher folds page text once, so idempotence only matters for text already in NFKC form.
  // Compatibility characters are not idempotent by design: "\u2033" (double prime) folds to two
  // single primes, which fold to two apostrophes on a second pass.
  it('is idempotent on NFKC-normal text', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, fc.string({ unit: 'grapheme', maxLength: 30 })), (raw) => {
        const s = raw.normalize('NFKC');
        const once = foldString(s);
        expect(foldString(once)).toBe(once);
      }),
      RUNS,
    );
  });

  it('never grows a code point by more than a few units and never throws on lone surrogates', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        for (const ch of s) expect(foldCodePoint(ch.codePointAt(0)!).length).toBeLessThanOrEqual(18);
      }),
      RUNS,
    );
  });
});

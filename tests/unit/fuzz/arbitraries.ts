// Text generators for the property tests: prose-like strings made of knowledge-base surface forms
// glued with the characters that make matching and normalisation hard (case, accents, ligatures,
// full-width letters, apostrophes, dashes, soft hyphens and zero-width characters, combining marks,
// surrogate pairs, right-to-left scripts, punctuation and line breaks).
import fc from 'fast-check';
import { loadKb } from '../../../platform/node/cli/kb';

const kb = loadKb();

/** Every surface form of the knowledge base (names, synonyms, abbreviations, ambiguous forms). */
export const SURFACE_FORMS: readonly string[] = [
  ...new Set(
    kb.bundle.concepts.flatMap((c) => [c.name, ...c.synonyms, ...c.abbreviations, ...c.ambiguousForms]),
  ),
].filter((s) => s.length > 0);

export const lexicon = kb.lexicon;
export const concepts = kb.bundle.concepts;

const ODD = [
  ' ',
  '  ',
  '\n',
  '\t',
  '\u00a0',
  '\u2009',
  '-',
  '\u2013',
  '\u2014',
  '/',
  "'",
  '\u2019',
  '`',
  '\u00ad',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u0301',
  '\u0308',
  '.',
  ',',
  ';',
  ':',
  '(',
  ')',
  '[',
  '"',
  '\u201c',
  '!',
  '?',
  '%',
  '_',
  '0',
  '7',
  '\u00b2',
  'mg',
  'µg',
  '\ufb01',
  '\uff3a',
  '\u0130',
  '\u00df',
  '\u212a',
  '\ud83d\ude00',
  '\ud835\udc33',
  '\u05e9\u05dc\u05d5\u05dd',
  '\u0632\u0646\u0643',
  '\u4e9c\u925b',
  'e\u0301',
  'St.',
  "'s",
];

/** One KB form, maybe with its case or accents changed. */
const form = fc.tuple(fc.constantFrom(...SURFACE_FORMS), fc.integer({ min: 0, max: 4 })).map(([f, how]) => {
  if (how === 1) return f.toUpperCase();
  if (how === 2) return f.toLowerCase();
  if (how === 3) return f.replace(/ /g, '-');
  if (how === 4) return f.normalize('NFD');
  return f;
});

const word = fc.stringMatching(/^[A-Za-z]{1,9}$/);

const separator = fc.oneof(
  { weight: 6, arbitrary: fc.constant(' ') },
  { weight: 3, arbitrary: fc.constantFrom(...ODD) },
  { weight: 1, arbitrary: fc.constant('') },
);

/** A string of forms, words, odd characters and random code points, mostly space-separated. */
export const hostileText = fc
  .array(
    fc.tuple(
      fc.oneof(
        { weight: 4, arbitrary: form },
        { weight: 3, arbitrary: word },
        { weight: 2, arbitrary: fc.constantFrom(...ODD) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
      ),
      separator,
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.map(([p, sep]) => p + sep).join(''));

/** Arbitrary Unicode including lone surrogates. */
export const anyText = fc.string({ unit: 'binary', maxLength: 60 });

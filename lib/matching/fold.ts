// Character-level normalisation shared by the lexicon compiler and the matcher.
//
// The matcher walks the ORIGINAL text one code point at a time and folds each code point on the fly
// (case, NFKC/NFKD compatibility forms, diacritics, ligatures, full-width letters, curly
// apostrophes). Because it never builds a normalised copy of the text, every offset it reports is
// an offset into the original string, whatever the folding did to the length: no offset map is
// needed, and text.slice(start, end) is always exactly the matched surface.

/** Character classes (plain numbers: the matcher's inner loop compares them). */
/** Not part of a word: punctuation, symbols. */
export const OTHER = 0;
/**
 * Letter, digit, combining mark or connector (Unicode \p{L}, \p{N}, \p{M}, \p{Pc}: the underscore
 * joins words as in UAX #29, so "Less_Ginger" is one user name).
 */
export const WORD = 1;
/** Invisible and word-internal: soft hyphen, zero-width space and (non-)joiner, word joiner, BOM. */
export const IGNORABLE = 2;
/** Apostrophes and single quotes: ' ’ ‘ ʼ ′ ` ´. */
export const APOSTROPHE = 3;
/** White space of any kind (incl. NBSP and the thin spaces used as thousands separators). */
export const SPACE = 4;
/** Hyphens, dashes and the slash: separators inside multi-word names ("omega-3", "HIV/AIDS"). */
export const JOINER = 5;
export type CharClass = 0 | 1 | 2 | 3 | 4 | 5;

const WORD_RE = /^[\p{L}\p{N}\p{M}\p{Pc}]$/u;
const SPACE_RE = /^\s$/u;
const IGNORABLES = new Set([0x00ad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);
const APOSTROPHES = new Set([0x27, 0x2018, 0x2019, 0x201b, 0x02bc, 0x2032, 0x60, 0xb4]);
const JOINERS = new Set([0x2d, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xfe63, 0xff0d, 0x2f]);

const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9_]/.test(ch)) ASCII_CLASS[c] = WORD;
  else if (c === 0x27 || c === 0x60) ASCII_CLASS[c] = APOSTROPHE;
  else if (c === 0x2d || c === 0x2f) ASCII_CLASS[c] = JOINER;
  else if (c === 0x20 || (c >= 9 && c <= 13)) ASCII_CLASS[c] = SPACE;
  else ASCII_CLASS[c] = OTHER;
}

const classCache = new Map<number, CharClass>();

/** Class of a code point. ASCII is a table lookup; other code points are classified once and cached. */
export function charClass(cp: number): CharClass {
  if (cp < 128) return ASCII_CLASS[cp] as CharClass;
  const cached = classCache.get(cp);
  if (cached !== undefined) return cached;
  let k: CharClass;
  if (IGNORABLES.has(cp)) k = IGNORABLE;
  else if (APOSTROPHES.has(cp)) k = APOSTROPHE;
  else if (JOINERS.has(cp)) k = JOINER;
  else {
    const ch = String.fromCodePoint(cp);
    if (WORD_RE.test(ch)) k = WORD;
    else if (SPACE_RE.test(ch)) k = SPACE;
    else k = OTHER;
  }
  classCache.set(cp, k);
  return k;
}

/** True for letters, digits and combining marks: the characters a word is made of. */
export function isWordCodePoint(cp: number): boolean {
  return charClass(cp) === WORD;
}

const foldCache = new Map<number, string>();
const MARKS = /\p{M}/gu;

/**
 * Folded form of one code point: lower case, compatibility-decomposed (ligatures, full-width and
 * mathematical letters, superscript and subscript digits), diacritics removed. May be empty
 * (combining marks, ignorables) or longer than one character ("ﬁ" → "fi").
 */
export function foldCodePoint(cp: number): string {
  if (cp < 128) {
    if (cp >= 65 && cp <= 90) return String.fromCharCode(cp + 32);
    return String.fromCharCode(cp);
  }
  const cached = foldCache.get(cp);
  if (cached !== undefined) return cached;
  let out: string;
  const k = charClass(cp);
  if (k === IGNORABLE) out = '';
  else if (k === APOSTROPHE) out = "'";
  else if (k === JOINER) out = '-';
  else if (k === SPACE) out = ' ';
  else {
    out = String.fromCodePoint(cp).normalize('NFKD').toLowerCase().normalize('NFKD').replace(MARKS, '');
  }
  foldCache.set(cp, out);
  return out;
}

/** Folds a whole string code point by code point (what the matcher sees). */
export function foldString(s: string): string {
  let out = '';
  for (const ch of s) out += foldCodePoint(ch.codePointAt(0)!);
  return out;
}

/** True when the code point is an upper-case letter (after compatibility folding: "Ｚ" counts). */
export function isUpperCodePoint(cp: number): boolean {
  if (cp < 128) return cp >= 65 && cp <= 90;
  const ch = String.fromCodePoint(cp).normalize('NFKC');
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/** The letters and digits of a string after NFKC, case kept: used for case-sensitive checks. */
export function wordCharsExact(s: string): string {
  // ASCII is its own NFKC and has no marks: keep letters, digits and underscore.
  let ascii = true;
  for (let i = 0; i < s.length && ascii; i++) ascii = s.charCodeAt(i) < 128;
  if (ascii) {
    let out = '';
    for (let i = 0; i < s.length; i++) if (ASCII_CLASS[s.charCodeAt(i)] === WORD) out += s[i];
    return out;
  }
  let out = '';
  for (const ch of s.normalize('NFKC')) {
    const cp = ch.codePointAt(0)!;
    const k = charClass(cp);
    if (k === WORD && !/\p{M}/u.test(ch)) out += ch;
  }
  return out;
}

// Canonical form of a surface string, shared by the lexicon compiler, the matcher and kb:check,
// so "St. John’s-Wort", "saint johns wort" and "St Johns wort" compare equal.

const APOSTROPHES = /[\u2018\u2019\u201B\u2032\u02BC\u0060\u00B4]/g;
const QUOTES = /[\u201C\u201D\u201E\u201F\u2033]/g;
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00AD]/g;

export function normalizeSurface(input: string): string {
  return (
    input
      .normalize('NFKC')
      .replace(APOSTROPHES, "'")
      .replace(QUOTES, '"')
      .replace(DASHES, '-')
      .toLowerCase()
      // Lower-casing can leave a letter + combining mark that only has a precomposed lower-case
      // form ("T\u0308" → "t\u0308" → "ẗ"): compose again so the result is idempotent.
      .normalize('NFKC')
      .replace(/'s\b/g, 's')
      .replace(/'/g, '')
      .replace(/[-\s]+/g, ' ')
      .replace(/\bst\.? (?=[a-z])/g, 'saint ')
      .trim()
      // Removing an apostrophe can bring a letter and a combining mark together: compose them.
      .normalize('NFKC')
  );
}

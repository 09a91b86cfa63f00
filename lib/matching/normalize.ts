// Canonical form of a surface string, shared by the lexicon compiler, the matcher and kb:check,
// so "St. John’s-Wort", "saint johns wort" and "St Johns wort" compare equal.

const APOSTROPHES = /[\u2018\u2019\u201B\u2032\u02BC\u0060\u00B4]/g;
const QUOTES = /[\u201C\u201D\u201E\u201F\u2033]/g;
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00AD]/g;

export function normalizeSurface(input: string): string {
  return input
    .normalize('NFKC')
    .replace(APOSTROPHES, "'")
    .replace(QUOTES, '"')
    .replace(DASHES, '-')
    .toLowerCase()
    .replace(/'s\b/g, 's')
    .replace(/'/g, '')
    .replace(/\bst\.?\s+(?=[a-z])/g, 'saint ')
    .replace(/[-\s]+/g, ' ')
    .trim();
}

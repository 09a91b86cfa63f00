// Page-local abbreviation definitions, after Schwartz & Hearst (2003), "A simple algorithm for
// identifying abbreviation definitions in biomedical text": "long form (SF)" and "SF (long form)".
//
// A knowledge-base abbreviation (RA, MS, EPA, CKD ...) counts on a page only
//   - with the meaning the page gives it, when the page defines it, or
//   - when the page does not define it, if the page also names the concept in a long form.
// Abbreviations are matched case-sensitively (see lexicon.ts). Parenthesised citations, years and
// statistics ("(Smith et al., 2020)", "(2019)", "(n = 40)", "(p < 0.05)") are never definitions.

export interface AbbreviationDefinition {
  /** The short form exactly as written, e.g. "RA". */
  short: string;
  /** The long form exactly as written, e.g. "rheumatoid arthritis". */
  long: string;
  shortStart: number;
  shortEnd: number;
  longStart: number;
  longEnd: number;
}

const MAX_PAREN = 160;
const CITATION = /\bet\s+al\b|\b(?:1[5-9]|20)\d\d[a-z]?\b|[=<>%±]|^\s*(?:see|e\.g|i\.e|cf|fig|table|ref)\b/i;
const HAS_LETTER = /\p{L}/u;
const HAS_UPPER = /\p{Lu}/u;
const ALNUM = /[\p{L}\p{N}]/u;
const WORD_RUN = /[\p{L}\p{N}\p{M}]+(?:['’\-.][\p{L}\p{N}\p{M}]+)*/gu;
/** A sentence or clause boundary that a long form never crosses. */
const STOP_BEFORE = /[.!?;:()[\]{}\n]/;

function isAlnum(ch: string | undefined): boolean {
  return ch !== undefined && ALNUM.test(ch);
}

/** True for a plausible short form: 2-10 characters, at most 2 words, a capital letter, starts alphanumeric. */
export function looksLikeShortForm(s: string): boolean {
  if (s.length < 2 || s.length > 10) return false;
  if (s.split(/\s+/).length > 2) return false;
  if (!HAS_LETTER.test(s) || !HAS_UPPER.test(s)) return false;
  if (!isAlnum(s[0])) return false;
  // Ordinary capitalised words ("Smith", "Table") are not short forms.
  if (/^\p{Lu}\p{Ll}{2,}$/u.test(s)) return false;
  return true;
}

/**
 * The Schwartz-Hearst core: the shortest suffix of `longForm`, starting at a word, whose letters
 * contain the short form's letters and digits in order, the first one at the start of a word.
 */
export function bestLongForm(shortForm: string, longForm: string): string | undefined {
  let s = shortForm.length - 1;
  let l = longForm.length - 1;
  const lower = (c: string | undefined) => (c ?? '').toLowerCase();
  for (; s >= 0; s--) {
    const cur = lower(shortForm[s]);
    if (!isAlnum(cur)) continue;
    while ((l >= 0 && lower(longForm[l]) !== cur) || (s === 0 && l > 0 && isAlnum(longForm[l - 1]))) l--;
    if (l < 0) return undefined;
    l--;
  }
  const from = longForm.lastIndexOf(' ', l) + 1;
  return longForm.slice(from);
}

/** "PPIs" → "PPI", "NTDs" → "NTD": a plural short form and its singular are one abbreviation. */
export function singularShortForm(sf: string): string {
  return /^.*[\p{Lu}\p{N}]s$/u.test(sf) && sf.length > 2 ? sf.slice(0, -1) : sf;
}

const STOP_WORDS = new Set(['of', 'and', 'the', 'for', 'in', 'with', 'to', 'a', 'an', 'on', '&']);

/**
 * The shortest run of final words whose initials spell the short form ("proton pump inhibitors"
 * for PPI, "type 2 diabetes" for T2D), skipping small words; tried before Schwartz-Hearst, which
 * would settle for "pump inhibitors".
 */
export function initialsLongForm(short: string, candidate: string): string | undefined {
  const letters = short.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  if (letters.length < 2) return undefined;
  const words = [...candidate.matchAll(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’]*/gu)];
  for (let k = 1; k <= words.length; k++) {
    const tail = words.slice(words.length - k);
    const variants = [
      tail
        .filter((w) => !STOP_WORDS.has(w[0].toLowerCase()))
        .map((w) => w[0][0]!.toLowerCase())
        .join(''),
      tail.map((w) => w[0][0]!.toLowerCase()).join(''),
    ];
    if (variants.includes(letters)) {
      const from = tail[0]!.index!;
      if (STOP_WORDS.has(tail[0]![0].toLowerCase())) continue;
      return candidate.slice(from);
    }
    if (variants[1]!.length > letters.length + 2) break;
  }
  return undefined;
}

function wordCount(s: string): number {
  return s.match(WORD_RUN)?.length ?? 0;
}

function validPair(short: string, long: string): boolean {
  if (long.length <= short.length) return false;
  const words = long.match(WORD_RUN) ?? [];
  if (words.length < 1 || words.length > Math.min(short.length + 5, short.length * 2)) return false;
  // The short form must not simply appear inside its long form ("C-DHA (DHA)" is a label, not a definition).
  if (words.some((w) => w === short || w.split(/[-'’.]/).includes(short))) return false;
  return true;
}

/** Isotope labels ("(13)C-DHA", "[(2)H3]leucine", "13C-labelled"): a tracer name, not a long form. */
const ISOTOPE_BEFORE = /(?:\(\d{1,3}\)|\b\d{1,3})\s*$/;

const STUDY_ARM =
  /^(?:low|high|medium|moderate|standard|single|double|daily|weekly|dose|doses|dosed|group|groups|arm|arms|placebo|control|controls|intervention|treatment|treated|supplemented|unsupplemented|fortified|combined|combination|plus|only|alone|\d+(?:\.\d+)?(?:mg|g|mcg|µg|iu)?)$/i;

/**
 * True when the words before a knowledge-base name in a long form make it a study group or arm
 * ("low-dose garlic (LG)", "high-zinc group") or a gene named after a disease ("deleted in
 * colorectal cancer (DCC)"), whose short form is a label, not the concept.
 */
export function studyArmLongForm(prefix: string): boolean {
  return (
    (prefix.match(/[\p{L}\p{N}.]+/gu) ?? []).some((w) => STUDY_ARM.test(w)) || GENE_NAMED_AFTER.test(prefix)
  );
}

/** Genes named after a disease ("deleted in colorectal cancer (DCC)"): the short form is the gene. */
const GENE_NAMED_AFTER =
  /\b(?:deleted|mutated|overexpressed|amplified|lost|rearranged)\s+in\s+(?:[\p{L}\p{N}-]+\s+){0,3}$/iu;

const LOOSE_GENERIC = new Set(
  'disease diseases disorder disorders syndrome deficiency infection supplement supplements vitamin vitamins chronic acute factor protein'.split(
    ' ',
  ),
);

function looseWords(s: string): string[] {
  return (
    s
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/**
 * True when a page's long form names the same thing as one of a concept's forms, spelled
 * differently: equal once hyphens and spaces are dropped ("fructo-oligosaccharides" and
 * "fructooligosaccharides"), or sharing a distinctive word stem of six letters or more
 * ("5-methyltetrahydrofolic acid" and "5-methyltetrahydrofolate", "insulin-dependent diabetes
 * mellitus" and "insulin-dependent diabetes").
 */
export function longFormResembles(long: string, forms: readonly string[]): boolean {
  const lw = looseWords(long);
  const joined = lw.join('');
  const stems = lw.filter((w) => w.length >= 6 && !LOOSE_GENERIC.has(w));
  for (const f of forms) {
    const fw = looseWords(f);
    if (fw.join('') === joined) return true;
    for (const a of stems)
      for (const b of fw) {
        if (b.length < 6 || LOOSE_GENERIC.has(b)) continue;
        let k = 0;
        while (k < a.length && k < b.length && a[k] === b[k]) k++;
        if (k >= 6 && (k >= Math.min(a.length, b.length) - 3 || k >= 10)) return true;
      }
  }
  return false;
}

/** End of the parenthesis opened at `open` (balanced), or -1. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  const stop = Math.min(text.length, open + MAX_PAREN);
  for (let i = open; i < stop; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i;
    } else if (c === '\n') return -1;
  }
  return -1;
}

/** All definitions in one block of text; offsets are `base` + offsets into `text`. */
export function findDefinitions(text: string, base = 0): AbbreviationDefinition[] {
  const out: AbbreviationDefinition[] = [];
  for (let open = text.indexOf('('); open >= 0; open = text.indexOf('(', open + 1)) {
    const close = closingParen(text, open);
    if (close < 0) continue;
    const inner = text.slice(open + 1, close);
    if (CITATION.test(inner)) continue;
    // "(RA; n = 12)", "(RA, a chronic disease)": the first part.
    const cut = inner.search(/[;,]\s/);
    const first = (cut >= 0 ? inner.slice(0, cut) : inner).trim();
    const firstStart = open + 1 + inner.indexOf(first);
    if (looksLikeShortForm(first)) {
      // long form (SF)
      const def = longBefore(text, open, first);
      if (def && ISOTOPE_BEFORE.test(text.slice(Math.max(0, def.start - 6), def.start))) continue;
      if (def) {
        out.push({
          short: first,
          long: def.long,
          shortStart: base + firstStart,
          shortEnd: base + firstStart + first.length,
          longStart: base + def.start,
          longEnd: base + def.end,
        });
        continue;
      }
    }
    // SF (long form)
    if (wordCount(first) >= 2) {
      const before = /([\p{L}\p{N}][\p{L}\p{N}-]*)\s*$/u.exec(text.slice(Math.max(0, open - 12), open));
      if (!before) continue;
      const sf = before[1]!;
      const sfEnd = open - (before[0].length - before[1]!.length);
      const sfStart = sfEnd - sf.length;
      if (sfStart > 0 && isAlnum(text[sfStart - 1])) continue;
      if (!looksLikeShortForm(sf)) continue;
      const core = singularShortForm(sf);
      const lf = bestLongForm(core, first);
      if (!lf || !validPair(core, first)) continue;
      // The whole parenthesis is the long form: its first word must carry the short form's first letter.
      if (
        lf.length < first.length &&
        first
          .slice(0, first.length - lf.length)
          .trim()
          .split(/\s+/).length > 1
      )
        continue;
      out.push({
        short: sf,
        long: first,
        shortStart: base + sfStart,
        shortEnd: base + sfEnd,
        longStart: base + firstStart,
        longEnd: base + firstStart + first.length,
      });
    }
  }
  return out;
}

function longBefore(
  text: string,
  open: number,
  short: string,
): { long: string; start: number; end: number } | undefined {
  // Candidate: up to min(|SF| + 5, 2|SF|) words before the parenthesis, within the clause.
  const maxWords = Math.min(short.length + 5, short.length * 2);
  let end = open;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  let start = end;
  let words = 0;
  let i = end;
  while (i > 0 && end - i < 200) {
    const c = text[i - 1]!;
    if (STOP_BEFORE.test(c) && !(c === '.' && isAlnum(text[i]) && isAlnum(text[i - 2]))) break;
    if (c === ',' && words > 0) break;
    i--;
    if (isAlnum(c) && (i === 0 || (!isAlnum(text[i - 1]) && !/['’-]/.test(text[i - 1]!)))) {
      words++;
      start = i;
      if (words >= maxWords) break;
    }
  }
  if (words === 0) return undefined;
  const candidate = text.slice(start, end);
  const core = singularShortForm(short);
  const acronym = initialsLongForm(core, candidate);
  if (acronym) return { long: acronym, start: end - acronym.length, end };
  const lf = bestLongForm(core, candidate);
  if (!lf || !validPair(core, lf)) return undefined;
  return { long: lf, start: end - lf.length, end };
}

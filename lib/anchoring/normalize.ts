// The text that quotes are compared on: every run of white space is one space, and every character
// with its combining marks is in Unicode NFC. A page re-indented, re-wrapped or re-served in NFD
// (é as e + U+0301) says the same thing, and a quote made before must still match it exactly. An
// offset map leads back from each compared character to the page text it came from, so the result
// is still a span of the page's own text.

export interface NormalizedText {
  text: string;
  /** starts[i] = offset in the original of the character (or white-space run) behind text[i]. */
  starts: Int32Array;
  /** ends[i] = end offset (exclusive) in the original of what text[i] came from. */
  ends: Int32Array;
}

function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const MARK = /\p{M}/u;
/** Combining marks all lie at or above U+0300: below it no lookup is needed. */
const isMark = (c: number, ch: string) => c >= 0x300 && MARK.test(ch);

export function normalizeText(s: string): NormalizedText {
  const out: string[] = [];
  const starts = new Int32Array(s.length);
  const ends = new Int32Array(s.length);
  let n = 0;
  let i = 0;
  while (i < s.length) {
    // A stretch that needs nothing (most of any page): copied as it is, offsets one to one.
    const from = i;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      const next = s.charCodeAt(i + 1);
      // Stops before anything but a lone space, and before a base character a mark may follow.
      if (c >= 0x300 || next >= 0x300 || (isSpace(c) && (c !== 32 || isSpace(next)))) break;
    }
    if (i > from) {
      out.push(s.slice(from, i));
      for (let k = from; k < i; k++, n++) {
        starts[n] = k;
        ends[n] = k + 1;
      }
      if (i >= s.length) break;
    }
    const c = s.charCodeAt(i);
    if (isSpace(c)) {
      let j = i + 1;
      while (j < s.length && isSpace(s.charCodeAt(j))) j++;
      out.push(' ');
      starts[n] = i;
      ends[n] = j;
      n++;
      i = j;
      continue;
    }
    // One base character (a surrogate pair counts as one) and the combining marks after it.
    let j = i + (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1);
    while (j < s.length && isMark(s.charCodeAt(j), s.charAt(j))) j++;
    const seg = s.slice(i, j);
    const nfc = seg.normalize('NFC');
    // NFC may in rare cases lengthen a segment; the arrays are sized for the original, so keep it.
    const piece = nfc.length <= seg.length ? nfc : seg;
    out.push(piece);
    for (let k = 0; k < piece.length; k++, n++) {
      starts[n] = i;
      ends[n] = j;
    }
    i = j;
  }
  return { text: out.join(''), starts: starts.subarray(0, n), ends: ends.subarray(0, n) };
}

let last: { text: string; normalized: NormalizedText } | undefined;

/**
 * normalizeText for a page that is anchored against many times in a row (every saved review of
 * the page): the last page's result is kept.
 */
export function normalizePage(text: string): NormalizedText {
  if (last?.text !== text) last = { text, normalized: normalizeText(text) };
  return last.normalized;
}

/** The normalised form of a short string (a quote or its context). */
export function normalized(s: string): string {
  return normalizeText(s).text;
}

/** Index in the normalised text of the first character that comes from at or after `offset`. */
export function toNormalizedOffset(t: NormalizedText, offset: number): number {
  let lo = 0;
  let hi = t.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.starts[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The original span behind the normalised span [start, end) (end > start). */
export function toOriginalSpan(
  t: NormalizedText,
  start: number,
  end: number,
): { start: number; end: number } {
  return { start: t.starts[start]!, end: t.ends[end - 1]! };
}

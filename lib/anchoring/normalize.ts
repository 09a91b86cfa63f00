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
  const emit = (piece: string, start: number, end: number) => {
    for (let k = 0; k < piece.length; k++) {
      // NFC never makes a segment longer than its original here; the arrays are sized for that.
      starts[n] = start;
      ends[n] = end;
      n++;
    }
    out.push(piece);
  };
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) {
      let j = i + 1;
      while (j < s.length && isSpace(s.charCodeAt(j))) j++;
      emit(' ', i, j);
      i = j;
      continue;
    }
    // One base character (a surrogate pair counts as one) and the combining marks after it.
    let j = i + (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1);
    while (j < s.length && isMark(s.charCodeAt(j), s.charAt(j))) j++;
    if (j === i + 1 && c < 0x300) {
      starts[n] = i;
      ends[n] = j;
      n++;
      out.push(s.charAt(i));
    } else {
      const seg = s.slice(i, j);
      const nfc = seg.normalize('NFC');
      emit(nfc.length <= seg.length ? nfc : seg, i, j);
    }
    i = j;
  }
  return { text: out.join(''), starts: starts.subarray(0, n), ends: ends.subarray(0, n) };
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

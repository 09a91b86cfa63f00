// Bounded approximate string matching: every place where `pattern` occurs in `text` with at most
// `maxErrors` edits (insertions, deletions, substitutions).
//
// Ends are found with Sellers' dynamic programme and Ukkonen's cut-off (only the rows that can
// still stay within the bound are computed, so the expected cost is O(maxErrors · |text|)); the
// start of each match is then recovered by aligning the reversed pattern backwards from its end,
// as the approx-string-match library used by the Hypothesis client does.

export interface ApproxMatch {
  start: number;
  /** Exclusive. */
  end: number;
  errors: number;
}

/** Every end offset (exclusive) where the pattern matches within the bound, with its errors. */
function findEnds(
  text: string,
  pattern: string,
  maxErrors: number,
  cap: number,
): { end: number; errors: number }[] {
  const m = pattern.length;
  const k = maxErrors;
  const col = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) col[i] = i;
  const p = new Int32Array(m);
  for (let i = 0; i < m; i++) p[i] = pattern.charCodeAt(i);
  let lact = Math.min(k + 1, m);
  const ends: { end: number; errors: number }[] = [];
  for (let j = 0; j < text.length; j++) {
    const t = text.charCodeAt(j);
    let diag = 0; // column j-1, row i-1
    let up = 0; // column j, row i-1
    for (let i = 1; i <= lact; i++) {
      const left = col[i]!;
      const v = p[i - 1] === t ? diag : 1 + Math.min(diag, up, left);
      diag = left;
      col[i] = v;
      up = v;
    }
    while (lact > 0 && col[lact]! > k) lact--;
    if (lact === m) {
      ends.push({ end: j + 1, errors: col[m]! });
      if (ends.length >= cap) break;
    } else lact++;
  }
  return ends;
}

/**
 * Where the match ending at `end` starts: the start minimising the edit distance between the
 * pattern and text[start, end). Aligns the reversed pattern against the reversed text before `end`.
 */
function findStart(
  text: string,
  pattern: string,
  end: number,
  maxErrors: number,
): { start: number; errors: number } {
  const m = pattern.length;
  const windowStart = Math.max(0, end - m - maxErrors);
  const w = end - windowStart;
  // prev[l] = distance between the last i pattern chars and the last l text chars before `end`.
  let prev = new Int32Array(w + 1);
  let cur = new Int32Array(w + 1);
  for (let l = 0; l <= w; l++) prev[l] = l;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    const pc = pattern.charCodeAt(m - i);
    for (let l = 1; l <= w; l++) {
      const cost = pc === text.charCodeAt(end - l) ? 0 : 1;
      cur[l] = Math.min(prev[l]! + 1, cur[l - 1]! + 1, prev[l - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  let best = 0;
  for (let l = 1; l <= w; l++)
    if (prev[l]! < prev[best]! || (prev[l] === prev[best] && Math.abs(l - m) < Math.abs(best - m))) best = l;
  return { start: end - best, errors: prev[best]! };
}

/**
 * All approximate occurrences of `pattern` in `text` with at most `maxErrors` edits (and never
 * more than half the pattern's length), fewest errors first, at most `limit` of them.
 */
export function approxSearch(text: string, pattern: string, maxErrors: number, limit = 20): ApproxMatch[] {
  if (!pattern.length || !text.length) return [];
  // More edits than half the pattern match anything about as well as the pattern: never searched.
  const k = Math.max(0, Math.min(maxErrors, Math.floor(pattern.length / 2)));
  const ends = findEnds(text, pattern, k, 100_000).sort((a, b) => a.errors - b.errors || a.end - b.end);
  const out: ApproxMatch[] = [];
  for (const e of ends) {
    if (out.length >= limit) break;
    // Ends near an accepted match belong to the same occurrence.
    if (out.some((o) => e.end > o.start && e.end <= o.end + k)) continue;
    const { start, errors } = findStart(text, pattern, e.end, k);
    if (out.some((o) => start < o.end && e.end > o.start)) continue;
    out.push({ start, end: e.end, errors: Math.max(errors, e.errors) });
  }
  return out;
}

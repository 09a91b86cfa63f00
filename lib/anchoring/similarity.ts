// Small edit-distance helpers used to compare a stored quote's context with the page.

/** Levenshtein distance; O(|a|·|b|) time, O(|b|) memory. Meant for short strings (context). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** 1 for equal strings, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  const n = Math.max(a.length, b.length);
  return n === 0 ? 1 : 1 - editDistance(a, b) / n;
}

/**
 * How well the text around [start, end) agrees with the stored prefix and suffix, in [0, 1].
 * Each side weighs by its stored length; a side stored empty (quote at the start or end of the
 * text) carries no evidence. With no context at all the answer is 1.
 */
export function contextScore(
  text: string,
  start: number,
  end: number,
  prefix: string,
  suffix: string,
): number {
  let weight = 0;
  let sum = 0;
  if (prefix.length) {
    sum += prefix.length * similarity(prefix, text.slice(Math.max(0, start - prefix.length), start));
    weight += prefix.length;
  }
  if (suffix.length) {
    sum += suffix.length * similarity(suffix, text.slice(end, end + suffix.length));
    weight += suffix.length;
  }
  return weight === 0 ? 1 : sum / weight;
}

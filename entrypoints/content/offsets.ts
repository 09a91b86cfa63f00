// Pure bookkeeping between the scanner's offsets (into the concatenated page text) and the text
// nodes the content script collected. No DOM access: unit-tested directly.

/** One run of text that the scanner sees as a unit (a paragraph, a list item, a cell ...). */
export interface BlockLayout {
  /** Offset of the block's first character in the concatenated text. */
  offset: number;
  /** Start of each text node within the block text; starts[0] === 0. */
  starts: number[];
  /** Length of the block text. */
  length: number;
}

/** Where a slice of a mention lies: text node `node` of block `block`, characters [start, end). */
export interface Segment {
  block: number;
  node: number;
  start: number;
  end: number;
}

/** Index of the block holding `offset` (blocks sorted by offset), or -1. */
export function findBlock(blocks: readonly BlockLayout[], offset: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = blocks[mid]!;
    if (offset < b.offset) hi = mid - 1;
    else if (offset >= b.offset + b.length) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * Splits the mention [start, end) of the concatenated text into per-text-node segments. Returns []
 * when the range leaves its block (the scanner should never return that; we do not guess).
 */
export function locateSegments(blocks: readonly BlockLayout[], start: number, end: number): Segment[] {
  if (!(end > start)) return [];
  const bi = findBlock(blocks, start);
  if (bi < 0) return [];
  const b = blocks[bi]!;
  const s = start - b.offset;
  const e = end - b.offset;
  if (e > b.length) return [];
  const out: Segment[] = [];
  for (let i = 0; i < b.starts.length; i++) {
    const ns = b.starts[i]!;
    const ne = i + 1 < b.starts.length ? b.starts[i + 1]! : b.length;
    const lo = Math.max(s, ns);
    const hi = Math.min(e, ne);
    if (hi > lo) out.push({ block: bi, node: i, start: lo - ns, end: hi - ns });
  }
  return out;
}

/**
 * Cuts a very long run of text into pieces of at most about `max` characters, preferring sentence
 * ends, then line breaks, then spaces, so one scanner call stays short and no word is cut.
 * Returns the cut positions (exclusive ends), the last being text.length.
 */
export function cutPoints(text: string, max: number): number[] {
  const cuts: number[] = [];
  let from = 0;
  const isSpace = (c: string | undefined) =>
    c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\u00a0';
  const lastBreak = (end: number, test: (i: number) => boolean): number => {
    for (let i = end - 1; i > from + max / 4; i--) if (test(i)) return i + 1;
    return -1;
  };
  while (text.length - from > max) {
    const end = from + max;
    let at = lastBreak(end, (i) => isSpace(text[i]) && '.!?'.includes(text[i - 1] ?? 'x'));
    if (at < 0) at = lastBreak(end, (i) => text[i] === '\n');
    if (at < 0) at = lastBreak(end, (i) => isSpace(text[i]));
    if (at < 0) at = end;
    cuts.push(at);
    from = at;
  }
  cuts.push(text.length);
  return cuts;
}

// Describe a stretch of page text with W3C selectors, and find it again in a (possibly changed)
// page text. Strategy, after the Hypothesis client: exact position, then the quote with its
// context, then bounded approximate matching. Nothing found = orphan (null), never a guess.
import { approxSearch } from './approx';
import { contextScore } from './similarity';
import {
  type AnchorResult,
  CONTEXT_LENGTH,
  type TextPositionSelector,
  type TextQuoteSelector,
} from './types';

export interface TextSelectors {
  quote: TextQuoteSelector;
  position: TextPositionSelector;
}

/** Builds the selectors of text[start, end). Throws RangeError on an empty or out-of-range span. */
export function describe(
  text: string,
  start: number,
  end: number,
  contextLength = CONTEXT_LENGTH,
): TextSelectors {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start >= end)
    throw new RangeError(`invalid text range [${start}, ${end}) for a text of ${text.length} characters`);
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - contextLength), start),
      suffix: text.slice(end, end + contextLength),
    },
    position: { type: 'TextPositionSelector', start, end },
  };
}

export interface AnchorOptions {
  /**
   * Minimum agreement of prefix/suffix with the page (0..1) for a quote found away from its
   * stored position. Unrelated English text scores about 0.2-0.35; one changed word about 0.8.
   */
  minContext?: number;
  /** Quotes at least this long identify themselves: accepted even where the context changed. */
  selfIdentifyingLength?: number;
  /** Largest share of the quote that approximate matching may edit. */
  maxErrorRate?: number;
}

const DEFAULTS: Required<AnchorOptions> = { minContext: 0.5, selfIdentifyingLength: 48, maxErrorRate: 0.25 };
/** Occurrences of a quote looked at in the quote step (a very common word stops here). */
const MAX_OCCURRENCES = 5000;

interface Candidate {
  start: number;
  end: number;
  score: number;
}

function proximity(start: number, hint: number | undefined): number {
  return hint === undefined ? 0 : 1 / (1 + Math.abs(start - hint) / 1000);
}

function validHint(position: TextPositionSelector | undefined): number | undefined {
  return position && Number.isInteger(position.start) && position.start >= 0 && position.end > position.start
    ? position.start
    : undefined;
}

/** Finds the quote again in `text`, or returns null (an orphan). */
export function anchor(
  text: string,
  selectors: { quote: TextQuoteSelector; position?: TextPositionSelector },
  options: AnchorOptions = {},
): AnchorResult | null {
  const opts = { ...DEFAULTS, ...options };
  const { exact, prefix, suffix } = selectors.quote;
  if (!exact) return null;
  const hint = validHint(selectors.position);

  // 1. Exact position: the page text is unchanged up to the quote.
  const pos = selectors.position;
  if (hint !== undefined && pos && pos.end <= text.length && text.slice(pos.start, pos.end) === exact)
    return { start: pos.start, end: pos.end, method: 'position' };

  const selfIdentifying = exact.length >= opts.selfIdentifyingLength;

  // 2. The exact quote elsewhere, where its context still agrees (or the quote is long enough to
  //    stand on its own). The best context wins; nearness to the old position breaks ties.
  let best: Candidate | undefined;
  let count = 0;
  for (
    let i = text.indexOf(exact);
    i !== -1 && count < MAX_OCCURRENCES;
    i = text.indexOf(exact, i + 1), count++
  ) {
    const ctx = contextScore(text, i, i + exact.length, prefix, suffix);
    if (ctx < opts.minContext && !selfIdentifying) continue;
    const score = ctx + 0.01 * proximity(i, hint);
    if (!best || score > best.score) best = { start: i, end: i + exact.length, score };
  }
  if (best) return { start: best.start, end: best.end, method: 'quote' };

  // 3. Approximate: the quote itself changed a little. Needs supporting context, unless the quote
  //    is long and changed very little.
  if (exact.length < 4) return null;
  const maxErrors = Math.min(64, Math.floor(exact.length * opts.maxErrorRate));
  if (maxErrors < 1) return null;
  for (const m of approxSearch(text, exact, maxErrors, 20)) {
    const ctx = contextScore(text, m.start, m.end, prefix, suffix);
    const quoteSim = 1 - m.errors / exact.length;
    const accepted = ctx >= opts.minContext || (selfIdentifying && m.errors <= exact.length / 8);
    if (!accepted) continue;
    const score = quoteSim + ctx + 0.01 * proximity(m.start, hint);
    if (!best || score > best.score) best = { start: m.start, end: m.end, score };
  }
  return best ? { start: best.start, end: best.end, method: 'fuzzy' } : null;
}

/** Anchors many selectors against one text; orphans are kept (null), in input order. */
export function anchorAll<T extends { quote: TextQuoteSelector; position?: TextPositionSelector }>(
  text: string,
  items: readonly T[],
  options?: AnchorOptions,
): { item: T; result: AnchorResult | null }[] {
  return items.map((item) => ({ item, result: anchor(text, item, options) }));
}

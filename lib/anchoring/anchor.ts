// Describe a stretch of page text with W3C selectors, and find it again in a (possibly changed)
// page text. After the Hypothesis client, with stricter acceptance: every exact and approximate
// occurrence of the quote is a candidate, compared on normalised text (./normalize.ts); a candidate
// counts only where its context agrees, the stored position included, and the best by quote and
// context together wins. Nothing acceptable = orphan (null), never a guess. Every limit is below
// (AnchorOptions defaults, MAX_EDITS, POSITION_MARGIN) and in the README for reviewers.
import { approxSearch } from './approx';
import { normalized, normalizePage, toNormalizedOffset, toOriginalSpan } from './normalize';
import { contextScore, editDistance } from './similarity';
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
   * Minimum agreement of prefix/suffix with the page (0..1) for a candidate to be accepted (the
   * context threshold). Unrelated English text scores about 0.2-0.35; one changed word about 0.8.
   * Context is compared in windows of the stored length aligned on the candidate.
   */
  minContext?: number;
  /** Quotes at least this long identify themselves: accepted even where the context changed. */
  selfIdentifyingLength?: number;
  /** The error budget: largest share of the quote approximate matching may edit. */
  maxErrorRate?: number;
  /**
   * A larger error budget for a candidate whose context agrees at least `strongContext`: the
   * surroundings vouch for a quote that was rewritten more heavily.
   */
  maxErrorRateWithContext?: number;
  strongContext?: number;
}

const DEFAULTS: Required<AnchorOptions> = {
  minContext: 0.5,
  selfIdentifyingLength: 48,
  maxErrorRate: 0.25,
  maxErrorRateWithContext: 0.5,
  strongContext: 0.8,
};

/**
 * The edit cap: approximate matching never allows more edits than this, whatever the quote's
 * length. The search costs about (edits × page length), so the cap bounds the time one orphan can
 * take on a long page (128 × 200,000 characters is a few tens of milliseconds).
 */
export const MAX_EDITS = 128;
/** Occurrences of a quote looked at (a very common word stops here). */
const MAX_OCCURRENCES = 5000;
/** Approximate matches looked at, fewest edits first. */
const MAX_FUZZY_CANDIDATES = 50;
/**
 * The stored position wins unless another candidate scores more than this much higher (quote
 * similarity plus context agreement, each 0..1): a page that changed right around the quote keeps
 * the review where it was, while a row inserted above moves it with its text (the context there
 * agrees clearly better).
 */
const POSITION_MARGIN = 0.1;

interface Candidate {
  start: number;
  end: number;
  score: number;
  atPosition: boolean;
  errors: number;
}

function proximity(start: number, hint: number | undefined): number {
  return hint === undefined ? 0 : 1 / (1 + Math.abs(start - hint) / 1000);
}

function validHint(position: TextPositionSelector | undefined): number | undefined {
  return position && Number.isInteger(position.start) && position.start >= 0 && position.end > position.start
    ? position.start
    : undefined;
}

/**
 * Finds the quote again in `text`, or returns null (an orphan). Candidates are the exact and the
 * approximate occurrences of the quote, compared on normalised text (white space collapsed,
 * Unicode NFC); each is accepted only when its context agrees (see AnchorOptions), and the best by
 * quote similarity and context together wins, the stored position keeping a small lead.
 */
export function anchor(
  text: string,
  selectors: { quote: TextQuoteSelector; position?: TextPositionSelector },
  options: AnchorOptions = {},
): AnchorResult | null {
  const opts = { ...DEFAULTS, ...options };
  const { exact, prefix, suffix } = selectors.quote;
  if (!exact) return null;
  const pos = selectors.position;
  const hint = validHint(pos);

  // The page is unchanged around the quote: its stored position, at once.
  if (
    hint !== undefined &&
    pos &&
    pos.end <= text.length &&
    text.slice(pos.start, pos.end) === exact &&
    contextScore(text, pos.start, pos.end, prefix, suffix) === 1
  )
    return { start: pos.start, end: pos.end, method: 'position' };

  const page = normalizePage(text);
  const norm = page.text;
  const q = normalized(exact);
  const pre = normalized(prefix);
  const suf = normalized(suffix);
  if (!q.trim()) return null;
  const hintAt = hint === undefined ? undefined : toNormalizedOffset(page, hint);
  const hasContext = pre.length > 0 || suf.length > 0;
  const selfIdentifying = q.length >= opts.selfIdentifyingLength;

  let best: Candidate | undefined;
  const consider = (c: Candidate) => {
    const lead = (x: Candidate) => x.score + (x.atPosition ? POSITION_MARGIN : 0);
    if (!best || lead(c) > lead(best)) best = c;
  };

  // Exact occurrences.
  let bestExactCtx = -1;
  const stretched: { start: number; end: number; errors: number }[] = [];
  let count = 0;
  for (let i = norm.indexOf(q); i !== -1 && count < MAX_OCCURRENCES; i = norm.indexOf(q, i + 1), count++) {
    // Inside a longer word where the context says the quote was whole words: an edited match.
    const m = wholeWords(norm, q, pre, suf, { start: i, end: i + q.length, errors: 0 });
    if (m.errors > 0) {
      stretched.push(m);
      continue;
    }
    const ctx = contextScore(norm, i, i + q.length, pre, suf);
    if (ctx < opts.minContext && !selfIdentifying) continue;
    bestExactCtx = Math.max(bestExactCtx, ctx);
    consider({
      start: i,
      end: i + q.length,
      score: 1 + ctx + 0.01 * proximity(i, hintAt),
      atPosition: i === hintAt,
      errors: 0,
    });
  }

  // Approximate occurrences, unless an exact one already scores more than any edited one could.
  const unbeatable = bestExactCtx >= 1 - 1 / q.length + POSITION_MARGIN / 2;
  const budget = Math.min(MAX_EDITS, Math.floor(q.length * opts.maxErrorRate));
  const strongBudget = hasContext
    ? Math.min(MAX_EDITS, Math.floor(q.length * opts.maxErrorRateWithContext))
    : budget;
  const fuzzy = (k: number, extra: readonly { start: number; end: number; errors: number }[]) => {
    for (const f of [...extra, ...approxSearch(norm, q, k, MAX_FUZZY_CANDIDATES)]) {
      if (f.errors === 0) continue; // already seen as an exact occurrence
      const m = wholeWords(norm, q, pre, suf, f);
      if (m.errors > k) continue;
      const ctx = contextScore(norm, m.start, m.end, pre, suf);
      const accepted =
        (m.errors <= budget && (ctx >= opts.minContext || (selfIdentifying && m.errors <= q.length / 8))) ||
        (hasContext && m.errors <= strongBudget && ctx >= opts.strongContext);
      if (!accepted) continue;
      consider({
        start: m.start,
        end: m.end,
        score: 1 - m.errors / q.length + ctx + 0.01 * proximity(m.start, hintAt),
        atPosition: false,
        errors: m.errors,
      });
    }
  };
  // The search costs about (edits × page length): the larger budget is searched only when the
  // ordinary one found nothing to accept.
  if (!unbeatable && q.length >= 4 && budget >= 1) fuzzy(budget, stretched);
  if (!best && q.length >= 4 && strongBudget > budget) fuzzy(strongBudget, stretched);

  if (!best) return null;
  const span = toOriginalSpan(page, best.start, best.end);
  // A quote that begins or ends in white space takes no more of a longer run than it had.
  const lead = exact.length - exact.trimStart().length;
  const trail = exact.length - exact.trimEnd().length;
  if (lead > 0 && norm[best.start] === ' ') span.start = Math.max(span.start, page.ends[best.start]! - lead);
  if (trail > 0 && norm[best.end - 1] === ' ')
    span.end = Math.min(span.end, page.starts[best.end - 1]! + trail);
  const method = best.errors > 0 ? 'fuzzy' : best.atPosition ? 'position' : 'quote';
  return { ...span, method };
}

const WORD = /[\p{L}\p{N}]/u;
const isWord = (ch: string | undefined) => ch !== undefined && WORD.test(ch);
/** How far a match end may move to reach the edge of its word. */
const MAX_WORD_STRETCH = 24;

/**
 * An approximate match that cuts a word in two, for a quote that begins (or ends) at a word edge,
 * is stretched to the whole word and its edits counted again: "history of the country" is then
 * compared with "history of the world", not with "history of the wor", and "the millio" becomes
 * "the millions". The stored context tells whether the quote began at a word edge.
 */
function wholeWords(
  text: string,
  q: string,
  prefix: string,
  suffix: string,
  m: { start: number; end: number; errors: number },
): { start: number; end: number; errors: number } {
  let { start, end } = m;
  if (isWord(q[0]) && !isWord(prefix[prefix.length - 1]) && isWord(text[start]))
    for (let n = 0; n < MAX_WORD_STRETCH && start > 0 && isWord(text[start - 1]); n++) start--;
  if (isWord(q[q.length - 1]) && !isWord(suffix[0]) && isWord(text[end - 1]))
    for (let n = 0; n < MAX_WORD_STRETCH && end < text.length && isWord(text[end]); n++) end++;
  if (start === m.start && end === m.end) return m;
  return { start, end, errors: editDistance(q, text.slice(start, end)) };
}

/** Anchors many selectors against one text; orphans are kept (null), in input order. */
export function anchorAll<T extends { quote: TextQuoteSelector; position?: TextPositionSelector }>(
  text: string,
  items: readonly T[],
  options?: AnchorOptions,
): { item: T; result: AnchorResult | null }[] {
  return items.map((item) => ({ item, result: anchor(text, item, options) }));
}

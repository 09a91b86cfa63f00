// Adapter between the content script and detection (lib/annotate, lib/matching). Everything the
// content script knows about detection goes through here.
import { createPageScanner } from '../../lib/annotate/analyze';
// Imported as text: a string literal costs next to nothing when the script is injected on every
// page; it is parsed only when a page is actually scanned.
import lexiconText from '../../lib/kb/generated/lexicon.json?raw';
import { type Lexicon, type LexiconData, loadLexicon } from '../../lib/matching/lexicon';
import type { PageAnalysis, PageMeta } from '../../lib/matching/types';

export interface PageScanner {
  feed(text: string, offset: number): void;
  finish(meta: PageMeta): PageAnalysis;
}

/** Kinds the page shows as highlights. */
export const HIGHLIGHT_KINDS: ReadonlySet<string> = new Set([
  'supplement',
  'condition',
  'life-stage',
  'medication',
]);

/**
 * The kind written into the page: life stages (pregnancy, breastfeeding ...) are marked as
 * conditions, so marks keep the documented supplement | condition | medication vocabulary.
 */
export function markKind(kind: string): string {
  return kind === 'life-stage' ? 'condition' : kind;
}

let parsed: LexiconData | undefined;
let lexicon: Lexicon | undefined;

/**
 * Loads the lexicon (compiled at build time) as two units of work, parsing then indexing, so a
 * slicer can run them in separate main-thread turns. A no-op once loaded.
 */
export function* prepareLexicon(): Generator<void, void, void> {
  if (lexicon) return;
  parsed ??= JSON.parse(lexiconText) as LexiconData;
  yield;
  lexicon ??= loadLexicon(parsed);
  parsed = undefined;
}

/** A scanner for one pass (loads the lexicon first if prepareLexicon has not run). */
export function createScanner(): PageScanner {
  for (const _ of prepareLexicon());
  return createPageScanner(lexicon!);
}

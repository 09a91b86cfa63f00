// Adapter between the content script and detection (lib/annotate, lib/matching). Everything the
// content script knows about detection goes through here.
import { createPageScanner } from '../../lib/annotate/analyze';
import { kbBundle } from '../../lib/kb/bundle';
import { compileLexicon, type Lexicon, loadLexicon } from '../../lib/matching/lexicon';
import type { PageAnalysis, PageMeta } from '../../lib/matching/types';

export interface PageScanner {
  feed(text: string, offset: number): void;
  finish(meta: PageMeta): PageAnalysis;
}

/** Kinds the page shows as highlights (life stages are used for ranking, not highlighted). */
export const HIGHLIGHT_KINDS: ReadonlySet<string> = new Set(['supplement', 'condition', 'medication']);

let lexicon: Lexicon | undefined;

export function createScanner(): PageScanner {
  // TEMPORARY: compiled here until scripts/kb-build.ts writes lib/kb/generated/lexicon.json.
  lexicon ??= loadLexicon(compileLexicon(kbBundle.concepts, { kbVersion: kbBundle.version }));
  return createPageScanner(lexicon, kbBundle.concepts);
}

// The content script's view of detection: the scanner it feeds (detection itself runs in the
// background, lib/annotate/scan-sessions.ts, off the page's main thread) and which kinds it marks,
// under which name.
export type { PageScanner, PageScanResult } from '../../lib/annotate/remote-scanner';

import { CONCEPT_KINDS, isConceptKind, kindFamily } from '../../lib/kb/kinds';

/** Kinds the page shows as highlights. */
export const HIGHLIGHT_KINDS: ReadonlySet<string> = new Set(CONCEPT_KINDS);

/**
 * The kind written into the page: life stages (pregnancy, breastfeeding ...) are marked as
 * conditions, so marks keep the documented supplement | condition | medication vocabulary.
 */
export function markKind(kind: string): string {
  return isConceptKind(kind) ? kindFamily(kind) : kind;
}

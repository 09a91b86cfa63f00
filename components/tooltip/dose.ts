// The tooltip's dose warnings: one line per dose on the page above this concept's upper limit
// (wording in lib/summary/dose-text.ts, shared with the popup).
import type { Concept } from '../../lib/kb/types';
import type { Dose } from '../../lib/matching/types';
import { doseSentence } from '../../lib/summary/dose-text';

export { upperLimitLine } from '../../lib/summary/dose-text';

/** One warning per dose stated on the page for this concept that is above the upper limit. */
export function doseWarnings(concept: Concept, doses: readonly Dose[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const d of doses) {
    if (d.conceptId !== concept.id || !d.aboveLimit || seen.has(d.text)) continue;
    seen.add(d.text);
    out.push(doseSentence(d, concept.name, concept.upperLimit));
  }
  return out;
}

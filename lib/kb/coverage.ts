// Which supplements have no safety note, counting a note on an ancestor (zinc for zinc gluconate)
// as covering its descendants, since notes follow the is-a hierarchy to the forms below.
import { buildHierarchy } from './hierarchy';
import { type Concept, isSafetyNote, type Note } from './types';

/** Ids of supplements with no safety note of their own or on an ancestor. */
export function supplementsWithoutSafetyNote(concepts: readonly Concept[], notes: readonly Note[]): string[] {
  const kindOf = new Map(concepts.map((c) => [c.id, c.kind]));
  const hierarchy = buildHierarchy(concepts);
  const covered = new Set<string>();
  for (const n of notes) if (isSafetyNote(n, kindOf.get(n.target))) covered.add(n.supplement);
  return concepts
    .filter((c) => c.kind === 'supplement')
    .filter((c) => !covered.has(c.id) && !hierarchy.ancestorsOf(c.id).some((a) => covered.has(a)))
    .map((c) => c.id)
    .sort();
}

/** Notes per calendar year of their last check against the source ("2026": 300). */
export function notesByCheckedYear(notes: readonly Pick<Note, 'reviewed'>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of notes) {
    const year = /^\d{4}/.exec(n.reviewed)?.[0] ?? 'unknown';
    out[year] = (out[year] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

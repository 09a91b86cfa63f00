// What is highlighted by default, so that articles are not littered as the vocabulary grows.
//
// Populations ("children", "older adults", and life stages under them) are detected and count for
// page relevance and note ranking, but are not highlighted: every other health story mentions
// them. Pregnancy, breastfeeding and the other life stages a note can be specifically about stay
// highlighted. (Job titles and organisation names, "professor of pediatrics", "Department of
// Orthopedic Surgery", are not mentions at all: see false-hits.ts.) Which parts of a page are not
// highlighted (navigation, footers, tag lists, related articles) is lib/text/visible.ts.
import type { Concept } from '../kb/types';

/** Life stages that are populations; their descendants are too. */
export const POPULATION_ROOTS: readonly string[] = ['children', 'older-adults'];

/** Ids of the concepts detected but not highlighted by default. */
export function quietConceptIds(concepts: readonly Pick<Concept, 'id' | 'kind' | 'parents'>[]): Set<string> {
  const parents = new Map(concepts.map((c) => [c.id, Array.isArray(c.parents) ? c.parents : []]));
  const quiet = new Set<string>();
  const isPopulation = (id: string, seen: Set<string>): boolean => {
    if (POPULATION_ROOTS.includes(id)) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    return (parents.get(id) ?? []).some((p) => isPopulation(p, seen));
  };
  for (const c of concepts) if (c.kind === 'life-stage' && isPopulation(c.id, new Set())) quiet.add(c.id);
  return quiet;
}

// The concept kinds: the set, their names on screen, and the one rule that folds life stages
// (pregnancy, breastfeeding ...) into conditions wherever kinds are grouped, counted or marked.
import type { ConceptKind } from './types';

export const CONCEPT_KINDS: readonly ConceptKind[] = ['supplement', 'condition', 'life-stage', 'medication'];

const KIND_SET: ReadonlySet<string> = new Set(CONCEPT_KINDS);

export function isConceptKind(x: unknown): x is ConceptKind {
  return typeof x === 'string' && KIND_SET.has(x);
}

/** The three families things are grouped and counted by: life stages go with conditions. */
export type KindFamily = Exclude<ConceptKind, 'life-stage'>;
export const KIND_FAMILIES: readonly KindFamily[] = ['supplement', 'condition', 'medication'];

export function kindFamily(kind: ConceptKind): KindFamily {
  return kind === 'life-stage' ? 'condition' : kind;
}

/** One concept's kind, as the reader sees it. */
export const KIND_LABELS: Record<ConceptKind, string> = {
  supplement: 'Supplement',
  condition: 'Condition',
  'life-stage': 'Life stage',
  medication: 'Medication',
};

/** A family's heading over a list of concepts. */
export const FAMILY_LABELS: Record<KindFamily, string> = {
  supplement: 'Supplements',
  condition: 'Conditions and life stages',
  medication: 'Medications',
};

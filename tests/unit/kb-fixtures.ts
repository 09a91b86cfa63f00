// Knowledge-base records for unit tests, built small and by hand: the real bundle changes every
// week, and a test should show only the fields it depends on.
import type { RankedNote } from '../../lib/kb/rank';
import type { Concept, ConceptKind, KbBundle, Note } from '../../lib/kb/types';
import type { Dose } from '../../lib/messaging/protocol';

export function concept(
  id: string,
  kind: ConceptKind,
  name: string,
  synonyms: string[] = [],
  abbreviations: string[] = [],
  extra: Partial<Concept> = {},
): Concept {
  return {
    id,
    kind,
    name,
    description: `${name}.`,
    synonyms,
    abbreviations,
    ambiguousForms: [],
    sources: [],
    ...extra,
    parents: extra.parents ?? [],
  };
}

/** A zinc / rheumatoid-arthritis caution from a lab study unless `extra` says otherwise. */
export function note(id: string, extra: Partial<Note> = {}): Note {
  return {
    id,
    supplement: 'zinc',
    target: 'rheumatoid-arthritis',
    direction: 'caution',
    evidence: 'lab',
    summary: `Summary of ${id}.`,
    sources: [{ title: 'A source', url: 'https://example.org/' }],
    reviewed: '2026-11-25',
    ...extra,
  };
}

/** A note as the ranking returns it: matching neither a flag nor the page unless `extra` says so. */
export function rankedNote(id: string, extra: Partial<RankedNote> = {}): RankedNote {
  return { ...note(id), flagMatch: false, pageMatch: false, ...extra };
}

export function bundle(version: string, concepts: Concept[], notes: Note[]): KbBundle {
  return { version, builtAt: '2026-11-25', concepts, notes };
}

/** Zinc's adult upper limit (40 mg a day, food and supplements), without its sources. */
export const ZINC_UPPER_LIMIT = {
  amount: 40,
  unit: 'mg',
  appliesTo: 'food-and-supplements',
  lifeStage: 'adults 19+',
  sources: [],
} as const satisfies NonNullable<Concept['upperLimit']>;

/** The dose the popup and tooltip tests warn about: 50 mg of zinc against its 40 mg upper limit. */
export const ZINC_DOSE_ABOVE_LIMIT: Dose = {
  conceptId: 'zinc',
  text: '50 mg of zinc a day',
  amount: 50,
  unit: 'mg',
  limit: 40,
  limitUnit: 'mg',
  aboveLimit: true,
};

// Search over the concepts a reader can flag (conditions, life stages, medications) that knows
// their synonyms and abbreviations: "RA" and "rheumatoid" both find rheumatoid arthritis,
// "Coumadin" finds warfarin. Pure; the index is built once per knowledge base.
import type { Concept, ConceptKind } from '../../lib/kb/types';

export type FlagKind = Exclude<ConceptKind, 'supplement'>;
export const FLAG_KINDS: readonly FlagKind[] = ['condition', 'life-stage', 'medication'];

export { KIND_LABELS } from '../../lib/kb/kinds';

export interface FlagConcept {
  id: string;
  kind: FlagKind;
  name: string;
  description: string;
  synonyms: string[];
  abbreviations: string[];
  /** Display names of the concept's is-a parents ("Liver disease" for cirrhosis). */
  parentNames: string[];
}

interface Term {
  text: string;
  /** Normalised text and its words. */
  norm: string;
  words: string[];
  type: 'name' | 'synonym' | 'abbreviation';
}

interface Entry {
  concept: FlagConcept;
  terms: Term[];
}

export interface FlagIndex {
  entries: Entry[];
  byId: Map<string, FlagConcept>;
}

export interface FlagHit {
  concept: FlagConcept;
  score: number;
  /** The synonym or abbreviation that matched, when it was not the name. */
  matched?: { text: string; type: 'synonym' | 'abbreviation' };
}

/** Lower case, accents and punctuation removed, spaces collapsed: "Crohn’s  Disease" → "crohn s disease". */
export function normalizeQuery(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function term(text: string, type: Term['type']): Term {
  const norm = normalizeQuery(text);
  return { text, norm, words: norm.split(' ').filter(Boolean), type };
}

export function isFlagConcept(c: Pick<Concept, 'kind'>): c is Concept & { kind: FlagKind } {
  return c.kind !== 'supplement';
}

export function buildFlagIndex(concepts: readonly Concept[]): FlagIndex {
  const entries: Entry[] = [];
  const byId = new Map<string, FlagConcept>();
  const nameOf = new Map(concepts.map((c) => [c.id, c.name]));
  for (const c of concepts) {
    if (!isFlagConcept(c)) continue;
    const concept: FlagConcept = {
      id: c.id,
      kind: c.kind,
      name: c.name,
      description: c.description,
      synonyms: c.synonyms,
      abbreviations: c.abbreviations,
      parentNames: (Array.isArray(c.parents) ? c.parents : []).map((p) => nameOf.get(p) ?? p),
    };
    byId.set(c.id, concept);
    entries.push({
      concept,
      terms: [
        term(c.name, 'name'),
        ...c.synonyms.map((s) => term(s, 'synonym')),
        ...c.abbreviations.map((a) => term(a, 'abbreviation')),
      ],
    });
  }
  entries.sort((a, b) => a.concept.name.localeCompare(b.concept.name));
  return { entries, byId };
}

/** How well one term matches the query; 0 for no match. Names beat synonyms at every level. */
function scoreTerm(t: Term, q: string, qWords: string[]): number {
  const bonus = t.type === 'name' ? 2 : 0;
  if (t.type === 'abbreviation') {
    const compactT = t.norm.replace(/ /g, '');
    const compactQ = q.replace(/ /g, '');
    if (compactT === compactQ) return 100;
    if (compactQ.length >= 2 && compactT.startsWith(compactQ)) return 55;
    return 0;
  }
  if (t.norm === q) return 90 + bonus;
  // One or two letters are almost always an abbreviation ("RA", "MS"): beyond exact matches, only
  // names may match by prefix, so "RA" does not drag in every synonym starting with "ra".
  if (q.length <= 2 && t.type !== 'name') return 0;
  if (t.norm.startsWith(q)) return 70 + bonus;
  // Every query word starts a word of the term, in any order: "arthritis rheum".
  if (qWords.every((w) => t.words.some((tw) => tw.startsWith(w)))) return 50 + bonus;
  if (q.length >= 4 && t.norm.includes(q)) return 30 + bonus;
  return 0;
}

export function searchFlags(index: FlagIndex, query: string, limit = 12): FlagHit[] {
  const q = normalizeQuery(query);
  if (!q) return [];
  const qWords = q.split(' ');
  const hits: FlagHit[] = [];
  for (const e of index.entries) {
    let best = 0;
    let bestTerm: Term | undefined;
    for (const t of e.terms) {
      const s = scoreTerm(t, q, qWords);
      if (s > best) {
        best = s;
        bestTerm = t;
      }
    }
    if (best > 0 && bestTerm)
      hits.push({
        concept: e.concept,
        score: best,
        ...(bestTerm.type !== 'name' ? { matched: { text: bestTerm.text, type: bestTerm.type } } : {}),
      });
  }
  hits.sort((a, b) => b.score - a.score || a.concept.name.localeCompare(b.concept.name));
  return hits.slice(0, limit);
}

export function conceptsOfKind(index: FlagIndex, kind: FlagKind): FlagConcept[] {
  return index.entries.filter((e) => e.concept.kind === kind).map((e) => e.concept);
}

// Shapes of the compiled knowledge base: what the extension ships and stores in IndexedDB.

export type ConceptKind = 'supplement' | 'condition' | 'life-stage' | 'medication';
export type Direction = 'harm' | 'caution' | 'benefit' | 'no-clear-effect' | 'mixed';
export type EvidenceLevel =
  | 'lab'
  | 'case-report'
  | 'observational'
  | 'rct'
  | 'systematic-review'
  | 'guideline'
  | 'regulatory';
export type Severity = 'major' | 'moderate' | 'minor';

export const EVIDENCE_LEVELS: readonly EvidenceLevel[] = [
  'lab',
  'case-report',
  'observational',
  'rct',
  'systematic-review',
  'guideline',
  'regulatory',
];
export const DIRECTIONS: readonly Direction[] = ['harm', 'caution', 'benefit', 'no-clear-effect', 'mixed'];
export const SEVERITIES: readonly Severity[] = ['major', 'moderate', 'minor'];

export const EVIDENCE_LABELS: Record<EvidenceLevel, string> = {
  lab: 'Lab or animal study',
  'case-report': 'Case reports',
  observational: 'Observational studies',
  rct: 'Randomised controlled trial',
  'systematic-review': 'Systematic review / meta-analysis',
  guideline: 'Official reference values or guidance',
  regulatory: 'Regulatory warning',
};

export const DIRECTION_LABELS: Record<Direction, string> = {
  harm: 'Possible harm',
  caution: 'Caution',
  benefit: 'Possible benefit',
  'no-clear-effect': 'No clear effect',
  mixed: 'Mixed evidence',
};

export interface Source {
  title: string;
  url?: string;
  doi?: string;
  pmid?: string;
}

export interface UpperLimit {
  amount: number;
  unit: string;
  appliesTo: 'food-and-supplements' | 'supplements-only';
  comment?: string;
  sources: Source[];
}

export interface Concept {
  id: string;
  kind: ConceptKind;
  name: string;
  description: string;
  category?: string;
  synonyms: string[];
  abbreviations: string[];
  ambiguousForms: string[];
  upperLimit?: UpperLimit;
  sources: Source[];
  /** Is-a parents (ids); empty for a root. Notes and flags follow this hierarchy. */
  parents: string[];
  doid?: string;
  mesh?: string;
  latinName?: string;
  plantPart?: string;
  isClass?: boolean;
}

export interface Note {
  id: string;
  supplement: string;
  target: string;
  direction: Direction;
  evidence: EvidenceLevel;
  severity?: Severity;
  summary: string;
  numbers?: string;
  sources: Source[];
  reviewed: string;
}

export interface KbBundle {
  /** Content hash of the sources: a new value means the stored copy is outdated. */
  version: string;
  builtAt: string;
  concepts: Concept[];
  notes: Note[];
}

/** A followable link for a source: its URL, else its DOI, else its PubMed page. */
export function sourceHref(source: Source): string {
  if (source.url) return source.url;
  if (source.doi) return `https://doi.org/${source.doi}`;
  if (source.pmid) return `https://pubmed.ncbi.nlm.nih.gov/${source.pmid}/`;
  return '';
}

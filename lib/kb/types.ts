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

export type SourceStatus = 'withdrawn' | 'retracted' | 'superseded';
export const SOURCE_STATUSES: readonly SourceStatus[] = ['withdrawn', 'retracted', 'superseded'];

/** The design of a cited work, as read on the work itself. */
export type SourceDesign =
  | 'lab'
  | 'animal'
  | 'case-report'
  | 'case-series'
  | 'observational'
  | 'uncontrolled-study'
  | 'rct'
  | 'narrative-review'
  | 'systematic-review'
  | 'official-summary'
  | 'guideline'
  | 'regulatory';
export const SOURCE_DESIGNS: readonly SourceDesign[] = [
  'lab',
  'animal',
  'case-report',
  'case-series',
  'observational',
  'uncontrolled-study',
  'rct',
  'narrative-review',
  'systematic-review',
  'official-summary',
  'guideline',
  'regulatory',
];

/**
 * The evidence levels a note may claim from a source of each design. A case report is not a
 * trial; an open-label study without a control group is not randomised; a narrative review is
 * not a systematic one; only a regulator's own text is a regulatory warning.
 */
export const LEVELS_SUPPORTED_BY: Record<SourceDesign, readonly EvidenceLevel[]> = {
  lab: ['lab'],
  animal: ['lab'],
  'case-report': ['lab', 'case-report'],
  'case-series': ['lab', 'case-report'],
  observational: ['lab', 'case-report', 'observational'],
  'uncontrolled-study': ['lab', 'case-report', 'observational'],
  rct: ['lab', 'case-report', 'observational', 'rct'],
  'narrative-review': ['lab', 'case-report', 'observational', 'rct'],
  'systematic-review': ['lab', 'case-report', 'observational', 'rct', 'systematic-review'],
  'official-summary': ['lab', 'case-report', 'observational', 'rct', 'systematic-review', 'guideline'],
  guideline: ['lab', 'case-report', 'observational', 'rct', 'systematic-review', 'guideline'],
  regulatory: ['lab', 'case-report', 'observational', 'rct', 'systematic-review', 'guideline', 'regulatory'],
};

export interface Source {
  title: string;
  url?: string;
  doi?: string;
  pmid?: string;
  status?: SourceStatus;
  supersededBy?: { title: string; url?: string; doi?: string; pmid?: string };
  design?: SourceDesign;
  statesRiskFor?: string[];
}

export interface UpperLimit {
  amount: number;
  unit: string;
  appliesTo: 'food-and-supplements' | 'supplements-only';
  lifeStage: string;
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
  /** The study design in words, shown next to the evidence level. */
  design?: string;
  /** Answers a safety question though its direction is not harm or caution ("no link found"). */
  safety?: boolean;
  sources: Source[];
  reviewed: string;
}

/**
 * Whether a note speaks to the supplement's safety: a harm or caution, an interaction with a
 * medication, a note about the supplement in general (its target is the supplement itself), or a
 * note marked as answering a safety question.
 */
export function isSafetyNote(note: Note, targetKind: ConceptKind | undefined): boolean {
  return (
    note.direction === 'harm' ||
    note.direction === 'caution' ||
    targetKind === 'medication' ||
    note.target === note.supplement ||
    note.safety === true
  );
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

// Schema of the reviewable source files in kb/ (see kb/README.md).
import * as v from 'valibot';
import { DIRECTIONS, EVIDENCE_LEVELS, SEVERITIES, SOURCE_DESIGNS, SOURCE_STATUSES } from './types';

const Id = v.pipe(v.string(), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case kebab-case'));
const Text = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));

const Doi = v.pipe(v.string(), v.regex(/^10\.\d{4,9}\/\S+$/, 'is not a DOI'));
const Pmid = v.pipe(v.string(), v.regex(/^\d{1,9}$/, 'is not a PMID'));

/** The work that replaced a superseded source. */
const SuccessorSchema = v.object({
  title: Text,
  url: v.optional(v.string()),
  doi: v.optional(Doi),
  pmid: v.optional(Pmid),
});

export const SourceSchema = v.object({
  title: Text,
  url: v.optional(v.string()),
  doi: v.optional(Doi),
  pmid: v.optional(Pmid),
  /** Set when the work no longer stands: a note cannot rest on such sources alone. */
  status: v.optional(v.picklist(SOURCE_STATUSES)),
  supersededBy: v.optional(SuccessorSchema),
  /** The design of the work itself, where someone has read it; caps the note's evidence level. */
  design: v.optional(v.picklist(SOURCE_DESIGNS)),
  /** Medication or class ids for which this source itself states the risk (needed for "major"). */
  statesRiskFor: v.optional(v.array(Id)),
});

export const UpperLimitSchema = v.object({
  amount: v.pipe(v.number(), v.minValue(0)),
  unit: Text,
  appliesTo: v.picklist(['food-and-supplements', 'supplements-only']),
  /** Who the amount is for, e.g. "adults 19+"; other life stages go in the comment. */
  lifeStage: Text,
  comment: v.optional(v.string()),
  sources: v.array(SourceSchema),
});

export const NoteSourceSchema = v.object({
  id: Id,
  target: v.string(),
  direction: v.string(),
  evidence: v.string(),
  severity: v.optional(v.string()),
  summary: Text,
  numbers: v.optional(v.string()),
  /** The study design in words a reader understands: "9 healthy volunteers, no control group". */
  design: v.optional(Text),
  /** The note answers a safety question even though its direction is not harm or caution. */
  safety: v.optional(v.boolean()),
  sources: v.optional(v.array(SourceSchema)),
  reviewed: v.optional(v.string()),
});

const ConceptBase = {
  id: Id,
  name: Text,
  description: Text,
  synonyms: v.optional(v.array(Text), []),
  abbreviations: v.optional(v.array(Text), []),
  ambiguousForms: v.optional(v.array(Text), []),
  /** Is-a parents: ids of concepts in the same folder (a condition may also sit under a life stage). */
  parents: v.optional(v.array(Id), []),
};

const DoidSchema = v.pipe(v.string(), v.regex(/^DOID:\d+$/, 'is not a Disease Ontology id (DOID:n)'));
const MeshSchema = v.pipe(
  v.string(),
  v.regex(/^(?:D\d{6}|C\d{6,9})$/, 'is not a MeSH descriptor (D + 6 digits) or supplementary concept id'),
);

export const SupplementFileSchema = v.object({
  ...ConceptBase,
  latinName: v.optional(Text),
  plantPart: v.optional(Text),
  category: v.picklist([
    'vitamin',
    'mineral',
    'fatty-acid',
    'botanical',
    'probiotic',
    'amino-acid',
    'hormone',
    'other',
  ]),
  upperLimit: v.optional(UpperLimitSchema),
  sources: v.optional(v.array(SourceSchema), []),
  notes: v.optional(v.array(NoteSourceSchema), []),
});

export const ConditionFileSchema = v.object({
  ...ConceptBase,
  kind: v.picklist(['condition', 'life-stage']),
  doid: v.optional(DoidSchema),
  mesh: v.optional(MeshSchema),
  /** Why the concept's names differ from its Disease Ontology term's name and synonyms. */
  doidNameNote: v.optional(Text),
  /** Why a condition has neither a DOID nor a MeSH id. */
  idNote: v.optional(Text),
  sources: v.optional(v.array(SourceSchema), []),
});

export const MedicationFileSchema = v.object({
  ...ConceptBase,
  kind: v.literal('medication'),
  /** A class of medicines (anticoagulants, SSRIs) rather than one medicine. */
  isClass: v.optional(v.boolean()),
  sources: v.optional(v.array(SourceSchema), []),
});

export type SupplementFile = v.InferOutput<typeof SupplementFileSchema>;
export type ConditionFile = v.InferOutput<typeof ConditionFileSchema>;
export type MedicationFile = v.InferOutput<typeof MedicationFileSchema>;

export { DIRECTIONS, EVIDENCE_LEVELS, SEVERITIES, SOURCE_DESIGNS, SOURCE_STATUSES };

// Checks the kb/ source files and compiles them into one bundle. Pure: callers pass file contents in.

import * as v from 'valibot';
import { normalizeSurface } from '../matching/normalize';
import { type DiseaseVocab, foldTermName } from './disease-vocab';
import { walk } from './hierarchy';
import { kindFamily } from './kinds';
import {
  type ConditionFile,
  ConditionFileSchema,
  type MedicationFile,
  MedicationFileSchema,
  type SupplementFile,
  SupplementFileSchema,
} from './source-schema';
import {
  type Concept,
  DIRECTIONS,
  type Direction,
  EVIDENCE_LEVELS,
  type EvidenceLevel,
  LEVELS_SUPPORTED_BY,
  type Note,
  SEVERITIES,
  type Severity,
  type Source,
} from './types';

export interface SourceFile {
  /** Path relative to the repo, e.g. `kb/supplements/zinc.json`. */
  path: string;
  text: string;
}

export interface KbProblem {
  file: string;
  field: string;
  message: string;
}

export interface CheckResult {
  problems: KbProblem[];
  concepts: Concept[];
  notes: Note[];
}

type Folder = 'supplements' | 'conditions' | 'medications';

function folderOf(path: string): Folder | undefined {
  const m = /(?:^|\/)kb\/(supplements|conditions|medications)\/[^/]+\.json$/.exec(path);
  return m?.[1] as Folder | undefined;
}

function issuePath(issue: v.BaseIssue<unknown>): string {
  return (issue.path ?? []).map((p) => String(p.key)).join('.') || '(file)';
}

function checkSources(
  sources: Source[] | undefined,
  file: string,
  field: string,
  problems: KbProblem[],
  required: boolean,
): void {
  if (!sources || sources.length === 0) {
    if (required) problems.push({ file, field, message: 'needs at least one source' });
    return;
  }
  sources.forEach((s, i) => {
    const at = `${field}[${i}]`;
    if (!s.url && !s.doi && !s.pmid) problems.push({ file, field: at, message: 'needs a url, doi or pmid' });
    if (s.url !== undefined) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(s.url);
      } catch {
        problems.push({ file, field: `${at}.url`, message: `is not a URL: ${s.url}` });
      }
      if (parsed && parsed.protocol !== 'https:')
        problems.push({ file, field: `${at}.url`, message: `must use https: ${s.url}` });
    }
    if (s.status === 'superseded' && !s.supersededBy)
      problems.push({ file, field: `${at}.supersededBy`, message: 'names the work that superseded it' });
    if (s.supersededBy && s.status !== 'superseded')
      problems.push({
        file,
        field: `${at}.status`,
        message: 'must be "superseded" when supersededBy is set',
      });
  });
  if (sources.every((s) => s.status !== undefined))
    problems.push({
      file,
      field,
      message: `rests only on ${sources.map((s) => s.status).join(', ')} sources; cite a current source`,
    });
}

/** The recorded designs must allow the level: at least one source with a design must support it. */
function checkDesign(
  level: EvidenceLevel,
  sources: Source[],
  file: string,
  field: string,
  problems: KbProblem[],
): void {
  const designed = sources.filter((s) => s.design !== undefined && s.status === undefined);
  if (designed.length === 0) return;
  if (designed.some((s) => LEVELS_SUPPORTED_BY[s.design!].includes(level))) return;
  problems.push({
    file,
    field,
    message: `"${level}" claims more than the cited design (${designed.map((s) => s.design).join(', ')})`,
  });
}

export interface CheckOptions {
  /** The Disease Ontology extract; when given, every DOID must exist there and match a name. */
  vocab?: DiseaseVocab;
  /** Every condition (not life stage) carries a DOID or MeSH id, or an idNote saying why none exists. */
  requireConditionIds?: boolean;
}

/** Ancestors of `id` through `parents`, each once (cycles are reported elsewhere). */
function ancestorsIn(byId: ReadonlyMap<string, Concept>, id: string): string[] {
  return walk(id, (c) => byId.get(c)?.parents ?? []);
}

/** `today` is injectable so the future-date rule is testable. */
export function checkKb(
  files: SourceFile[],
  today: string = new Date().toISOString().slice(0, 10),
  options: CheckOptions = {},
): CheckResult {
  const problems: KbProblem[] = [];
  const concepts: Concept[] = [];
  const rawNotes: {
    file: string;
    index: number;
    supplement: string;
    note: SupplementFile['notes'][number];
  }[] = [];

  for (const f of files) {
    const folder = folderOf(f.path);
    if (!folder) {
      problems.push({
        file: f.path,
        field: '(file)',
        message: 'is not in kb/supplements, kb/conditions or kb/medications',
      });
      continue;
    }
    let data: unknown;
    try {
      data = JSON.parse(f.text);
    } catch (e) {
      problems.push({ file: f.path, field: '(file)', message: `is not valid JSON: ${(e as Error).message}` });
      continue;
    }
    const schema =
      folder === 'supplements'
        ? SupplementFileSchema
        : folder === 'conditions'
          ? ConditionFileSchema
          : MedicationFileSchema;
    const parsed = v.safeParse(schema, data);
    if (!parsed.success) {
      for (const issue of parsed.issues)
        problems.push({ file: f.path, field: issuePath(issue), message: issue.message });
      continue;
    }
    const out = parsed.output;
    const expectedName = f.path.replace(/^.*\//, '').replace(/\.json$/, '');
    if (out.id !== expectedName)
      problems.push({
        file: f.path,
        field: 'id',
        message: `"${out.id}" does not match the file name "${expectedName}"`,
      });

    const kind = folder === 'supplements' ? 'supplement' : (out as { kind: Concept['kind'] }).kind;
    const concept: Concept = {
      id: out.id,
      kind,
      name: out.name,
      description: out.description,
      synonyms: out.synonyms,
      abbreviations: out.abbreviations,
      ambiguousForms: out.ambiguousForms,
      sources: out.sources,
      parents: out.parents,
    };
    if (folder === 'conditions') {
      const c = out as ConditionFile;
      if (c.doid) concept.doid = c.doid;
      if (c.mesh) concept.mesh = c.mesh;
      if (options.requireConditionIds && !c.doid && !c.mesh && !c.idNote && c.kind === 'condition')
        problems.push({
          file: f.path,
          field: 'doid',
          message: 'a condition needs a doid or mesh id, or an idNote saying why none exists',
        });
      if (c.doid && options.vocab) checkDoid(c, f.path, options.vocab, problems);
    }
    if (folder === 'medications' && (out as MedicationFile).isClass) concept.isClass = true;
    checkSources(out.sources, f.path, 'sources', problems, false);
    if (folder === 'supplements') {
      const s = out as SupplementFile;
      concept.category = s.category;
      if (s.latinName) concept.latinName = s.latinName;
      if (s.plantPart) concept.plantPart = s.plantPart;
      if (s.upperLimit) {
        concept.upperLimit = s.upperLimit;
        checkSources(s.upperLimit.sources, f.path, 'upperLimit.sources', problems, true);
      }
      s.notes.forEach((note, index) => {
        rawNotes.push({ file: f.path, index, supplement: s.id, note });
      });
    }
    concepts.push(concept);
  }

  // Concept ids are unique across folders.
  const byId = new Map<string, Concept>();
  const fileOf = new Map<string, string>();
  files.forEach((f) => {
    const id = f.path.replace(/^.*\//, '').replace(/\.json$/, '');
    if (!fileOf.has(id)) fileOf.set(id, f.path);
  });
  for (const c of concepts) {
    if (byId.has(c.id))
      problems.push({
        file: fileOf.get(c.id) ?? c.id,
        field: 'id',
        message: `duplicate concept id "${c.id}"`,
      });
    byId.set(c.id, c);
  }

  checkHierarchy(concepts, fileOf, problems);

  // A surface form belongs to one concept unless every claimant marks it ambiguous.
  const claims = new Map<string, { concept: Concept; form: string }[]>();
  for (const c of concepts) {
    const forms = new Set([c.name, ...c.synonyms, ...c.abbreviations]);
    for (const form of forms) {
      const key = normalizeSurface(form);
      if (!key) continue;
      const list = claims.get(key) ?? [];
      if (!list.some((x) => x.concept.id === c.id)) list.push({ concept: c, form });
      claims.set(key, list);
    }
  }
  for (const [key, list] of claims) {
    if (list.length < 2) continue;
    const ambiguousEverywhere = list.every((x) =>
      x.concept.ambiguousForms.some((a) => normalizeSurface(a) === key),
    );
    if (!ambiguousEverywhere) {
      const ids = list.map((x) => x.concept.id).join(', ');
      for (const x of list)
        if (!x.concept.ambiguousForms.some((a) => normalizeSurface(a) === key))
          problems.push({
            file: fileOf.get(x.concept.id) ?? x.concept.id,
            field: 'synonyms',
            message: `surface form "${x.form}" is claimed by ${ids}; list it in ambiguousForms of each or remove it`,
          });
    }
  }

  // Notes.
  const notes: Note[] = [];
  const noteIds = new Set<string>();
  const noteKeys = new Map<string, string>();
  for (const { file, index, supplement, note } of rawNotes) {
    const at = `notes[${index}]`;
    const before = problems.length;
    if (noteIds.has(note.id))
      problems.push({ file, field: `${at}.id`, message: `duplicate note id "${note.id}"` });
    noteIds.add(note.id);
    const target = byId.get(note.target);
    if (!target)
      problems.push({ file, field: `${at}.target`, message: `unknown concept id "${note.target}"` });
    else if (target.kind === 'supplement' && note.target !== supplement)
      problems.push({
        file,
        field: `${at}.target`,
        message: `"${note.target}" is a supplement; notes link a supplement to a condition, life stage or medication, or to itself for its general safety`,
      });
    else if (note.target === supplement && note.direction === 'benefit')
      problems.push({
        file,
        field: `${at}.direction`,
        message: 'a note about the supplement in general speaks to its safety, not a benefit',
      });
    if (!DIRECTIONS.includes(note.direction as Direction))
      problems.push({
        file,
        field: `${at}.direction`,
        message: `"${note.direction}" is not one of ${DIRECTIONS.join(', ')}`,
      });
    if (!EVIDENCE_LEVELS.includes(note.evidence as EvidenceLevel))
      problems.push({
        file,
        field: `${at}.evidence`,
        message: `"${note.evidence}" is not one of ${EVIDENCE_LEVELS.join(', ')}`,
      });
    if (note.severity !== undefined && !SEVERITIES.includes(note.severity as Severity))
      problems.push({
        file,
        field: `${at}.severity`,
        message: `"${note.severity}" is not one of ${SEVERITIES.join(', ')}`,
      });
    if (target?.kind === 'medication' && note.severity === undefined)
      problems.push({ file, field: `${at}.severity`, message: 'is required for a note about a medication' });
    // A source stating the risk for a class (anticoagulants) covers its members (warfarin).
    const riskIds = [note.target, ...ancestorsIn(byId, note.target)];
    if (
      note.severity === 'major' &&
      !(note.sources ?? []).some(
        (s) => s.status === undefined && s.statesRiskFor?.some((id) => riskIds.includes(id)),
      )
    )
      problems.push({
        file,
        field: `${at}.severity`,
        message: `"major" needs a current source marked statesRiskFor "${note.target}"`,
      });
    (note.sources ?? []).forEach((s, i) => {
      for (const id of s.statesRiskFor ?? [])
        if (byId.get(id)?.kind !== 'medication')
          problems.push({
            file,
            field: `${at}.sources[${i}].statesRiskFor`,
            message: `"${id}" is not a medication id`,
          });
    });
    checkSources(note.sources, file, `${at}.sources`, problems, true);
    if (EVIDENCE_LEVELS.includes(note.evidence as EvidenceLevel))
      checkDesign(note.evidence as EvidenceLevel, note.sources ?? [], file, `${at}.evidence`, problems);
    if (!note.reviewed) problems.push({ file, field: `${at}.reviewed`, message: 'is missing' });
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(note.reviewed) || Number.isNaN(Date.parse(note.reviewed)))
      problems.push({
        file,
        field: `${at}.reviewed`,
        message: `"${note.reviewed}" is not an ISO date (YYYY-MM-DD)`,
      });
    else if (note.reviewed > today)
      problems.push({ file, field: `${at}.reviewed`, message: `${note.reviewed} is in the future` });
    const sentences = note.summary.split(/(?<=[.!?])\s+(?=[A-Z])/).length;
    if (sentences > 3)
      problems.push({ file, field: `${at}.summary`, message: `has ${sentences} sentences; keep it to 1-3` });
    // The same claim twice: same pair, direction and evidence with the same first source.
    const key = [
      supplement,
      note.target,
      note.direction,
      note.evidence,
      note.summary.trim().toLowerCase(),
    ].join('|');
    const dup = noteKeys.get(key);
    if (dup) problems.push({ file, field: `${at}`, message: `duplicates note "${dup}"` });
    noteKeys.set(key, note.id);
    if (problems.length === before)
      notes.push({
        id: note.id,
        supplement,
        target: note.target,
        direction: note.direction as Direction,
        evidence: note.evidence as EvidenceLevel,
        ...(note.severity ? { severity: note.severity as Severity } : {}),
        summary: note.summary.trim(),
        ...(note.numbers ? { numbers: note.numbers } : {}),
        ...(note.design ? { design: note.design.trim() } : {}),
        ...(note.safety ? { safety: true } : {}),
        sources: note.sources ?? [],
        reviewed: note.reviewed!,
      });
  }

  concepts.sort((a, b) => a.id.localeCompare(b.id));
  notes.sort((a, b) => a.id.localeCompare(b.id));
  return { problems, concepts, notes };
}

function checkDoid(c: ConditionFile, file: string, vocab: DiseaseVocab, problems: KbProblem[]): void {
  const names = vocab.terms.get(c.doid!);
  if (!names) {
    problems.push({
      file,
      field: 'doid',
      message: `${c.doid} is not a current term of the Disease Ontology extract (unknown or obsolete)`,
    });
    return;
  }
  if (c.doidNameNote) return;
  const ours = [c.name, ...c.synonyms, ...c.abbreviations].map(foldTermName);
  if (!ours.some((n) => names.includes(n)))
    problems.push({
      file,
      field: 'doid',
      message: `none of the concept's names is the name or a synonym of ${c.doid}; add one or a doidNameNote saying why`,
    });
}

/** Parents exist, sit in the same family (a condition may sit under a life stage), and form no cycle. */
function checkHierarchy(concepts: Concept[], fileOf: Map<string, string>, problems: KbProblem[]): void {
  const byId = new Map(concepts.map((c) => [c.id, c]));
  const family = kindFamily;
  for (const c of concepts) {
    const file = fileOf.get(c.id) ?? c.id;
    c.parents.forEach((p, i) => {
      const parent = byId.get(p);
      if (!parent) problems.push({ file, field: `parents[${i}]`, message: `unknown concept id "${p}"` });
      else if (p === c.id)
        problems.push({ file, field: `parents[${i}]`, message: 'a concept is not its own parent' });
      else if (family(parent.kind) !== family(c.kind))
        problems.push({
          file,
          field: `parents[${i}]`,
          message: `"${p}" is a ${parent.kind}; a ${c.kind} sits under concepts of its own kind`,
        });
    });
  }
  // Depth-first search for a cycle; each concept on one is reported once.
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'open') {
      const cycle = path.slice(path.indexOf(id));
      problems.push({
        file: fileOf.get(id) ?? id,
        field: 'parents',
        message: `cycle in the hierarchy: ${[...cycle, id].join(' → ')}`,
      });
      return;
    }
    state.set(id, 'open');
    for (const p of byId.get(id)?.parents ?? []) if (byId.has(p)) visit(p, [...path, id]);
    state.set(id, 'done');
  };
  for (const c of concepts) visit(c.id, []);
}

export function formatProblem(p: KbProblem): string {
  return `${p.file}: ${p.field}: ${p.message}`;
}

// W3C Web Annotation Data Model (JSON-LD, http://www.w3.org/ns/anno.jsonld).
// One Annotation per review or detection: target = SpecificResource with source = page URL and
// selectors [TextQuoteSelector, TextPositionSelector]; motivation `assessing` when there is a
// verdict, `commenting` when there is only a comment or claim note, `highlighting` otherwise.
// Bodies are TextualBody with a purpose: assessing (verdict label), commenting (comment),
// describing (note on the article's claim), tagging (concept id).
//
// What the W3C's own test suite asks for beyond the MUSTs (its SHOULDs), and how it is met:
// - Collection and page have ids (IRIs derived from the annotation ids and the export time, so the
//   same export is byte-identical), the page has its own @context and `partOf`, the collection `last`.
// - Every annotation has a `creator` and a `generator` (Agents with id, type, name and nickname).
//   SuppLens never records who a reviewer is: a review's creator is the reviewer role, the same
//   anonymous Agent in every export; a plain detection's creator is SuppLens itself.
// - Every body has `format`, `language` (`en` for our own labels, `und` for a reviewer's free text,
//   whose language is not recorded, `zxx` for a concept id, which is no language), `creator` and
//   `created` (bodies are rewritten on each edit: the review's last change).
// - The target's source is described with its `format` (text/html). Its language, author and
//   publication date are not recorded, so the target has no `language`, `creator` or `created`.
//
// The `supplens` member carries what the model has no field for (page title, notes shown,
// knowledge-base version). It is not in the anno.jsonld context, so JSON-LD processors ignore it;
// our importer reads it for a lossless round trip.
//
// Deviation shared with the Hypothesis client: TextPositionSelector offsets are UTF-16 code
// units of the page text, not code points; they differ only after astral characters (emoji).
import type { Review } from '../reviews/model';
import { VERDICT_LABELS } from '../reviews/model';
import { type AnnotationInput, conceptNamesOf, type ExportOptions, stableHash, toRecord } from './items';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface W3CAgent {
  id: string;
  type: 'Software' | 'Person';
  name: string;
  nickname: string;
}

/** What wrote the file (and what made a plain detection). */
export const SUPPLENS_AGENT: W3CAgent = {
  id: 'urn:supplens:extension',
  type: 'Software',
  name: 'SuppLens',
  nickname: 'supplens',
};
/** Whoever reviewed: SuppLens records no identity, so every review has this one anonymous role. */
export const REVIEWER_AGENT: W3CAgent = {
  id: 'urn:supplens:reviewer',
  type: 'Person',
  name: 'SuppLens reviewer',
  nickname: 'reviewer',
};

export interface W3CTextualBody {
  type: 'TextualBody';
  purpose: 'assessing' | 'commenting' | 'describing' | 'tagging';
  value: string;
  format: 'text/plain';
  /** BCP 47: `en` for our labels, `und` for free text, `zxx` for an identifier. */
  language: 'en' | 'und' | 'zxx';
  creator: W3CAgent;
  created: string;
}

export type W3CSelector =
  | { type: 'TextQuoteSelector'; exact: string; prefix: string; suffix: string }
  | { type: 'TextPositionSelector'; start: number; end: number };

export interface W3CAnnotation {
  '@context': typeof ANNO_CONTEXT;
  id: string;
  type: 'Annotation';
  motivation: 'assessing' | 'commenting' | 'highlighting';
  created: string;
  modified: string;
  creator: W3CAgent;
  generator: W3CAgent;
  body?: W3CTextualBody[];
  target: { source: { id: string; type: 'Text'; format: 'text/html' }; selector: W3CSelector[] };
  supplens: {
    version: 1;
    reviewId: string;
    conceptId: string;
    conceptName?: string;
    verdict?: string;
    pageTitle: string;
    shownNoteIds: string[];
    kbVersion: string;
  };
}

export interface W3CPage {
  '@context': typeof ANNO_CONTEXT;
  id: string;
  type: 'AnnotationPage';
  partOf: { id: string; label: string; total: number };
  startIndex: 0;
  items: W3CAnnotation[];
}

export interface W3CCollection {
  '@context': typeof ANNO_CONTEXT;
  id: string;
  type: 'AnnotationCollection';
  label: string;
  total: number;
  generator: W3CAgent;
  /** One page holds everything: it is the first and the last. */
  first: W3CPage;
  last: string;
}

/** IRI of a review id: urn:uuid:… for UUIDs, urn:supplens:annotation:… otherwise. */
export function annotationIri(id: string): string {
  return UUID.test(id) ? `urn:uuid:${id.toLowerCase()}` : `urn:supplens:annotation:${encodeURIComponent(id)}`;
}

export function toW3CAnnotation(r: Review, conceptName?: string): W3CAnnotation {
  const reviewed = !!(r.verdict || r.comment || r.claimNote);
  const creator = reviewed ? REVIEWER_AGENT : SUPPLENS_AGENT;
  const body = (
    purpose: W3CTextualBody['purpose'],
    value: string,
    language: W3CTextualBody['language'],
    by: W3CAgent,
  ): W3CTextualBody => ({
    type: 'TextualBody',
    purpose,
    value,
    format: 'text/plain',
    language,
    creator: { ...by },
    created: r.updatedAt,
  });
  const bodies: W3CTextualBody[] = [];
  if (r.verdict) bodies.push(body('assessing', VERDICT_LABELS[r.verdict], 'en', REVIEWER_AGENT));
  if (r.comment) bodies.push(body('commenting', r.comment, 'und', REVIEWER_AGENT));
  if (r.claimNote) bodies.push(body('describing', r.claimNote, 'und', REVIEWER_AGENT));
  // The concept is what SuppLens detected, whoever reviewed it.
  if (r.conceptId) bodies.push(body('tagging', r.conceptId, 'zxx', SUPPLENS_AGENT));
  const selector: W3CSelector[] = [
    { type: 'TextQuoteSelector', exact: r.quote.exact, prefix: r.quote.prefix, suffix: r.quote.suffix },
  ];
  if (r.position.end > r.position.start)
    selector.push({ type: 'TextPositionSelector', start: r.position.start, end: r.position.end });
  return {
    '@context': ANNO_CONTEXT,
    id: annotationIri(r.id),
    type: 'Annotation',
    motivation: r.verdict ? 'assessing' : r.comment || r.claimNote ? 'commenting' : 'highlighting',
    created: r.createdAt,
    modified: r.updatedAt,
    creator: { ...creator },
    generator: { ...SUPPLENS_AGENT },
    ...(bodies.length ? { body: bodies } : {}),
    target: { source: { id: r.pageUrl, type: 'Text', format: 'text/html' }, selector },
    supplens: {
      version: 1,
      reviewId: r.id,
      conceptId: r.conceptId,
      ...(conceptName ? { conceptName } : {}),
      ...(r.verdict ? { verdict: r.verdict } : {}),
      pageTitle: r.pageTitle,
      shownNoteIds: [...r.shownNoteIds],
      kbVersion: r.kbVersion,
    },
  };
}

/**
 * An AnnotationCollection holding every item in one embedded AnnotationPage. The page and each
 * annotation also carry their own @context, so they stay valid when taken out of the collection.
 * The collection's id is derived from its content and the export time: exporting the same reviews
 * at the same moment gives the same file, and two different exports never share an id.
 */
export function toW3C(
  items: readonly AnnotationInput[],
  opts: ExportOptions & { label?: string } = {},
): W3CCollection {
  const now = opts.now ?? new Date();
  const names = conceptNamesOf(items, opts.conceptNames);
  const annotations = items.map((it) => {
    const r = toRecord(it, now);
    return toW3CAnnotation(r, names[r.conceptId]);
  });
  const id = `urn:supplens:collection:${stableHash([now.toISOString(), ...annotations.map((a) => a.id)].join('\u0000'))}`;
  const page = `${id}:page:1`;
  const label = opts.label ?? 'SuppLens annotations';
  return {
    '@context': ANNO_CONTEXT,
    id,
    type: 'AnnotationCollection',
    label,
    total: annotations.length,
    generator: { ...SUPPLENS_AGENT },
    first: {
      '@context': ANNO_CONTEXT,
      id: page,
      type: 'AnnotationPage',
      partOf: { id, label, total: annotations.length },
      startIndex: 0,
      items: annotations,
    },
    last: page,
  };
}

/** The collection as JSON text, one annotation per line: compact, yet diff- and grep-friendly. */
export function toW3CJson(
  items: readonly AnnotationInput[],
  opts: ExportOptions & { label?: string } = {},
): string {
  const { first, last, ...head } = toW3C(items, opts);
  const { items: annotations, ...page } = first;
  const open = (o: object) => JSON.stringify(o).slice(0, -1);
  const lines = annotations.map((a) => JSON.stringify(a));
  return `${open(head)},"first":${open(page)},"items":[\n${lines.join(',\n')}\n]},"last":${JSON.stringify(last)}}\n`;
}

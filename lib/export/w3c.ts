// W3C Web Annotation Data Model (JSON-LD, http://www.w3.org/ns/anno.jsonld).
// One Annotation per review or detection: target = SpecificResource with source = page URL and
// selectors [TextQuoteSelector, TextPositionSelector]; motivation `assessing` when there is a
// verdict, `commenting` when there is only a comment or claim note, `highlighting` otherwise.
// Bodies are TextualBody with a purpose: assessing (verdict label), commenting (comment),
// describing (note on the article's claim), tagging (concept id).
//
// The `supplens` member carries what the model has no field for (page title, notes shown,
// knowledge-base version). It is not in the anno.jsonld context, so JSON-LD processors ignore it;
// our importer reads it for a lossless round trip.
//
// Deviation shared with the Hypothesis client: TextPositionSelector offsets are UTF-16 code
// units of the page text, not code points; they differ only after astral characters (emoji).
import type { Review } from '../reviews/model';
import { VERDICT_LABELS } from '../reviews/model';
import { type AnnotationInput, conceptNamesOf, type ExportOptions, toRecord } from './items';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface W3CTextualBody {
  type: 'TextualBody';
  purpose: 'assessing' | 'commenting' | 'describing' | 'tagging';
  value: string;
  format: 'text/plain';
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
  body?: W3CTextualBody[];
  target: { source: string; selector: W3CSelector[] };
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

export interface W3CCollection {
  '@context': typeof ANNO_CONTEXT;
  type: 'AnnotationCollection';
  label: string;
  total: number;
  generator: typeof GENERATOR;
  first: { type: 'AnnotationPage'; startIndex: 0; items: W3CAnnotation[] };
}

const GENERATOR = { id: 'urn:supplens:extension', type: 'Software', name: 'SuppLens' } as const;

/** IRI of a review id: urn:uuid:… for UUIDs, urn:supplens:annotation:… otherwise. */
export function annotationIri(id: string): string {
  return UUID.test(id) ? `urn:uuid:${id.toLowerCase()}` : `urn:supplens:annotation:${encodeURIComponent(id)}`;
}

function body(purpose: W3CTextualBody['purpose'], value: string): W3CTextualBody {
  return { type: 'TextualBody', purpose, value, format: 'text/plain' };
}

export function toW3CAnnotation(r: Review, conceptName?: string): W3CAnnotation {
  const bodies: W3CTextualBody[] = [];
  if (r.verdict) bodies.push(body('assessing', VERDICT_LABELS[r.verdict]));
  if (r.comment) bodies.push(body('commenting', r.comment));
  if (r.claimNote) bodies.push(body('describing', r.claimNote));
  if (r.conceptId) bodies.push(body('tagging', r.conceptId));
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
    ...(bodies.length ? { body: bodies } : {}),
    target: { source: r.pageUrl, selector },
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
 * An AnnotationCollection holding every item in one embedded AnnotationPage. Each annotation also
 * carries its own @context, so it stays valid when taken out of the collection.
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
  return {
    '@context': ANNO_CONTEXT,
    type: 'AnnotationCollection',
    label: opts.label ?? 'SuppLens annotations',
    total: annotations.length,
    generator: { ...GENERATOR },
    first: { type: 'AnnotationPage', startIndex: 0, items: annotations },
  };
}

/** The collection as JSON text, one annotation per line: compact, yet diff- and grep-friendly. */
export function toW3CJson(
  items: readonly AnnotationInput[],
  opts: ExportOptions & { label?: string } = {},
): string {
  const { first, ...head } = toW3C(items, opts);
  const { items: annotations, ...page } = first;
  const open = (o: object) => JSON.stringify(o).slice(0, -1);
  const lines = annotations.map((a) => JSON.stringify(a));
  return `${open(head)},"first":${open(page)},"items":[\n${lines.join(',\n')}\n]}}\n`;
}

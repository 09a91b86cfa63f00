// Reading an import file: our JSON export or W3C Web Annotation JSON-LD. Pure: it returns the
// reviews to add (validated) or one clear error for the whole file. A file-level error means
// nothing is written; the repository's importReviews then adds the reviews in one transaction.
//
// File-level errors (whole file rejected): empty, not JSON, too large, neither of our formats,
// our format with another version, a count that does not match (truncated/edited), any invalid
// review in our format (our own files must be intact), W3C without the anno.jsonld @context, a
// collection whose items are not embedded, or no usable annotation at all.
// Entry-level rejections (W3C only, the rest is imported): annotations we cannot represent, e.g.
// no TextQuoteSelector or a target that is not a web page.
import * as v from 'valibot';
import { canonicalPageUrl, siteOf } from '../anchoring/page-url';
import { type Review, VERDICT_LABELS, VERDICTS, type Verdict } from '../reviews/model';
import { stableHash } from './items';
import { JSON_FORMAT, JSON_VERSION } from './json';
import {
  describeValibotIssues,
  EnvelopeSchema,
  MAX_IMPORT_CHARS,
  MAX_IMPORT_ENTRIES,
  ReviewSchema,
  TimestampSchema,
  W3CExtensionSchema,
} from './schema';
import { ANNO_CONTEXT } from './w3c';

export interface Rejection {
  index: number;
  reason: string;
}

export type ImportParse =
  | { ok: true; format: 'supplens' | 'w3c'; reviews: Review[]; rejected: Rejection[] }
  | { ok: false; error: string };

type Json = unknown;
const isObject = (x: Json): x is Record<string, Json> => !!x && typeof x === 'object' && !Array.isArray(x);
const asArray = (x: Json): Json[] => (x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]);
const hasType = (x: Json, t: string) => isObject(x) && asArray(x.type).includes(t);

function fail(error: string): ImportParse {
  return { ok: false, error };
}

/** Parses and validates an import file. `now` stamps W3C annotations that carry no dates. */
export function parseImport(text: string, now: Date = new Date()): ImportParse {
  if (text.length > MAX_IMPORT_CHARS)
    return fail(
      `The file is too large (${(text.length / 1048576).toFixed(1)} MB; the limit is ${MAX_IMPORT_CHARS / 1048576} MB).`,
    );
  const body = text.replace(/^\ufeff/, '');
  if (!body.trim()) return fail('The file is empty.');
  let doc: Json;
  try {
    doc = JSON.parse(body);
  } catch (e) {
    return fail(`The file is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (isObject(doc) && doc.format === JSON_FORMAT) return parseOurs(doc);
  if (isObject(doc) && 'format' in doc && 'reviews' in doc) {
    const shown = typeof doc.format === 'string' ? doc.format : JSON.stringify(doc.format);
    return fail(`Unknown export format "${String(shown).slice(0, 60)}" (expected "${JSON_FORMAT}").`);
  }
  if (
    (Array.isArray(doc) && doc.length > 0 && doc.every((x) => hasType(x, 'Annotation'))) ||
    hasType(doc, 'Annotation') ||
    hasType(doc, 'AnnotationCollection') ||
    hasType(doc, 'AnnotationPage')
  )
    return parseW3C(doc, now);
  return fail('This is neither a SuppLens review export nor a W3C Web Annotation file.');
}

// ---- our JSON -------------------------------------------------------------------------------

function parseOurs(doc: Record<string, Json>): ImportParse {
  const env = v.safeParse(EnvelopeSchema, doc);
  if (!env.success) return fail(`The SuppLens export is damaged: ${describeValibotIssues(env.issues)}.`);
  const { version, count, reviews } = env.output;
  if (version !== JSON_VERSION)
    return fail(
      `This SuppLens export has version ${version}; this version of SuppLens reads version ${JSON_VERSION}.`,
    );
  if (reviews.length > MAX_IMPORT_ENTRIES)
    return fail(
      `The file has ${reviews.length} reviews; at most ${MAX_IMPORT_ENTRIES} can be imported at once.`,
    );
  if (count !== undefined && count !== reviews.length)
    return fail(
      `The file says it holds ${count} reviews but contains ${reviews.length}; it may be truncated or edited.`,
    );
  const out: Review[] = [];
  const problems: string[] = [];
  reviews.forEach((raw, i) => {
    const r = v.safeParse(ReviewSchema, raw);
    if (!r.success) {
      const id =
        isObject(raw) && typeof raw.id === 'string' ? ` (id ${JSON.stringify(raw.id.slice(0, 40))})` : '';
      problems.push(`review ${i + 1}${id}: ${describeValibotIssues(r.issues)}`);
      return;
    }
    const { site: _site, ...rest } = r.output;
    const pageUrl = canonicalPageUrl(rest.pageUrl);
    out.push(canonicalise({ ...rest, pageUrl, site: siteOf(pageUrl) }));
  });
  if (problems.length)
    return fail(
      `${problems.length} of ${reviews.length} reviews are invalid, so nothing was imported: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''}.`,
    );
  return { ok: true, format: 'supplens', reviews: out, rejected: [] };
}

/** Drops keys whose value is undefined (valibot keeps optional keys that were absent as absent). */
function canonicalise(r: Review): Review {
  const out = { ...r } as Record<string, unknown>;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as unknown as Review;
}

// ---- W3C Web Annotation ---------------------------------------------------------------------

const hasAnnoContext = (x: Json) =>
  isObject(x) &&
  asArray(x['@context']).some(
    (c) =>
      c === ANNO_CONTEXT || c === 'https://www.w3.org/ns/anno.jsonld' || c === 'http://www.w3.org/ns/anno',
  );

function parseW3C(doc: Json, now: Date): ImportParse {
  let items: Json[];
  if (Array.isArray(doc)) items = doc;
  else if (hasType(doc, 'AnnotationCollection')) {
    const first = (doc as Record<string, Json>).first;
    if (first === undefined) items = [];
    else if (!isObject(first))
      return fail(
        'The AnnotationCollection links to its pages instead of embedding them; export it with items embedded.',
      );
    else items = asArray(first.items);
  } else if (hasType(doc, 'AnnotationPage')) items = asArray((doc as Record<string, Json>).items);
  else items = [doc];

  const topContext = !Array.isArray(doc) && hasAnnoContext(doc);
  if (!topContext && !(items.length > 0 && items.every(hasAnnoContext)))
    return fail(
      `The file has no Web Annotation @context ("${ANNO_CONTEXT}"), so it is not W3C Web Annotation JSON-LD.`,
    );
  if (!items.length) return fail('The file contains no annotations.');
  if (items.length > MAX_IMPORT_ENTRIES)
    return fail(
      `The file has ${items.length} annotations; at most ${MAX_IMPORT_ENTRIES} can be imported at once.`,
    );

  const reviews: Review[] = [];
  const rejected: Rejection[] = [];
  items.forEach((item, index) => {
    const r = fromAnnotation(item, now);
    if (typeof r === 'string') rejected.push({ index, reason: r });
    else reviews.push(r);
  });
  if (!reviews.length)
    return fail(`None of the ${items.length} annotations can be imported: ${groupReasons(rejected)}.`);
  return { ok: true, format: 'w3c', reviews, rejected };
}

const ID_RE = /^[\w.:~%-]{1,200}$/;

function reviewIdFrom(annotationId: Json, fallbackKey: string): string {
  if (typeof annotationId === 'string') {
    const uuid = /^urn:uuid:([0-9a-f-]{36})$/i.exec(annotationId);
    if (uuid) return uuid[1]!.toLowerCase();
    const ours = /^urn:supplens:annotation:(.+)$/.exec(annotationId);
    if (ours) {
      try {
        const id = decodeURIComponent(ours[1]!);
        if (ID_RE.test(id)) return id;
      } catch {}
    }
    return `w3c-${stableHash(annotationId)}`;
  }
  return `w3c-${stableHash(fallbackKey)}`;
}

function verdictFrom(value: string): Verdict | undefined {
  const t = value.trim().toLowerCase();
  return VERDICTS.find((k) => k === t || VERDICT_LABELS[k].toLowerCase() === t);
}

function timestamp(x: Json): string | undefined {
  const r = v.safeParse(TimestampSchema, x);
  return r.success ? r.output : undefined;
}

function sourceOf(target: Record<string, Json>): string | undefined {
  const s = target.source;
  if (typeof s === 'string') return s;
  if (isObject(s) && typeof s.id === 'string') return s.id;
  return undefined;
}

/** A Review, or the reason the annotation cannot become one. */
function fromAnnotation(a: Json, now: Date): Review | string {
  if (!isObject(a) || !asArray(a.type).includes('Annotation')) return 'not an Annotation';
  const targets = asArray(a.target);
  if (!targets.length) return 'no target';
  let source: string | undefined;
  let quote: { exact: string; prefix: string; suffix: string } | undefined;
  let position: { start: number; end: number } | undefined;
  for (const t of targets) {
    if (!isObject(t)) continue;
    const src = sourceOf(t);
    const selectors = asArray(t.selector).filter(isObject);
    const q = selectors.find((s) => s.type === 'TextQuoteSelector');
    if (!src || !q) continue;
    if (typeof q.exact !== 'string' || !q.exact) return 'TextQuoteSelector without exact text';
    source = src;
    quote = {
      exact: q.exact,
      prefix: typeof q.prefix === 'string' ? q.prefix : '',
      suffix: typeof q.suffix === 'string' ? q.suffix : '',
    };
    const p = selectors.find((s) => s.type === 'TextPositionSelector');
    if (
      p &&
      Number.isInteger(p.start) &&
      Number.isInteger(p.end) &&
      (p.start as number) >= 0 &&
      (p.end as number) > (p.start as number)
    )
      position = { start: p.start as number, end: p.end as number };
    break;
  }
  if (!source || !quote) return 'no text target (TextQuoteSelector on a source page)';

  const ext = v.safeParse(W3CExtensionSchema, a.supplens);
  const extra = ext.success ? ext.output : undefined;
  const motivation = asArray(a.motivation).find((m) => typeof m === 'string') as string | undefined;
  let verdict: Verdict | undefined = extra?.verdict;
  let conceptId = extra?.conceptId;
  const comments: string[] = [];
  const claimNotes: string[] = [];
  if (typeof a.bodyValue === 'string' && a.bodyValue.trim()) comments.push(a.bodyValue.trim());
  for (const b of asArray(a.body)) {
    if (!isObject(b) || typeof b.value !== 'string' || !b.value.trim()) continue;
    const purpose =
      (asArray(b.purpose).find((p) => typeof p === 'string') as string | undefined) ?? motivation;
    const value = b.value.trim();
    if (purpose === 'assessing') {
      const vd = verdictFrom(value);
      if (vd) verdict ??= vd;
      else comments.push(`Assessment: ${value}`);
    } else if (purpose === 'describing') claimNotes.push(value);
    else if (purpose === 'tagging' || purpose === 'classifying' || purpose === 'identifying') {
      if (!conceptId && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value) && value.length <= 80) conceptId = value;
    } else comments.push(value);
  }

  const created = timestamp(a.created) ?? now.toISOString();
  const modified = timestamp(a.modified) ?? created;
  const candidate = {
    id:
      extra?.reviewId ?? reviewIdFrom(a.id, [source, quote.exact, position?.start, conceptId].join('\u0000')),
    pageUrl: source,
    pageTitle: extra?.pageTitle ?? '',
    conceptId: conceptId ?? '',
    quote: { type: 'TextQuoteSelector', ...quote },
    position: { type: 'TextPositionSelector', start: position?.start ?? 0, end: position?.end ?? 0 },
    ...(verdict ? { verdict } : {}),
    ...(comments.length ? { comment: comments.join('\n\n') } : {}),
    ...(claimNotes.length ? { claimNote: claimNotes.join('\n\n') } : {}),
    shownNoteIds: extra?.shownNoteIds ?? [],
    kbVersion: extra?.kbVersion ?? '',
    createdAt: created,
    updatedAt: modified,
  };
  const r = v.safeParse(ReviewSchema, candidate);
  if (!r.success) {
    const issue = describeValibotIssues(r.issues, 1);
    return issue.startsWith('pageUrl') ? 'target source is not a web page URL' : issue;
  }
  const { site: _site, ...rest } = r.output;
  const pageUrl = canonicalPageUrl(rest.pageUrl);
  return canonicalise({ ...rest, pageUrl, site: siteOf(pageUrl) });
}

// ---- summary --------------------------------------------------------------------------------

export function groupReasons(rejected: readonly Rejection[]): string {
  const counts = new Map<string, number>();
  for (const r of rejected) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
  return [...counts]
    .slice(0, 5)
    .map(([reason, n]) => (n > 1 ? `${n} × ${reason}` : reason))
    .join('; ');
}

/** "N imported, M duplicates skipped, K rejected: why" */
export function importSummary(o: {
  imported: number;
  duplicates: number;
  rejected: readonly Rejection[];
}): string {
  const k = o.rejected.length;
  return `${o.imported} imported, ${o.duplicates} duplicates skipped, ${k} rejected${k ? `: ${groupReasons(o.rejected)}` : ''}`;
}

export function importFailure(error: string): string {
  return `Import failed: ${error} Nothing was changed.`;
}

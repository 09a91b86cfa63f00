// What the page says about itself (title, schema.org types, meta tags), for the health verdict.
import type { PageMeta } from '../../lib/matching/types';
import { PAGE_META_LIMITS } from '../../lib/messaging/protocol';
import { PAGE_META_NAMES } from '../../lib/text/visible';

/** schema.org @type values of one JSON-LD block, including nested objects and @graph (pure). */
export function schemaTypesFromJsonLd(json: string): string[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return [];
  }
  const out = new Set<string>();
  const visit = (x: unknown, depth: number) => {
    if (depth > 6 || out.size > 50) return;
    if (Array.isArray(x)) {
      for (const y of x) visit(y, depth + 1);
      return;
    }
    if (!x || typeof x !== 'object') return;
    const obj = x as Record<string, unknown>;
    const t = obj['@type'];
    for (const v of Array.isArray(t) ? t : [t]) if (typeof v === 'string') out.add(lastSegment(v));
    for (const [k, v] of Object.entries(obj)) if (k !== '@type' && typeof v === 'object') visit(v, depth + 1);
  };
  visit(data, 0);
  return [...out];
}

/** "https://schema.org/MedicalWebPage" -> "MedicalWebPage" (pure). */
export function lastSegment(type: string): string {
  const t = type.trim();
  const i = Math.max(t.lastIndexOf('/'), t.lastIndexOf('#'), t.lastIndexOf(':'));
  return i >= 0 ? t.slice(i + 1) : t;
}

/** One walk of the document for all three kinds (three queries cost three walks of a huge page). */
const DESCRIBING = 'script[type="application/ld+json"], [itemtype], meta[name], meta[property]';

export function readPageMeta(doc: Document, url: string): PageMeta {
  const L = PAGE_META_LIMITS;
  const types = new Set<string>();
  const meta: string[] = [];
  let metaChars = 0;
  for (const el of doc.querySelectorAll(DESCRIBING)) {
    const tag = el.localName;
    if (tag === 'meta') {
      const key = (el.getAttribute('name') ?? el.getAttribute('property') ?? '').toLowerCase();
      if (metaChars < L.metaText && PAGE_META_NAMES.includes(key)) {
        const content = el.getAttribute('content') ?? '';
        meta.push(content);
        metaChars += content.length + 3;
      }
    } else if (tag === 'script' && el.getAttribute('type') === 'application/ld+json') {
      if (types.size < L.types) for (const t of schemaTypesFromJsonLd(el.textContent ?? '')) types.add(t);
    }
    // A JSON-LD script or a meta tag may carry itemtype too.
    const itemtype = el.getAttribute('itemtype');
    if (itemtype && types.size < L.types)
      for (const t of itemtype.split(/\s+/)) if (t) types.add(lastSegment(t));
  }
  // Cut to what a scan request accepts: a hostile page's description can be any size.
  return {
    title: doc.title.slice(0, L.title),
    schemaTypes: [...types].slice(0, L.types).map((t) => t.slice(0, L.type)),
    metaText: meta.filter(Boolean).join(' \n ').slice(0, L.metaText),
    url: url.slice(0, L.url),
  };
}

// The review page's filter as the reader sets it (form fields, the page's query string) and as
// the background takes it ('review-list', 'review-export'). Pure.
import type { ReviewFilter } from './model';

export interface UiFilter {
  text: string;
  site: string;
  conceptId: string;
  verdict: string;
  from: string;
  to: string;
  anchor: string;
  pageUrl: string;
}

export const EMPTY_FILTER: UiFilter = {
  text: '',
  site: '',
  conceptId: '',
  verdict: '',
  from: '',
  to: '',
  anchor: '',
  pageUrl: '',
};
export const FILTER_KEYS = Object.keys(EMPTY_FILTER) as (keyof UiFilter)[];

export function filterFromQuery(search: string): UiFilter {
  const q = new URLSearchParams(search);
  const f = { ...EMPTY_FILTER };
  for (const k of FILTER_KEYS) f[k] = q.get(k) ?? '';
  return f;
}

export function filterToQuery(f: UiFilter): string {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k]) q.set(k, f[k]);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Local calendar dates to the ISO instants the background filters createdAt with. */
export function toWireFilter(f: UiFilter): ReviewFilter {
  const out: ReviewFilter = {};
  if (f.text.trim()) out.text = f.text.trim();
  if (f.site) out.site = f.site;
  if (f.conceptId) out.conceptId = f.conceptId;
  if (f.verdict) out.verdict = f.verdict as ReviewFilter['verdict'];
  if (f.anchor) out.anchor = f.anchor as ReviewFilter['anchor'];
  if (f.pageUrl) out.pageUrl = f.pageUrl;
  const day = (s: string) => {
    const d = new Date(`${s}T00:00:00`);
    return Number.isNaN(d.getTime()) ? undefined : d;
  };
  const from = f.from ? day(f.from) : undefined;
  const to = f.to ? day(f.to) : undefined;
  if (from) out.since = from.toISOString();
  if (to) out.until = new Date(to.getFullYear(), to.getMonth(), to.getDate() + 1).toISOString();
  return out;
}

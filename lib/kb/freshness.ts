// How recently a note was checked against its source, in the words every surface shows.
// Evidence moves: a note not checked for three years may describe a superseded picture.

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** Years after which a note's check no longer vouches for it. */
export const STALE_AFTER_YEARS = 3;

export interface Freshness {
  /** "checked December 2026", or "check date unknown" for a malformed date. */
  label: string;
  /** True once STALE_AFTER_YEARS have passed since the check. */
  stale: boolean;
  /** The caveat to show when stale. */
  warning?: string;
}

function parseIsoDate(iso: string): { y: number; m: number; d: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  return { y, m: mo, d };
}

/** `reviewed` and `today` are ISO dates (YYYY-MM-DD); `today` is passed in so callers own the clock. */
export function noteFreshness(reviewed: string, today: string): Freshness {
  const r = parseIsoDate(reviewed);
  const t = parseIsoDate(today);
  if (!r) return { label: 'check date unknown', stale: true, warning: 'It may be out of date.' };
  const label = `checked ${MONTHS[r.m - 1]} ${r.y}`;
  // Compared as dates: 2023-12-05 is stale on 2026-12-05, 2023-12-06 is not yet.
  const stale =
    t !== undefined &&
    (t.y - r.y > STALE_AFTER_YEARS ||
      (t.y - r.y === STALE_AFTER_YEARS && (t.m > r.m || (t.m === r.m && t.d >= r.d))));
  return stale
    ? {
        label,
        stale,
        warning: `Not checked for more than ${STALE_AFTER_YEARS} years: it may be out of date.`,
      }
    : { label, stale };
}

/** Today's date as YYYY-MM-DD in UTC, for callers of noteFreshness. */
export function isoToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

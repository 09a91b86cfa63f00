// CSV per RFC 4180: comma separated, CRLF line ends, fields quoted when they contain a comma,
// quote, CR or LF (quotes doubled), UTF-8. Text cells that a spreadsheet would run as a formula
// (starting with = + - @, tab or CR, also after leading spaces) get a leading apostrophe.
import { VERDICT_LABELS } from '../reviews/model';
import { type AnnotationInput, conceptNamesOf, type ExportOptions, toRecord } from './items';

export const CSV_COLUMNS = [
  'id',
  'page_url',
  'page_title',
  'site',
  'concept_id',
  'concept_name',
  'verdict',
  'verdict_label',
  'comment',
  'claim_note',
  'quote',
  'prefix',
  'suffix',
  'position_start',
  'position_end',
  'shown_note_ids',
  'kb_version',
  'anchor_status',
  'created_at',
  'updated_at',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

export interface CsvOptions extends ExportOptions {
  /** Start with a UTF-8 byte-order mark (helps Excel detect UTF-8). Off by default. */
  bom?: boolean;
}

const FORMULA_START = /^[\s\u00a0]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r]/;

/** Prefixes an apostrophe to text a spreadsheet would read as a formula. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One RFC 4180 field. Numbers are written as they are; strings are neutralised first. */
export function csvField(value: string | number): string {
  const s = typeof value === 'number' ? String(value) : neutraliseFormula(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsvRows(
  items: readonly AnnotationInput[],
  opts: ExportOptions = {},
): (string | number)[][] {
  const now = opts.now ?? new Date();
  const names = conceptNamesOf(items, opts.conceptNames);
  return items.map((it) => {
    const r = toRecord(it, now);
    const row: Record<CsvColumn, string | number> = {
      id: r.id,
      page_url: r.pageUrl,
      page_title: r.pageTitle,
      site: r.site,
      concept_id: r.conceptId,
      concept_name: names[r.conceptId] ?? '',
      verdict: r.verdict ?? '',
      verdict_label: r.verdict ? VERDICT_LABELS[r.verdict] : '',
      comment: r.comment ?? '',
      claim_note: r.claimNote ?? '',
      quote: r.quote.exact,
      prefix: r.quote.prefix,
      suffix: r.quote.suffix,
      position_start: r.position.start,
      position_end: r.position.end,
      shown_note_ids: r.shownNoteIds.join(' '),
      kb_version: r.kbVersion,
      anchor_status: r.anchorStatus ? (r.anchorStatus.method ?? r.anchorStatus.status) : '',
      created_at: r.createdAt,
      updated_at: r.updatedAt,
    };
    return CSV_COLUMNS.map((c) => row[c]);
  });
}

export function toCsv(items: readonly AnnotationInput[], opts: CsvOptions = {}): string {
  const lines = [CSV_COLUMNS.join(','), ...toCsvRows(items, opts).map((row) => row.map(csvField).join(','))];
  return `${opts.bom ? '\ufeff' : ''}${lines.join('\r\n')}\r\n`;
}

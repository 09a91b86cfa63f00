// A readable report: one section per page, its annotations in text order, each with the quote in
// context, verdict, comment, claim note and the evidence notes that were shown.
import type { Review } from '../reviews/model';
import { VERDICT_LABELS } from '../reviews/model';
import { type AnnotationInput, conceptNamesOf, type ExportOptions, toRecord } from './items';

/** Escapes text so Markdown shows it literally (no links, emphasis, HTML or headings). */
export function mdEscape(s: string): string {
  return s
    .replace(/[\\`*_[\]<>#|~&]/g, (c) => `\\${c}`)
    .replace(
      /^(\s*)([-+=]|\d+[.)])/,
      (_m, sp: string, mark: string) => `${sp}${mark.replace(/[-+=.)]/, (c) => `\\${c}`)}`,
    );
}

/**
 * Text taken from the page (title, quote) as an inline code span: renderers then show it as it is,
 * with no autolinks (GFM turns bare https://… and www.… into links, which escaping cannot stop),
 * no HTML and no math. The fence is one backtick longer than the longest run inside.
 */
export function mdCode(s: string): string {
  const text = s.replace(/\s+/g, ' ');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || /^ .* $/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

function quoteLine(r: Review): string {
  const pre = oneLine(r.quote.prefix);
  const suf = oneLine(r.quote.suffix);
  return `> ${pre ? `…${mdCode(pre)} ` : ''}**${mdCode(oneLine(r.quote.exact))}**${suf ? ` ${mdCode(suf)}…` : ''}`;
}

/** A multi-line text as a list item continuation. */
function listText(s: string): string {
  return s
    .trim()
    .split(/\r?\n/)
    .map((line, i) => (i === 0 ? mdEscape(line) : `  ${mdEscape(line)}`))
    .join('\n');
}

function linkTarget(url: string): string {
  return url.replace(/[()<>\s]/g, (c) => encodeURIComponent(c));
}

export interface MarkdownPage {
  pageUrl: string;
  pageTitle: string;
  markdown: string;
}

/** One Markdown report per page, pages in first-seen order, annotations in text order. */
export function toMarkdownPages(items: readonly AnnotationInput[], opts: ExportOptions = {}): MarkdownPage[] {
  const now = opts.now ?? new Date();
  const names = conceptNamesOf(items, opts.conceptNames);
  const pages = new Map<string, Review[]>();
  for (const it of items) {
    const r = toRecord(it, now);
    const list = pages.get(r.pageUrl) ?? [];
    list.push(r);
    pages.set(r.pageUrl, list);
  }
  const out: MarkdownPage[] = [];
  for (const [pageUrl, list] of pages) {
    list.sort((a, b) => a.position.start - b.position.start || a.id.localeCompare(b.id));
    const title = list.find((r) => r.pageTitle)?.pageTitle || pageUrl;
    const verdicts = list.filter((r) => r.verdict).length;
    const lines: string[] = [
      `## ${title === pageUrl ? mdEscape(oneLine(title)) : mdCode(oneLine(title))}`,
      '',
      `<${linkTarget(pageUrl)}>`,
      '',
      `${list.length} annotation${list.length === 1 ? '' : 's'}, ${verdicts} with a verdict.`,
      '',
    ];
    list.forEach((r, i) => {
      const concept = names[r.conceptId] ?? (r.conceptId || 'No concept');
      const verdict = r.verdict ? VERDICT_LABELS[r.verdict] : 'No verdict';
      lines.push(`### ${i + 1}. ${mdEscape(concept)}: ${verdict}`, '', quoteLine(r), '');
      if (r.comment) lines.push(`- Comment: ${listText(r.comment)}`);
      if (r.claimNote) lines.push(`- Note on the article's claim: ${listText(r.claimNote)}`);
      if (r.shownNoteIds.length)
        lines.push(
          `- Evidence notes shown: ${r.shownNoteIds.map(mdEscape).join(', ')}${r.kbVersion ? ` (knowledge base ${mdEscape(r.kbVersion)})` : ''}`,
        );
      if (r.anchorStatus?.status === 'orphan')
        lines.push(
          `- Not found on the page at the last visit (${r.anchorStatus.checkedAt.slice(0, 10)}): orphan`,
        );
      const when = r.createdAt.slice(0, 10);
      const updated = r.updatedAt.slice(0, 10);
      lines.push(`- Recorded ${when}${updated && updated !== when ? `, updated ${updated}` : ''}`, '');
    });
    out.push({ pageUrl, pageTitle: title, markdown: lines.join('\n') });
  }
  return out;
}

export function toMarkdown(
  items: readonly AnnotationInput[],
  opts: ExportOptions & { title?: string } = {},
): string {
  const now = opts.now ?? new Date();
  const pages = toMarkdownPages(items, { ...opts, now });
  const head = [
    `# ${mdEscape(opts.title ?? 'SuppLens review report')}`,
    '',
    `Exported ${now.toISOString().slice(0, 10)}: ${items.length} annotation${items.length === 1 ? '' : 's'} on ${pages.length} page${pages.length === 1 ? '' : 's'}.`,
    '',
    'SuppLens informs; it does not give medical advice.',
    '',
  ];
  return `${[...head, ...pages.map((p) => p.markdown)].join('\n').trimEnd()}\n`;
}

// supplens: command-line access to the same detection code as the extension.
//
//   supplens annotate <file.html|dir|http(s)-url>... [--format json|csv|w3c|md] [--explain] [--summary]
//   supplens kb stats [--json]
//
// annotate, JSON (default): one JSON object per input per line (JSON Lines), in input order:
//   {"file":..., "health":true|false, "score":0.71,
//    "mentions":[{"text","kind","id","name","start","end"}...],
//    "doses":[{"conceptId","text","amount","unit","normalizedAmount"?,"limit"?,"limitUnit"?,"limitAppliesTo"?,"aboveLimit","start","end"}...]}
// Offsets are into the page's visible text (one line per block, see lib/text/visible.ts).
// --explain adds "rejected" (matches not reported, with the reason) and "definitions" (JSON only).
//
// The other formats are the reviewer exports of lib/export, one annotation per mention (doses
// are not annotations), without a verdict, as the extension exports "what SuppLens showed":
//   csv  RFC 4180 (CRLF, UTF-8, formula-like cells neutralised): the header row of
//        lib/export CSV_COLUMNS, then one row per mention of every input, in input order.
//   w3c  ONE W3C Web Annotation JSON-LD document for the whole batch: an AnnotationCollection
//        whose annotations have motivation "highlighting", target.source = the input's URL (a
//        file path becomes a file:// URL, an http(s) argument stays as given) and a
//        TextQuoteSelector + TextPositionSelector.
//   md   the readable Markdown report: a title, then one section per input, in input order
//        (a page without mentions gets a section saying so).
// Export selectors refer to the page's anchoring text (every Text node under <body>, see
// lib/text/page-text.ts and docs/reviewer-integration.md), not to the visible text, so the
// extension and other W3C tools re-anchor them.
// A directory argument means every .html/.htm file below it. A URL is fetched only because the
// user passed it. An input that cannot be read is reported on stderr; the others still run; the
// exit code is then 1. Exit code 2: usage error.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeText, type PageAnalysisDetail } from '../../../lib/annotate/analyze';
import {
  CSV_COLUMNS,
  csvField,
  type Detection,
  detectionsFromMentions,
  EXPORT_FORMATS,
  type ExportFormat,
  mdEscape,
  toCsvRows,
  toMarkdownPages,
  toW3CJson,
} from '../../../lib/export';
import { notesByCheckedYear, supplementsWithoutSafetyNote } from '../../../lib/kb/coverage';
import { isoToday, noteFreshness } from '../../../lib/kb/freshness';
import { type KindFamily, kindFamily } from '../../../lib/kb/kinds';
import { EVIDENCE_LEVELS, type KbBundle, type Source } from '../../../lib/kb/types';
import { normalizeSurface } from '../../../lib/matching/normalize';
import { htmlToText } from '../../../lib/text/html';
import { pageTexts, toAnchorSpan } from '../../../lib/text/page-text';
import { type LoadedKb, loadKb } from './kb';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  fetch?: typeof fetch;
}

const USAGE = `usage:
  supplens annotate <file.html|directory|http(s)://url>... [--format json|csv|w3c|md] [--explain] [--summary]
      json  one JSON object per page per line (default); --explain adds rejected matches
      csv   RFC 4180 table, one row per mention (the review-export columns)
      w3c   one W3C Web Annotation JSON-LD collection for all pages
      md    a Markdown report with a section per page
  supplens kb stats [--json]
  supplens --help`;

class UsageError extends Error {}

interface AnnotateOptions {
  format: ExportFormat;
  explain: boolean;
  summary: boolean;
  inputs: string[];
}

function parseAnnotate(args: string[]): AnnotateOptions {
  const opts: AnnotateOptions = { format: 'json', explain: false, summary: false, inputs: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if ((EXPORT_FORMATS as readonly string[]).includes(v ?? '')) opts.format = v as ExportFormat;
      else throw new UsageError(`unknown --format ${v ?? '(missing)'}: use json, csv, w3c or md`);
    } else if (a === '--explain') opts.explain = true;
    else if (a === '--summary') opts.summary = true;
    else if (a === '--') {
      opts.inputs.push(...args.slice(i + 1));
      break;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else opts.inputs.push(a);
  }
  if (opts.inputs.length === 0) throw new UsageError('annotate needs at least one file, directory or URL');
  if (opts.explain && opts.format !== 'json') throw new UsageError('--explain needs --format json');
  return opts;
}

function isUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

/** Expands directories into the HTML files below them (sorted). */
function expandInputs(inputs: string[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    if (isUrl(input)) {
      out.push(input);
      continue;
    }
    let isDir = false;
    try {
      isDir = statSync(input).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) {
      out.push(input);
      continue;
    }
    const walk = (dir: string) => {
      for (const name of readdirSync(dir).sort()) {
        const p = join(dir, name);
        let st: ReturnType<typeof statSync>;
        try {
          st = statSync(p);
        } catch {
          continue;
        }
        if (st.isDirectory()) walk(p);
        else if (/\.html?$/i.test(name)) out.push(p);
      }
    };
    walk(input);
  }
  return out;
}

async function readInput(input: string, io: Io): Promise<{ html: string; url?: string }> {
  if (isUrl(input)) {
    const f = io.fetch ?? fetch;
    const res = await f(input, { redirect: 'follow', signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    return { html: await res.text(), url: res.url || input };
  }
  return { html: readFileSync(input, 'utf8') };
}

export function annotateHtml(html: string, kb: LoadedKb, url?: string): PageAnalysisDetail {
  const page = htmlToText(html);
  const meta = url ? { ...page.meta, url: page.meta.url ?? url } : page.meta;
  return analyzeText(page.text, kb.lexicon, meta, kb.bundle.concepts);
}

/** The URL exported annotations point at: an http(s) input as given, a file as a file:// URL. */
export function sourceUrl(input: string): string {
  return isUrl(input) ? input : pathToFileURL(resolve(input)).href;
}

export interface PageExport {
  analysis: PageAnalysisDetail;
  /** The page's <title>, or "". */
  title: string;
  /** One detection per mention, with selectors into the page's anchoring text. */
  detections: Detection[];
}

/** Detection as annotateHtml does it, plus the mentions as export detections of `source`. */
export function exportHtml(html: string, kb: LoadedKb, source: string, url?: string): PageExport {
  const texts = pageTexts(html);
  const { page } = texts;
  const meta = url ? { ...page.meta, url: page.meta.url ?? url } : page.meta;
  const analysis = analyzeText(page.text, kb.lexicon, meta, kb.bundle.concepts);
  const mentions = analysis.mentions.map((m) => {
    const span = toAnchorSpan(texts, m.start, m.end);
    if (!span) throw new Error(`internal error: mention "${m.text}" at ${m.start} has no page text`);
    return { ...span, id: m.id, name: m.name };
  });
  const detections = detectionsFromMentions(
    { url: source, title: page.meta.title, text: texts.anchorText },
    mentions,
    { kbVersion: kb.bundle.version },
  );
  return { analysis, title: page.meta.title ?? '', detections };
}

/** Writes a block of text that ends with a line break through the line-oriented Io. */
function writeText(io: Io, text: string): void {
  io.out(text.endsWith('\n') ? text.slice(0, -1) : text);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The Markdown section of a page without mentions, shaped like lib/export's page sections. */
function emptyMarkdownSection(source: string, title: string): string {
  const link = source.replace(/[()<>\s]/g, (c) => encodeURIComponent(c));
  return [`## ${mdEscape(oneLine(title) || source)}`, '', `<${link}>`, '', 'No mentions found.', ''].join(
    '\n',
  );
}

function markdownReport(sections: string[], annotations: number, now: Date): string {
  const head = [
    '# SuppLens report',
    '',
    `Generated ${now.toISOString().slice(0, 10)} by supplens annotate: ${annotations} annotation${annotations === 1 ? '' : 's'} on ${sections.length} page${sections.length === 1 ? '' : 's'}, without verdicts.`,
    '',
    'SuppLens informs; it does not give medical advice.',
    '',
  ];
  return `${[...head, ...sections].join('\n').trimEnd()}\n`;
}

async function annotate(args: string[], io: Io, kb: () => LoadedKb): Promise<number> {
  const opts = parseAnnotate(args);
  const inputs = expandInputs(opts.inputs);
  if (inputs.length === 0) {
    io.err('supplens: no HTML files found');
    return 1;
  }
  const loaded = kb();
  const now = new Date();
  let failed = 0;
  let health = 0;
  const others: { file: string; mentions: number }[] = [];
  const w3cItems: Detection[] = [];
  const mdSections: string[] = [];
  let mdAnnotations = 0;
  if (opts.format === 'csv') writeText(io, `${CSV_COLUMNS.join(',')}\r\n`);
  for (const input of inputs) {
    let r: PageAnalysisDetail;
    let detections: Detection[] = [];
    let title = '';
    try {
      const { html, url } = await readInput(input, io);
      if (opts.format === 'json') r = annotateHtml(html, loaded, url);
      else {
        ({ analysis: r, detections, title } = exportHtml(html, loaded, sourceUrl(input), url));
      }
    } catch (e) {
      failed++;
      io.err(
        `supplens: ${input}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
      );
      continue;
    }
    if (r.health.isHealth) health++;
    else if (r.mentions.length > 0) others.push({ file: input, mentions: r.mentions.length });
    if (opts.format === 'csv') {
      const rows = toCsvRows(detections, { now }).map((row) => row.map(csvField).join(','));
      if (rows.length > 0) writeText(io, `${rows.join('\r\n')}\r\n`);
    } else if (opts.format === 'w3c') {
      w3cItems.push(...detections);
    } else if (opts.format === 'md') {
      const section = toMarkdownPages(detections, { now })[0]?.markdown;
      mdSections.push(section ?? emptyMarkdownSection(sourceUrl(input), title));
      mdAnnotations += detections.length;
    } else {
      const obj: Record<string, unknown> = {
        file: input,
        health: r.health.isHealth,
        score: r.health.score,
        mentions: r.mentions,
        doses: r.doses,
      };
      if (opts.explain) {
        obj.rejected = r.rejected;
        obj.definitions = r.definitions;
        obj.relevance = r.relevance;
      }
      io.out(JSON.stringify(obj));
    }
  }
  if (opts.format === 'w3c')
    writeText(io, toW3CJson(w3cItems, { now, label: 'SuppLens annotations (supplens annotate)' }));
  if (opts.format === 'md') writeText(io, markdownReport(mdSections, mdAnnotations, now));
  const done = inputs.length - failed;
  if (opts.summary || inputs.length > 1) {
    const mentionsOnOthers = others.reduce((n, o) => n + o.mentions, 0);
    io.err(
      `supplens: ${done} page(s) annotated${failed ? `, ${failed} failed` : ''}; ${health} judged health articles; ` +
        `${mentionsOnOthers} mention(s) on ${others.length} of the other ${done - health} page(s)`,
    );
    if (opts.summary) for (const o of others) io.err(`  not health, ${o.mentions} mention(s): ${o.file}`);
  }
  return failed > 0 ? 1 : 0;
}

function sourceKey(s: Source): string {
  return (
    s.doi
      ? `doi:${s.doi.toLowerCase()}`
      : s.pmid
        ? `pmid:${s.pmid}`
        : s.url
          ? `url:${s.url.replace(/\/+$/, '')}`
          : `title:${s.title}`
  ).trim();
}

export interface KbStats {
  version: string;
  supplements: number;
  surfaceForms: number;
  conditions: number;
  lifeStages: number;
  medications: number;
  notes: number;
  interactionNotes: number;
  sources: number;
  notesByEvidence: Record<string, number>;
  /** Supplements with no safety note of their own or on an ancestor: should be 0. */
  supplementsWithoutSafetyNote: number;
  /** Their ids, to act on. */
  supplementsWithoutSafetyNoteIds: string[];
  /** Notes by the year they were last checked against their source. */
  notesByCheckedYear: Record<string, number>;
  /** Notes not checked for three years or more. */
  notesPossiblyOutOfDate: number;
}

export function kbStats(bundle: KbBundle, today: string = isoToday()): KbStats {
  const kindOf = new Map(bundle.concepts.map((c) => [c.id, c.kind]));
  let surfaceForms = 0;
  for (const c of bundle.concepts) {
    const forms = new Set(
      [c.name, ...c.synonyms, ...c.abbreviations].map((f) => normalizeSurface(f)).filter(Boolean),
    );
    surfaceForms += forms.size;
  }
  const sources = new Set<string>();
  for (const c of bundle.concepts) {
    for (const s of c.sources) sources.add(sourceKey(s));
    for (const s of c.upperLimit?.sources ?? []) sources.add(sourceKey(s));
  }
  for (const n of bundle.notes) for (const s of n.sources) sources.add(sourceKey(s));
  const notesByEvidence: Record<string, number> = {};
  for (const level of EVIDENCE_LEVELS) notesByEvidence[level] = 0;
  for (const n of bundle.notes) notesByEvidence[n.evidence] = (notesByEvidence[n.evidence] ?? 0) + 1;
  const count = (kind: string) => bundle.concepts.filter((c) => c.kind === kind).length;
  const family = (f: KindFamily) => bundle.concepts.filter((c) => kindFamily(c.kind) === f).length;
  const uncovered = supplementsWithoutSafetyNote(bundle.concepts, bundle.notes);
  return {
    version: bundle.version,
    supplements: count('supplement'),
    surfaceForms,
    conditions: family('condition'),
    lifeStages: count('life-stage'),
    medications: count('medication'),
    notes: bundle.notes.length,
    interactionNotes: bundle.notes.filter((n) => kindOf.get(n.target) === 'medication').length,
    sources: sources.size,
    notesByEvidence,
    supplementsWithoutSafetyNote: uncovered.length,
    supplementsWithoutSafetyNoteIds: uncovered,
    notesByCheckedYear: notesByCheckedYear(bundle.notes),
    notesPossiblyOutOfDate: bundle.notes.filter((n) => noteFreshness(n.reviewed, today).stale).length,
  };
}

function kbCommand(args: string[], io: Io, kb: () => LoadedKb): number {
  if (args[0] !== 'stats')
    throw new UsageError(`unknown kb command ${args[0] ?? '(missing)'}: use "kb stats"`);
  const rest = args.slice(1);
  const json = rest.includes('--json');
  const unknown = rest.filter((a) => a !== '--json');
  if (unknown.length > 0) throw new UsageError(`unknown option ${unknown[0]}`);
  const loaded = kb();
  const s = kbStats(loaded.bundle);
  if (json) {
    io.out(JSON.stringify(s));
    return 0;
  }
  io.out(`SuppLens knowledge base ${s.version}`);
  io.out(`  supplements        ${s.supplements}`);
  io.out(`  surface forms      ${s.surfaceForms}`);
  io.out(`  conditions         ${s.conditions} (incl. ${s.lifeStages} life stages)`);
  io.out(`  medications        ${s.medications}`);
  io.out(`  notes              ${s.notes} (${s.interactionNotes} on medications)`);
  io.out(`  distinct sources   ${s.sources}`);
  io.out(
    `  notes by evidence  ${Object.entries(s.notesByEvidence)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  io.out(
    `  notes by checked year ${Object.entries(s.notesByCheckedYear)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')} (${s.notesPossiblyOutOfDate} not checked for 3 years)`,
  );
  io.out(
    `  supplements without a safety note ${s.supplementsWithoutSafetyNote}${
      s.supplementsWithoutSafetyNote > 0 ? `: ${s.supplementsWithoutSafetyNoteIds.join(', ')}` : ''
    }`,
  );
  return 0;
}

/** Runs the CLI; returns the exit code. `kb` is injectable for tests. */
export async function main(
  argv: string[],
  io: Io = defaultIo(),
  kb: () => LoadedKb = () => loadKb(undefined, (m) => io.err(`supplens: ${m}`)),
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      (command ? io.out : io.err)(USAGE);
      return command ? 0 : 2;
    }
    if (command === 'annotate') return await annotate(rest, io, kb);
    if (command === 'kb') return kbCommand(rest, io, kb);
    throw new UsageError(`unknown command ${command}`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`supplens: ${e.message}`);
      io.err(USAGE);
      return 2;
    }
    io.err(`supplens: ${(e as Error).message}`);
    return 1;
  }
}

export function defaultIo(): Io {
  return {
    out: (line) => {
      process.stdout.write(`${line}\n`);
    },
    err: (line) => {
      process.stderr.write(`${line}\n`);
    },
  };
}

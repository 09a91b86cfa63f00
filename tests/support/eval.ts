// Precision and recall of mention detection on our own labelled pages (npm run eval runs cli();
// the unit tests call runEval).
//
// Fixtures: tests/fixtures/eval/*.html, written by us (health news, and non-health controls: a
// mining story, a film review, a profile of a person named Ginger, an EPA story, a recipe, tech
// and sport news). Gold labels are inline: every mention a careful human marks is wrapped in
// <span data-gold="concept-id">…</span> (an inline element: it does not change the visible
// text), and <html data-gold-health="true|false"> says whether the page is a health article.
// See tests/fixtures/eval/README.md for the labelling rules.
//
// Reports precision / recall / F1 per kind (supplement, condition incl. life stages, medication)
// and overall, strict (same concept, exact offsets) and lenient (same concept, overlapping
// offsets), plus page relevance accuracy. Exits 1 when a strict precision or recall is below the
// floor (0.97). Options: --verbose lists every error with its context; --json prints the figures;
// --misses [N] lists the N most frequent misses and false hits of each labelled corpus.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { analyzeText } from '../../lib/annotate/analyze';
import {
  CORPORA,
  type CorpusScores,
  type CorpusSpec,
  corpusScores,
  countDoc,
  emptyCorpusCounts,
  parseDsNer,
  parsePubTator,
} from '../../lib/matching/corpus-eval';
import {
  addCounts,
  type Counts,
  compare,
  EVAL_KINDS,
  type EvalKind,
  emptyCounts,
  evalKind,
  type Scores,
  type Span,
  scores,
  total,
} from '../../lib/matching/eval-score';
import { extractWithSpans, getAttribute, isElement, parseHtml } from '../../lib/text/html';
import { type LoadedKb, loadKb, PACKAGE_ROOT } from '../../platform/node/cli/kb';

export const FLOOR = 0.97;
export const FIXTURE_DIR = join(PACKAGE_ROOT, 'tests', 'fixtures', 'eval');

export interface PageResult {
  file: string;
  text: string;
  gold: Span[];
  predicted: Span[];
  goldHealth: boolean | undefined;
  health: boolean;
  score: number;
  unknownIds: string[];
}

export interface EvalReport {
  pages: PageResult[];
  strict: Record<EvalKind | 'overall', Scores>;
  lenient: Record<EvalKind | 'overall', Scores>;
  health: { correct: number; total: number; wrong: string[] };
}

function htmlAttr(html: string, name: string): string | undefined {
  return new RegExp(`<html[^>]*\\s${name}="([^"]*)"`, 'i').exec(html)?.[1];
}

export function evaluatePage(file: string, html: string, kb: LoadedKb): PageResult {
  const doc = parseHtml(html);
  const page = extractWithSpans(doc, (el) => el.getAttribute('data-gold') !== null);
  const kindOf = new Map(kb.bundle.concepts.map((c) => [c.id, c.kind]));
  const unknownIds: string[] = [];
  const gold: Span[] = [];
  for (const s of page.spans) {
    const id = isElement(s.node) ? (getAttribute(s.node, 'data-gold') ?? '') : '';
    const kind = kindOf.get(id);
    if (!kind) {
      unknownIds.push(id);
      continue;
    }
    gold.push({
      id,
      start: s.start,
      end: s.end,
      text: page.text.slice(s.start, s.end),
      kind: evalKind(kind),
    });
  }
  const r = analyzeText(page.text, kb.lexicon, page.meta, kb.bundle.concepts);
  const predicted: Span[] = r.mentions.map((m) => ({
    id: m.id,
    start: m.start,
    end: m.end,
    text: m.text,
    kind: evalKind(m.kind),
  }));
  const gh = htmlAttr(html, 'data-gold-health');
  return {
    file,
    text: page.text,
    gold,
    predicted,
    goldHealth: gh === undefined ? undefined : gh === 'true',
    health: r.health.isHealth,
    score: r.health.score,
    unknownIds,
  };
}

function summarise(pages: PageResult[], mode: 'strict' | 'lenient'): Record<EvalKind | 'overall', Scores> {
  const counts = emptyCounts();
  for (const p of pages) {
    const cmp = compare(p.gold, p.predicted, mode);
    addCounts(counts, cmp);
  }
  const out = {} as Record<EvalKind | 'overall', Scores>;
  for (const k of EVAL_KINDS) out[k] = scores(counts[k]);
  out.overall = scores(total(counts as Record<EvalKind, Counts>));
  return out;
}

export function runEval(dir: string = FIXTURE_DIR, kb: LoadedKb = loadKb()): EvalReport {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .sort();
  const pages = files.map((f) => evaluatePage(f, readFileSync(join(dir, f), 'utf8'), kb));
  const wrong = pages
    .filter((p) => p.goldHealth !== undefined && p.goldHealth !== p.health)
    .map((p) => p.file);
  const withGold = pages.filter((p) => p.goldHealth !== undefined);
  return {
    pages,
    strict: summarise(pages, 'strict'),
    lenient: summarise(pages, 'lenient'),
    health: { correct: withGold.length - wrong.length, total: withGold.length, wrong },
  };
}

/** The leads' shared folder beside the repository (SUPPLENS_SHARED overrides), or undefined when absent. */
export function sharedDir(root: string = PACKAGE_ROOT): string | undefined {
  const dir = process.env.SUPPLENS_SHARED ?? resolve(root, '../shared');
  return existsSync(dir) ? dir : undefined;
}

export interface CorpusReport {
  name: string;
  kind: EvalKind;
  docs: number;
  scores: CorpusScores;
  /** Gold surfaces (lower case) no prediction overlaps, with their counts, most frequent first. */
  misses: [string, number][];
  /** Predicted surfaces (lower case, with the concept) that overlap no gold span, most frequent first. */
  falseHits: [string, number][];
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

const byCount = (m: Map<string, number>): [string, number][] =>
  [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

/**
 * Scores one labelled corpus, forced (no health gate: abstracts are judged on their mentions),
 * counting only predictions of the kind the corpus labels. Undefined when its files are absent.
 */
export function runCorpus(
  spec: CorpusSpec,
  shared: string,
  kb: LoadedKb = loadKb(),
): CorpusReport | undefined {
  const paths = spec.files.map((f) => join(shared, f));
  if (!paths.every((p) => existsSync(p))) return undefined;
  const docs = paths.flatMap((p) => {
    const src = readFileSync(p, 'utf8');
    return spec.format === 'pubtator' ? parsePubTator(src) : parseDsNer(src);
  });
  const counts = emptyCorpusCounts();
  const misses = new Map<string, number>();
  const falseHits = new Map<string, number>();
  const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
    a.start < b.end && b.start < a.end;
  for (const d of docs) {
    const r = analyzeText(d.text, kb.lexicon, undefined, kb.bundle.concepts);
    // Life stages are not diseases: NCBI gold neither labels nor penalises them.
    const predicted = r.mentions.filter((m) => m.kind === spec.kind);
    countDoc(counts, d.gold, predicted);
    for (const g of d.gold)
      if (!predicted.some((m) => overlaps(m, g))) bump(misses, d.text.slice(g.start, g.end).toLowerCase());
    for (const m of predicted)
      if (!d.gold.some((g) => overlaps(m, g))) bump(falseHits, `${m.text.toLowerCase()} → ${m.id}`);
  }
  return {
    name: spec.name,
    kind: spec.kind,
    docs: docs.length,
    scores: corpusScores(counts),
    misses: byCount(misses),
    falseHits: byCount(falseHits),
  };
}

export function runCorpora(
  shared: string | undefined = sharedDir(),
  kb: LoadedKb = loadKb(),
): CorpusReport[] {
  if (!shared) return [];
  return CORPORA.map((c) => runCorpus(c, shared, kb)).filter((r): r is CorpusReport => r !== undefined);
}

function printCorpora(reports: readonly CorpusReport[]): void {
  console.log('labelled corpora (unrestricted, forced analysis; only the kind each corpus labels)');
  console.log('  corpus               kind        docs   gold   pred | strict P     R | overlap P     R');
  for (const r of reports) {
    const s = r.scores;
    console.log(
      `  ${r.name.padEnd(20)} ${r.kind.padEnd(11)} ${String(r.docs).padStart(4)} ${String(s.strict.gold).padStart(6)} ${String(s.strict.predicted).padStart(6)} |    ${fmt(s.strict.precision)} ${fmt(s.strict.recall)} |     ${fmt(s.overlap.precision)} ${fmt(s.overlap.recall)}`,
    );
  }
}

function context(text: string, s: Span): string {
  const before = text.slice(Math.max(0, s.start - 40), s.start).replace(/\n/g, ' ⏎ ');
  const after = text.slice(s.end, s.end + 40).replace(/\n/g, ' ⏎ ');
  return `…${before}[${text.slice(s.start, s.end)}]${after}…`;
}

function fmt(x: number): string {
  return x.toFixed(3);
}

function printTable(title: string, s: Record<EvalKind | 'overall', Scores>): void {
  console.log(title);
  console.log('  kind         gold  pred    TP   FP   FN  precision  recall     F1');
  for (const k of [...EVAL_KINDS, 'overall'] as const) {
    const v = s[k];
    console.log(
      `  ${k.padEnd(11)} ${String(v.tp + v.fn).padStart(5)} ${String(v.tp + v.fp).padStart(5)} ${String(v.tp).padStart(5)} ${String(v.fp).padStart(4)} ${String(v.fn).padStart(4)}      ${fmt(v.precision)}   ${fmt(v.recall)}  ${fmt(v.f1)}`,
    );
  }
}

export function belowFloor(report: EvalReport, floor = FLOOR): string[] {
  const out: string[] = [];
  for (const k of EVAL_KINDS) {
    const v = report.strict[k];
    if (v.precision < floor) out.push(`${k} precision ${fmt(v.precision)} < ${floor}`);
    if (v.recall < floor) out.push(`${k} recall ${fmt(v.recall)} < ${floor}`);
  }
  return out;
}

/** npm run eval (scripts/eval.ts): prints the figures, or JSON with --json. */
export async function cli(): Promise<void> {
  const verbose = process.argv.includes('--verbose') || process.argv.includes('-v');
  const json = process.argv.includes('--json');
  // --misses [N]: the N most frequent missed gold surfaces and false hits of each labelled corpus.
  const missesAt = process.argv.indexOf('--misses');
  const missesTop = missesAt < 0 ? 0 : Number(process.argv[missesAt + 1]) || 40;
  const report = runEval();
  const shared = sharedDir();
  const corpora = runCorpora(shared);
  if (json) {
    const { pages, ...figures } = report;
    const figuresOnly = corpora.map(({ misses, falseHits, ...c }) =>
      missesTop > 0
        ? { ...c, misses: misses.slice(0, missesTop), falseHits: falseHits.slice(0, missesTop) }
        : c,
    );
    console.log(JSON.stringify({ pages: pages.length, ...figures, corpora: figuresOnly }, null, 2));
  } else {
    const gold = report.pages.reduce((n, p) => n + p.gold.length, 0);
    console.log(
      `supplens eval: ${report.pages.length} labelled pages in tests/fixtures/eval, ${gold} gold mentions`,
    );
    printTable('strict (same concept, exact offsets)', report.strict);
    printTable('lenient (same concept, overlapping offsets)', report.lenient);
    console.log(
      `page relevance: ${report.health.correct}/${report.health.total} pages judged correctly${report.health.wrong.length ? ` (wrong: ${report.health.wrong.join(', ')})` : ''}`,
    );
    if (corpora.length > 0) printCorpora(corpora);
    else console.log('labelled corpora: skipped (no ../shared; set SUPPLENS_SHARED to its path)');
    if (missesTop > 0)
      for (const c of corpora) {
        console.log(`${c.name}: most frequent misses (gold surface × count)`);
        console.log(
          `  ${c.misses
            .slice(0, missesTop)
            .map(([t, n]) => `${t} ×${n}`)
            .join('; ')}`,
        );
        console.log(`${c.name}: most frequent false hits`);
        console.log(
          `  ${c.falseHits
            .slice(0, missesTop)
            .map(([t, n]) => `${t} ×${n}`)
            .join('; ')}`,
        );
      }
  }
  for (const p of report.pages) {
    if (p.unknownIds.length)
      console.error(`${p.file}: gold labels with unknown concept ids: ${p.unknownIds.join(', ')}`);
    if (!verbose) continue;
    const cmp = compare(p.gold, p.predicted, 'strict');
    for (const s of cmp.fn) console.log(`  FN ${basename(p.file)} ${s.id}: ${context(p.text, s)}`);
    for (const s of cmp.fp) console.log(`  FP ${basename(p.file)} ${s.id}: ${context(p.text, s)}`);
  }
  const low = belowFloor(report);
  if (low.length > 0) {
    console.error(`supplens eval: below the floor: ${low.join('; ')}`);
    process.exitCode = 1;
  }
}

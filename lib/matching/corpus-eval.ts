// Scoring on external labelled corpora (NCBI Disease, the dietary-supplement NER gold): their gold
// labels carry no knowledge-base ids and cover one kind each, so a prediction is scored on its span
// and kind only, unrestricted (every gold mention counts, whether or not the knowledge base has the
// concept).
//   strict   same start and end, one-to-one
//   overlap  a prediction is right when it overlaps some gold span, a gold span is found when some
//            prediction overlaps it (a head noun "cancer" inside "ovarian cancer" earns overlap credit)
import type { EvalKind } from './eval-score';

export interface CorpusDoc {
  id: string;
  text: string;
  gold: { start: number; end: number }[];
}

export interface SpanScores {
  gold: number;
  predicted: number;
  /** Predictions judged right. */
  tpPredicted: number;
  /** Gold spans found. */
  tpGold: number;
  precision: number;
  recall: number;
}

export interface CorpusScores {
  strict: SpanScores;
  overlap: SpanScores;
}

/** PubTator: "PMID|t|title", "PMID|a|abstract", then tab-separated mentions; text is title + " " + abstract. */
export function parsePubTator(source: string): CorpusDoc[] {
  const docs: CorpusDoc[] = [];
  const seen = new Set<string>();
  for (const chunk of source.split(/\n\s*\n/)) {
    const lines = chunk.split('\n').filter((l) => l.trim() !== '');
    let id = '';
    let title = '';
    let abstract = '';
    const gold: CorpusDoc['gold'] = [];
    for (const line of lines) {
      const t = /^(\d+)\|t\|(.*)$/.exec(line);
      if (t) {
        id = t[1]!;
        title = t[2]!;
        continue;
      }
      const a = /^(\d+)\|a\|(.*)$/.exec(line);
      if (a) {
        abstract = a[2]!;
        continue;
      }
      const cols = line.split('\t');
      if (cols.length >= 5) gold.push({ start: Number(cols[1]), end: Number(cols[2]) });
    }
    // The training file repeats one abstract (an upstream quirk): count it once.
    if (!id || seen.has(id)) continue;
    seen.add(id);
    docs.push({ id, text: `${title} ${abstract}`, gold });
  }
  return docs;
}

/** The DS-NER development JSON: { pmid: { text, mentions: [{ start, end, text }] } }. */
export function parseDsNer(source: string): CorpusDoc[] {
  const data = JSON.parse(source) as Record<
    string,
    { text: string; mentions: { start: number; end: number }[] }
  >;
  return Object.entries(data).map(([id, d]) => ({
    id,
    text: d.text,
    gold: d.mentions.map((m) => ({ start: m.start, end: m.end })),
  }));
}

function ratio(n: number, d: number): number {
  return d === 0 ? 1 : n / d;
}

export interface CorpusCounts {
  strict: { gold: number; predicted: number; tp: number };
  overlap: { gold: number; predicted: number; tpPredicted: number; tpGold: number };
}

export function emptyCorpusCounts(): CorpusCounts {
  return {
    strict: { gold: 0, predicted: 0, tp: 0 },
    overlap: { gold: 0, predicted: 0, tpPredicted: 0, tpGold: 0 },
  };
}

/** Adds one document's comparison to `into`. */
export function countDoc(
  into: CorpusCounts,
  gold: readonly { start: number; end: number }[],
  predicted: readonly { start: number; end: number }[],
): void {
  const exact = new Set(gold.map((g) => `${g.start}:${g.end}`));
  const hit = new Set<string>();
  for (const p of predicted) {
    const k = `${p.start}:${p.end}`;
    if (exact.has(k) && !hit.has(k)) hit.add(k);
  }
  into.strict.gold += exact.size;
  into.strict.predicted += predicted.length;
  into.strict.tp += hit.size;
  const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
    a.start < b.end && b.start < a.end;
  into.overlap.gold += gold.length;
  into.overlap.predicted += predicted.length;
  for (const p of predicted) if (gold.some((g) => overlaps(g, p))) into.overlap.tpPredicted++;
  for (const g of gold) if (predicted.some((p) => overlaps(g, p))) into.overlap.tpGold++;
}

export function corpusScores(c: CorpusCounts): CorpusScores {
  return {
    strict: {
      gold: c.strict.gold,
      predicted: c.strict.predicted,
      tpPredicted: c.strict.tp,
      tpGold: c.strict.tp,
      precision: ratio(c.strict.tp, c.strict.predicted),
      recall: ratio(c.strict.tp, c.strict.gold),
    },
    overlap: {
      gold: c.overlap.gold,
      predicted: c.overlap.predicted,
      tpPredicted: c.overlap.tpPredicted,
      tpGold: c.overlap.tpGold,
      precision: ratio(c.overlap.tpPredicted, c.overlap.predicted),
      recall: ratio(c.overlap.tpGold, c.overlap.gold),
    },
  };
}

/** The labelled corpora and the one kind each of them labels. */
export interface CorpusSpec {
  name: string;
  /** Path relative to the shared folder. */
  files: string[];
  format: 'pubtator' | 'ds-ner';
  kind: EvalKind;
}

export const CORPORA: readonly CorpusSpec[] = [
  {
    name: 'NCBI Disease train',
    files: ['corpus/labelled/ncbi-disease/NCBItrainset_corpus.txt'],
    format: 'pubtator',
    kind: 'condition',
  },
  {
    name: 'NCBI Disease dev',
    files: ['corpus/labelled/ncbi-disease/NCBIdevelopset_corpus.txt'],
    format: 'pubtator',
    kind: 'condition',
  },
  {
    name: 'DS-NER dev',
    files: ['corpus/labelled/ds-ner/dsner-dev.json'],
    format: 'ds-ner',
    kind: 'supplement',
  },
];

// Scoring on the external labelled corpora: parsers and span counting, then a real run on
// ../shared/corpus/labelled when that folder is present (SUPPLENS_SHARED overrides; skipped otherwise).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  corpusScores,
  countDoc,
  emptyCorpusCounts,
  parseDsNer,
  parsePubTator,
} from '../../../lib/matching/corpus-eval';
import { runCorpora, runCorpus, sharedDir } from '../../support/eval';

describe('corpus parsers', () => {
  it('reads PubTator with title + space + abstract offsets and drops a repeated abstract', () => {
    const doc = [
      '1|t|Ovarian cancer genes.',
      '1|a|We studied ovarian cancer.',
      '1\t0\t14\tOvarian cancer\tSpecificDisease\tD010051',
      '1\t33\t47\tovarian cancer\tSpecificDisease\tD010051',
    ].join('\n');
    const docs = parsePubTator(`${doc}\n\n${doc}\n`);
    expect(docs).toHaveLength(1);
    const d = docs[0]!;
    for (const g of d.gold) expect(d.text.slice(g.start, g.end).toLowerCase()).toBe('ovarian cancer');
  });

  it('reads the DS-NER JSON', () => {
    const docs = parseDsNer(
      JSON.stringify({ 7: { text: 'Zinc\nzinc helps', mentions: [{ start: 0, end: 4, text: 'Zinc' }] } }),
    );
    expect(docs).toEqual([{ id: '7', text: 'Zinc\nzinc helps', gold: [{ start: 0, end: 4 }] }]);
  });
});

describe('span counting', () => {
  it('gives overlap credit to a head noun and strict credit only to exact spans', () => {
    const c = emptyCorpusCounts();
    // gold "ovarian cancer" [0,14) and "gout" [20,24); predicted "cancer" [8,14) and a stray [30,35).
    countDoc(
      c,
      [
        { start: 0, end: 14 },
        { start: 20, end: 24 },
      ],
      [
        { start: 8, end: 14 },
        { start: 30, end: 35 },
      ],
    );
    const s = corpusScores(c);
    expect(s.strict.precision).toBe(0);
    expect(s.overlap.precision).toBe(0.5);
    expect(s.overlap.recall).toBe(0.5);
    countDoc(c, [{ start: 0, end: 4 }], [{ start: 0, end: 4 }]);
    const t = corpusScores(c);
    expect(t.strict.recall).toBeCloseTo(1 / 3);
    expect(t.strict.precision).toBeCloseTo(1 / 3);
  });
});

const shared = sharedDir();
describe.skipIf(!shared)('labelled corpora in ../shared', () => {
  const reports = runCorpora(shared);

  it('scores every corpus present on real abstracts', () => {
    expect(reports.length).toBeGreaterThan(0);
    for (const r of reports) {
      expect(r.docs).toBeGreaterThan(50);
      expect(r.scores.overlap.gold).toBeGreaterThan(500);
      expect(r.scores.overlap.predicted).toBeGreaterThan(0);
      // Overlap is never harsher than exact spans.
      expect(r.scores.overlap.precision).toBeGreaterThanOrEqual(r.scores.strict.precision);
      expect(r.scores.overlap.recall).toBeGreaterThanOrEqual(r.scores.strict.recall);
    }
  });
});

describe('corpus misses', () => {
  it('lists the gold surfaces no prediction overlaps and the predictions no gold span overlaps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'supplens-corpus-'));
    try {
      mkdirSync(join(dir, 'c'));
      const text = 'Zinc and fish were given; zinc again, and fish, and magnesium.';
      const at = (w: string, from = 0) => ({
        start: text.indexOf(w, from),
        end: text.indexOf(w, from) + w.length,
      });
      const gold = [at('Zinc'), at('fish'), at('zinc'), at('fish', 30)];
      writeFileSync(join(dir, 'c', 'd.json'), JSON.stringify({ 1: { text, mentions: gold } }));
      const r = runCorpus({ name: 'tiny', files: ['c/d.json'], format: 'ds-ner', kind: 'supplement' }, dir)!;
      expect(r.misses).toEqual([['fish', 2]]);
      expect(r.falseHits).toEqual([['magnesium → magnesium', 1]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

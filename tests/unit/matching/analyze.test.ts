import { describe, expect, it } from 'vitest';
import { analyzeText, createPageScanner } from '../../../lib/annotate/analyze';
import { concept } from '../kb-fixtures';
import { testLexicon } from './test-kb';

const lex = testLexicon();

const PAGE = [
  'Zinc may worsen rheumatoid arthritis (RA), a lab study suggests',
  'People with RA who take 50 mg of zinc a day should ask a doctor. Dr. Ginger Alvarez agreed.',
  'The Environmental Protection Agency (EPA) is not involved. Iron Man is a film.',
  'Fish oil and omega-3s are popular; warfarin users should be careful. Ginger said so.',
].join('\n');

function blocksOf(text: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    out.push({ text: line, offset });
    offset += line.length + 1;
  }
  return out;
}

describe('chunked page scanner', () => {
  it('gives the same result fed block by block as analyzeText', () => {
    const scanner = createPageScanner(lex);
    for (const b of blocksOf(PAGE)) scanner.feed(b.text, b.offset);
    const chunked = scanner.finish();
    const whole = analyzeText(PAGE, lex);
    expect(chunked.mentions).toEqual(whole.mentions);
    expect(chunked.doses).toEqual(whole.doses);
    expect(chunked.health).toEqual(whole.health);
  });

  it('does not depend on the order blocks are fed in (visible blocks first)', () => {
    const scanner = createPageScanner(lex);
    for (const b of blocksOf(PAGE).reverse()) scanner.feed(b.text, b.offset);
    const r = scanner.finish();
    expect(r.mentions).toEqual(analyzeText(PAGE, lex).mentions);
  });

  it('reports page offsets that slice back to the mention text', () => {
    const r = analyzeText(PAGE, lex);
    expect(r.mentions.map((m) => `${m.text}=${m.id}`)).toEqual([
      'Zinc=zinc',
      'rheumatoid arthritis=rheumatoid-arthritis',
      'RA=rheumatoid-arthritis',
      'RA=rheumatoid-arthritis',
      'zinc=zinc',
      'Fish oil=fish-oil',
      'omega-3s=fish-oil',
      'warfarin=warfarin',
    ]);
    for (const m of r.mentions) expect(PAGE.slice(m.start, m.end)).toBe(m.text);
    expect(r.doses).toEqual([
      expect.objectContaining({
        conceptId: 'zinc',
        text: '50 mg',
        aboveLimit: true,
        limit: 40,
        limitUnit: 'mg',
      }),
    ]);
    expect(PAGE.slice(r.doses[0]!.start, r.doses[0]!.end)).toBe('50 mg');
    expect(r.rejected.map((x) => `${x.text}:${x.reason}`)).toEqual([
      'Ginger:name',
      'EPA:abbreviation-other-meaning',
      'Iron:title',
      'Ginger:name',
    ]);
    expect(r.definitions.map((d) => `${d.short}=${d.conceptId ?? '-'}`)).toEqual([
      'RA=rheumatoid-arthritis',
      'EPA=-',
    ]);
  });

  it('treats blocks as boundaries: a name never spans two blocks', () => {
    const scanner = createPageScanner(lex);
    scanner.feed('rich in vitamin', 0);
    scanner.feed('D and zinc', 16);
    expect(scanner.finish().mentions.map((m) => m.text)).toEqual(['zinc']);
    expect(analyzeText('rich in vitamin\nD and zinc', lex).mentions.map((m) => m.text)).toEqual(['zinc']);
  });

  it('uses upper limits from the knowledge base concepts when given', () => {
    const kb = [
      concept('zinc', 'supplement', 'Zinc', [], [], {
        upperLimit: {
          amount: 25,
          unit: 'mg',
          appliesTo: 'food-and-supplements',
          lifeStage: 'adults 19+',
          sources: [],
        },
      }),
    ];
    const r = analyzeText('Take 30 mg of zinc.', lex, undefined, kb);
    expect(r.doses[0]).toMatchObject({ limit: 25, aboveLimit: true });
  });

  it('refuses feed() after finish()', () => {
    const scanner = createPageScanner(lex);
    scanner.feed('zinc', 0);
    scanner.finish();
    expect(() => scanner.feed('iron', 10)).toThrow(/after finish/);
  });
});

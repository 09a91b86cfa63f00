import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../lib/annotate/analyze';
import { convert, findAmounts, fromSupplementContext, toDose } from '../../../lib/matching/dose';
import { compileLexicon, loadLexicon } from '../../../lib/matching/lexicon';
import { concept } from '../kb-fixtures';
import { TEST_CONCEPTS, testLexicon } from './test-kb';

const lex = testLexicon();
const doses = (text: string) =>
  analyzeText(text, lex).doses.map((d) => ({
    id: d.conceptId,
    text: d.text,
    amount: d.amount,
    unit: d.unit,
    n: d.normalizedAmount,
    above: d.aboveLimit,
  }));

describe('dose phrases', () => {
  it('reads amount-first phrases', () => {
    expect(doses('Taking 50 mg of zinc a day is too much.')).toEqual([
      { id: 'zinc', text: '50 mg', amount: 50, unit: 'mg', n: 50, above: true },
    ]);
    expect(doses('She took 4,000 IU of vitamin D daily.')).toEqual([
      { id: 'vitamin-d', text: '4,000 IU', amount: 4000, unit: 'IU', n: 4000, above: false },
    ]);
    expect(doses('1 g of fish oil')).toEqual([
      { id: 'fish-oil', text: '1 g', amount: 1, unit: 'g', n: undefined, above: false },
    ]);
    expect(doses('a 25mg zinc tablet')).toEqual([
      { id: 'zinc', text: '25mg', amount: 25, unit: 'mg', n: 25, above: false },
    ]);
  });

  it('reads name-first phrases', () => {
    expect(doses('zinc (50 mg) and vitamin D at 10,000 IU')).toEqual([
      { id: 'zinc', text: '50 mg', amount: 50, unit: 'mg', n: 50, above: true },
      { id: 'vitamin-d', text: '10,000 IU', amount: 10000, unit: 'IU', n: 10000, above: true },
    ]);
    expect(doses('Magnesium: 500 mg per day in tablets.')).toEqual([
      { id: 'magnesium', text: '500 mg', amount: 500, unit: 'mg', n: 500, above: true },
    ]);
  });

  it('attaches each amount to the right supplement', () => {
    expect(doses('Take 50 mg of zinc with 2 mg of copper.').map((d) => `${d.text}→${d.id}`)).toEqual([
      '50 mg→zinc',
      '2 mg→copper',
    ]);
  });

  it('takes the upper bound of a range', () => {
    expect(doses('1,000 to 2,000 IU of vitamin D')[0]).toMatchObject({
      amount: 2000,
      text: '1,000 to 2,000 IU',
    });
    expect(doses('vitamin D, 1000–6000 IU')[0]).toMatchObject({ amount: 6000, above: true });
  });

  it('converts vitamin D between IU and micrograms (40 IU = 1 mcg)', () => {
    expect(doses('vitamin D at 125 mcg')[0]).toMatchObject({ unit: 'mcg', n: 5000, above: true });
    expect(doses('vitamin D at 100 µg')[0]).toMatchObject({ unit: 'mcg', n: 4000, above: false });
    expect(convert(4000, 'IU', 'mcg', 'vitamin-d')).toBe(100);
  });

  it("compares an ingredient form's amount with its ingredient's limit, in its ingredient's units", () => {
    const formLex = loadLexicon(
      JSON.parse(
        JSON.stringify(
          compileLexicon(
            [
              ...TEST_CONCEPTS,
              concept('ergocalciferol', 'supplement', 'Vitamin D2', ['ergocalciferol'], [], {
                category: 'vitamin',
                parents: ['vitamin-d'],
              }),
              concept('magnesium-oxide', 'supplement', 'Magnesium oxide', [], [], {
                category: 'mineral',
                parents: ['magnesium'],
              }),
            ],
            { kbVersion: 'test' },
          ),
        ),
      ),
    );
    const formDoses = (text: string) =>
      analyzeText(text, formLex).doses.map((d) => ({
        id: d.conceptId,
        n: d.normalizedAmount,
        above: d.aboveLimit,
      }));
    expect(formDoses('Vitamin D2 at 10,000 IU a day')).toEqual([
      { id: 'ergocalciferol', n: 10000, above: true },
    ]);
    expect(formDoses('ergocalciferol at 125 mcg')).toEqual([{ id: 'ergocalciferol', n: 5000, above: true }]);
    expect(formDoses('a 600 mg magnesium oxide tablet')).toEqual([
      { id: 'magnesium-oxide', n: 600, above: true },
    ]);
  });

  it('converts g, mg and mcg', () => {
    expect(doses('4 g of choline')[0]).toMatchObject({ n: 4, above: true });
    expect(doses('copper at 12 mg')[0]).toMatchObject({ n: 12000, above: true });
    expect(doses('selenium at 200 micrograms')[0]).toMatchObject({ unit: 'mcg', n: 200, above: false });
    expect(convert(1.5, 'g', 'mg', 'calcium')).toBe(1500);
  });

  it('does not compare units that are not safely convertible', () => {
    // Vitamin A in IU against a limit in mcg RAE; vitamin E in IU or plain mg against mg alpha-tocopherol.
    expect(doses('vitamin A at 25,000 IU')[0]).toMatchObject({ unit: 'IU', n: undefined, above: false });
    expect(doses('retinol, 3,500 mcg RAE')[0]).toMatchObject({ unit: 'mcg RAE', n: 3500, above: true });
    expect(doses('vitamin E at 400 IU')[0]).toMatchObject({ n: undefined, above: false });
    expect(convert(10, 'IU', 'mg', 'zinc')).toBeUndefined();
  });

  it('ignores concentrations and amounts far from a supplement', () => {
    expect(doses('Serum zinc was 70 µg/dL. Zinc at 5 mg/kg was toxic in rats.')).toEqual([]);
    expect(doses('Zinc matters. The meal had 500 mg of sodium and 20 g of sugar.')).toEqual([]);
    expect(
      findAmounts('a 5G phone, 3 grams, 10,000 IU, 2.5 mg, 400 mcg DFE').map((a) => `${a.amount} ${a.unit}`),
    ).toEqual(['3 g', '10000 IU', '2.5 mg', '400 mcg DFE']);
  });

  it('builds the Dose shape of the messaging protocol', () => {
    expect(toDose('zinc', { text: '50 mg', amount: 50, unit: 'mg' }, { amount: 40, unit: 'mg' })).toEqual({
      conceptId: 'zinc',
      text: '50 mg',
      amount: 50,
      unit: 'mg',
      normalizedAmount: 50,
      limit: 40,
      limitUnit: 'mg',
      aboveLimit: true,
    });
    expect(toDose('ginger', { text: '1 g', amount: 1, unit: 'g' }, undefined)).toEqual({
      conceptId: 'ginger',
      text: '1 g',
      amount: 1,
      unit: 'g',
      aboveLimit: false,
    });
  });

  it('gives no dose to a rejected match', () => {
    expect(doses('The Iron Man suit weighs 100 g.')).toEqual([]);
  });

  it('applies a supplements-only limit only to amounts presented as a supplement', () => {
    expect(doses('Men need 420 mg of magnesium a day.')).toEqual([
      { id: 'magnesium', text: '420 mg', amount: 420, unit: 'mg', n: undefined, above: false },
    ]);
    expect(doses('Adult men need about 420 mg of magnesium a day, most of it from food.')[0]?.above).toBe(
      false,
    );
    expect(doses('She took a 600 mg magnesium supplement every night.')).toEqual([
      { id: 'magnesium', text: '600 mg', amount: 600, unit: 'mg', n: 600, above: true },
    ]);
    expect(doses('Take 600 mg of magnesium citrate.')[0]?.above).toBe(true);
    const scoped = analyzeText('A 600 mg magnesium supplement.', lex).doses[0];
    expect(scoped?.limitAppliesTo).toBe('supplements-only');
    // A limit on total intake still applies to food amounts.
    expect(doses('Men need 50 mg of zinc a day.')[0]?.above).toBe(true);
  });

  it('reads the product cue from the sentence holding the amount, not its neighbours', () => {
    const text = 'Men need 420 mg of magnesium a day. Supplements are sold in 2.5 mg tablets.';
    expect(fromSupplementContext(text, 9, 28)).toBe(false);
    expect(fromSupplementContext(text, 60, 66)).toBe(true);
    const ul = { amount: 350, unit: 'mg', appliesTo: 'supplements-only' };
    expect(toDose('magnesium', { text: '420 mg', amount: 420, unit: 'mg' }, ul, false).aboveLimit).toBe(
      false,
    );
    expect(toDose('magnesium', { text: '420 mg', amount: 420, unit: 'mg' }, ul, true).aboveLimit).toBe(true);
  });
});

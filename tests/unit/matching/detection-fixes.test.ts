// Detection fixes real health text showed (issue 12, item 5): everyday words that name an illness
// only in context, the most specific concept, product spans, and abbreviations defined with a long
// form the knowledge base spells differently.
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../lib/annotate/analyze';
import { longFormResembles, studyArmLongForm } from '../../../lib/matching/abbreviations';
import { coldIsIllness } from '../../../lib/matching/false-hits';
import { compileLexicon, loadLexicon } from '../../../lib/matching/lexicon';
import { concept } from '../kb-fixtures';
import { TEST_CONCEPTS } from './test-kb';

const lex = loadLexicon(
  compileLexicon([
    ...TEST_CONCEPTS,
    concept('common-cold', 'condition', 'Common cold', ['head cold'], ['URTI']),
    concept('influenza', 'condition', 'Influenza', ['bird flu'], []),
    concept('cancer', 'condition', 'Cancer', ['tumor', 'tumour', 'cancers'], []),
    concept('ovarian-cancer', 'condition', 'Ovarian cancer', [], []),
    concept('hepatitis', 'condition', 'Hepatitis', [], []),
    concept('hepatitis-c', 'condition', 'Hepatitis C', [], ['HCV']),
    concept('hypertension', 'condition', 'Hypertension', ['high blood pressure'], []),
    concept(
      'lutein',
      'supplement',
      'Lutein',
      ['zeaxanthin', 'lutein and zeaxanthin', 'lutein/zeaxanthin'],
      [],
      {
        category: 'other',
      },
    ),
    concept('valerian', 'supplement', 'Valerian', ['valerian root'], [], { category: 'botanical' }),
    concept('prebiotics', 'supplement', 'Prebiotics', ['fructooligosaccharides', 'inulin'], ['FOS'], {
      category: 'other',
    }),
    concept('folate', 'supplement', 'Folate', ['5-methyltetrahydrofolate', 'methylfolate'], ['5-MTHF'], {
      category: 'vitamin',
    }),
    concept('type-1-diabetes', 'condition', 'Type 1 diabetes', ['insulin-dependent diabetes'], ['IDDM']),
    concept('soy', 'supplement', 'Soy', ['soya'], [], { category: 'botanical' }),
    concept('yogurt', 'supplement', 'Yogurt', ['yoghurt'], [], { category: 'probiotic' }),
    concept('shingles', 'condition', 'Shingles', ['herpes zoster'], []),
  ]),
);
const found = (text: string) => analyzeText(text, lex).mentions.map((m) => `${m.text}=${m.id}`);

describe('cold, colds and flu', () => {
  it('finds the illness', () => {
    expect(found('Zinc may shorten a cold by a day.')).toEqual(['Zinc=zinc', 'cold=common-cold']);
    expect(found('How not to catch a cold this winter.')).toEqual(['cold=common-cold']);
    expect(found('She caught cold.')).toEqual(['cold=common-cold']);
    expect(found('Zinc slightly shortens colds.')).toEqual(['Zinc=zinc', 'colds=common-cold']);
    expect(found('Cold and flu season is here.')).toEqual(['Cold=common-cold', 'flu=influenza']);
    expect(found('the common cold')).toEqual(['common cold=common-cold']);
    expect(found('She had a bad cold, then the flu.')).toEqual(['cold=common-cold', 'flu=influenza']);
  });

  it('leaves the temperature alone', () => {
    expect(found('It was a cold autumn.')).toEqual([]);
    expect(found('Drink cold water after exercise.')).toEqual([]);
    expect(found('Cold weather and a cold wind.')).toEqual([]);
    expect(found('A cold sore is a herpes blister.')).toEqual([]);
    expect(found('She felt cold.')).toEqual([]);
  });

  it('is decided by the words around the match', () => {
    expect(coldIsIllness('colds', 'fewer ', ' in winter')).toBe(true);
    expect(coldIsIllness('cold', 'a ', ' autumn')).toBe(false);
    expect(coldIsIllness('cold', 'a ', '.')).toBe(true);
  });

  it('reads "flu" as influenza', () => {
    expect(found('A flu shot protects against influenza.')).toEqual(['flu=influenza', 'influenza=influenza']);
    expect(found('Bird flu spread in the flock.')).toEqual(['Bird flu=influenza']);
  });
});

describe('calcium that is not the supplement', () => {
  it('skips a coronary calcium score and calcium deposits on a scan', () => {
    expect(found('His coronary calcium score was 400.')).toEqual([]);
    expect(found('A coronary artery calcium scan showed calcium deposits in the arteries.')).toEqual([]);
    expect(found('A calcium score of zero is reassuring.')).toEqual([]);
  });

  it('skips calcium in a cell’s biology', () => {
    expect(found('The drug blocks calcium channels in the heart.')).toEqual([]);
    expect(found('Intracellular calcium rose, which changed calcium signaling in neurons.')).toEqual([]);
  });

  it('keeps the supplement in the same text', () => {
    expect(found('Calcium supplements did not change the calcium score.')).toEqual([
      'Calcium supplements=calcium',
    ]);
  });
});

describe('shingles on a roof', () => {
  it('are not the illness', () => {
    expect(found('They replaced the roof shingles and the asphalt shingles on the shed.')).toEqual([]);
    expect(found('A vaccine protects against shingles.')).toEqual(['shingles=shingles']);
  });
});

describe('the most specific concept wins', () => {
  it('takes the longest name', () => {
    expect(found('Ovarian cancer is rarer than breast cancer.')).toEqual([
      'Ovarian cancer=ovarian-cancer',
      'cancer=cancer',
    ]);
    expect(found('Hepatitis C damages the liver.')).toEqual(['Hepatitis C=hepatitis-c']);
    expect(found("Alzheimer's disease is a dementia.")).toEqual([
      "Alzheimer's disease=dementia",
      'dementia=dementia',
    ]);
  });

  it('does not read a different disease or a molecule as the shorter name inside it', () => {
    expect(found('Diabetes insipidus is not diabetes.')).toEqual(['diabetes=type-2-diabetes']);
    expect(found('Persistent pulmonary hypertension of the newborn is treated in intensive care.')).toEqual(
      [],
    );
    expect(found('Tumor necrosis factor drives inflammation in rheumatoid arthritis.')).toEqual([
      'rheumatoid arthritis=rheumatoid-arthritis',
    ]);
    expect(found('Tumour necrosis factor')).toEqual([]);
  });

  it('lets a concept that lists the same phrase win over the not-a-mention phrase', () => {
    const own = loadLexicon(
      compileLexicon([concept('di', 'condition', 'Diabetes insipidus', [], []), ...TEST_CONCEPTS]),
    );
    expect(analyzeText('Diabetes insipidus', own).mentions.map((m) => m.id)).toEqual(['di']);
  });
});

describe('product spans', () => {
  it('gives a listed product form its ingredient and a coordination two mentions', () => {
    expect(found('Take valerian root or calcium supplements.')).toEqual([
      'valerian root=valerian',
      'calcium supplements=calcium',
    ]);
    expect(found('Aged garlic extract lowered blood pressure.')).toEqual(['garlic=garlic']);
    expect(found('garlic supplements')).toEqual(['garlic supplements=garlic']);
    expect(found('The formula has lutein and zeaxanthin.')).toEqual(['lutein=lutein', 'zeaxanthin=lutein']);
    expect(found('lutein/zeaxanthin')).toEqual(['lutein=lutein', 'zeaxanthin=lutein']);
    // A slash between two short forms is still one listed name.
    expect(found('HIV/AIDS')).toEqual(['HIV/AIDS=hiv']);
  });
});

describe('abbreviations defined with another spelling', () => {
  it('keeps the knowledge-base abbreviation', () => {
    expect(found('Interest in fructo-oligosaccharides (FOS) grew. FOS feed gut bacteria.')).toEqual([
      'FOS=prebiotics',
      'FOS=prebiotics',
    ]);
    expect(found('Women took 5-methyltetrahydrofolic acid (5-MTHF); 5-MTHF raised folate.')).toEqual([
      '5-MTHF=folate',
      '5-MTHF=folate',
      'folate=folate',
    ]);
    expect(found('insulin-dependent diabetes mellitus (IDDM) and IDDM')).toEqual([
      'insulin-dependent diabetes=type-1-diabetes',
      'IDDM=type-1-diabetes',
      'IDDM=type-1-diabetes',
    ]);
  });

  it('still rejects an abbreviation defined with an unrelated meaning', () => {
    expect(found('The Environmental Protection Agency (EPA) said EPA rules apply.')).toEqual([]);
    expect(longFormResembles('Environmental Protection Agency', ['eicosapentaenoic acid'])).toBe(false);
    expect(longFormResembles('fructo-oligosaccharides', ['fructooligosaccharides'])).toBe(true);
  });

  it('does not take isotope notation for a definition', () => {
    expect(
      analyzeText('We gave docosahexaenoic acid labelled (13)C-DHA (DHA). DHA rose.', lex).definitions,
    ).toEqual([]);
    expect(found('We gave docosahexaenoic acid labelled (13)C-DHA (DHA). DHA rose.')).toContain(
      'DHA=fish-oil',
    );
  });

  it('does not turn a study group named after a supplement into the supplement', () => {
    expect(found('In the low-dose garlic (LG) arm, LG had fewer colds.')).toEqual([
      'garlic=garlic',
      'colds=common-cold',
    ]);
    expect(found('The high-dose zinc group (HZ) and HZ again.')).toEqual(['zinc=zinc']);
    expect(studyArmLongForm('low-dose ')).toBe(true);
    expect(studyArmLongForm('')).toBe(false);
    // A real definition from a supplement name still counts.
    expect(found('Garlic supplements (GS) and GS.')).toEqual([
      'Garlic supplements=garlic',
      'GS=garlic',
      'GS=garlic',
    ]);
  });

  it('reports a nutrient named in a condition of its status inside the condition mention', () => {
    expect(found('Low B12 and iron deficiency are common.')).toEqual([
      'Low B12=vitamin-b12-deficiency',
      'B12=vitamin-b12',
      'iron deficiency=iron-deficiency-anemia',
      'iron=iron',
    ]);
    expect(found('Vitamin B12 deficiency')).toEqual([
      'Vitamin B12 deficiency=vitamin-b12-deficiency',
      'Vitamin B12=vitamin-b12',
    ]);
  });

  it('reads a nutrient in a research title as the nutrient', () => {
    expect(found('Determination of Zinc Compounds and Biomarkers of Zinc Status')).toEqual([
      'Zinc=zinc',
      'Zinc=zinc',
    ]);
  });
});

describe('genes named after a disease', () => {
  it('do not make their short form the disease', () => {
    const r = analyzeText('The deleted in colorectal cancer (DCC) gene; DCC was lost.', lex);
    expect(r.definitions.map((d) => [d.short, d.conceptId])).toEqual([['DCC', undefined]]);
    expect(r.mentions.some((m) => m.text === 'DCC')).toBe(false);
    expect(studyArmLongForm('deleted in ')).toBe(true);
  });

  it('reads soy sauce and a cup of Greek yogurt in a recipe as food', () => {
    expect(found('Whisk the soy sauce with honey.')).toEqual([]);
    expect(found('Top with 1 cup Greek yogurt.')).toEqual([]);
    expect(found('Soy and a cup of yogurt a day were studied.')).toEqual(['Soy=soy', 'yogurt=yogurt']);
  });
});

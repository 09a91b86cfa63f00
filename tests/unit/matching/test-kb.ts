// A small, stable knowledge base for the matcher's unit tests (the real one changes every week).
import type { Concept } from '../../../lib/kb/types';
import { compileLexicon, type Lexicon, loadLexicon } from '../../../lib/matching/lexicon';
import { concept } from '../kb-fixtures';

const UL = (
  amount: number,
  unit: string,
  appliesTo: 'food-and-supplements' | 'supplements-only' = 'food-and-supplements',
) => ({
  amount,
  unit,
  appliesTo,
  lifeStage: 'adults 19+',
  sources: [],
});

export const TEST_CONCEPTS: Concept[] = [
  concept(
    'zinc',
    'supplement',
    'Zinc',
    ['zinc lozenges', 'zinc supplements', 'zinc oxide', 'zinc gluconate', 'Zicam'],
    ['Zn'],
    {
      category: 'mineral',
      upperLimit: UL(40, 'mg'),
    },
  ),
  concept('iron', 'supplement', 'Iron', ['iron supplements', 'ferrous sulfate', 'iron tablets'], ['Fe'], {
    category: 'mineral',
    upperLimit: UL(45, 'mg'),
  }),
  concept(
    'calcium',
    'supplement',
    'Calcium',
    ['calcium carbonate', 'calcium citrate', 'calcium supplements', 'Tums'],
    [],
    {
      category: 'mineral',
      upperLimit: UL(2500, 'mg'),
    },
  ),
  concept('copper', 'supplement', 'Copper', ['copper gluconate'], ['Cu'], {
    category: 'mineral',
    upperLimit: UL(10000, 'mcg'),
  }),
  concept('chromium', 'supplement', 'Chromium', ['chromium picolinate'], [], { category: 'mineral' }),
  concept('selenium', 'supplement', 'Selenium', ['selenomethionine'], [], {
    category: 'mineral',
    upperLimit: UL(400, 'mcg'),
  }),
  concept('magnesium', 'supplement', 'Magnesium', ['magnesium citrate', 'milk of magnesia'], ['Mg'], {
    category: 'mineral',
    upperLimit: UL(350, 'mg', 'supplements-only'),
  }),
  concept('vitamin-d', 'supplement', 'Vitamin D', ['vitamin D3', 'cholecalciferol', '25(OH)D'], [], {
    category: 'vitamin',
    upperLimit: UL(4000, 'IU'),
  }),
  concept('vitamin-a', 'supplement', 'Vitamin A', ['retinol'], [], {
    category: 'vitamin',
    upperLimit: UL(3000, 'mcg RAE'),
  }),
  concept('vitamin-e', 'supplement', 'Vitamin E', ['alpha-tocopherol'], [], {
    category: 'vitamin',
    upperLimit: UL(1000, 'mg alpha-tocopherol'),
  }),
  concept('vitamin-b12', 'supplement', 'Vitamin B12', ['cobalamin', 'vitamin B-12'], ['B12'], {
    category: 'vitamin',
  }),
  concept('choline', 'supplement', 'Choline', [], [], { category: 'vitamin', upperLimit: UL(3.5, 'g') }),
  concept(
    'fish-oil',
    'supplement',
    'Fish oil',
    [
      'omega-3',
      'omega-3s',
      'omega-3 fatty acids',
      'eicosapentaenoic acid',
      'docosahexaenoic acid',
      'cod liver oil',
    ],
    ['EPA', 'DHA'],
    {
      category: 'fatty-acid',
    },
  ),
  concept('alpha-lipoic-acid', 'supplement', 'Alpha-lipoic acid', ['lipoic acid'], ['ALA'], {
    category: 'other',
    ambiguousForms: ['ALA'],
  }),
  concept('alpha-linolenic-acid', 'supplement', 'Alpha-linolenic acid', [], ['ALA'], {
    category: 'fatty-acid',
    ambiguousForms: ['ALA'],
  }),
  concept('st-johns-wort', 'supplement', "St. John's wort", ['Hypericum perforatum', 'hypericum'], ['SJW'], {
    category: 'botanical',
  }),
  concept('ginger', 'supplement', 'Ginger', ['ginger root', 'Zingiber officinale'], [], {
    category: 'botanical',
  }),
  concept('sage', 'supplement', 'Sage', ['Salvia officinalis'], [], { category: 'botanical' }),
  concept('garlic', 'supplement', 'Garlic', ['garlic supplements', 'Allium sativum'], [], {
    category: 'botanical',
  }),
  concept('turmeric', 'supplement', 'Turmeric', ['curcumin'], [], { category: 'botanical' }),
  concept('acai', 'supplement', 'Açaí', ['acai', 'açaí berry'], [], { category: 'botanical' }),
  concept('rheumatoid-arthritis', 'condition', 'Rheumatoid arthritis', ['rheumatoid disease'], ['RA']),
  concept('multiple-sclerosis', 'condition', 'Multiple sclerosis', [], ['MS']),
  concept('type-2-diabetes', 'condition', 'Type 2 diabetes', ['diabetes', 'type II diabetes'], ['T2D']),
  concept('chronic-kidney-disease', 'condition', 'Chronic kidney disease', ['kidney disease'], ['CKD']),
  concept('vitamin-b12-deficiency', 'condition', 'Vitamin B12 deficiency', ['B12 deficiency', 'low B12'], []),
  concept('dementia', 'condition', 'Dementia', ["Alzheimer's disease", "Alzheimer's"], []),
  concept('hyperthyroidism', 'condition', 'Hyperthyroidism', ["Graves' disease"], []),
  concept('depression', 'condition', 'Depression', ['major depression'], ['MDD']),
  concept('stroke', 'condition', 'Stroke', [], []),
  concept('hiv', 'condition', 'HIV infection', ['HIV/AIDS', 'living with HIV'], ['HIV', 'AIDS']),
  concept('epilepsy', 'condition', 'Epilepsy', ['seizure', 'seizure disorder'], []),
  concept('smoking', 'life-stage', 'Smoking', ['smoker', 'heavy smoker'], []),
  concept('older-adults', 'life-stage', 'Older adults', ['seniors', 'elderly', 'older people'], []),
  concept('anemia', 'condition', 'Anemia', ['anemia', 'anaemia', 'anemic', 'anaemic'], []),
  concept('iron-deficiency-anemia', 'condition', 'Iron-deficiency anemia', ['iron deficiency'], []),
  concept('pregnancy', 'life-stage', 'Pregnancy', ['pregnant'], []),
  concept('children', 'life-stage', 'Children', ['child', 'toddler'], []),
  concept('warfarin', 'medication', 'Warfarin', ['Coumadin'], []),
  concept(
    'ssris',
    'medication',
    'Selective serotonin reuptake inhibitors',
    ['sertraline', 'fluoxetine'],
    ['SSRI'],
  ),
  concept('proton-pump-inhibitors', 'medication', 'Proton pump inhibitors', ['omeprazole'], ['PPI']),
  concept('sedatives', 'medication', 'Sedatives', ['sedative', 'benzodiazepines'], []),
  concept('midazolam', 'medication', 'Midazolam', ['Versed'], []),
  concept('lithium', 'medication', 'Lithium', ['lithium carbonate'], []),
  concept('chaparral', 'supplement', 'Chaparral', ['chaparral tea'], [], { category: 'botanical' }),
  concept('skullcap', 'supplement', 'Skullcap', ['scullcap'], [], { category: 'botanical' }),
  concept('creatine', 'supplement', 'Creatine', ['creatine monohydrate'], [], { category: 'amino-acid' }),
];

let cached: Lexicon | undefined;
export function testLexicon(): Lexicon {
  cached ??= loadLexicon(JSON.parse(JSON.stringify(compileLexicon(TEST_CONCEPTS, { kbVersion: 'test' }))));
  return cached;
}

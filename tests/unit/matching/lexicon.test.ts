import { describe, expect, it } from 'vitest';
import {
  compileLexicon,
  formKeys,
  LEXICON_FORMAT,
  loadLexicon,
  pluralKey,
  singularKey,
} from '../../../lib/matching/lexicon';
import { normalizeSurface } from '../../../lib/matching/normalize';
import { TEST_CONCEPTS, testLexicon } from './test-kb';

const lex = testLexicon();
const found = (text: string) => lex.match(text).map((m) => `${m.text}=${m.id}`);

describe('lexicon: compile and load', () => {
  it('round-trips through JSON and loads quickly', () => {
    const data = compileLexicon(TEST_CONCEPTS, { kbVersion: 'v1' });
    expect(data.format).toBe(LEXICON_FORMAT);
    const json = JSON.stringify(data);
    const loaded = loadLexicon(JSON.parse(json));
    expect(loaded.kbVersion).toBe('v1');
    expect(loaded.match('zinc and iron').map((m) => m.id)).toEqual(['zinc', 'iron']);
  });

  it('rejects unknown formats', () => {
    expect(() => loadLexicon({ ...compileLexicon([]), format: 'other' } as never)).toThrow(/format/);
  });

  it('generates spelling variants', () => {
    expect(formKeys('omega-3')).toEqual(expect.arrayContaining(['omega 3', 'omega3']));
    expect(formKeys("St. John's wort")).toEqual(
      expect.arrayContaining(["saint john's wort", 'st johns wort']),
    );
    expect(formKeys('vitamin B-12')).toEqual(expect.arrayContaining(['vitamin b12', 'vitamin b 12']));
    expect(pluralKey('kidney stone')).toBe('kidney stones');
    expect(pluralKey('therapy')).toBe('therapies');
    expect(pluralKey('vitamin d')).toBeUndefined();
    expect(singularKey('blood thinners')).toBe('blood thinner');
    expect(singularKey('statins')).toBeUndefined();
  });
});

describe('lexicon: normalisation', () => {
  it('ignores case for names and synonyms', () => {
    expect(found('ZINC, Zinc and zinc')).toEqual(['ZINC=zinc', 'Zinc=zinc', 'zinc=zinc']);
  });

  it('folds NFKC forms, ligatures and diacritics, keeping original offsets', () => {
    const text = 'Ｚｉｎｃ, ﬁsh oil, vitamin D₃, acai and açaí and ac\u0327ai\u0301 berry';
    const ms = lex.match(text);
    expect(ms.map((m) => [m.text, m.id])).toEqual([
      ['Ｚｉｎｃ', 'zinc'],
      ['ﬁsh oil', 'fish-oil'],
      ['vitamin D₃', 'vitamin-d'],
      ['acai', 'acai'],
      ['açaí', 'acai'],
      ['ac\u0327ai\u0301 berry', 'acai'],
    ]);
    for (const m of ms) expect(text.slice(m.start, m.end)).toBe(m.text);
  });

  it('reads a genus initial and "subsp." with their periods, and only before a species name', () => {
    const l = loadLexicon(
      compileLexicon([
        {
          ...TEST_CONCEPTS.find((c) => c.id === 'zinc')!,
          id: 'b-lactis',
          name: 'Bifidobacterium lactis',
          synonyms: ['B. lactis', 'B. animalis subsp. lactis'],
          abbreviations: [],
        },
      ]),
    );
    const f = (t: string) => l.match(t).map((m) => m.text);
    expect(f('B. lactis and B lactis and B. animalis subsp. lactis')).toEqual([
      'B. lactis',
      'B lactis',
      'B. animalis subsp. lactis',
    ]);
    expect(f('type B. Lactis')).toEqual([]);
  });

  it('treats curly and straight apostrophes, possessives and St./Saint alike', () => {
    expect(found("St. John’s wort, St Johns wort, Saint John's wort, st. john’s-wort")).toEqual([
      'St. John’s wort=st-johns-wort',
      'St Johns wort=st-johns-wort',
      "Saint John's wort=st-johns-wort",
      'st. john’s-wort=st-johns-wort',
    ]);
    expect(found('Graves’ disease and Graves disease')).toEqual([
      'Graves’ disease=hyperthyroidism',
      'Graves disease=hyperthyroidism',
    ]);
    expect(found("Alzheimer's, Alzheimer’s disease, Alzheimers")).toEqual([
      "Alzheimer's=dementia",
      'Alzheimer’s disease=dementia',
      'Alzheimers=dementia',
    ]);
  });

  it('does not include a possessive s that is not part of the name', () => {
    expect(found("zinc's role and iron’s")).toEqual(['zinc=zinc', 'iron=iron']);
  });

  it('matches hyphen, dash, space and joined variants', () => {
    expect(found('omega-3, omega 3, omega–3, omega3, Omega-3s and omega-3 fatty acids')).toEqual([
      'omega-3=fish-oil',
      'omega 3=fish-oil',
      'omega–3=fish-oil',
      'omega3=fish-oil',
      'Omega-3s=fish-oil',
      'omega-3 fatty acids=fish-oil',
    ]);
    expect(found('vitamin B12, vitamin B-12, vitamin B 12')).toEqual([
      'vitamin B12=vitamin-b12',
      'vitamin B-12=vitamin-b12',
      'vitamin B 12=vitamin-b12',
    ]);
    expect(found('alpha tocopherol and alpha-tocopherol')).toEqual([
      'alpha tocopherol=vitamin-e',
      'alpha-tocopherol=vitamin-e',
    ]);
    expect(found('HIV/AIDS')).toEqual(['HIV/AIDS=hiv']);
  });

  it('matches regular plurals and singulars', () => {
    expect(found('strokes, pregnancies and toddlers')).toEqual([
      'strokes=stroke',
      'pregnancies=pregnancy',
      'toddlers=children',
    ]);
    expect(normalizeSurface('St. John’s-Wort')).toBe(normalizeSurface('saint johns wort'));
  });

  it('keeps literal punctuation inside a name', () => {
    expect(found('serum 25(OH)D was low')).toEqual(['25(OH)D=vitamin-d']);
  });

  it('matches the whole name across line breaks inside a block', () => {
    expect(found('vitamin\n   D3')).toEqual(['vitamin\n   D3=vitamin-d']);
  });
});

describe('lexicon: word boundaries', () => {
  it('never matches inside a word', () => {
    expect(
      found('ZIP8 zincs ironically multivitamin ironclad Zincite zinc8 8zinc _zinc Less_Ginger'),
    ).toEqual([]);
  });

  it('matches next to punctuation and hyphens', () => {
    expect(found('(zinc), "iron"; zinc-rich; low-iron')).toEqual([
      'zinc=zinc',
      'iron=iron',
      'zinc=zinc',
      'iron=iron',
    ]);
  });

  it('uses Unicode letters as word characters', () => {
    expect(found('zincé éiron Zinc')).toEqual(['Zinc=zinc']);
    // A combining accent belongs to its word, and accents are folded like precomposed ones.
    expect(found('zinc\u0301 zinć')).toEqual(['zinc\u0301=zinc', 'zinć=zinc']);
  });

  it('does not end on an invisible soft hyphen', () => {
    const ms = lex.match('zin\u00adc and zinc\u00ad tablets');
    expect(ms.map((m) => m.text)).toEqual(['zin\u00adc', 'zinc']);
  });
});

describe('lexicon: longest match', () => {
  it('prefers the longest form at a position', () => {
    expect(found('zinc lozenges and zinc')).toEqual(['zinc lozenges=zinc', 'zinc=zinc']);
    expect(found('vitamin B12 and vitamin B12 deficiency and low B12')).toEqual([
      'vitamin B12=vitamin-b12',
      'vitamin B12 deficiency=vitamin-b12-deficiency',
      'low B12=vitamin-b12-deficiency',
    ]);
  });

  it('resolves overlaps longest first', () => {
    expect(found('type II diabetes and diabetes')).toEqual([
      'type II diabetes=type-2-diabetes',
      'diabetes=type-2-diabetes',
    ]);
    expect(found('chronic kidney disease')).toEqual(['chronic kidney disease=chronic-kidney-disease']);
  });
});

describe('lexicon: case rules', () => {
  it('matches abbreviations case-sensitively, with a plural s', () => {
    expect(found('RA, ra, Ra, SSRI, SSRIs, ssri, MS, Ms. Smith')).toEqual([
      'RA=rheumatoid-arthritis',
      'SSRI=ssris',
      'SSRIs=ssris',
      'MS=multiple-sclerosis',
    ]);
  });

  it('requires a capital for capitalised single-word brand names', () => {
    expect(found('Tums and tums; Versed, well versed')).toEqual(['Tums=calcium', 'Versed=midazolam']);
  });

  it('returns every concept of a shared form', () => {
    const c = lex.scan('ALA');
    expect(c).toHaveLength(1);
    expect(c[0]!.entries.map((e) => lex.concepts[lex.entries[e]!.concept]!.id).sort()).toEqual([
      'alpha-linolenic-acid',
      'alpha-lipoic-acid',
    ]);
  });
});

// kb:check's hierarchy and Disease Ontology rules: parents exist, stay in their family, form no cycle;
// a DOID is a current term whose name or synonym the concept carries.
import { describe, expect, it } from 'vitest';
import { parseDiseaseVocab } from '../../../lib/kb/disease-vocab';
import { checkKb, type SourceFile } from '../../../lib/kb/validate';

const TODAY = '2026-12-05';

function condition(id: string, extra: Record<string, unknown> = {}): SourceFile {
  return {
    path: `kb/conditions/${id}.json`,
    text: JSON.stringify({
      id,
      name: id.replace(/-/g, ' '),
      kind: 'condition',
      description: 'A condition.',
      ...extra,
    }),
  };
}

const ZINC: SourceFile = {
  path: 'kb/supplements/zinc.json',
  text: JSON.stringify({ id: 'zinc', name: 'Zinc', category: 'mineral', description: 'A mineral.' }),
};

const VOCAB = parseDiseaseVocab(
  [
    'doid\tname\texact_synonyms\trelated_synonyms\tparents\tmesh',
    'DOID:5844\tmyocardial infarction\theart attack\t\tDOID:3393\tMESH:D009203',
    "DOID:10652\tAlzheimer's disease\tAlzheimer disease\t\tDOID:680\t",
  ].join('\n'),
);

const messages = (files: SourceFile[], vocab = VOCAB) =>
  checkKb(files, TODAY, { vocab, requireConditionIds: true }).problems.map(
    (p) => `${p.file}: ${p.field}: ${p.message}`,
  );

describe('hierarchy', () => {
  it('compiles parents into the concept', () => {
    const { concepts, problems } = checkKb(
      [
        condition('coronary-heart-disease', { idNote: 'test' }),
        condition('myocardial-infarction', { parents: ['coronary-heart-disease'], doid: 'DOID:5844' }),
      ],
      TODAY,
      { vocab: VOCAB },
    );
    expect(problems).toEqual([]);
    expect(concepts.find((c) => c.id === 'myocardial-infarction')?.parents).toEqual([
      'coronary-heart-disease',
    ]);
  });

  it('rejects an unknown parent and a parent of another family', () => {
    const out = messages([
      condition('myocardial-infarction', { parents: ['heart-trouble', 'zinc'], doid: 'DOID:5844' }),
      ZINC,
    ]);
    expect(out).toContain(
      'kb/conditions/myocardial-infarction.json: parents[0]: unknown concept id "heart-trouble"',
    );
    expect(out.some((m) => m.includes('parents[1]') && m.includes('is a supplement'))).toBe(true);
  });

  it('rejects a cycle', () => {
    const out = messages([
      condition('a-disease', { parents: ['b-disease'], idNote: 'test' }),
      condition('b-disease', { parents: ['a-disease'], idNote: 'test' }),
    ]);
    expect(out.some((m) => m.includes('cycle in the hierarchy'))).toBe(true);
  });
});

describe('Disease Ontology ids', () => {
  it('rejects an unknown or obsolete DOID', () => {
    const out = messages([condition('myocardial-infarction', { doid: 'DOID:999999' })]);
    expect(out.some((m) => m.includes('DOID:999999 is not a current term'))).toBe(true);
  });

  it('needs one of the DO names among the concept names, or a reason', () => {
    expect(messages([condition('heart-trouble', { doid: 'DOID:5844' })]).join()).toMatch(
      /none of the concept's names/,
    );
    expect(messages([condition('heart-trouble', { doid: 'DOID:5844', synonyms: ['heart attack'] })])).toEqual(
      [],
    );
    expect(
      messages([condition('heart-trouble', { doid: 'DOID:5844', doidNameNote: 'a newspaper word for it' })]),
    ).toEqual([]);
    // Apostrophes and case do not matter.
    expect(
      messages([condition('alzheimers-disease', { name: "Alzheimer's Disease", doid: 'DOID:10652' })]),
    ).toEqual([]);
  });

  it('needs an id or a reason on a condition, not on a life stage', () => {
    expect(messages([condition('mystery-illness')]).join()).toMatch(/needs a doid or mesh id, or an idNote/);
    expect(messages([condition('mystery-illness', { mesh: 'D009203' })])).toEqual([]);
    expect(
      messages([
        {
          path: 'kb/conditions/older-adults.json',
          text: JSON.stringify({
            id: 'older-adults',
            name: 'Older adults',
            kind: 'life-stage',
            description: 'Age 65+.',
          }),
        },
      ]),
    ).toEqual([]);
  });

  it('skips the DOID lookup without the vocabulary', () => {
    expect(checkKb([condition('x-disease', { doid: 'DOID:999999' })], TODAY).problems).toEqual([]);
  });
});

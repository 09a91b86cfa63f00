import { describe, expect, it } from 'vitest';
import { buildFlagIndex, normalizeQuery, searchFlags } from '../../../components/options/flag-search';
import { kbBundle } from '../../../lib/kb/bundle';
import { concept } from '../kb-fixtures';

const index = buildFlagIndex(kbBundle.concepts);
const top = (q: string) => searchFlags(index, q)[0]?.concept.id;

describe('flag search over the knowledge base', () => {
  it('finds rheumatoid arthritis by abbreviation, by a word, and by prefix', () => {
    expect(top('RA')).toBe('rheumatoid-arthritis');
    expect(top('ra')).toBe('rheumatoid-arthritis');
    expect(top('rheumatoid')).toBe('rheumatoid-arthritis');
    expect(top('Rheum')).toBe('rheumatoid-arthritis');
    expect(top('arthritis rheumatoid')).toBe('rheumatoid-arthritis');
  });
  it('says which synonym or abbreviation matched', () => {
    expect(searchFlags(index, 'RA')[0]?.matched).toEqual({ text: 'RA', type: 'abbreviation' });
    // Coumadin is warfarin's synonym, or a brand concept under warfarin once the knowledge base has it.
    const coumadin = searchFlags(index, 'coumadin')[0];
    if (coumadin?.concept.id === 'warfarin')
      expect(coumadin.matched).toEqual({ text: 'Coumadin', type: 'synonym' });
    else expect(coumadin?.concept.parentNames).toContain('Warfarin');
  });
  it('covers life stages and medications', () => {
    expect(top('pregnant')).toBe('pregnancy');
    expect(top('breast feeding')).toBe('breastfeeding');
    expect(top('elderly')).toBe('older-adults');
    expect(top('child')).toBe('children');
    expect(top('SSRI')).toBe('ssris');
    expect(top('blood thinners')).toBe('anticoagulants');
  });
  it('never offers supplements as flags, and finds nothing for nonsense', () => {
    for (const c of kbBundle.concepts.filter((c) => c.kind === 'supplement'))
      expect(index.byId.has(c.id)).toBe(false);
    expect(searchFlags(index, 'qqqxz')).toEqual([]);
    expect(searchFlags(index, '   ')).toEqual([]);
  });
  it('normalises case, accents and punctuation', () => {
    expect(normalizeQuery('  Crohn’s   DISEASE ')).toBe('crohn s disease');
    expect(normalizeQuery('Sjögren')).toBe('sjogren');
  });
});

describe('short queries', () => {
  it('"RA" matches the abbreviation, not every synonym starting with "ra"', () => {
    const hits = searchFlags(index, 'RA');
    expect(hits[0]?.concept.id).toBe('rheumatoid-arthritis');
    expect(hits.some((h) => h.matched?.type === 'synonym')).toBe(false);
  });
});

describe('flag search over a hierarchy (any concept, any of its names)', () => {
  const small = buildFlagIndex([
    concept('hypothyroidism', 'condition', 'Hypothyroidism'),
    concept('autoimmune-disease', 'condition', 'Autoimmune disease'),
    concept('hashimotos-thyroiditis', 'condition', "Hashimoto's thyroiditis", ['Hashimoto disease'], [], {
      parents: ['hypothyroidism', 'autoimmune-disease'],
    }),
    concept('celiac-disease', 'condition', 'Celiac disease', ['coeliac disease'], [], {
      parents: ['autoimmune-disease'],
    }),
    concept('adhd', 'condition', 'Attention deficit hyperactivity disorder', [], ['ADHD']),
    concept('hiv', 'condition', 'HIV infection', [], ['HIV']),
    concept('pregnancy', 'life-stage', 'Pregnancy'),
    concept('gestational-diabetes', 'condition', 'Gestational diabetes', [], [], { parents: ['pregnancy'] }),
    concept('warfarin', 'medication', 'Warfarin'),
    concept('coumadin', 'medication', 'Coumadin', [], [], { parents: ['warfarin'] }),
    concept('zinc', 'supplement', 'Zinc'),
  ]);
  const first = (q: string) => searchFlags(small, q)[0];

  it('finds each concept by name, synonym or abbreviation', () => {
    expect(first("Hashimoto's")?.concept.id).toBe('hashimotos-thyroiditis');
    expect(first('hashimoto')?.concept.id).toBe('hashimotos-thyroiditis');
    expect(first('celiac')?.concept.id).toBe('celiac-disease');
    expect(first('coeliac')?.concept.id).toBe('celiac-disease');
    expect(first('ADHD')?.concept.id).toBe('adhd');
    expect(first('HIV')?.concept.id).toBe('hiv');
    expect(first('gestational diabetes')?.concept.id).toBe('gestational-diabetes');
    expect(first('Coumadin')?.concept.id).toBe('coumadin');
    expect(first('zinc')).toBeUndefined();
  });

  it('names the parents of a hit', () => {
    expect(first("Hashimoto's")?.concept.parentNames).toEqual(['Hypothyroidism', 'Autoimmune disease']);
    expect(first('Coumadin')?.concept.parentNames).toEqual(['Warfarin']);
  });
});

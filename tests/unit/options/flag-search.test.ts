import { describe, expect, it } from 'vitest';
import { buildFlagIndex, normalizeQuery, searchFlags } from '../../../components/options/flag-search';
import { kbBundle } from '../../../lib/kb/bundle';

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
    expect(searchFlags(index, 'coumadin')[0]).toMatchObject({
      concept: { id: 'warfarin' },
      matched: { text: 'Coumadin', type: 'synonym' },
    });
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

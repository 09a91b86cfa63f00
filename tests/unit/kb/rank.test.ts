import { describe, expect, it } from 'vitest';
import { pageConceptsByProminence, rankNotes } from '../../../lib/kb/rank';
import type { Note } from '../../../lib/kb/types';

const base: Omit<Note, 'id' | 'target' | 'direction' | 'evidence'> = {
  supplement: 'zinc',
  summary: 's',
  sources: [{ title: 't', url: 'https://example.org' }],
  reviewed: '2026-11-25',
};
const notes: Note[] = [
  { ...base, id: 'zinc-cold', target: 'common-cold', direction: 'benefit', evidence: 'systematic-review' },
  { ...base, id: 'zinc-copper', target: 'copper-deficiency', direction: 'harm', evidence: 'guideline' },
  { ...base, id: 'zinc-ra-lab', target: 'rheumatoid-arthritis', direction: 'caution', evidence: 'lab' },
  {
    ...base,
    id: 'zinc-ra-obs',
    target: 'rheumatoid-arthritis',
    direction: 'mixed',
    evidence: 'observational',
  },
  {
    ...base,
    id: 'zinc-quinolones',
    target: 'quinolone-antibiotics',
    direction: 'harm',
    evidence: 'guideline',
    severity: 'moderate',
  },
];

describe('rankNotes', () => {
  it('puts the zinc/RA lab note first on a page that also mentions rheumatoid arthritis', () => {
    const ranked = rankNotes(notes, {
      flags: new Set(),
      pageConcepts: new Set(['zinc', 'rheumatoid-arthritis']),
    });
    expect(ranked[0]?.id).toBe('zinc-ra-lab');
    expect(ranked[0]?.pageMatch).toBe(true);
    expect(ranked[0]?.flagMatch).toBe(false);
  });

  it("puts the reader's flags ahead of the page", () => {
    const ranked = rankNotes(notes, {
      flags: new Set(['quinolone-antibiotics']),
      pageConcepts: new Set(['rheumatoid-arthritis']),
    });
    expect(ranked.map((n) => n.id).slice(0, 2)).toEqual(['zinc-quinolones', 'zinc-ra-lab']);
    expect(ranked[0]?.flagMatch).toBe(true);
  });

  it('orders the rest by direction, severity and evidence', () => {
    const ranked = rankNotes(notes, { flags: new Set(), pageConcepts: new Set() });
    expect(ranked.map((n) => n.id)).toEqual([
      'zinc-quinolones',
      'zinc-copper',
      'zinc-ra-lab',
      'zinc-ra-obs',
      'zinc-cold',
    ]);
  });
});

const note = (id: string, n: Pick<Note, 'target' | 'direction' | 'evidence'>): Note => ({
  ...base,
  id,
  ...n,
});

describe('what the page is about', () => {
  it('orders page concepts by how often the page names them, first appearance breaking ties', () => {
    expect(
      pageConceptsByProminence([
        'zinc',
        'common-cold',
        'rheumatoid-arthritis',
        'zinc',
        'rheumatoid-arthritis',
      ]),
    ).toEqual(['zinc', 'rheumatoid-arthritis', 'common-cold']);
  });

  it('puts a note about a main topic before a stronger note about a concept named once', () => {
    const ra = note('zinc-ra', { target: 'rheumatoid-arthritis', direction: 'mixed', evidence: 'lab' });
    const cold = note('zinc-cold', {
      target: 'common-cold',
      direction: 'mixed',
      evidence: 'systematic-review',
    });
    const mentions = [
      'zinc',
      ...Array(6).fill('rheumatoid-arthritis'),
      'vitamin-d',
      'fish-oil',
      'turmeric',
      'common-cold',
    ];
    const ctx = { flags: new Set<string>(), pageConcepts: new Set(pageConceptsByProminence(mentions)) };
    expect(rankNotes([cold, ra], ctx).map((n) => n.id)).toEqual(['zinc-ra', 'zinc-cold']);
    // Both named equally often: strength decides, as before.
    const even = {
      flags: new Set<string>(),
      pageConcepts: new Set(['zinc', 'rheumatoid-arthritis', 'common-cold']),
    };
    expect(rankNotes([ra, cold], even).map((n) => n.id)).toEqual(['zinc-cold', 'zinc-ra']);
  });
});

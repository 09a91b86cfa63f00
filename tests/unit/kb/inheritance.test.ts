import { describe, expect, it } from 'vitest';
import { buildHierarchy, flagReach } from '../../../lib/kb/hierarchy';
import { rankNotes } from '../../../lib/kb/rank';
import type { LookupResult, TooltipView } from '../../../lib/messaging/protocol';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/settings';
import { freshDatabases, testHandler } from '../background-fixtures';
import { bundle, concept, note } from '../kb-fixtures';

const CONCEPTS = [
  concept('milk-thistle', 'supplement', 'Milk thistle'),
  concept('zinc', 'supplement', 'Zinc'),
  concept('zinc-gluconate', 'supplement', 'Zinc gluconate', [], [], { parents: ['zinc'] }),
  concept('liver-disease', 'condition', 'Liver disease'),
  concept('cirrhosis', 'condition', 'Cirrhosis', [], [], { parents: ['liver-disease'] }),
  concept('hepatitis-c', 'condition', 'Hepatitis C', [], [], { parents: ['liver-disease'] }),
  concept('pregnancy', 'life-stage', 'Pregnancy'),
  concept('diabetes', 'condition', 'Diabetes'),
  concept('gestational-diabetes', 'condition', 'Gestational diabetes', [], [], {
    parents: ['pregnancy', 'diabetes'],
  }),
];
const NOTES = [
  note('milk-thistle-liver', { supplement: 'milk-thistle', target: 'liver-disease', evidence: 'rct' }),
  note('milk-thistle-cirrhosis', { supplement: 'milk-thistle', target: 'cirrhosis', evidence: 'rct' }),
  note('zinc-pregnancy', { supplement: 'zinc', target: 'pregnancy', direction: 'benefit' }),
  note('zinc-gluconate-diabetes', { supplement: 'zinc-gluconate', target: 'diabetes', direction: 'benefit' }),
];

describe('the hierarchy', () => {
  const h = buildHierarchy(CONCEPTS);
  it('walks ancestors nearest first and descendants', () => {
    expect(h.ancestorsOf('gestational-diabetes')).toEqual(['pregnancy', 'diabetes']);
    expect(h.ancestorsOf('liver-disease')).toEqual([]);
    expect(h.descendantsOf('liver-disease').sort()).toEqual(['cirrhosis', 'hepatitis-c']);
  });

  it('tolerates rows from an older bundle without parents', () => {
    const old = buildHierarchy([{ id: 'a' } as never, { id: 'b', parents: ['a'] }]);
    expect(old.ancestorsOf('b')).toEqual(['a']);
    expect(old.ancestorsOf('a')).toEqual([]);
  });

  it('lets a flag reach its ancestors and descendants but not its siblings', () => {
    expect([...flagReach(['cirrhosis'], h)].sort()).toEqual(['cirrhosis', 'liver-disease']);
    expect([...flagReach(['liver-disease'], h)].sort()).toEqual([
      'cirrhosis',
      'hepatitis-c',
      'liver-disease',
    ]);
  });
});

describe('ranking with inherited notes', () => {
  const h = buildHierarchy(CONCEPTS);
  const own = NOTES[1]!;
  const inherited = { ...NOTES[0]!, inheritedFrom: 'liver-disease' };

  it('puts the concept’s own note before an inherited one of equal strength', () => {
    const ranked = rankNotes([inherited, own], { flags: new Set(), pageConcepts: new Set(), hierarchy: h });
    expect(ranked.map((n) => n.id)).toEqual(['milk-thistle-cirrhosis', 'milk-thistle-liver']);
  });

  it('matches a flag on the ancestor and on the descendant', () => {
    for (const flag of ['liver-disease', 'cirrhosis']) {
      const ranked = rankNotes([inherited, own], {
        flags: new Set([flag]),
        pageConcepts: new Set(),
        hierarchy: h,
      });
      expect(ranked.every((n) => n.flagMatch)).toBe(true);
    }
    const sibling = rankNotes([own], {
      flags: new Set(['hepatitis-c']),
      pageConcepts: new Set(),
      hierarchy: h,
    });
    expect(sibling[0]?.flagMatch).toBe(false);
  });

  it('counts a note about an ancestor of a page concept as about the page', () => {
    const ranked = rankNotes([inherited], {
      flags: new Set(),
      pageConcepts: new Set(['cirrhosis']),
      hierarchy: h,
    });
    expect(ranked[0]?.pageMatch).toBe(true);
  });
});

const freshDb = freshDatabases('inherit');

function setup(settings: Partial<Settings> = {}) {
  const db = freshDb();
  const handle = testHandler(db, {
    bundle: () => bundle('inherit-1', CONCEPTS, NOTES),
    getSettings: async () => ({ ...DEFAULT_SETTINGS, ...settings }),
  });
  return { handle, db };
}

describe('lookup with inheritance (real IndexedDB via fake-indexeddb)', () => {
  it('returns a cirrhosis mention’s own notes and the liver-disease notes, marked as inherited', async () => {
    const { handle } = setup();
    const res = (await handle(
      { type: 'kb-lookup', conceptIds: ['cirrhosis'], pageConcepts: ['cirrhosis'] },
      { fromExtensionPage: true },
    )) as LookupResult;
    const notes = res.notes.cirrhosis ?? [];
    expect(notes.map((n) => [n.id, n.inheritedFrom])).toEqual([
      ['milk-thistle-cirrhosis', undefined],
      ['milk-thistle-liver', 'liver-disease'],
    ]);
    expect(res.names['liver-disease']).toBe('Liver disease');
  });

  it('gives a life-stage parent’s notes to gestational diabetes, and a supplement form its ingredient’s notes', async () => {
    const { handle } = setup();
    const res = (await handle(
      { type: 'kb-lookup', conceptIds: ['gestational-diabetes', 'zinc-gluconate'], pageConcepts: [] },
      { fromExtensionPage: true },
    )) as LookupResult;
    expect(res.notes['gestational-diabetes']?.map((n) => [n.id, n.inheritedFrom])).toEqual([
      ['zinc-gluconate-diabetes', 'diabetes'],
      ['zinc-pregnancy', 'pregnancy'],
    ]);
    expect(res.notes['zinc-gluconate']?.map((n) => [n.id, n.inheritedFrom]).sort()).toEqual([
      ['zinc-gluconate-diabetes', undefined],
      ['zinc-pregnancy', 'zinc'],
    ]);
  });

  it('shows "Matches your flag" on a cirrhosis mention’s notes for a reader flagged "liver disease", in our frame only', async () => {
    const { handle } = setup({ flags: ['liver-disease'] });
    const token = '0123456789abcdef0123456789abcdef';
    await handle(
      {
        type: 'tooltip-open',
        token,
        conceptId: 'cirrhosis',
        mentionText: 'cirrhosis',
        pageConcepts: [],
        doses: [],
      },
      { tabId: 4, fromExtensionPage: false },
    );
    const view = (await handle(
      { type: 'tooltip-get', token },
      { tabId: 4, fromExtensionPage: true },
    )) as TooltipView;
    expect(view.notes.length).toBe(2);
    expect(view.notes.every((n) => n.flagMatch)).toBe(true);
    expect(view.concept.parents).toEqual(['liver-disease']);
    const content = (await handle(
      { type: 'kb-lookup', conceptIds: ['cirrhosis'], pageConcepts: [] },
      { tabId: 4, fromExtensionPage: false },
    )) as LookupResult;
    expect(content.notes.cirrhosis?.some((n) => n.flagMatch)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { kbBundle } from '../../../lib/kb/bundle';
import { type RankedNote, rankNotes } from '../../../lib/kb/rank';
import type { Concept, Severity } from '../../../lib/kb/types';
import type { Dose, LookupResult, PageMention } from '../../../lib/messaging/protocol';
import { asPageSummary } from '../../../lib/summary/page-summary';
import { buildNotesView, describeDose, groupMentions } from '../../../lib/summary/summary';
import { concept, rankedNote, ZINC_DOSE_ABOVE_LIMIT } from '../kb-fixtures';

const mention = (index: number, id: string, kind: string, name = id): PageMention => ({
  index,
  id,
  kind,
  name,
  text: name,
});

// Mixed by default: a warning only when it matches a flag, so each test sets what makes it serious.
const note = (id: string, extra: Partial<RankedNote> = {}): RankedNote =>
  rankedNote(id, { direction: 'mixed', ...extra });

describe('groupMentions', () => {
  it('counts mentions and concepts per kind, concepts in page order, life stages with conditions', () => {
    const groups = groupMentions([
      mention(3, 'zinc', 'supplement', 'Zinc'),
      mention(0, 'rheumatoid-arthritis', 'condition', 'Rheumatoid arthritis'),
      mention(1, 'zinc', 'supplement', 'Zinc'),
      mention(2, 'pregnancy', 'life-stage', 'Pregnancy'),
      mention(4, 'warfarin', 'medication', 'Warfarin'),
    ]);
    expect(groups.map((g) => [g.kind, g.count, g.concepts.length])).toEqual([
      ['supplement', 2, 1],
      ['condition', 2, 2],
      ['medication', 1, 1],
    ]);
    expect(groups[0]!.concepts[0]).toMatchObject({ id: 'zinc', mentions: [1, 3] });
    expect(groups[1]!.concepts.map((c) => c.id)).toEqual(['rheumatoid-arthritis', 'pregnancy']);
  });

  it('keeps empty groups (so counts show 0) and groups 200 mentions', () => {
    expect(groupMentions([]).map((g) => g.count)).toEqual([0, 0, 0]);
    const many = Array.from({ length: 200 }, (_, i) =>
      mention(i, `c${i % 40}`, i % 2 ? 'supplement' : 'condition'),
    );
    const groups = groupMentions(many);
    expect(groups[0]!.count + groups[1]!.count).toBe(200);
  });
});

describe('buildNotesView', () => {
  const mentions = [
    mention(0, 'zinc', 'supplement', 'Zinc'),
    mention(1, 'rheumatoid-arthritis', 'condition', 'Rheumatoid arthritis'),
    mention(5, 'zinc', 'supplement', 'Zinc'),
  ];
  const lookup = (notes: RankedNote[], flags: string[] = []): LookupResult => ({
    concepts: [
      concept('zinc', 'supplement', 'Zinc'),
      concept('rheumatoid-arthritis', 'condition', 'Rheumatoid arthritis'),
    ],
    notes: {
      zinc: notes.filter((n) => n.supplement === 'zinc'),
      'rheumatoid-arthritis': notes.filter((n) => n.target === 'rheumatoid-arthritis'),
    },
    names: {
      zinc: 'Zinc',
      'rheumatoid-arthritis': 'Rheumatoid arthritis',
      warfarin: 'Warfarin',
      'copper-deficiency': 'Copper deficiency',
    },
    flags,
    kbVersion: 'v',
  });

  // A note with a severity is an interaction; these are cautions.
  const interaction = (id: string, target: string, severity: Severity, extra: Partial<RankedNote> = {}) =>
    note(id, { target, severity, direction: 'caution', ...extra });

  it('orders warnings: flag match, flagged medication, dose, then severity and evidence', () => {
    const ra = note('zinc-rheumatoid-arthritis-lab-2022', { flagMatch: true, pageMatch: true });
    const warf = interaction('zinc-warfarin', 'warfarin', 'moderate', { flagMatch: true, evidence: 'rct' });
    const copper = note('zinc-copper-deficiency', {
      target: 'copper-deficiency',
      direction: 'harm',
      evidence: 'guideline',
    });
    const copperCase: RankedNote = { ...copper, id: 'zinc-copper-case', evidence: 'case-report' };
    const major = interaction('zinc-quinolone', 'quinolone-antibiotics', 'major');
    const benefit = note('zinc-cold', {
      target: 'common-cold',
      direction: 'benefit',
      evidence: 'systematic-review',
    });
    const offPageInteraction = interaction('zinc-tetracycline', 'tetracycline-antibiotics', 'moderate');
    const dose = ZINC_DOSE_ABOVE_LIMIT;
    const under: Dose = { conceptId: 'zinc', text: '10 mg', amount: 10, unit: 'mg', aboveLimit: false };
    const view = buildNotesView(
      mentions,
      [dose, dose, under],
      lookup(
        [benefit, copperCase, major, copper, warf, offPageInteraction, ra],
        ['rheumatoid-arthritis', 'warfarin'],
      ),
    );
    expect(view.warnings.map((w) => (w.type === 'note' ? w.note.id : `dose:${w.dose.text}`))).toEqual([
      'zinc-rheumatoid-arthritis-lab-2022',
      'zinc-warfarin',
      'dose:50 mg of zinc a day',
      'zinc-quinolone',
      'zinc-copper-deficiency',
      'zinc-copper-case',
    ]);
    expect(view.warnings.map((w) => (w.type === 'note' ? w.reason : 'dose'))).toEqual([
      'flag',
      'flag-medication',
      'dose',
      'serious',
      'serious',
      'serious',
    ]);
    expect(view.others.map((o) => o.note.id)).toEqual(['zinc-tetracycline', 'zinc-cold']);
    expect(view.flagCount).toBe(2);
  });

  it('lists a note once even when it arrives under two concepts, and points it at the first mention', () => {
    const ra = note('zinc-rheumatoid-arthritis-lab-2022', { pageMatch: true });
    const view = buildNotesView(mentions, [], lookup([ra]));
    const all = [...view.warnings, ...view.others];
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ mention: { index: 0, conceptId: 'zinc', name: 'Zinc' } });
  });

  it('without the flag the zinc/RA note is listed but not marked as matching', () => {
    const ra = note('zinc-rheumatoid-arthritis-lab-2022', { pageMatch: true });
    const view = buildNotesView(mentions, [], lookup([ra]));
    const entry = [...view.warnings, ...view.others].find((e) => e.type === 'note' && e.note.id === ra.id);
    expect(entry).toBeDefined();
    expect(entry?.type === 'note' && entry.note.flagMatch).toBe(false);
    expect(entry?.type === 'note' && entry.reason).not.toBe('flag');
  });

  it('describes a dose above the limit in plain words', () => {
    expect(describeDose(ZINC_DOSE_ABOVE_LIMIT, 'Zinc')).toBe(
      'This page mentions “50 mg of zinc a day”, above the adult upper limit of 40 mg a day.',
    );
  });
});

describe('asPageSummary', () => {
  it('accepts a summary and drops malformed mentions and doses', () => {
    const s = asPageSummary({
      url: 'https://a.example/',
      title: 'T',
      state: 'annotated',
      health: true,
      mentions: [mention(0, 'zinc', 'supplement'), { index: -1, id: 'x' }, 'junk'],
      doses: [{ conceptId: 'zinc' }],
    });
    expect(s?.mentions).toHaveLength(1);
    expect(s?.doses).toEqual([]);
  });
  it('rejects what is not a summary', () => {
    for (const bad of [undefined, null, 'x', {}, { state: 'weird', mentions: [] }, { state: 'annotated' }])
      expect(asPageSummary(bad)).toBeUndefined();
  });
});

describe('the demo article with the real knowledge base', () => {
  // What the content script reports on demo/article.html, in page order (abridged counts).
  const page: PageMention[] = [
    ...[
      'zinc',
      'rheumatoid-arthritis',
      'zinc',
      'zinc',
      'rheumatoid-arthritis',
      'zinc',
      'zinc',
      'rheumatoid-arthritis',
    ].map((id, i) => mention(i, id, id === 'zinc' ? 'supplement' : 'condition')),
    mention(8, 'vitamin-d', 'supplement'),
    mention(9, 'fish-oil', 'supplement'),
    mention(10, 'turmeric', 'supplement'),
    mention(11, 'rheumatoid-arthritis', 'condition'),
  ];
  const ids = [...new Set(page.map((m) => m.id))];

  /** What the background's kb-lookup answers for these ids (same queries, same ranking). */
  function realLookup(flags: string[]): LookupResult {
    const ctx = { flags: new Set(flags), pageConcepts: new Set(ids) };
    const concepts = ids
      .map((id) => kbBundle.concepts.find((c) => c.id === id))
      .filter((c): c is Concept => !!c);
    const notes: Record<string, RankedNote[]> = {};
    for (const c of concepts)
      notes[c.id] = rankNotes(
        kbBundle.notes.filter((n) => (c.kind === 'supplement' ? n.supplement === c.id : n.target === c.id)),
        ctx,
      );
    const names = Object.fromEntries(kbBundle.concepts.map((c) => [c.id, c.name]));
    return { concepts, notes, names, flags, kbVersion: kbBundle.version };
  }

  it('puts zinc/RA first, marked, for a reader who flagged RA (not turmeric/RA, mentioned once)', () => {
    const view = buildNotesView(page, [], realLookup(['rheumatoid-arthritis']));
    const first = view.warnings[0];
    // The cohort of people leads; the lab study in cells follows it, both marked.
    expect(first?.type === 'note' && first.note.id).toBe('zinc-rheumatoid-arthritis-observational');
    const second = view.warnings[1];
    expect(second?.type === 'note' && second.note.id).toBe('zinc-rheumatoid-arthritis-lab-2022');
    expect(second?.type === 'note' && second.note.flagMatch).toBe(true);
    expect(first?.type === 'note' && first.note.flagMatch).toBe(true);
    expect(first?.type === 'note' && first.reason).toBe('flag');
    // Notes about supplements the page never names are not warnings.
    for (const w of view.warnings) if (w.type === 'note') expect(ids).toContain(w.note.supplement);
  });

  it('lists zinc/RA unmarked for a reader without flags', () => {
    const view = buildNotesView(page, [], realLookup([]));
    const all = [...view.warnings, ...view.others];
    const entry = all.find((e) => e.type === 'note' && e.note.id === 'zinc-rheumatoid-arthritis-lab-2022');
    expect(entry?.type === 'note' && entry.note.flagMatch).toBe(false);
    expect(all.some((e) => e.type === 'note' && e.note.flagMatch)).toBe(false);
  });
});

describe('buildNotesView with inherited notes', () => {
  const liverNote = rankedNote('milk-thistle-liver', { supplement: 'milk-thistle', target: 'liver-disease' });
  const lookup = (conceptsOnPage: string[]): LookupResult => ({
    concepts: conceptsOnPage.map((id) => concept(id, 'condition', id)),
    notes: Object.fromEntries(
      conceptsOnPage.map((id) => [
        id,
        [id === 'liver-disease' ? liverNote : { ...liverNote, inheritedFrom: 'liver-disease' }],
      ]),
    ),
    names: { 'liver-disease': 'Liver disease', cirrhosis: 'Cirrhosis', 'milk-thistle': 'Milk thistle' },
    flags: [],
    kbVersion: 'v',
  });

  it('points an inherited note at the mention it came through', () => {
    const view = buildNotesView(
      [mention(4, 'cirrhosis', 'condition', 'Cirrhosis')],
      [],
      lookup(['cirrhosis']),
    );
    const all = [...view.warnings, ...view.others];
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      note: { inheritedFrom: 'liver-disease' },
      mention: { index: 4, conceptId: 'cirrhosis' },
    });
  });

  it('keeps the own note when the ancestor is on the page too', () => {
    const view = buildNotesView(
      [
        mention(0, 'cirrhosis', 'condition', 'Cirrhosis'),
        mention(2, 'liver-disease', 'condition', 'Liver disease'),
      ],
      [],
      lookup(['cirrhosis', 'liver-disease']),
    );
    const all = [...view.warnings, ...view.others];
    expect(all).toHaveLength(1);
    expect(all[0]!.type === 'note' && all[0]!.note.inheritedFrom).toBeUndefined();
  });
});

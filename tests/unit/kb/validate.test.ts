import { describe, expect, it } from 'vitest';
import { checkKb, type SourceFile } from '../../../lib/kb/validate';
import { ZINC_UPPER_LIMIT } from '../kb-fixtures';

const TODAY = '2026-11-25';

function supplement(extra: Record<string, unknown> = {}, notes: unknown[] = []): SourceFile {
  return {
    path: 'kb/supplements/zinc.json',
    text: JSON.stringify({
      id: 'zinc',
      name: 'Zinc',
      category: 'mineral',
      description: 'An essential mineral.',
      synonyms: ['zinc gluconate'],
      sources: [{ title: 'ODS zinc', url: 'https://ods.od.nih.gov/factsheets/Zinc-HealthProfessional/' }],
      notes,
      ...extra,
    }),
  };
}

const RA: SourceFile = {
  path: 'kb/conditions/rheumatoid-arthritis.json',
  text: JSON.stringify({
    id: 'rheumatoid-arthritis',
    name: 'Rheumatoid arthritis',
    kind: 'condition',
    description: 'An autoimmune disease of the joints.',
    synonyms: ['rheumatoid disease'],
    abbreviations: ['RA'],
  }),
};

const WARFARIN: SourceFile = {
  path: 'kb/medications/warfarin.json',
  text: JSON.stringify({
    id: 'warfarin',
    name: 'Warfarin',
    kind: 'medication',
    description: 'A blood thinner.',
    synonyms: ['Coumadin'],
  }),
};

function note(extra: Record<string, unknown> = {}) {
  return {
    id: 'zinc-ra',
    target: 'rheumatoid-arthritis',
    direction: 'caution',
    evidence: 'lab',
    summary: 'A lab study in human immune cells.',
    sources: [{ title: 'Preprint', url: 'https://doi.org/10.1101/2021.04.16.437150' }],
    reviewed: '2026-11-25',
    ...extra,
  };
}

function problemsFor(files: SourceFile[]) {
  return checkKb(files, TODAY).problems;
}

describe('kb:check', () => {
  it('accepts a well-formed knowledge base and compiles its notes', () => {
    const result = checkKb([supplement({}, [note()]), RA, WARFARIN], TODAY);
    expect(result.problems).toEqual([]);
    expect(result.notes.map((n) => n.id)).toEqual(['zinc-ra']);
    expect(result.concepts.map((c) => c.id)).toEqual(['rheumatoid-arthritis', 'warfarin', 'zinc']);
  });

  it('fails on a note without a source, naming file and field', () => {
    const p = problemsFor([supplement({}, [note({ sources: [] })]), RA]);
    expect(p).toContainEqual({
      file: 'kb/supplements/zinc.json',
      field: 'notes[0].sources',
      message: 'needs at least one source',
    });
    const missing = problemsFor([supplement({}, [{ ...note(), sources: undefined }]), RA]);
    expect(missing.map((x) => x.field)).toContain('notes[0].sources');
  });

  it('fails on an unknown concept id', () => {
    const p = problemsFor([supplement({}, [note({ target: 'gout' })]), RA]);
    expect(p).toContainEqual(
      expect.objectContaining({ file: 'kb/supplements/zinc.json', field: 'notes[0].target' }),
    );
    expect(p[0]?.message).toContain('unknown concept id "gout"');
  });

  it('fails on a surface form claimed by two concepts unless both mark it ambiguous', () => {
    const clash = { ...RA, text: RA.text.replace('"rheumatoid disease"', '"Zinc Gluconate"') };
    const p = problemsFor([supplement(), clash]);
    expect(p.map((x) => `${x.file}:${x.field}`)).toEqual(
      expect.arrayContaining([
        'kb/supplements/zinc.json:synonyms',
        'kb/conditions/rheumatoid-arthritis.json:synonyms',
      ]),
    );
    const marked = {
      ...RA,
      text: JSON.stringify({ ...JSON.parse(clash.text), ambiguousForms: ['zinc gluconate'] }),
    };
    expect(problemsFor([supplement({ ambiguousForms: ['zinc gluconate'] }), marked])).toEqual([]);
  });

  it('treats spelling variants of one form as the same claim', () => {
    const a = supplement({ synonyms: ["St. John's wort"] });
    const b = { ...RA, text: RA.text.replace('"rheumatoid disease"', '"Saint Johns-wort"') };
    expect(problemsFor([a, b]).length).toBeGreaterThan(0);
  });

  it('fails on an evidence level outside the enum', () => {
    const p = problemsFor([supplement({}, [note({ evidence: 'anecdote' })]), RA]);
    expect(p).toContainEqual(expect.objectContaining({ field: 'notes[0].evidence' }));
    expect(p.find((x) => x.field === 'notes[0].evidence')?.message).toContain('"anecdote" is not one of');
  });

  it('fails on a missing or future reviewed date', () => {
    const missing = problemsFor([supplement({}, [{ ...note(), reviewed: undefined }]), RA]);
    expect(missing).toContainEqual({
      file: 'kb/supplements/zinc.json',
      field: 'notes[0].reviewed',
      message: 'is missing',
    });
    const future = problemsFor([supplement({}, [note({ reviewed: '2027-01-01' })]), RA]);
    expect(future).toContainEqual(
      expect.objectContaining({ field: 'notes[0].reviewed', message: '2027-01-01 is in the future' }),
    );
    const bad = problemsFor([supplement({}, [note({ reviewed: 'last week' })]), RA]);
    expect(bad).toContainEqual(expect.objectContaining({ field: 'notes[0].reviewed' }));
  });

  it('fails on a non-https source URL', () => {
    const p = problemsFor([
      supplement({}, [
        note({ sources: [{ title: 'IOM', url: 'http://books.nap.edu/openbook.php?record_id=10026' }] }),
      ]),
      RA,
    ]);
    expect(p).toContainEqual(expect.objectContaining({ field: 'notes[0].sources[0].url' }));
    expect(p[0]?.message).toContain('must use https');
  });

  it('fails on duplicate notes, by id and by content', () => {
    const sameId = problemsFor([supplement({}, [note(), note({ summary: 'Another claim.' })]), RA]);
    expect(sameId).toContainEqual(
      expect.objectContaining({ field: 'notes[1].id', message: 'duplicate note id "zinc-ra"' }),
    );
    const sameClaim = problemsFor([supplement({}, [note(), note({ id: 'zinc-ra-2' })]), RA]);
    expect(sameClaim).toContainEqual(
      expect.objectContaining({ field: 'notes[1]', message: 'duplicates note "zinc-ra"' }),
    );
  });

  it('requires a severity on medication notes and validates it', () => {
    const p = problemsFor([supplement({}, [note({ target: 'warfarin' })]), RA, WARFARIN]);
    expect(p).toContainEqual(expect.objectContaining({ field: 'notes[0].severity' }));
    const bad = problemsFor([supplement({}, [note({ target: 'warfarin', severity: 'huge' })]), RA, WARFARIN]);
    expect(bad.find((x) => x.field === 'notes[0].severity')?.message).toContain('"huge" is not one of');
  });

  it('reports malformed files and wrong shapes with the file name', () => {
    const p = problemsFor([{ path: 'kb/supplements/zinc.json', text: '{ not json' }]);
    expect(p[0]).toMatchObject({ file: 'kb/supplements/zinc.json', field: '(file)' });
    const shape = problemsFor([supplement({ category: 'potion' })]);
    expect(shape[0]).toMatchObject({ file: 'kb/supplements/zinc.json', field: 'category' });
    const name = problemsFor([{ ...supplement(), path: 'kb/supplements/zinc-tablets.json' }]);
    expect(name[0]).toMatchObject({ field: 'id' });
  });

  it('checks upper-limit sources too', () => {
    const p = problemsFor([
      supplement({
        upperLimit: { ...ZINC_UPPER_LIMIT, sources: [] },
      }),
    ]);
    expect(p).toContainEqual(expect.objectContaining({ field: 'upperLimit.sources' }));
  });

  it('requires every upper limit to say whom it covers', () => {
    const ul = { amount: 40, unit: 'mg', sources: [{ title: 'IOM', url: 'https://example.org/' }] };
    const p = problemsFor([supplement({ upperLimit: ul })]);
    expect(p.map((x) => x.field)).toEqual(
      expect.arrayContaining(['upperLimit.appliesTo', 'upperLimit.lifeStage']),
    );
  });

  it('fails on a note resting only on a withdrawn source, and passes once a current source is added', () => {
    const withdrawn = {
      title: 'Zinc for the common cold (Cochrane 2013)',
      doi: '10.1002/14651858.CD001364.pub4',
      status: 'withdrawn',
    };
    const p = problemsFor([supplement({}, [note({ sources: [withdrawn] })]), RA]);
    expect(p).toContainEqual({
      file: 'kb/supplements/zinc.json',
      field: 'notes[0].sources',
      message: 'rests only on withdrawn sources; cite a current source',
    });
    const current = {
      title: 'Zinc for the common cold (Cochrane 2024)',
      doi: '10.1002/14651858.CD014914.pub2',
    };
    expect(problemsFor([supplement({}, [note({ sources: [withdrawn, current] })]), RA])).toEqual([]);
  });

  it('requires the successor of a superseded source', () => {
    const p = problemsFor([
      supplement({}, [
        note({
          sources: [
            { title: 'Old page', url: 'https://example.org/old', status: 'superseded' },
            { title: 'New', url: 'https://example.org/new' },
          ],
        }),
      ]),
      RA,
    ]);
    expect(p).toContainEqual(expect.objectContaining({ field: 'notes[0].sources[0].supersededBy' }));
  });

  it('fails on a case report graded as a trial, and on a narrative review graded as a systematic review', () => {
    const caseReport = { title: 'A case', url: 'https://example.org/case', design: 'case-report' };
    const p = problemsFor([supplement({}, [note({ evidence: 'rct', sources: [caseReport] })]), RA]);
    expect(p).toContainEqual({
      file: 'kb/supplements/zinc.json',
      field: 'notes[0].evidence',
      message: '"rct" claims more than the cited design (case-report)',
    });
    expect(
      problemsFor([supplement({}, [note({ evidence: 'case-report', sources: [caseReport] })]), RA]),
    ).toEqual([]);
    const review = { title: 'A review', url: 'https://example.org/r', design: 'narrative-review' };
    const sr = problemsFor([
      supplement({}, [note({ evidence: 'systematic-review', sources: [review] })]),
      RA,
    ]);
    expect(sr.map((x) => x.field)).toContain('notes[0].evidence');
  });

  it('fails on a "major" note without a source that states the risk for that medication', () => {
    const general = { title: 'Herb list', url: 'https://example.org/herbs' };
    const major = note({ target: 'warfarin', severity: 'major', sources: [general] });
    expect(problemsFor([supplement({}, [major]), RA, WARFARIN])).toContainEqual({
      file: 'kb/supplements/zinc.json',
      field: 'notes[0].severity',
      message: '"major" needs a current source marked statesRiskFor "warfarin"',
    });
    const specific = { ...general, statesRiskFor: ['warfarin'] };
    const ok = note({ target: 'warfarin', severity: 'major', sources: [specific] });
    expect(problemsFor([supplement({}, [ok]), RA, WARFARIN])).toEqual([]);
    const wrongId = { ...general, statesRiskFor: ['rheumatoid-arthritis'] };
    const bad = note({ target: 'warfarin', severity: 'moderate', sources: [wrongId] });
    expect(problemsFor([supplement({}, [bad]), RA, WARFARIN]).map((x) => x.field)).toContain(
      'notes[0].sources[0].statesRiskFor',
    );
  });

  it('lets a note about the supplement in general target the supplement itself, never as a benefit', () => {
    const general = note({ id: 'zinc-general', target: 'zinc', direction: 'caution' });
    expect(problemsFor([supplement({}, [general]), RA])).toEqual([]);
    const benefit = note({ id: 'zinc-general', target: 'zinc', direction: 'benefit' });
    expect(problemsFor([supplement({}, [benefit]), RA]).map((x) => x.field)).toContain('notes[0].direction');
  });

  it('accepts a source that states the risk for the class a "major" note\'s medication belongs to', () => {
    const classFile: SourceFile = {
      path: 'kb/medications/anticoagulants.json',
      text: JSON.stringify({
        id: 'anticoagulants',
        name: 'Anticoagulants',
        kind: 'medication',
        description: 'Blood thinners.',
        synonyms: ['blood thinners'],
      }),
    };
    const member: SourceFile = {
      ...WARFARIN,
      text: JSON.stringify({ ...JSON.parse(WARFARIN.text), parents: ['anticoagulants'] }),
    };
    const classSource = {
      title: 'Class warning',
      url: 'https://example.org/c',
      statesRiskFor: ['anticoagulants'],
    };
    const major = note({ target: 'warfarin', severity: 'major', sources: [classSource] });
    expect(problemsFor([supplement({}, [major]), RA, member, classFile])).toEqual([]);
    // Not the other way round: a warfarin source does not state the risk for every anticoagulant.
    const memberSource = { ...classSource, statesRiskFor: ['warfarin'] };
    const classNote = note({ target: 'anticoagulants', severity: 'major', sources: [memberSource] });
    expect(problemsFor([supplement({}, [classNote]), RA, member, classFile]).map((x) => x.field)).toContain(
      'notes[0].severity',
    );
  });
});

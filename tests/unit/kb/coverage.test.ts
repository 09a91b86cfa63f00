import { describe, expect, it } from 'vitest';
import { notesByCheckedYear, supplementsWithoutSafetyNote } from '../../../lib/kb/coverage';
import { concept, note } from '../kb-fixtures';

const zinc = concept('zinc', 'supplement', 'Zinc', [], [], { parents: [] });
const gluconate = concept('zinc-gluconate', 'supplement', 'Zinc gluconate', [], [], { parents: ['zinc'] });
const iron = concept('iron', 'supplement', 'Iron', [], [], { parents: [] });
const ra = concept('rheumatoid-arthritis', 'condition', 'Rheumatoid arthritis', [], [], { parents: [] });
const warfarin = concept('warfarin', 'medication', 'Warfarin', [], [], { parents: [] });

describe('supplementsWithoutSafetyNote', () => {
  it('counts harm, caution, interactions, general and marked safety notes, and nothing else', () => {
    const all = [zinc, iron, ra, warfarin];
    const benefit = note('zinc-benefit', { direction: 'benefit' });
    expect(supplementsWithoutSafetyNote(all, [benefit])).toEqual(['iron', 'zinc']);
    expect(supplementsWithoutSafetyNote(all, [note('c', { direction: 'caution' })])).toEqual(['iron']);
    const interaction = note('i', { direction: 'no-clear-effect', target: 'warfarin', severity: 'minor' });
    expect(supplementsWithoutSafetyNote(all, [interaction])).toEqual(['iron']);
    const general = note('g', { direction: 'no-clear-effect', target: 'zinc' });
    expect(supplementsWithoutSafetyNote(all, [general])).toEqual(['iron']);
    const marked = note('m', { direction: 'mixed', safety: true });
    expect(supplementsWithoutSafetyNote(all, [marked])).toEqual(['iron']);
  });

  it('lets a form inherit its ancestor safety notes, but not the other way round', () => {
    const onZinc = note('z', { direction: 'harm' });
    expect(supplementsWithoutSafetyNote([zinc, gluconate, ra], [onZinc])).toEqual([]);
    const onGluconate = note('zg', { supplement: 'zinc-gluconate', direction: 'harm' });
    expect(supplementsWithoutSafetyNote([zinc, gluconate, ra], [onGluconate])).toEqual(['zinc']);
  });
});

describe('notesByCheckedYear', () => {
  it('counts notes by the year of their last check, in year order', () => {
    expect(
      notesByCheckedYear([
        { reviewed: '2026-12-05' },
        { reviewed: '2023-01-02' },
        { reviewed: '2026-11-25' },
      ]),
    ).toEqual({ '2023': 1, '2026': 2 });
  });
});

// @vitest-environment happy-dom
// The tooltip's content: concept, ranked notes with the flag match marked, dose warning, sources,
// disclaimer, a way to the popup, and dialog semantics.
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NoteCard } from '../../../components/NoteCard';
import { doseWarnings, upperLimitLine } from '../../../components/tooltip/dose';
import { TooltipPanel } from '../../../components/tooltip/TooltipPanel';
import type { RankedNote } from '../../../lib/kb/rank';
import type { TooltipView } from '../../../lib/messaging/protocol';
import { concept, rankedNote, ZINC_DOSE_ABOVE_LIMIT, ZINC_UPPER_LIMIT } from '../kb-fixtures';

const zinc = concept('zinc', 'supplement', 'Zinc', [], [], {
  description: 'An essential trace mineral.',
  upperLimit: { ...ZINC_UPPER_LIMIT, sources: [] },
  sources: [
    { title: 'ODS zinc fact sheet', url: 'https://ods.od.nih.gov/factsheets/Zinc-HealthProfessional/' },
  ],
});

const note = (id: string, target: string, flagMatch: boolean): RankedNote =>
  rankedNote(id, {
    target,
    flagMatch,
    sources: [{ title: `Source ${id}`, doi: '10.1/x' }],
    reviewed: '2026-01-01',
  });

const view = (over: Partial<TooltipView> = {}): TooltipView => ({
  concept: zinc,
  mentionText: 'zinc',
  notes: [
    note('a', 'rheumatoid-arthritis', true),
    note('b', 'common-cold', false),
    note('c', 'copper-deficiency', false),
    note('d', 'wilsons-disease', false),
  ],
  names: {
    'rheumatoid-arthritis': 'Rheumatoid arthritis',
    'common-cold': 'Common cold',
    'copper-deficiency': 'Copper deficiency',
    zinc: 'Zinc',
  },
  doses: [
    ZINC_DOSE_ABOVE_LIMIT,
    { conceptId: 'zinc', text: '8 mg of zinc', amount: 8, unit: 'mg', aboveLimit: false },
    { conceptId: 'iron', text: '100 mg iron', amount: 100, unit: 'mg', aboveLimit: true },
  ],
  kbVersion: 'v1',
  reviewerMode: false,
  reviewNoteIds: [],
  ...over,
});

afterEach(cleanup);

describe('TooltipPanel', () => {
  it('is a labelled, focusable dialog with the concept, top three notes, sources and the disclaimer', () => {
    const { container, getByRole } = render(
      <TooltipPanel view={view()} onClose={() => {}} onOpenDetails={() => {}} />,
    );
    const dialog = getByRole('dialog');
    expect(dialog.getAttribute('aria-labelledby')).toBe('sl-tt-title');
    expect(dialog.getAttribute('tabindex')).toBe('-1');
    expect(container.querySelector('#sl-tt-title')?.textContent).toContain('Zinc');
    expect(container.querySelector('.sl-tt__desc')?.textContent).toBe('An essential trace mineral.');
    const notes = [...container.querySelectorAll('[data-note-id]')].map((n) =>
      n.getAttribute('data-note-id'),
    );
    expect(notes).toEqual(['a', 'b', 'c']);
    expect(container.querySelector('.sl-tt__more')?.textContent).toContain('1 more note');
    // The flag match is marked, and only on the matching note.
    expect(container.querySelectorAll('.sl-badge--flag').length).toBe(1);
    expect(container.querySelector('[data-note-id="a"] .sl-badge--flag')?.textContent).toBe(
      'Matches your flag',
    );
    expect(container.textContent).toContain('Evidence: Lab or animal study');
    expect(container.textContent).toContain('checked January 2026');
    const links = [...container.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).toContain('https://ods.od.nih.gov/factsheets/Zinc-HealthProfessional/');
    expect(links).toContain('https://doi.org/10.1/x');
    expect(container.querySelector('.sl-disclaimer')?.textContent).toMatch(/does not give medical advice/);
  });

  it('warns about a dose on the page above the upper limit, and only for this concept', () => {
    const { container } = render(<TooltipPanel view={view()} onClose={() => {}} onOpenDetails={() => {}} />);
    const warning = container.querySelector('.sl-tt__warning');
    expect(warning?.textContent).toContain('50 mg of zinc a day');
    expect(warning?.textContent).toContain('40 mg');
    expect(warning?.textContent).not.toContain('iron');
    expect(container.querySelector('.sl-tt__limit')?.textContent).toBe(
      'Upper limit for adults: 40 mg a day from food and supplements together.',
    );
  });

  it('shows how the page names the concept when it differs, and nothing personal without a flag', () => {
    const v = view({ mentionText: 'zinc gluconate', notes: [note('b', 'common-cold', false)], doses: [] });
    const { container } = render(<TooltipPanel view={v} onClose={() => {}} onOpenDetails={() => {}} />);
    expect(container.querySelector('.sl-tt__mention')?.textContent).toContain('zinc gluconate');
    expect(container.querySelector('.sl-badge--flag')).toBeNull();
    expect(container.querySelector('.sl-tt__warning')).toBeNull();
  });

  it('close and details buttons call back; loading and error states are readable', () => {
    const onClose = vi.fn();
    const onOpenDetails = vi.fn();
    const { getByLabelText, getByText, rerender, container } = render(
      <TooltipPanel view={view()} onClose={onClose} onOpenDetails={onOpenDetails} />,
    );
    fireEvent.click(getByLabelText('Close'));
    fireEvent.click(getByText('Everything on this page in SuppLens'));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(onOpenDetails).toHaveBeenCalledTimes(1);
    rerender(<TooltipPanel onClose={onClose} onOpenDetails={onOpenDetails} />);
    expect(container.textContent).toContain('Loading');
    rerender(
      <TooltipPanel error="no tooltip is open in this tab" onClose={onClose} onOpenDetails={onOpenDetails} />,
    );
    expect(container.textContent).toContain('could not load');
  });

  it('the notes are one focus stop whatever they hold; arrow keys move between their links', () => {
    const stops = (v: TooltipView) => {
      const { container } = render(<TooltipPanel view={v} onClose={() => {}} onOpenDetails={() => {}} />);
      const tabbable = [...container.querySelectorAll<HTMLElement>('a, button, [tabindex]')].filter(
        (e) => e.tabIndex >= 0,
      );
      const region = container.querySelector<HTMLElement>('.sl-tt__notes')!;
      const links = [...region.querySelectorAll<HTMLElement>('a[href]')];
      const out = { tabbable: tabbable.length, links: links.length, region, inside: links };
      return out;
    };
    const oneSourceEach = stops(view());
    const many = view({
      notes: view().notes.map((n) => ({
        ...n,
        sources: [
          { title: `A ${n.id}`, doi: '10.1/a' },
          { title: `B ${n.id}`, doi: '10.1/b' },
        ],
      })),
    });
    cleanup();
    const twoSourcesEach = stops(many);
    expect(twoSourcesEach.links).toBeGreaterThan(oneSourceEach.links);
    expect(twoSourcesEach.tabbable).toBe(oneSourceEach.tabbable);
    const { region, inside } = twoSourcesEach;
    expect(region.tabIndex).toBe(0);
    expect(inside.every((a) => a.tabIndex === -1)).toBe(true);
    region.focus();
    fireEvent.keyDown(region, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(inside[0]);
    fireEvent.keyDown(inside[0]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(inside[1]);
    fireEvent.keyDown(inside[1]!, { key: 'End' });
    expect(document.activeElement).toBe(inside[inside.length - 1]);
    fireEvent.keyDown(inside[inside.length - 1]!, { key: 'Home' });
    expect(document.activeElement).toBe(inside[0]);
  });
});

describe('dose lines', () => {
  it('describe limits and warnings in plain words', () => {
    expect(upperLimitLine({ ...zinc, upperLimit: undefined })).toBeUndefined();
    expect(doseWarnings(zinc, view().doses)).toEqual([
      'This page mentions “50 mg of zinc a day”, above the adult upper limit of 40 mg a day.',
    ]);
    expect(
      doseWarnings(zinc, [
        { conceptId: 'zinc', text: '10,000 mg', amount: 10000, unit: 'mg', aboveLimit: true },
      ]),
    ).toEqual(['This page mentions “10,000 mg” of zinc, above the adult upper limit of 40 mg a day.']);
  });

  it('shows the study design in words next to the evidence level, and when the note was checked', () => {
    const designed = rankedNote('lab', {
      design: 'lab study in cells; no patient took zinc',
      reviewed: '2026-12-05',
    });
    const { container } = render(
      <TooltipPanel view={view({ notes: [designed] })} onClose={() => {}} onOpenDetails={() => {}} />,
    );
    expect(container.querySelector('.sl-note__evidence')?.textContent).toBe(
      'Evidence: Lab or animal study (lab study in cells; no patient took zinc)',
    );
    expect(container.querySelector('.sl-note__reviewed time')?.getAttribute('datetime')).toBe('2026-12-05');
    expect(container.querySelector('.sl-note__reviewed')?.textContent).toContain('checked December 2026');
  });

  it('says a note not checked for three years may be out of date, and a recent one does not', () => {
    const old = rankedNote('old', { reviewed: '2022-03-01' });
    const { container, rerender } = render(<NoteCard note={old} names={{}} today="2026-12-05" />);
    expect(container.querySelector('.sl-note__stale')?.textContent).toMatch(/may be out of date/);
    rerender(<NoteCard note={{ ...old, reviewed: '2025-03-01' }} names={{}} today="2026-12-05" />);
    expect(container.querySelector('.sl-note__stale')).toBeNull();
    expect(container.textContent).toContain('checked March 2025');
  });

  it('heads a note about the supplement in general as general safety, and marks a withdrawn source', () => {
    const general = rankedNote('g', {
      target: 'zinc',
      sources: [
        { title: 'Current review', doi: '10.1/new' },
        { title: 'Old review', doi: '10.1/old', status: 'withdrawn' },
      ],
    });
    const { container } = render(
      <NoteCard note={general} names={{ zinc: 'Zinc' }} heading="pair" today="2026-12-05" />,
    );
    expect(container.querySelector('.sl-note__title')?.textContent).toBe('Zinc: general safety');
    expect(container.querySelector('.sl-note__sources')?.textContent).toContain('Old review (withdrawn)');
  });
});

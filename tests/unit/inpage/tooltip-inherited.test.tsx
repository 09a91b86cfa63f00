// @vitest-environment happy-dom
// Every highlight leads somewhere (issue 12, items 3 and 4): a concept with no note of its own shows
// its description, its parents, the notes it inherits (labelled with the ancestor they are about)
// and its reader pages.
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { TooltipPanel } from '../../../components/tooltip/TooltipPanel';
import type { TooltipView } from '../../../lib/messaging/protocol';
import { concept, rankedNote } from '../kb-fixtures';

afterEach(cleanup);

const cirrhosis = concept('cirrhosis', 'condition', 'Cirrhosis', [], [], {
  description: 'Scarring of the liver that builds up over years.',
  parents: ['liver-disease'],
  sources: [{ title: 'MedlinePlus: Cirrhosis', url: 'https://medlineplus.gov/cirrhosis.html' }],
});

const view = (notes: TooltipView['notes']): TooltipView => ({
  concept: cirrhosis,
  mentionText: 'cirrhosis',
  notes,
  names: { 'liver-disease': 'Liver disease', 'milk-thistle': 'Milk thistle', cirrhosis: 'Cirrhosis' },
  doses: [],
  kbVersion: 'v1',
  reviewerMode: false,
  reviewNoteIds: [],
});

describe('tooltip of a concept without notes of its own', () => {
  it('shows description, parents, inherited notes about the ancestor, and reader pages', () => {
    const { container, getByTestId } = render(
      <TooltipPanel
        view={view([
          rankedNote('milk-thistle-liver', {
            supplement: 'milk-thistle',
            target: 'liver-disease',
            inheritedFrom: 'liver-disease',
            flagMatch: true,
          }),
        ])}
        onClose={() => {}}
        onOpenDetails={() => {}}
      />,
    );
    expect(container.textContent).toContain('Scarring of the liver');
    expect(getByTestId('tt-parents').textContent).toBe('A kind of: Liver disease');
    const inherited = container.querySelector('[data-inherited-from="liver-disease"]');
    expect(inherited?.textContent).toBe('About Liver disease in general');
    expect(container.textContent).toContain('Matches your flag');
    expect(container.textContent).toContain('No notes about Cirrhosis itself yet');
    expect(container.querySelector('a[href="https://medlineplus.gov/cirrhosis.html"]')).not.toBeNull();
  });

  it('labels nothing as inherited on the concept’s own notes', () => {
    const { container } = render(
      <TooltipPanel
        view={view([rankedNote('own', { supplement: 'milk-thistle', target: 'cirrhosis' })])}
        onClose={() => {}}
        onOpenDetails={() => {}}
      />,
    );
    expect(container.querySelector('.sl-note__inherited')).toBeNull();
    expect(container.textContent).not.toContain('itself yet');
  });
});

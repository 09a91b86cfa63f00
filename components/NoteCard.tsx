// One evidence note as every SuppLens surface shows it: what, how strong, how recent, from where.
import { isoToday, noteFreshness } from '../lib/kb/freshness';
import type { RankedNote } from '../lib/kb/rank';
import { DIRECTION_LABELS, EVIDENCE_LABELS, type Note } from '../lib/kb/types';
import { SourceLinks } from './SourceLinks';

export interface NoteCardProps {
  note: Note | RankedNote;
  /** Display names of concept ids (the note's supplement and target). */
  names: Record<string, string>;
  /** Show "supplement and target" as the heading (popup, review) or the target only (tooltip). */
  heading?: 'pair' | 'target';
  headingLevel?: 3 | 4;
  /** Today's date (YYYY-MM-DD); injectable so the staleness caveat is testable. */
  today?: string;
}

/** The line an inherited note carries: which more general concept it is about. */
export function inheritedLabel(ancestorName: string): string {
  return `About ${ancestorName} in general`;
}

export function NoteCard({
  note,
  names,
  heading = 'target',
  headingLevel = 3,
  today = isoToday(),
}: NoteCardProps) {
  const flagMatch = 'flagMatch' in note && note.flagMatch;
  const inheritedFrom = 'inheritedFrom' in note ? note.inheritedFrom : undefined;
  const supplement = names[note.supplement] ?? note.supplement;
  // A note whose target is its own supplement is about the supplement in general.
  const general = note.target === note.supplement;
  const target = general ? 'General safety' : (names[note.target] ?? note.target);
  const title =
    heading === 'pair' ? (general ? `${supplement}: general safety` : `${supplement} and ${target}`) : target;
  const freshness = noteFreshness(note.reviewed, today);
  const H = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <article
      class={`sl-note sl-note--${note.direction}${flagMatch ? ' sl-note--flag' : ''}`}
      data-note-id={note.id}
    >
      <H class="sl-note__title">
        {flagMatch && <span class="sl-badge sl-badge--flag">Matches your flag</span>}
        <span>{title}</span>
      </H>
      {inheritedFrom && (
        <p class="sl-note__inherited" data-inherited-from={inheritedFrom}>
          {inheritedLabel(names[inheritedFrom] ?? inheritedFrom)}
        </p>
      )}
      <p class="sl-note__meta">
        <span class={`sl-badge sl-badge--${note.direction}`}>{DIRECTION_LABELS[note.direction]}</span>
        {note.severity && <span class="sl-badge">Interaction: {note.severity}</span>}
        <span class="sl-note__evidence">
          Evidence: {EVIDENCE_LABELS[note.evidence]}
          {note.design && <span class="sl-note__design"> ({note.design})</span>}
        </span>
      </p>
      <p class="sl-note__summary">{note.summary}</p>
      {note.numbers && <p class="sl-note__numbers">Figures: {note.numbers}</p>}
      <p class="sl-note__sources">
        Sources: <SourceLinks sources={note.sources} />
        <span class="sl-note__reviewed">
          {' · '}
          <time dateTime={note.reviewed}>{freshness.label}</time>
        </span>
      </p>
      {freshness.warning && <p class="sl-note__stale">{freshness.warning}</p>}
    </article>
  );
}

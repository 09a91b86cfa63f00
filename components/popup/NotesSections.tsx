// Evidence notes in the popup: warnings first, then every other note about what the page mentions.
import { describeDose, type NoteEntry, type NotesView, type WarningEntry } from '../../lib/summary/summary';
import { NoteCard } from '../NoteCard';

export type NotesState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'done'; view: NotesView }
  | { status: 'error'; message: string };

interface Props {
  notes: NotesState;
  onFocus(index: number, label: string): void;
}

const REASON_TEXT: Record<NonNullable<NoteEntry['reason']>, string> = {
  // The note's own “Matches your flag” badge says it.
  flag: '',
  'flag-medication': 'Interaction with a medication you flagged',
  dose: 'Dose above the upper limit',
  serious: '',
};

function JumpButton({ entry, onFocus }: { entry: WarningEntry; onFocus: Props['onFocus'] }) {
  const m = entry.mention;
  if (!m) return null;
  return (
    <button type="button" class="sl-jump" onClick={() => onFocus(m.index, m.name)}>
      Show {m.name} in the page
    </button>
  );
}

function NoteItem({
  entry,
  names,
  onFocus,
}: {
  entry: NoteEntry;
  names: Record<string, string>;
  onFocus: Props['onFocus'];
}) {
  const reason = entry.reason ? REASON_TEXT[entry.reason] : '';
  return (
    <li
      class="sl-entry"
      data-note-id={entry.note.id}
      data-flag-match={entry.note.flagMatch ? 'true' : 'false'}
      {...(entry.reason ? { 'data-reason': entry.reason } : {})}
    >
      {reason && <p class="sl-entry__reason">{reason}</p>}
      <NoteCard note={entry.note} names={names} heading="pair" headingLevel={3} />
      <JumpButton entry={entry} onFocus={onFocus} />
    </li>
  );
}

export function Warnings({ notes, onFocus }: Props) {
  let body: preact.ComponentChildren;
  let count = '';
  if (notes.status === 'loading' || notes.status === 'idle')
    body = <p class="sl-muted">Loading evidence notes…</p>;
  else if (notes.status === 'error')
    body = <p class="sl-error">SuppLens could not load its evidence notes: {notes.message}</p>;
  else {
    const { warnings, names, flagCount } = notes.view;
    count = ` (${warnings.length})`;
    body =
      warnings.length === 0 ? (
        <p class="sl-muted">
          No warnings for what this page mentions
          {flagCount === 0
            ? '. Add personal flags in Options to see notes about your own conditions and medicines.'
            : ', including your flags.'}
        </p>
      ) : (
        <ol class="sl-entries">
          {warnings.map((w) =>
            w.type === 'note' ? (
              <NoteItem key={w.note.id} entry={w} names={names} onFocus={onFocus} />
            ) : (
              <li
                key={`dose:${w.dose.conceptId}:${w.dose.text}`}
                class="sl-entry sl-entry--dose"
                data-reason="dose"
              >
                <p class="sl-entry__reason">{REASON_TEXT.dose}</p>
                <p class="sl-dose">{describeDose(w.dose, w.name)}</p>
                <JumpButton entry={w} onFocus={onFocus} />
              </li>
            ),
          )}
        </ol>
      );
  }
  return (
    <section class="sl-section" aria-labelledby="sl-warnings-title" data-section="warnings">
      <h2 id="sl-warnings-title" class="sl-section__title">
        Warnings{count}
      </h2>
      {body}
    </section>
  );
}

export function OtherNotes({ notes, onFocus }: Props) {
  if (notes.status !== 'done' || notes.view.others.length === 0) return null;
  const { others, names } = notes.view;
  return (
    <section class="sl-section" aria-labelledby="sl-others-title" data-section="others">
      <h2 id="sl-others-title" class="sl-section__title">
        Other evidence notes ({others.length})
      </h2>
      <ol class="sl-entries">
        {others.map((e) => (
          <NoteItem key={e.note.id} entry={e} names={names} onFocus={onFocus} />
        ))}
      </ol>
    </section>
  );
}

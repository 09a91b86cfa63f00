// What the tooltip frame shows for one mention: a non-modal dialog with the concept, the notes
// ranked for this page and this reader, dose warnings, sources and the disclaimer. Rendered only
// inside the extension's own frame, where page script cannot read it.

import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { KIND_LABELS } from '../../lib/kb/kinds';
import { TOOLTIP_NOTES } from '../../lib/kb/rank';
import type { TooltipView } from '../../lib/messaging/protocol';
import { Disclaimer } from '../Disclaimer';
import { NoteCard } from '../NoteCard';
import { VerdictForm } from '../review/VerdictForm';
import { SourceLinks } from '../SourceLinks';
import { doseWarnings, upperLimitLine } from './dose';

export interface TooltipPanelProps {
  view?: TooltipView;
  error?: string;
  onClose(): void;
  onOpenDetails(): void;
}

export function TooltipPanel({ view, error, onClose, onOpenDetails }: TooltipPanelProps) {
  const title = view ? view.concept.name : 'SuppLens';
  return (
    <div class="sl-tt" role="dialog" aria-labelledby="sl-tt-title" tabIndex={-1} id="sl-tt-dialog">
      <header class="sl-tt__head">
        <h2 id="sl-tt-title" class="sl-tt__title">
          {title}
          {view && <span class="sl-tt__kind">{KIND_LABELS[view.concept.kind] ?? view.concept.kind}</span>}
        </h2>
        <button type="button" class="sl-tt__close" aria-label="Close" title="Close (Esc)" onClick={onClose}>
          ×
        </button>
      </header>
      <div class="sl-tt__body">
        {!view && !error && <p class="sl-tt__status">Loading…</p>}
        {error && <p class="sl-tt__status">SuppLens could not load this note: {error}</p>}
        {view && <Body view={view} onOpenDetails={onOpenDetails} />}
      </div>
    </div>
  );
}

function Body({ view, onOpenDetails }: { view: TooltipView; onOpenDetails(): void }) {
  const { concept, notes, names } = view;
  const warnings = doseWarnings(concept, view.doses);
  const limit = upperLimitLine(concept);
  const shown = notes.slice(0, TOOLTIP_NOTES);
  const rest = notes.length - shown.length;
  const sameWord = view.mentionText.trim().toLowerCase() === concept.name.toLowerCase();
  const parents = Array.isArray(concept.parents) ? concept.parents : [];
  const ownNotes = notes.filter((n) => !n.inheritedFrom).length;
  return (
    <>
      {!sameWord && view.mentionText && <p class="sl-tt__mention">On this page as “{view.mentionText}”.</p>}
      <p class="sl-tt__desc">{concept.description}</p>
      {parents.length > 0 && (
        <p class="sl-tt__parents" data-testid="tt-parents">
          A kind of: {parents.map((id) => names[id] ?? id).join(', ')}
        </p>
      )}
      {warnings.length > 0 && (
        <div class="sl-tt__warning" role="note" aria-label="Dose warning">
          {warnings.map((w) => (
            <p key={w}>
              <strong>Dose above the upper limit. </strong>
              {w}
            </p>
          ))}
        </div>
      )}
      {limit && <p class="sl-tt__limit">{limit}</p>}
      {shown.length > 0 ? (
        <NotesRegion>
          <h3 id="sl-tt-notes" class="sl-tt__section">
            Evidence notes
          </h3>
          {ownNotes === 0 && (
            <p class="sl-tt__status">
              No notes about {concept.name} itself yet; these are about a more general condition or
              ingredient.
            </p>
          )}
          {shown.map((n) => (
            <NoteCard
              key={n.id}
              note={n}
              names={names}
              heading={concept.kind === 'supplement' ? 'target' : 'pair'}
              headingLevel={4}
            />
          ))}
          {rest > 0 && (
            <p class="sl-tt__more">
              {rest} more {rest === 1 ? 'note' : 'notes'} in the SuppLens panel.
            </p>
          )}
        </NotesRegion>
      ) : (
        <p class="sl-tt__status">No evidence notes for {concept.name} yet.</p>
      )}
      {view.reviewerMode && view.anchor && (
        <VerdictForm
          anchor={view.anchor}
          conceptId={concept.id}
          conceptName={concept.name}
          shownNoteIds={view.reviewNoteIds}
          kbVersion={view.kbVersion}
        />
      )}
      {concept.sources.length > 0 && (
        <p class="sl-tt__sources">
          About {concept.name}: <SourceLinks sources={concept.sources} />
        </p>
      )}
      <Disclaimer />
      <p class="sl-tt__foot">
        <button type="button" class="sl-tt__details" onClick={onOpenDetails}>
          Everything on this page in SuppLens
        </button>
      </p>
    </>
  );
}

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]';

/**
 * The notes shown depend on the reader's flags, and so does the number of links in them. The page
 * around the tooltip sees how long Tab focus stays in the frame, so the notes are one focus stop
 * whatever they hold: the region takes the focus, and the arrow keys (Home, End) move between the
 * links inside it. Screen readers still reach every link in browse mode.
 */
function NotesRegion({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    for (const el of ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? []) el.tabIndex = -1;
  });
  const onKeyDown = (e: KeyboardEvent) => {
    const region = ref.current;
    if (!region) return;
    const items = [...region.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (items.length === 0) return;
    const at = items.indexOf(document.activeElement as HTMLElement);
    let next: number;
    if (e.key === 'ArrowDown' || e.key === 'ArrowRight')
      next = at < 0 ? 0 : Math.min(at + 1, items.length - 1);
    else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') next = at < 0 ? 0 : Math.max(at - 1, 0);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = items.length - 1;
    else return;
    e.preventDefault();
    items[next]?.focus();
  };
  return (
    <section
      ref={ref}
      class="sl-tt__notes"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: one focus stop for all the notes' links (see above)
      tabIndex={0}
      aria-labelledby="sl-tt-notes"
      aria-describedby="sl-tt-notes-keys"
      onKeyDown={onKeyDown}
    >
      <p id="sl-tt-notes-keys" class="sl-tt__keys">
        Arrow keys move between the sources.
      </p>
      {children}
    </section>
  );
}

// Personal flags: life stages at a glance, and a search over conditions and medications that knows
// their other names and abbreviations. Every choice is a labelled checkbox, so it works by keyboard.
import { useMemo, useState } from 'preact/hooks';
import {
  conceptsOfKind,
  type FlagConcept,
  type FlagHit,
  type FlagIndex,
  KIND_LABELS,
  searchFlags,
} from './flag-search';

export interface FlagPickerProps {
  index: FlagIndex;
  flags: readonly string[];
  onToggle(id: string, on: boolean): void;
}

const SHOWN_RESULTS = 12;

function FlagCheckbox({
  concept,
  idPrefix,
  checked,
  onToggle,
  detail,
}: {
  concept: FlagConcept;
  idPrefix: string;
  checked: boolean;
  onToggle: FlagPickerProps['onToggle'];
  detail?: string;
}) {
  const id = `${idPrefix}-${concept.id}`;
  return (
    <li class="sl-check" data-flag-id={concept.id}>
      <input
        type="checkbox"
        id={id}
        checked={checked}
        onChange={(e) => onToggle(concept.id, (e.currentTarget as HTMLInputElement).checked)}
      />
      <label for={id}>
        {concept.name}
        {detail && <span class="sl-muted"> · {detail}</span>}
      </label>
    </li>
  );
}

function hitDetail(hit: FlagHit): string {
  const parents = hit.concept.parentNames;
  const kind = `${KIND_LABELS[hit.concept.kind]}${parents.length > 0 ? `, a kind of ${parents.join(' and ')}` : ''}`;
  if (!hit.matched) return kind;
  return `${kind}, ${hit.matched.type === 'abbreviation' ? 'abbreviated' : 'also called'} “${hit.matched.text}”`;
}

// The full lists are built only once a reader opens them: with hundreds of concepts, a closed
// list would still cost every render of the page (and every label lookup) for nothing.
function BrowseAll({
  label,
  list,
  chosen,
  onToggle,
}: {
  label: string;
  list: readonly FlagConcept[];
  chosen: ReadonlySet<string>;
  onToggle: FlagPickerProps['onToggle'];
}) {
  const [open, setOpen] = useState(false);
  return (
    <details class="sl-browse" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        Browse all {label} ({list.length})
      </summary>
      {open && (
        <ul class="sl-checks sl-checks--columns">
          {list.map((c) => (
            <FlagCheckbox
              key={c.id}
              concept={c}
              idPrefix={`all-${label}`}
              checked={chosen.has(c.id)}
              onToggle={onToggle}
            />
          ))}
        </ul>
      )}
    </details>
  );
}

export function FlagPicker({ index, flags, onToggle }: FlagPickerProps) {
  const [query, setQuery] = useState('');
  const chosen = new Set(flags);
  const hits = useMemo(() => searchFlags(index, query, 200), [index, query]);
  const lifeStages = useMemo(() => conceptsOfKind(index, 'life-stage'), [index]);
  const conditions = useMemo(() => conceptsOfKind(index, 'condition'), [index]);
  const medications = useMemo(() => conceptsOfKind(index, 'medication'), [index]);
  const shown = hits.slice(0, SHOWN_RESULTS);

  return (
    <section class="sl-card" aria-labelledby="sl-flags-title">
      <h2 id="sl-flags-title">Personal flags</h2>
      <p>
        Flag the conditions, life stages and medications that apply to you. Notes about them come first in the
        tooltip and the popup, marked “Matches your flag”. Flags stay in this browser (unless you turn on sync
        below) and are never shown to the web pages you read.
      </p>

      <h3>Your flags</h3>
      {flags.length === 0 ? (
        <p class="sl-muted" data-testid="no-flags">
          No flags yet.
        </p>
      ) : (
        <ul class="sl-chips" aria-label="Your flags">
          {flags.map((id) => {
            const c = index.byId.get(id);
            return (
              <li key={id} class="sl-chip" data-flag-id={id}>
                <span>{c?.name ?? id}</span>
                <span class="sl-muted">{c ? KIND_LABELS[c.kind] : 'no longer in the knowledge base'}</span>
                <button
                  type="button"
                  class="sl-chip__remove"
                  aria-label={`Remove flag: ${c?.name ?? id}`}
                  onClick={() => onToggle(id, false)}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}

      <h3 id="sl-life-stages-title">Life stages</h3>
      <ul class="sl-checks sl-checks--inline" aria-labelledby="sl-life-stages-title">
        {lifeStages.map((c) => (
          <FlagCheckbox
            key={c.id}
            concept={c}
            idPrefix="life"
            checked={chosen.has(c.id)}
            onToggle={onToggle}
          />
        ))}
      </ul>

      <h3>Conditions and medications</h3>
      <label for="sl-flag-search" class="sl-label">
        Find a condition, life stage or medication
      </label>
      <input
        id="sl-flag-search"
        type="search"
        class="sl-input"
        autocomplete="off"
        spellcheck={false}
        value={query}
        aria-describedby="sl-flag-search-help"
        aria-controls="sl-flag-results"
        onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
      />
      <p id="sl-flag-search-help" class="sl-help">
        Names, other names and abbreviations all work: “RA” or “rheumatoid”, “pregnant”, “Coumadin”.
      </p>
      <p class="sl-help" role="status" aria-live="polite">
        {query.trim() === ''
          ? ''
          : hits.length === 0
            ? `Nothing matches “${query.trim()}”.`
            : `${hits.length} match${hits.length === 1 ? '' : 'es'}${hits.length > SHOWN_RESULTS ? `, first ${SHOWN_RESULTS} shown` : ''}.`}
      </p>
      <ul id="sl-flag-results" class="sl-checks" aria-label="Search results">
        {shown.map((h) => (
          <FlagCheckbox
            key={h.concept.id}
            concept={h.concept}
            idPrefix="result"
            checked={chosen.has(h.concept.id)}
            onToggle={onToggle}
            detail={hitDetail(h)}
          />
        ))}
      </ul>

      <BrowseAll label="conditions" list={conditions} chosen={chosen} onToggle={onToggle} />
      <BrowseAll label="medications" list={medications} chosen={chosen} onToggle={onToggle} />
    </section>
  );
}

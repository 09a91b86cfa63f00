// What the page mentions: counts per kind, and one entry per concept that jumps to its mentions.
import { useState } from 'preact/hooks';
import type { FoundGroup } from '../../lib/summary/summary';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function FoundCounts({ groups }: { groups: FoundGroup[] }) {
  return (
    <section class="sl-counts" aria-labelledby="sl-counts-title">
      <h2 id="sl-counts-title" class="sl-visually-hidden">
        Found on this page
      </h2>
      <ul class="sl-counts__list">
        {groups.map((g) => (
          <li key={g.kind} class="sl-counts__item" data-kind={g.kind}>
            <span class="sl-counts__number">{g.concepts.length}</span>{' '}
            <span class="sl-counts__label">{g.label}</span>{' '}
            <span class="sl-counts__mentions sl-muted">{plural(g.count, 'mention')}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export interface MentionListProps {
  groups: FoundGroup[];
  onFocus(index: number, label: string): void;
}

/** Each concept is one button; pressing it again moves to its next mention in the page. */
export function MentionList({ groups, onFocus }: MentionListProps) {
  const [cursor, setCursor] = useState<Record<string, number>>({});
  const shown = groups.filter((g) => g.concepts.length > 0);
  return (
    <section class="sl-section" aria-labelledby="sl-mentions-title">
      <h2 id="sl-mentions-title" class="sl-section__title">
        On this page
      </h2>
      <p id="sl-mentions-hint" class="sl-help">
        Choose one to show it in the page; choose it again for its next mention.
      </p>
      {shown.map((g) => (
        <div key={g.kind} class="sl-group">
          <h3 class="sl-group__title">{g.label}</h3>
          <ul class="sl-group__list">
            {g.concepts.map((c) => {
              const at = cursor[c.id];
              const next = at === undefined ? 0 : (at + 1) % c.mentions.length;
              const position = at === undefined ? '' : ` (${at + 1} of ${c.mentions.length})`;
              return (
                <li key={c.id}>
                  <button
                    type="button"
                    class="sl-mention"
                    data-concept-id={c.id}
                    aria-describedby="sl-mentions-hint"
                    onClick={() => {
                      setCursor({ ...cursor, [c.id]: next });
                      onFocus(c.mentions[next]!, `${c.name} (${next + 1} of ${c.mentions.length})`);
                    }}
                  >
                    <span class="sl-mention__name">{c.name}</span>{' '}
                    <span class="sl-mention__count">
                      {c.mentions.length}
                      <span class="sl-visually-hidden">
                        {' '}
                        {c.mentions.length === 1 ? 'mention' : 'mentions'}
                      </span>
                      {position && <span class="sl-muted">{position}</span>}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}

// Per-site rules: paused (SuppLens stays off) or always on (annotate even when the page does not
// look like a health article). Hostnames are stored the way `location.hostname` gives them.
import { useState } from 'preact/hooks';
import type { SiteRule } from '../../lib/settings';
import { normalizeHostname } from '../../lib/settings-io';

export interface SiteListProps {
  sites: Record<string, SiteRule>;
  onSet(host: string, rule: SiteRule | undefined): void;
}

const RULE_LABELS: Record<SiteRule, string> = { paused: 'Paused', always: 'Always on' };

export function SiteList({ sites, onSet }: SiteListProps) {
  const [input, setInput] = useState('');
  const [rule, setRule] = useState<SiteRule>('paused');
  const [error, setError] = useState('');
  const hosts = Object.keys(sites).sort();

  const add = (e: Event) => {
    e.preventDefault();
    const host = normalizeHostname(input);
    if (!host) {
      setError(`“${input.trim() || ' '}” is not a website address. Type a site such as example.com.`);
      return;
    }
    setError('');
    setInput('');
    onSet(host, rule);
  };

  return (
    <section class="sl-card" aria-labelledby="sl-sites-title">
      <h2 id="sl-sites-title">Sites</h2>
      <p>
        Pause SuppLens on a site to keep it off there, or keep it always on for a site whose pages do not look
        like health articles.
      </p>
      {hosts.length === 0 ? (
        <p class="sl-muted">No site rules yet.</p>
      ) : (
        <ul class="sl-sites" aria-label="Site rules">
          {hosts.map((h, i) => (
            <li key={h} class="sl-site" data-host={h}>
              <span class="sl-site__host">{h}</span>
              <label class="sl-visually-hidden" for={`sl-site-rule-${i}`}>
                Rule for {h}
              </label>
              <select
                id={`sl-site-rule-${i}`}
                class="sl-input"
                value={sites[h]}
                onChange={(e) => onSet(h, (e.currentTarget as HTMLSelectElement).value as SiteRule)}
              >
                <option value="paused">{RULE_LABELS.paused}</option>
                <option value="always">{RULE_LABELS.always}</option>
              </select>
              <button type="button" aria-label={`Remove ${h}`} onClick={() => onSet(h, undefined)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="sl-site-form" onSubmit={add} noValidate>
        <div>
          <label for="sl-site-new" class="sl-label">
            Site
          </label>
          <input
            id="sl-site-new"
            class="sl-input"
            type="text"
            inputMode="url"
            placeholder="example.com"
            value={input}
            aria-invalid={error ? 'true' : 'false'}
            aria-describedby={error ? 'sl-site-error' : undefined}
            onInput={(e) => setInput((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <div>
          <label for="sl-site-new-rule" class="sl-label">
            Rule
          </label>
          <select
            id="sl-site-new-rule"
            class="sl-input"
            value={rule}
            onChange={(e) => setRule((e.currentTarget as HTMLSelectElement).value as SiteRule)}
          >
            <option value="paused">{RULE_LABELS.paused}</option>
            <option value="always">{RULE_LABELS.always}</option>
          </select>
        </div>
        <button type="submit">Add site</button>
      </form>
      {error && (
        <p id="sl-site-error" class="sl-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

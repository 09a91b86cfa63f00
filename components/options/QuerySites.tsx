// Reviewers' choice of sites whose review URLs keep their query string. By default a review is
// stored and exported under the page URL without it (it often carries session tokens, e-mail
// addresses or tracking ids); a site that picks its articles with "?id=…" needs it kept.
import { useEffect, useState } from 'preact/hooks';
import { normalizeHostname } from '../../lib/settings-io';

export function QuerySites({
  sites,
  onChange,
}: {
  sites: readonly string[];
  onChange(sites: string[]): void;
}) {
  const [text, setText] = useState(sites.join('\n'));
  const [problem, setProblem] = useState('');
  useEffect(() => setText(sites.join('\n')), [sites.join('\n')]);
  const save = () => {
    const out: string[] = [];
    const bad: string[] = [];
    for (const line of text.split(/[\n,]+/)) {
      if (!line.trim()) continue;
      const host = normalizeHostname(line);
      if (!host) bad.push(line.trim());
      else if (!out.includes(host)) out.push(host);
    }
    setProblem(bad.length ? `Not a website address: ${bad.slice(0, 3).join(', ')}` : '');
    if (bad.length === 0) onChange(out);
  };
  return (
    <div class="sl-field-row">
      <label for="sl-query-sites">Keep the query string (?…) in review links for these sites</label>
      <p id="sl-query-sites-help" class="sl-help">
        One site per line, such as news.example.com. Elsewhere reviews and exports keep the page address
        without it, so tokens and e-mail addresses in links are not saved.
      </p>
      <textarea
        id="sl-query-sites"
        rows={2}
        value={text}
        aria-describedby="sl-query-sites-help"
        aria-invalid={problem ? 'true' : undefined}
        onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        onBlur={save}
      />
      {problem && (
        <p class="sl-help" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

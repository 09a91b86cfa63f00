// A list of sources as links, separated by semicolons: how every surface cites its sources.
import { type Source, sourceHref } from '../lib/kb/types';

export function SourceLinks({ sources }: { sources: readonly Source[] }) {
  return (
    <>
      {sources.map((s, i) => (
        <span key={s.title + String(i)}>
          {i > 0 && '; '}
          <a href={sourceHref(s)} target="_blank" rel="noopener noreferrer">
            {s.title}
          </a>
          {s.status && ` (${s.status})`}
        </span>
      ))}
    </>
  );
}

// The review page (review.html): every saved review across pages. Filters (site, concept, verdict, date, anchor
// status, page), full-text search, paging (50 at a time: each page is one small message, so
// 10,000 reviews never make a long task here), edit, delete with undo, export and import.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ExportFormat } from '../../lib/export/formats';
import {
  EMPTY_FILTER,
  FILTER_KEYS,
  filterFromQuery,
  filterToQuery,
  toWireFilter,
  type UiFilter,
} from '../../lib/reviews/filter-query';
import type { Review, ReviewFacets } from '../../lib/reviews/model';
import { VERDICT_LABELS, VERDICTS } from '../../lib/reviews/model';
import { defaultSend, fetchExport, request, type Send } from './client';
import { download } from './download';
import { ExportFormatOptions } from './ExportFormatOptions';
import { ReviewCard } from './ReviewCard';
import type { VerdictValue } from './VerdictFields';

export const PAGE_SIZE = 50;
const UNDO_MS = 10_000;
const CONCEPT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function ReviewPage({ send = defaultSend }: { send?: Send }) {
  const [filter, setFilter] = useState<UiFilter>(() => filterFromQuery(location.search));
  const [searchText, setSearchText] = useState(filter.text);
  const [offset, setOffset] = useState(0);
  const [data, setData] = useState<{ total: number; items: Review[] } | null>(null);
  const [facets, setFacets] = useState<ReviewFacets>({ total: 0, sites: [], conceptIds: [] });
  const [names, setNames] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [format, setFormat] = useState<ExportFormat>('json');
  const [undo, setUndo] = useState<{ ids: string[]; label: string } | null>(null);
  const [refresh, setRefresh] = useState(0);
  const seq = useRef(0);
  const undoTimer = useRef<ReturnType<typeof setTimeout>>();
  const undoButton = useRef<HTMLButtonElement>(null);
  const listTop = useRef<HTMLHeadingElement>(null);
  const wire = useMemo(() => toWireFilter(filter), [filter]);

  // Debounced search box.
  useEffect(() => {
    if (searchText === filter.text) return;
    const t = setTimeout(() => {
      setFilter((f) => ({ ...f, text: searchText }));
      setOffset(0);
    }, 200);
    return () => clearTimeout(t);
  }, [searchText]);

  useEffect(() => {
    history.replaceState(null, '', `${location.pathname}${filterToQuery(filter)}`);
  }, [filter]);

  // One page of results (and facets on first load and after changes).
  useEffect(() => {
    const mine = ++seq.current;
    request(send, { type: 'review-list', filter: wire, offset, limit: PAGE_SIZE, facets: true })
      .then((reply) => {
        if (mine !== seq.current) return;
        if (reply.total > 0 && offset >= reply.total) {
          setOffset(Math.max(0, Math.floor((reply.total - 1) / PAGE_SIZE) * PAGE_SIZE));
          return;
        }
        setData({ total: reply.total, items: reply.items });
        if (reply.facets) setFacets(reply.facets);
        setError('');
      })
      .catch((e: unknown) => mine === seq.current && setError(e instanceof Error ? e.message : String(e)));
  }, [wire, offset, refresh]);

  // Display names of the concepts present (from the knowledge base).
  useEffect(() => {
    const ids = facets.conceptIds.filter((c) => CONCEPT_ID.test(c) && !(c in names)).slice(0, 2000);
    if (!ids.length) return;
    request(send, { type: 'kb-lookup', conceptIds: ids, pageConcepts: [] })
      .then((r) => setNames((n) => ({ ...n, ...r.names })))
      .catch(() => undefined);
  }, [facets.conceptIds.join(',')]);

  const update = (patch: Partial<UiFilter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setOffset(0);
  };

  async function remove(r: Review) {
    try {
      await request(send, { type: 'review-delete', ids: [r.id] });
      clearTimeout(undoTimer.current);
      setUndo({ ids: [r.id], label: names[r.conceptId] ?? r.conceptId });
      undoTimer.current = setTimeout(() => setUndo(null), UNDO_MS);
      setStatus('Review deleted.');
      setRefresh((n) => n + 1);
      setTimeout(() => undoButton.current?.focus(), 0);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function restore() {
    if (!undo) return;
    clearTimeout(undoTimer.current);
    const { ids } = undo;
    setUndo(null);
    try {
      await request(send, { type: 'review-restore', ids });
      setStatus('Review restored.');
      setRefresh((n) => n + 1);
      listTop.current?.focus();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function saveEdit(r: Review, value: VerdictValue) {
    await request(send, {
      type: 'review-save',
      review: {
        id: r.id,
        pageUrl: r.pageUrl,
        pageTitle: r.pageTitle,
        conceptId: r.conceptId,
        quote: r.quote,
        position: r.position,
        ...(value.verdict ? { verdict: value.verdict } : {}),
        comment: value.comment,
        claimNote: value.claimNote,
        shownNoteIds: r.shownNoteIds,
        kbVersion: r.kbVersion,
      },
    });
    setStatus('Review updated.');
    setRefresh((n) => n + 1);
  }

  async function exportFiltered() {
    setStatus('Preparing export…');
    try {
      const file = await fetchExport(send, { format, filter: wire, bom: format === 'csv' });
      download(file);
      setStatus(`Exported ${file.count} review${file.count === 1 ? '' : 's'} to ${file.filename}.`);
    } catch (e) {
      setStatus('');
      setError(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async function importFile(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setStatus(`Importing ${file.name}…`);
    setError('');
    try {
      const reply = await request(send, { type: 'review-import', text: await file.text() });
      setStatus(reply.summary);
      setRefresh((n) => n + 1);
    } catch (err) {
      setStatus('');
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const pageNo = Math.floor(offset / PAGE_SIZE) + 1;
  const filtered = FILTER_KEYS.some((k) => filter[k]);
  const conceptOptions = [...facets.conceptIds].sort((a, b) => (names[a] ?? a).localeCompare(names[b] ?? b));

  return (
    <main class="sl-review-page">
      <h1>SuppLens reviews</h1>
      <p class="sl-disclaimer">
        Your verdicts stay in this browser's SuppLens storage; web pages cannot read them. {facets.total}{' '}
        saved in total.
      </p>

      <section aria-label="Filters" class="sl-filters">
        <div class="sl-filters__search">
          <label for="f-text">Search quotes, comments, notes and titles</label>
          <input
            id="f-text"
            class="sl-input"
            type="search"
            value={searchText}
            placeholder='e.g. vitamin D "upper limit"'
            onInput={(e) => setSearchText(e.currentTarget.value)}
          />
        </div>
        <div>
          <label for="f-site">Site</label>
          <select
            id="f-site"
            class="sl-select"
            value={filter.site}
            onChange={(e) => update({ site: e.currentTarget.value })}
          >
            <option value="">All sites</option>
            {facets.sites.map((s) => (
              <option key={s} value={s}>
                {s || '(local files)'}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-concept">Concept</label>
          <select
            id="f-concept"
            class="sl-select"
            value={filter.conceptId}
            onChange={(e) => update({ conceptId: e.currentTarget.value })}
          >
            <option value="">All concepts</option>
            {conceptOptions.map((c) => (
              <option key={c} value={c}>
                {names[c] ?? (c || '(none)')}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-verdict">Verdict</label>
          <select
            id="f-verdict"
            class="sl-select"
            value={filter.verdict}
            onChange={(e) => update({ verdict: e.currentTarget.value })}
          >
            <option value="">Any verdict</option>
            {VERDICTS.map((v) => (
              <option key={v} value={v}>
                {VERDICT_LABELS[v]}
              </option>
            ))}
            <option value="none">No verdict</option>
          </select>
        </div>
        <div>
          <label for="f-from">Recorded from</label>
          <input
            id="f-from"
            class="sl-input"
            type="date"
            value={filter.from}
            onChange={(e) => update({ from: e.currentTarget.value })}
          />
        </div>
        <div>
          <label for="f-to">Recorded until</label>
          <input
            id="f-to"
            class="sl-input"
            type="date"
            value={filter.to}
            onChange={(e) => update({ to: e.currentTarget.value })}
          />
        </div>
        <div>
          <label for="f-anchor">On the last visit</label>
          <select
            id="f-anchor"
            class="sl-select"
            value={filter.anchor}
            onChange={(e) => update({ anchor: e.currentTarget.value })}
          >
            <option value="">Any</option>
            <option value="anchored">Found on the page</option>
            <option value="orphan">Orphans (not found)</option>
            <option value="unchecked">Not revisited yet</option>
          </select>
        </div>
        {filtered && (
          <div>
            <button
              type="button"
              class="sl-button"
              onClick={() => {
                setSearchText('');
                update({ ...EMPTY_FILTER });
              }}
            >
              Clear filters
            </button>
          </div>
        )}
      </section>
      {filter.pageUrl && (
        <p>
          <span class="sl-chip">
            Page: {filter.pageUrl}
            <button
              type="button"
              class="sl-button--link sl-button"
              aria-label="Show all pages"
              onClick={() => update({ pageUrl: '' })}
            >
              ×
            </button>
          </span>
        </p>
      )}

      <div class="sl-toolbar">
        <div class="sl-toolbar__group">
          <label for="x-format">Export format</label>
          <select
            id="x-format"
            class="sl-select"
            style={{ width: 'auto' }}
            value={format}
            onChange={(e) => setFormat(e.currentTarget.value as typeof format)}
          >
            <ExportFormatOptions />
          </select>
          <button type="button" class="sl-button" onClick={exportFiltered} disabled={!total}>
            Export {filtered ? 'filtered ' : ''}({total})
          </button>
        </div>
        <div class="sl-toolbar__group">
          <label class="sl-button" for="x-import">
            Import JSON or W3C…
          </label>
          <input
            id="x-import"
            class="sl-visually-hidden"
            type="file"
            accept=".json,.jsonld,application/json,application/ld+json"
            onChange={importFile}
          />
        </div>
      </div>
      <p role="status" aria-live="polite" class="sl-status" data-testid="status">
        {status}
      </p>
      {error && (
        <p role="alert" class="sl-status sl-status--error">
          {error}
        </p>
      )}

      <h2 class="sl-visually-hidden" tabIndex={-1} ref={listTop}>
        Results
      </h2>
      <p aria-live="polite" data-testid="count">
        {data === null
          ? 'Loading…'
          : total === 0
            ? ''
            : `Showing ${offset + 1}–${Math.min(offset + PAGE_SIZE, total)} of ${total} review${total === 1 ? '' : 's'}`}
      </p>
      {data !== null && total === 0 && (
        <p class="sl-empty">
          {filtered
            ? 'No review matches these filters.'
            : 'No reviews yet. Turn on reviewer mode in the options and record verdicts from the tooltip.'}
        </p>
      )}
      <ol class="sl-review-list">
        {data?.items.map((r) => (
          <ReviewCard
            key={r.id}
            review={r}
            conceptName={names[r.conceptId]}
            onDelete={remove}
            onSave={saveEdit}
          />
        ))}
      </ol>
      {pages > 1 && (
        <nav class="sl-pager" aria-label="Pages">
          <button
            type="button"
            class="sl-button"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
          >
            Previous
          </button>
          <span>
            Page {pageNo} of {pages}
          </span>
          <button
            type="button"
            class="sl-button"
            disabled={pageNo >= pages}
            onClick={() => setOffset(offset + PAGE_SIZE)}
          >
            Next
          </button>
        </nav>
      )}
      {undo && (
        <section class="sl-toast" aria-label="Undo">
          <span>Deleted review of {undo.label || 'an annotation'}.</span>
          <button type="button" class="sl-button sl-button--link" ref={undoButton} onClick={restore}>
            Undo
          </button>
        </section>
      )}
    </main>
  );
}

// Reviewers' tools for the page in the popup (docs/reviewer-integration.md §5): export this page's
// reviews, with what SuppLens found there without a verdict if asked, and open its reviews,
// orphans included. Folded by default: most readers never need it.
import { useState } from 'preact/hooks';
import { canonicalPageUrl } from '../../lib/anchoring/page-url';
import type { ExportFormat } from '../../lib/export/formats';
import type { Detection } from '../../lib/export/items';
import { isErrorResponse } from '../../lib/messaging/protocol';
import { pageExportMessage, pageReviewCounts, reviewPagePath } from '../../lib/summary/page-export';
import { fetchExport, request } from '../review/client';
import { download } from '../review/download';
import { ExportFormatOptions } from '../review/ExportFormatOptions';
import { askTab, type PopupApi, type PopupTab } from './popup-api';

interface Props {
  api: PopupApi;
  tab: PopupTab;
  /** The knowledge-base version of the popup's notes, once they arrived. */
  kbVersion?: string;
  /** Progress and results go to the popup's one status line. */
  onStatus(text: string): void;
}

type Counts = { total: number; orphans: number } | { error: string };

export function ExportSection({ api, tab, kbVersion, onStatus: setStatus }: Props) {
  const [counts, setCounts] = useState<Counts>();
  const [format, setFormat] = useState<ExportFormat>('json');
  const [withUnreviewed, setWithUnreviewed] = useState(true);
  const [busy, setBusy] = useState(false);
  const pageUrl = tab.url ? canonicalPageUrl(tab.url) : undefined;

  function loadCounts() {
    if (counts || !pageUrl) return;
    request(api.send, { type: 'reviews-for-page', pageUrl })
      // An extension page gets the reviews themselves (a content script only their anchors).
      .then((r) => setCounts(pageReviewCounts('reviews' in r ? r.reviews : [])))
      .catch((e: unknown) => setCounts({ error: e instanceof Error ? e.message : String(e) }));
  }

  async function exportPage() {
    setBusy(true);
    setStatus('Preparing the export…');
    try {
      let detections: Detection[] = [];
      if (withUnreviewed) {
        // Marks every mention first (content scripts may not ask for exports themselves, so the
        // popup carries the page's detections to the background).
        const reply = await askTab(api, tab.id, { type: 'page-detections' });
        if (isErrorResponse(reply)) throw new Error(reply.error);
        if (!Array.isArray(reply))
          throw new Error('the page did not list its mentions; reload it and try again');
        detections = reply;
      }
      const message = pageExportMessage({
        format,
        tabUrl: tab.url,
        includeUnreviewed: withUnreviewed,
        detections,
        ...(kbVersion ? { kbVersion } : {}),
      });
      if (!message) throw new Error('this tab has no page address to export');
      const file = await fetchExport(api.send, message);
      download(file);
      setStatus(
        file.count === 0
          ? 'Nothing to export: no review and no mention on this page.'
          : `Exported ${file.count} annotation${file.count === 1 ? '' : 's'} to ${file.filename}.`,
      );
    } catch (e) {
      setStatus(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  }

  if (!pageUrl) return null;
  return (
    <details
      class="sl-export"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) loadCounts();
      }}
    >
      <summary class="sl-export__summary">Reviewing: export this page</summary>
      <p class="sl-export__counts">
        {!counts
          ? 'Looking for saved reviews…'
          : 'error' in counts
            ? `Saved reviews could not be read: ${counts.error}`
            : counts.total === 0
              ? 'No saved review for this page yet.'
              : `${counts.total} saved review${counts.total === 1 ? '' : 's'} for this page${
                  counts.orphans ? `, ${counts.orphans} no longer found in it` : ''
                }.`}
      </p>
      <div class="sl-export__row">
        <label for="sl-export-format">Format</label>
        <select
          id="sl-export-format"
          class="sl-select"
          value={format}
          onChange={(e) => setFormat(e.currentTarget.value as ExportFormat)}
        >
          <ExportFormatOptions />
        </select>
      </div>
      <label class="sl-export__check">
        <input
          type="checkbox"
          checked={withUnreviewed}
          onChange={(e) => setWithUnreviewed(e.currentTarget.checked)}
        />
        Include mentions without a verdict (what SuppLens showed)
      </label>
      <div class="sl-export__row">
        <button type="button" class="sl-button" disabled={busy} onClick={() => void exportPage()}>
          Export
        </button>
        <button
          type="button"
          class="sl-link-button"
          onClick={() => void api.openExtensionPage(reviewPagePath(pageUrl))}
        >
          Open this page's reviews
        </button>
        {counts && 'orphans' in counts && counts.orphans > 0 && (
          <button
            type="button"
            class="sl-link-button"
            onClick={() => void api.openExtensionPage(reviewPagePath(pageUrl, true))}
          >
            Show the {counts.orphans} not found
          </button>
        )}
      </div>
    </details>
  );
}

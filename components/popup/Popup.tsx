// The popup: what SuppLens found on one tab, warnings first, each entry jumping to its mention.
// It paints a "checking" line at once, then the found list as soon as the content script answers,
// then the ranked notes when the background answers; nothing heavy runs before first paint.
import { useEffect, useRef, useState } from 'preact/hooks';
import { pageConceptsByProminence } from '../../lib/kb/rank';
import { isErrorResponse, type PageSummary } from '../../lib/messaging/protocol';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings';
import { type PageAccess, pageAccess, siteHost } from '../../lib/summary/page-access';
import { asPageSummary } from '../../lib/summary/page-summary';
import { buildNotesView, type FoundGroup, groupMentions } from '../../lib/summary/summary';
import { Disclaimer } from '../Disclaimer';
import { ExportSection } from './ExportSection';
import { FoundCounts, MentionList } from './FoundSection';
import { type NotesState, OtherNotes, Warnings } from './NotesSections';
import { askTab, type PopupApi, type PopupTab } from './popup-api';

export type PopupView =
  | { kind: 'loading' }
  | { kind: 'no-tab' }
  | { kind: 'blocked'; tab: PopupTab; access: Extract<PageAccess, { ok: false }> }
  | { kind: 'no-answer'; tab: PopupTab }
  | { kind: 'paused'; tab: PopupTab; host: string }
  | { kind: 'not-health'; tab: PopupTab; summary: PageSummary }
  | { kind: 'on-request'; tab: PopupTab; summary: PageSummary }
  | { kind: 'scanning'; tab: PopupTab; summary?: PageSummary }
  | { kind: 'found'; tab: PopupTab; summary: PageSummary; groups: FoundGroup[] };

export interface PopupProps {
  api: PopupApi;
  /** The tab to describe; the active tab of the popup's window when absent. */
  tabId?: number;
  /** Open as an ordinary tab (popup.html?tab=…) rather than as the toolbar popup. */
  asTab?: boolean;
  /** Timing knobs, shortened by unit tests. */
  timing?: Partial<Timing>;
}

interface Timing {
  /** How long to keep asking a tab whose content script has not answered yet. */
  answerWaitMs: number;
  /** How long to wait for a scan, a resume or a reload to take effect. */
  settleWaitMs: number;
  pollMs: number;
}
const DEFAULT_TIMING: Timing = { answerWaitMs: 1500, settleWaitMs: 10_000, pollMs: 200 };

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

export function Popup({ api, tabId, asTab = false, timing }: PopupProps) {
  const t = { ...DEFAULT_TIMING, ...timing };
  const [view, setView] = useState<PopupView>({ kind: 'loading' });
  const [notes, setNotes] = useState<NotesState>({ status: 'idle' });
  const [kbVersion, setKbVersion] = useState<string>();
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const settingsRef = useRef<Settings>({ ...DEFAULT_SETTINGS });
  const alive = useRef(true);
  const lookupFor = useRef<string>('');

  /** Asks the content script for its summary, retrying while the tab may still be starting it. */
  async function askSummary(id: number, waitMs: number): Promise<PageSummary | undefined> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        const s = asPageSummary(await api.sendToTab(id, { type: 'page-summary' }));
        if (s) return s;
      } catch {
        // No content script in the tab (yet).
      }
      if (Date.now() >= deadline || !alive.current) return undefined;
      await sleep(t.pollMs);
    }
  }

  function viewFor(tab: PopupTab, summary: PageSummary): PopupView {
    const host = siteHost(tab.url) ?? siteHost(summary.url);
    if (summary.state === 'paused' || (host && settingsRef.current.sites[host] === 'paused'))
      return { kind: 'paused', tab, host: host ?? '' };
    switch (summary.state) {
      case 'not-health':
        return { kind: 'not-health', tab, summary };
      case 'on-request':
        return { kind: 'on-request', tab, summary };
      case 'scanning':
        return { kind: 'scanning', tab, summary };
      default:
        return { kind: 'found', tab, summary, groups: groupMentions(summary.mentions) };
    }
  }

  /** Shows a summary; keeps asking while the content script reports it is still scanning. */
  async function show(tab: PopupTab, summary: PageSummary | undefined): Promise<void> {
    if (!summary) {
      setView({ kind: 'no-answer', tab });
      return;
    }
    let s = summary;
    const deadline = Date.now() + t.settleWaitMs;
    setView(viewFor(tab, s));
    while (s.state === 'scanning' && alive.current && Date.now() < deadline) {
      await sleep(t.pollMs);
      s = (await askSummary(tab.id, 0)) ?? s;
      setView(viewFor(tab, s));
    }
  }

  // Start everything at once on first render: the tab, the settings and the page summary.
  const started = useRef(false);
  if (!started.current) {
    started.current = true;
    const tabP = api.resolveTab(tabId);
    const settingsP = api.settings.load().catch(() => ({ ...DEFAULT_SETTINGS }));
    const summaryP = (tabId !== undefined ? Promise.resolve(tabId) : tabP.then((x) => x?.id)).then((id) =>
      id === undefined ? undefined : askSummary(id, t.answerWaitMs),
    );
    summaryP.catch(() => undefined);
    (async () => {
      const tab = await tabP.catch(() => undefined);
      if (!alive.current) return;
      if (!tab) return setView({ kind: 'no-tab' });
      const fileAccess = tab.url?.startsWith('file:') ? await api.fileAccess() : true;
      const access = pageAccess(tab.url, { fileAccess });
      if (!access.ok) return setView({ kind: 'blocked', tab, access });
      settingsRef.current = await settingsP;
      let summary = await summaryP;
      // A page still loading has not started its content script yet (it runs at document_idle).
      if (!summary && tab.status === 'loading') summary = await askSummary(tab.id, t.settleWaitMs);
      await show(tab, summary);
    })();
  }

  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  // Notes for whatever the page mentions, once per distinct set of concepts.
  useEffect(() => {
    if (view.kind !== 'found' || view.summary.mentions.length === 0) return;
    const ids = pageConceptsByProminence(view.summary.mentions.map((m) => m.id));
    const key = ids.join(' ');
    if (lookupFor.current === key) return;
    lookupFor.current = key;
    setNotes({ status: 'loading' });
    const { mentions, doses } = view.summary;
    api
      .lookup(ids, ids)
      .then((r) => {
        if (!alive.current || lookupFor.current !== key) return;
        if (!r || isErrorResponse(r)) {
          setNotes({ status: 'error', message: r?.error ?? 'no answer from SuppLens' });
          return;
        }
        setNotes({ status: 'done', view: buildNotesView(mentions, doses, r) });
        setKbVersion(r.kbVersion);
      })
      .catch((e: unknown) => {
        if (alive.current) setNotes({ status: 'error', message: e instanceof Error ? e.message : String(e) });
      });
  }, [view]);

  // Marks for tests and the bench: first meaningful paint, then notes.
  useEffect(() => {
    document.documentElement.dataset.popupView = view.kind;
    if (view.kind !== 'loading' && !performance.getEntriesByName('supplens-popup-ready').length)
      requestAnimationFrame(() => performance.mark('supplens-popup-ready'));
  }, [view.kind]);
  useEffect(() => {
    document.documentElement.dataset.popupNotes = notes.status;
    if (notes.status === 'done' && !performance.getEntriesByName('supplens-popup-notes').length)
      requestAnimationFrame(() => performance.mark('supplens-popup-notes'));
  }, [notes.status]);

  async function act(label: string, work: () => Promise<void>) {
    setBusy(true);
    setStatus(label);
    try {
      await work();
    } catch (e) {
      setStatus(`Something went wrong: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      if (alive.current) setBusy(false);
    }
  }

  /** After an action, asks again until `done` holds for the summary (or time runs out). */
  async function settle(tab: PopupTab, done: (s: PageSummary) => boolean): Promise<PageSummary | undefined> {
    const deadline = Date.now() + t.settleWaitMs;
    let last: PageSummary | undefined;
    while (alive.current) {
      last = (await askSummary(tab.id, 0)) ?? last;
      if (last && done(last)) break;
      if (Date.now() >= deadline) break;
      await sleep(t.pollMs);
    }
    return last;
  }

  const scanNow = (tab: PopupTab) =>
    act('Scanning this page…', async () => {
      await api.sendToTab(tab.id, { type: 'scan-now' });
      const s = await settle(tab, (x) => x.state === 'annotated');
      await show(tab, s);
      setStatus(s?.state === 'annotated' ? 'Scan finished.' : 'The scan did not finish; try again.');
    });

  const setSiteRule = (tab: PopupTab, host: string, rule: 'paused' | undefined) =>
    act(rule ? `Pausing SuppLens on ${host}…` : `Resuming SuppLens on ${host}…`, async () => {
      const current = await api.settings.load();
      const sites = { ...current.sites };
      if (rule) sites[host] = rule;
      else delete sites[host];
      const next = { ...current, sites };
      await api.settings.save(next);
      settingsRef.current = next;
      // save() tells every tab; tell this one directly too, in case it was not in the list.
      await api.sendToTab(tab.id, { type: 'settings-changed' }).catch(() => undefined);
      const s = await settle(tab, (x) =>
        rule ? x.state === 'paused' : x.state !== 'paused' && x.state !== 'scanning',
      );
      if (rule) setView({ kind: 'paused', tab, host });
      else await show(tab, s);
      setStatus(rule ? `SuppLens is paused on ${host}.` : `SuppLens is on again for ${host}.`);
    });

  const reload = (tab: PopupTab) =>
    act('Reloading the page…', async () => {
      await api.reloadTab(tab.id);
      await sleep(t.pollMs);
      const s = await askSummary(tab.id, t.settleWaitMs);
      await show(tab, s);
      setStatus(s ? '' : 'SuppLens still cannot reach this page.');
    });

  const focusMention = async (index: number, label: string) => {
    if (view.kind !== 'found') return;
    const id = view.tab.id;
    try {
      if (asTab) await api.activateTab(id).catch(() => undefined);
      const r = await askTab(api, id, { type: 'focus-mention', index });
      if (isErrorResponse(r)) setStatus(`Could not show ${label}: ${r.error}`);
      else setStatus(`Showing ${label} in the page.`);
    } catch {
      setStatus('SuppLens could not reach the page; reload it and try again.');
    }
  };

  const host = 'tab' in view ? siteHost(view.tab.url) : undefined;
  const pageTitle = 'tab' in view ? view.tab.title || view.tab.url || '' : '';

  return (
    <div class={`sl-popup${asTab ? ' sl-popup--tab' : ''}`}>
      <header class="sl-popup__header">
        <h1 class="sl-popup__brand">SuppLens</h1>
        {pageTitle && (
          <p class="sl-popup__page" title={pageTitle}>
            {pageTitle}
          </p>
        )}
      </header>
      <main class="sl-popup__main">
        <Body
          view={view}
          notes={notes}
          busy={busy}
          onScan={scanNow}
          onResume={(tab, h) => setSiteRule(tab, h, undefined)}
          onReload={reload}
          onFocus={focusMention}
        />
        {view.kind === 'found' && (
          <ExportSection api={api} tab={view.tab} kbVersion={kbVersion} onStatus={setStatus} />
        )}
      </main>
      <p class="sl-popup__status" role="status" aria-live="polite">
        {status}
      </p>
      <footer class="sl-popup__footer">
        {view.kind === 'found' && host && (
          <button
            type="button"
            class="sl-link-button"
            disabled={busy}
            onClick={() => setSiteRule(view.tab, host, 'paused')}
          >
            Pause on {host}
          </button>
        )}
        <button type="button" class="sl-link-button" onClick={() => void api.openOptions()}>
          Options and personal flags
        </button>
      </footer>
      <Disclaimer />
    </div>
  );
}

interface BodyProps {
  view: PopupView;
  notes: NotesState;
  busy: boolean;
  onScan(tab: PopupTab): void;
  onResume(tab: PopupTab, host: string): void;
  onReload(tab: PopupTab): void;
  onFocus(index: number, label: string): void;
}

function Notice({
  title,
  children,
  tone = 'info',
}: {
  title: string;
  children?: preact.ComponentChildren;
  tone?: string;
}) {
  return (
    <section class={`sl-notice sl-notice--${tone}`} aria-labelledby="sl-notice-title">
      <h2 id="sl-notice-title" class="sl-notice__title">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Body({ view, notes, busy, onScan, onResume, onReload, onFocus }: BodyProps) {
  switch (view.kind) {
    case 'loading':
      return <p class="sl-muted">Checking this page…</p>;
    case 'no-tab':
      return (
        <Notice title="No tab to check">
          <p>SuppLens could not find the tab to describe. Open an article and try again.</p>
        </Notice>
      );
    case 'blocked':
      return (
        <Notice title={view.access.title}>
          <p>{view.access.explanation}</p>
          {view.access.hint && <p>{view.access.hint}</p>}
        </Notice>
      );
    case 'no-answer':
      return (
        <Notice title="SuppLens is not running on this page yet">
          <p>
            The page was probably open before SuppLens was installed or updated, or it has not finished
            loading. Reloading the page starts SuppLens on it.
          </p>
          <button type="button" class="sl-button" disabled={busy} onClick={() => onReload(view.tab)}>
            Reload page
          </button>
        </Notice>
      );
    case 'paused':
      return (
        <Notice title={`SuppLens is paused on ${view.host || 'this site'}`}>
          <p>You paused SuppLens on this site, so it does not highlight anything here.</p>
          <button
            type="button"
            class="sl-button"
            disabled={busy || !view.host}
            onClick={() => onResume(view.tab, view.host)}
          >
            Resume on {view.host || 'this site'}
          </button>
        </Notice>
      );
    case 'not-health':
    case 'on-request':
      return (
        <Notice
          title={
            view.kind === 'not-health'
              ? 'This does not look like a health article'
              : 'SuppLens scans only when you ask'
          }
        >
          <p>
            {view.kind === 'not-health'
              ? 'SuppLens highlights supplements and conditions on health articles by default, and this page does not look like one.'
              : 'Your settings say to scan pages only on request.'}{' '}
            You can still scan it.
          </p>
          <button type="button" class="sl-button" disabled={busy} onClick={() => onScan(view.tab)}>
            Scan this page
          </button>
        </Notice>
      );
    case 'scanning':
      return <p class="sl-muted">SuppLens is still reading this page…</p>;
    case 'found':
      if (view.summary.mentions.length === 0)
        return (
          <Notice title="Nothing found">
            <p>SuppLens found no supplements, conditions or medications it knows on this page.</p>
          </Notice>
        );
      return (
        <>
          <FoundCounts groups={view.groups} />
          <Warnings notes={notes} onFocus={onFocus} />
          <MentionList groups={view.groups} onFocus={onFocus} />
          <OtherNotes notes={notes} onFocus={onFocus} />
        </>
      );
  }
}

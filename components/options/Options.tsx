// The options page. Every change is saved at once (browser.storage.local, and sync only when the
// reader opted in) and open tabs are told through 'settings-changed'.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Concept } from '../../lib/kb/types';
import type { AnnotationMode, Settings, SiteRule } from '../../lib/settings';
import type { SettingsApi } from '../common/extension-api';
import { Disclaimer } from '../Disclaimer';
import { CheckRow, RadioGroup } from './Choices';
import { FlagPicker } from './FlagPicker';
import { buildFlagIndex } from './flag-search';
import { downloadText, ImportExport } from './ImportExport';
import { QuerySites } from './QuerySites';
import { SiteList } from './SiteList';

export interface OptionsProps {
  api: SettingsApi;
  /** Knowledge-base concepts; supplements are ignored (only the rest can be flagged). */
  concepts: readonly Concept[];
  download?: (fileName: string, text: string) => void;
}

const MODES: { value: AnnotationMode; label: string; help: string }[] = [
  {
    value: 'health',
    label: 'Health articles only',
    help: 'Recommended. SuppLens highlights pages that look like health articles; you can scan any other page from the popup.',
  },
  { value: 'all', label: 'All pages', help: 'Highlight mentions on every page you open.' },
  {
    value: 'on-request',
    label: 'Only when I ask',
    help: 'Nothing is highlighted until you choose “Scan this page” in the popup.',
  },
];

const STYLES: { value: Settings['highlightStyle']; label: string }[] = [
  { value: 'underline', label: 'Underline' },
  { value: 'background', label: 'Background colour' },
];

export function Options({ api, concepts, download = downloadText }: OptionsProps) {
  const index = useMemo(() => buildFlagIndex(concepts), [concepts]);
  const knownFlagIds = useMemo(() => new Set(index.byId.keys()), [index]);
  const [settings, setSettings] = useState<Settings | undefined>();
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const latest = useRef<Settings | undefined>(undefined);
  const pending = useRef(0);
  const queue = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => {
    let alive = true;
    const reload = () => {
      if (pending.current > 0) return;
      api
        .load()
        .then((s) => {
          if (!alive || pending.current > 0) return;
          latest.current = s;
          setSettings(s);
        })
        .catch((e: unknown) =>
          setError(`Could not read your settings: ${e instanceof Error ? e.message : String(e)}`),
        );
    };
    reload();
    const stop = api.watch(reload);
    return () => {
      alive = false;
      stop();
    };
  }, [api]);

  /** Applies a change to the newest settings and saves, one save at a time, in order. */
  function update(change: (s: Settings) => Settings, done = 'Saved.'): Promise<void> {
    const current = latest.current;
    if (!current) return Promise.resolve();
    const next = change(current);
    latest.current = next;
    setSettings(next);
    pending.current++;
    const run = queue.current.then(async () => {
      try {
        await api.save(next);
        setError('');
        setStatus(done);
      } catch (e) {
        setError(`Could not save: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        pending.current--;
      }
    });
    queue.current = run;
    return run;
  }

  if (!settings)
    return (
      <main class="sl-options">
        <h1>SuppLens options</h1>
        {error ? (
          <p class="sl-error" role="alert">
            {error}
          </p>
        ) : (
          <p class="sl-muted">Loading your settings…</p>
        )}
      </main>
    );

  const toggleFlag = (id: string, on: boolean) => {
    const name = index.byId.get(id)?.name ?? id;
    void update(
      (s) => ({
        ...s,
        flags: on ? (s.flags.includes(id) ? s.flags : [...s.flags, id]) : s.flags.filter((f) => f !== id),
      }),
      on ? `Added flag: ${name}. Saved.` : `Removed flag: ${name}. Saved.`,
    );
  };

  const setSite = (host: string, rule: SiteRule | undefined) =>
    void update(
      (s) => {
        const sites = { ...s.sites };
        if (rule) sites[host] = rule;
        else delete sites[host];
        return { ...s, sites };
      },
      rule ? `${host}: ${rule === 'paused' ? 'paused' : 'always on'}. Saved.` : `Removed ${host}. Saved.`,
    );

  return (
    <main class="sl-options">
      <h1>SuppLens options</h1>
      <p class="sl-status" role="status" aria-live="polite" data-testid="save-status">
        {status}
      </p>
      {error && (
        <p class="sl-error" role="alert">
          {error}
        </p>
      )}

      <FlagPicker index={index} flags={settings.flags} onToggle={toggleFlag} />

      <section class="sl-card" aria-labelledby="sl-behaviour-title">
        <h2 id="sl-behaviour-title">How SuppLens behaves</h2>
        <RadioGroup
          name="sl-mode"
          legend="Which pages to annotate"
          choices={MODES}
          value={settings.mode}
          onChange={(mode) => void update((s) => ({ ...s, mode }))}
        />
        <RadioGroup
          name="sl-style"
          legend="Highlight style"
          choices={STYLES.map((st) => ({
            value: st.value,
            label: <span class={`sl-sample sl-sample--${st.value}`}>{st.label}</span>,
          }))}
          value={settings.highlightStyle}
          onChange={(highlightStyle) => void update((s) => ({ ...s, highlightStyle }))}
        />
        <CheckRow
          id="sl-reviewer"
          label="Reviewer mode"
          help="For people checking SuppLens’s accuracy: adds controls to mark each highlight right or wrong. Verdicts stay in this browser."
          checked={settings.reviewerMode}
          onChange={(reviewerMode) => void update((s) => ({ ...s, reviewerMode }))}
        />
        <QuerySites
          sites={settings.reviewQuerySites}
          onChange={(reviewQuerySites) => void update((s) => ({ ...s, reviewQuerySites }))}
        />
      </section>

      <SiteList sites={settings.sites} onSet={setSite} />

      <section class="sl-card" aria-labelledby="sl-storage-title">
        <h2 id="sl-storage-title">Where your settings are kept</h2>
        <CheckRow
          id="sl-sync"
          label="Copy my settings, including my personal flags, to my browser account’s sync storage"
          help={
            <>
              <p>Off (the default): your settings stay in this browser on this device only.</p>
              <p>
                On: SuppLens also copies them to the browser’s sync storage. If you are signed in to the
                browser with sync turned on, the browser’s maker (for example Google for Chrome, Mozilla for
                Firefox) stores them with your account and copies them to your other signed-in browsers.
                SuppLens itself sends nothing anywhere. Turning this off removes the copy from sync storage.
              </p>
            </>
          }
          checked={settings.sync}
          onChange={(on) =>
            void update(
              (s) => ({ ...s, sync: on }),
              on
                ? 'Sync is on: your settings were copied to your browser account’s sync storage.'
                : 'Sync is off: the copy in sync storage was removed; settings stay in this browser only.',
            )
          }
        />
      </section>

      <ImportExport
        settings={settings}
        knownFlagIds={knownFlagIds}
        download={download}
        onImport={(imported) => update(() => imported, 'Imported settings saved.')}
      />

      <Disclaimer />
    </main>
  );
}

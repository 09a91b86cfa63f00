// Settings to and from a JSON file. An import is checked whole before anything is stored; a bad
// file leaves the settings as they were and says which part of the file is wrong.
import { useState } from 'preact/hooks';
import type { Settings } from '../../lib/settings';
import {
  exportFileName,
  exportSettings,
  formatProblems,
  type ImportProblem,
  importSettings,
  MAX_SETTINGS_FILE_BYTES,
} from '../../lib/settings-io';

export interface ImportExportProps {
  settings: Settings;
  knownFlagIds: ReadonlySet<string>;
  /** Stores imported settings; resolves once saved. */
  onImport(settings: Settings): Promise<void>;
  download(fileName: string, text: string): void;
}

/** Saves text as a file through an object URL and a temporary <a download>. */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

type Outcome =
  | { kind: 'none' }
  | { kind: 'exported'; fileName: string }
  | { kind: 'imported'; fileName: string; notes: string[] }
  | { kind: 'error'; fileName: string; problems: ImportProblem[] };

export function ImportExport({ settings, knownFlagIds, onImport, download }: ImportExportProps) {
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [busy, setBusy] = useState(false);

  const onExport = () => {
    const now = new Date();
    const fileName = exportFileName(now);
    download(fileName, exportSettings(settings, now));
    setOutcome({ kind: 'exported', fileName });
  };

  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    try {
      let result: ReturnType<typeof importSettings>;
      if (file.size > MAX_SETTINGS_FILE_BYTES)
        // Checked before reading: a huge file is never loaded into memory.
        result = importSettings('', { knownFlagIds, current: settings, byteLength: file.size });
      else
        result = importSettings(await file.text(), {
          knownFlagIds,
          current: settings,
          byteLength: file.size,
        });
      if (!result.ok) {
        setOutcome({ kind: 'error', fileName: file.name, problems: result.problems });
        return;
      }
      await onImport(result.settings);
      setOutcome({ kind: 'imported', fileName: file.name, notes: result.notes });
    } catch (e) {
      setOutcome({
        kind: 'error',
        fileName: file.name,
        problems: [
          { where: 'file', message: `could not be read (${e instanceof Error ? e.message : String(e)})` },
        ],
      });
    } finally {
      setBusy(false);
      // Let the reader pick the same file again after fixing it.
      input.value = '';
    }
  };

  return (
    <section class="sl-card" aria-labelledby="sl-io-title">
      <h2 id="sl-io-title">Back up or move your settings</h2>
      <p>
        A settings file holds your flags, site rules and the choices on this page, so you can keep a copy or
        move them to another browser. Sync is not in the file: it is chosen on each browser.
      </p>
      <div class="sl-io">
        <button type="button" onClick={onExport}>
          Export settings to a file
        </button>
        <div>
          <label for="sl-import-file" class="sl-label">
            Import settings from a file
          </label>
          <input
            id="sl-import-file"
            type="file"
            accept=".json,application/json"
            disabled={busy}
            aria-describedby="sl-import-help"
            onChange={(e) => void onFile(e.currentTarget as HTMLInputElement)}
          />
          <p id="sl-import-help" class="sl-help">
            Importing replaces your current settings. A file that is not a valid SuppLens settings file
            changes nothing.
          </p>
        </div>
      </div>
      <div role="alert" class="sl-io__alert">
        {outcome.kind === 'error' && (
          <div class="sl-error-box" data-testid="import-error">
            <p>
              <strong>“{outcome.fileName}” was not imported; your settings are unchanged.</strong>
            </p>
            <ul>
              {formatProblems(outcome.problems).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <p role="status" class="sl-help" data-testid="io-status">
        {outcome.kind === 'exported' && `Saved your settings as ${outcome.fileName}.`}
        {outcome.kind === 'imported' &&
          `Imported settings from ${outcome.fileName}.${outcome.notes.length ? ` ${outcome.notes.join(' ')}` : ''}`}
      </p>
    </section>
  );
}

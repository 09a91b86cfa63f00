// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browserSettingsApi } from '../../../components/common/extension-api';
import { Options } from '../../../components/options/Options';
import { kbBundle } from '../../../lib/kb/bundle';
import { DEFAULT_SETTINGS, SETTINGS_KEY, type Settings } from '../../../lib/settings';
import { exportSettings, MAX_SETTINGS_FILE_BYTES } from '../../../lib/settings-io';

const stored = async () =>
  (await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY] as Settings | undefined;

const existing: Settings = {
  ...DEFAULT_SETTINGS,
  flags: ['pregnancy'],
  mode: 'all',
  sites: { 'paused.example': 'paused' },
};

async function renderOptions(download = vi.fn()) {
  render(<Options api={browserSettingsApi} concepts={kbBundle.concepts} download={download} />);
  await screen.findByRole('heading', { name: 'Personal flags' });
  return { download };
}

async function importFile(name: string, content: string, size?: number) {
  const file = new File([content], name, { type: 'application/json' });
  if (size !== undefined) Object.defineProperty(file, 'size', { value: size });
  const input = screen.getByLabelText('Import settings from a file') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

beforeEach(async () => {
  fakeBrowser.reset();
  await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: existing });
});
afterEach(cleanup);

describe('Options: personal flags', () => {
  it('typing "RA" offers rheumatoid arthritis; checking it saves the flag in storage.local', async () => {
    await renderOptions();
    fireEvent.input(screen.getByLabelText('Find a condition, life stage or medication'), {
      target: { value: 'RA' },
    });
    const box = (await screen.findByLabelText(
      /^Rheumatoid arthritis · Condition, a kind of Inflammatory arthritis and Autoimmune disease, abbreviated “RA”/,
    )) as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    await waitFor(async () => expect((await stored())?.flags).toEqual(['pregnancy', 'rheumatoid-arthritis']));
    expect(await fakeBrowser.storage.sync.get(SETTINGS_KEY)).toEqual({});
    expect(screen.getByRole('button', { name: 'Remove flag: Rheumatoid arthritis' })).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByTestId('save-status').textContent).toMatch(/Added flag: Rheumatoid arthritis/),
    );
  });

  it('"rheumatoid" finds it too; life stages are one click; Remove takes a flag away', async () => {
    await renderOptions();
    fireEvent.input(screen.getByLabelText('Find a condition, life stage or medication'), {
      target: { value: 'rheumatoid' },
    });
    const results = screen.getByRole('list', { name: 'Search results' });
    expect(
      within(results)
        .getAllByRole('checkbox')
        .map((b) => b.id)[0],
    ).toBe('result-rheumatoid-arthritis');
    fireEvent.click(screen.getByLabelText('Breastfeeding'));
    await waitFor(async () => expect((await stored())?.flags).toEqual(['pregnancy', 'breastfeeding']));
    fireEvent.click(screen.getByRole('button', { name: 'Remove flag: Pregnancy' }));
    await waitFor(async () => expect((await stored())?.flags).toEqual(['breastfeeding']));
    expect((screen.getByLabelText('Pregnancy') as HTMLInputElement).checked).toBe(false);
  });

  it('tells open tabs that settings changed', async () => {
    const sent: unknown[] = [];
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([
      { id: 7, url: 'https://news.example/a' },
      { id: 8, url: 'chrome://settings' },
      { id: 9, url: 'https://other.example/' },
    ] as never);
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async (id: number, msg: unknown) => {
      sent.push([id, msg]);
      if (id === 9) throw new Error('Could not establish connection. Receiving end does not exist.');
      return undefined;
    });
    await renderOptions();
    fireEvent.click(screen.getByLabelText('Only when I ask'));
    await waitFor(async () => expect((await stored())?.mode).toBe('on-request'));
    // Every tab, without reading its URL; a tab with no content script (8) just refuses.
    await waitFor(() =>
      expect(sent).toEqual([
        [7, { type: 'settings-changed' }],
        [8, { type: 'settings-changed' }],
        [9, { type: 'settings-changed' }],
      ]),
    );
    expect(screen.queryByRole('alert', { name: /Could not save/ })).toBeNull();
  });
});

describe('Options: behaviour, sites, sync', () => {
  it('sets mode, highlight style and reviewer mode', async () => {
    await renderOptions();
    expect((screen.getByLabelText('All pages') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByLabelText('Background colour'));
    fireEvent.click(screen.getByLabelText('Reviewer mode'));
    await waitFor(async () =>
      expect(await stored()).toMatchObject({ highlightStyle: 'background', reviewerMode: true }),
    );
  });

  it('adds, changes and removes site rules; rejects what is not a site', async () => {
    await renderOptions();
    fireEvent.input(screen.getByLabelText('Site'), { target: { value: 'https://News.Example/some/page' } });
    fireEvent.change(screen.getByLabelText('Rule'), { target: { value: 'always' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add site' }));
    await waitFor(async () =>
      expect((await stored())?.sites).toEqual({ 'paused.example': 'paused', 'news.example': 'always' }),
    );
    fireEvent.change(screen.getByLabelText('Rule for paused.example'), { target: { value: 'always' } });
    await waitFor(async () => expect((await stored())?.sites['paused.example']).toBe('always'));
    fireEvent.click(screen.getByRole('button', { name: 'Remove news.example' }));
    await waitFor(async () => expect((await stored())?.sites).toEqual({ 'paused.example': 'always' }));
    fireEvent.input(screen.getByLabelText('Site'), { target: { value: 'not a site' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add site' }));
    const error = await screen.findByText(/“not a site” is not a website address/);
    expect(error.getAttribute('role')).toBe('alert');
    expect(screen.getByLabelText('Site').getAttribute('aria-invalid')).toBe('true');
  });

  it('sync is off by default and explained; turning it on copies settings to sync storage, off removes them', async () => {
    await renderOptions();
    const sync = screen.getByLabelText(
      /Copy my settings, including my personal flags, to my browser account’s sync storage/,
    ) as HTMLInputElement;
    expect(sync.checked).toBe(false);
    expect(document.getElementById('sl-sync-help')?.textContent).toMatch(
      /stay in this browser on this device only/,
    );
    fireEvent.click(sync);
    await waitFor(async () =>
      expect((await fakeBrowser.storage.sync.get(SETTINGS_KEY))[SETTINGS_KEY]).toMatchObject({
        flags: ['pregnancy'],
        sync: true,
      }),
    );
    fireEvent.click(sync);
    await waitFor(async () => expect(await fakeBrowser.storage.sync.get(SETTINGS_KEY)).toEqual({}));
    expect((await stored())?.sync).toBe(false);
  });
});

describe('Options: export and import', () => {
  it('exports the settings as a JSON file', async () => {
    const { download } = await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Export settings to a file' }));
    expect(download).toHaveBeenCalledTimes(1);
    const [name, text] = download.mock.calls[0]!;
    expect(name).toMatch(/^supplens-settings-\d{4}-\d{2}-\d{2}\.json$/);
    expect(JSON.parse(text)).toMatchObject({
      format: 'supplens-settings',
      version: 1,
      flags: ['pregnancy'],
      mode: 'all',
    });
  });

  it('imports a good file', async () => {
    await renderOptions();
    const file = exportSettings({
      ...existing,
      flags: ['rheumatoid-arthritis', 'warfarin'],
      mode: 'on-request',
    });
    await importFile('good.json', file);
    await waitFor(async () =>
      expect(await stored()).toMatchObject({
        flags: ['rheumatoid-arthritis', 'warfarin'],
        mode: 'on-request',
      }),
    );
    expect((await screen.findByTestId('io-status')).textContent).toMatch(/Imported settings from good\.json/);
    expect(screen.getByRole('button', { name: 'Remove flag: Warfarin' })).toBeTruthy();
  });

  const good = JSON.parse(exportSettings(existing));
  const bad: [string, string, RegExp, number?][] = [
    ['not JSON', '{"format": "supplens-settings", "version": 1,', /file: the file is not valid JSON/],
    ['wrong top-level type', '["pregnancy"]', /top level: expected an object .* found a list/],
    [
      'wrong version',
      JSON.stringify({ ...good, version: 3 }),
      /version: version 3 comes from a newer SuppLens/,
    ],
    [
      'bad field types',
      JSON.stringify({ ...good, mode: 42, reviewerMode: 'yes' }),
      /mode: expected one of .* found the number 42[\s\S]*reviewerMode: expected true or false/,
    ],
    [
      'unknown flag ids',
      JSON.stringify({ ...good, flags: ['pregnancy', 'not-a-real-condition'] }),
      /flags: unknown flag id "not-a-real-condition"/,
    ],
    [
      'oversized file',
      '{}',
      /file: the file is 1\.0 MB; a SuppLens settings file is at most 256 KB/,
      1024 * 1024,
    ],
  ];
  for (const [kind, content, message, size] of bad) {
    it(`a bad file (${kind}) shows which part is wrong and changes nothing`, async () => {
      await renderOptions();
      const before = await stored();
      await importFile(`${kind}.json`, content, size);
      const error = await screen.findByTestId('import-error');
      expect(error.textContent).toMatch(/was not imported; your settings are unchanged/);
      expect(error.textContent).toMatch(message);
      expect(error.closest('[role="alert"]')).toBeTruthy();
      expect(await stored()).toEqual(before);
      expect(before).toEqual(existing);
      // The page still shows the old settings.
      expect((screen.getByLabelText('All pages') as HTMLInputElement).checked).toBe(true);
      expect(screen.getByRole('button', { name: 'Remove flag: Pregnancy' })).toBeTruthy();
    });
  }

  it('an oversized file is rejected without being read', async () => {
    await renderOptions();
    const text = vi.spyOn(File.prototype, 'text');
    await importFile('big.json', '{}', MAX_SETTINGS_FILE_BYTES + 1);
    await screen.findByTestId('import-error');
    expect(text).not.toHaveBeenCalled();
  });
});

describe('Options: behaviour radios', () => {
  it('shows the stored mode checked, with its help, and saves the mode and highlight style picked', async () => {
    await renderOptions();
    const modes = within(screen.getByRole('group', { name: 'Which pages to annotate' }));
    const all = modes.getByRole('radio', { name: 'All pages' }) as HTMLInputElement;
    expect(all.checked).toBe(true);
    expect(all.getAttribute('aria-describedby')).toBe('sl-mode-all-help');
    expect(document.getElementById('sl-mode-all-help')?.textContent).toMatch(/every page you open/);
    fireEvent.click(modes.getByRole('radio', { name: 'Only when I ask' }));
    await waitFor(async () => expect((await stored())?.mode).toBe('on-request'));
    const styles = within(screen.getByRole('group', { name: 'Highlight style' }));
    const background = styles.getByRole('radio', { name: 'Background colour' }) as HTMLInputElement;
    expect(background.checked).toBe(false);
    expect(background.hasAttribute('aria-describedby')).toBe(false);
    fireEvent.click(background);
    await waitFor(async () => expect((await stored())?.highlightStyle).toBe('background'));
    expect((await stored())?.mode).toBe('on-request');
  });
});

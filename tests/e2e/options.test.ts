// Options page in real Chromium: a flag chosen by searching "RA" is saved and survives a browser
// restart with the same profile; a bad settings file shows an error and changes nothing; export
// downloads a file that imports back.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  axeProblems,
  type ExtensionBrowser,
  launchWithExtension,
  openExtensionPage,
} from '../support/harness';
import { press, readSettings } from '../support/inpage';

async function openOptions(b: ExtensionBrowser): Promise<Page> {
  const page = await openExtensionPage(b, 'options.html');
  await page.getByRole('heading', { name: 'Personal flags' }).waitFor();
  return page;
}

test('a flag chosen by searching "RA" is saved and survives a browser restart', async () => {
  const profileDir = mkdtempSync(join(tmpdir(), 'supplens-options-'));
  try {
    const first = await launchWithExtension({ profileDir });
    try {
      const manifest = await first.worker.evaluate(() => chrome.runtime.getManifest());
      assert.equal(manifest.options_ui?.open_in_tab, true, 'options open in a tab');
      const page = await openOptions(first);
      await page.getByLabel('Find a condition, life stage or medication').fill('RA');
      const results = page.getByRole('list', { name: 'Search results' });
      const first_ = results.getByRole('checkbox').first();
      assert.equal(
        await first_.getAttribute('id'),
        'result-rheumatoid-arthritis',
        'RA finds rheumatoid arthritis first',
      );
      // Keyboard only: Tab from the search field to the first result, Space to check it.
      await page.getByLabel('Find a condition, life stage or medication').focus();
      for (let i = 0; i < 5 && !(await first_.evaluate((el) => el === document.activeElement)); i++)
        await press(page, 'Tab');
      assert.ok(
        await first_.evaluate((el) => el === document.activeElement),
        'the first result is reachable by Tab',
      );
      await press(page, 'Space');
      await page.getByRole('button', { name: 'Remove flag: Rheumatoid arthritis' }).waitFor();
      await page.getByText('Added flag: Rheumatoid arthritis. Saved.').waitFor();
      const saved = await readSettings(first);
      assert.deepEqual(saved?.flags, ['rheumatoid-arthritis']);
      assert.equal(saved?.sync, false);
      const synced = await first.worker.evaluate(() => chrome.storage.sync.get(null));
      assert.deepEqual(synced, {}, 'nothing goes to sync storage unless the reader opts in');
    } finally {
      await first.close({ keepProfile: true });
    }

    const second = await launchWithExtension({ profileDir });
    try {
      assert.deepEqual((await readSettings(second))?.flags, ['rheumatoid-arthritis']);
      const page = await openOptions(second);
      await page.getByRole('button', { name: 'Remove flag: Rheumatoid arthritis' }).waitFor();
      // The full list is rendered only once the reader opens it.
      await page.getByText(/^Browse all conditions/).click();
      assert.equal(
        await page
          .getByLabel(/^Rheumatoid arthritis/)
          .first()
          .isChecked(),
        true,
      );
    } finally {
      await second.close();
    }
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
  }
});

let b: ExtensionBrowser;
before(async () => {
  b = await launchWithExtension();
});
after(async () => {
  await b?.close();
});

test('importing a bad settings file shows what is wrong and leaves settings unchanged', async () => {
  const page = await openOptions(b);
  await page.getByLabel('Pregnancy', { exact: true }).check();
  await page.getByLabel('All pages', { exact: true }).check();
  await page.getByText('Saved.', { exact: true }).waitFor();
  const before = await readSettings(b);
  assert.deepEqual(before?.flags, ['pregnancy']);
  assert.equal(before?.mode, 'all');

  const files: [string, string, RegExp][] = [
    [
      'broken.json',
      '{"format": "supplens-settings", "version": 1, "flags": [',
      /file: the file is not valid JSON/,
    ],
    ['list.json', '["pregnancy"]', /top level: expected an object/],
    [
      'future.json',
      JSON.stringify({ format: 'supplens-settings', version: 9 }),
      /version: version 9 comes from a newer SuppLens/,
    ],
    [
      'types.json',
      JSON.stringify({ format: 'supplens-settings', version: 1, flags: ['pregnancy'], mode: 'sometimes' }),
      /mode: expected one of "health", "all", "on-request", found the text "sometimes"/,
    ],
    [
      'unknown.json',
      JSON.stringify({ format: 'supplens-settings', version: 1, flags: ['no-such-condition'] }),
      /flags: unknown flag id "no-such-condition"/,
    ],
  ];
  for (const [name, content, message] of files) {
    await page.getByLabel('Import settings from a file').setInputFiles({
      name,
      mimeType: 'application/json',
      buffer: Buffer.from(content),
    });
    const error = page.getByTestId('import-error');
    await error.filter({ hasText: name }).waitFor();
    const text = (await error.textContent()) ?? '';
    assert.match(text, /was not imported; your settings are unchanged/);
    assert.match(text, message, `${name}: ${text}`);
    assert.deepEqual(await readSettings(b), before, `${name} changed nothing`);
  }
  assert.equal(await page.getByLabel('All pages').isChecked(), true);
  await page.getByRole('button', { name: 'Remove flag: Pregnancy' }).waitFor();
});

test('export downloads a settings file that imports back', async () => {
  const page = await openOptions(b);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export settings to a file' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^supplens-settings-\d{4}-\d{2}-\d{2}\.json$/);
  const path = await download.path();
  const text = readFileSync(path, 'utf8');
  const file = JSON.parse(text);
  assert.equal(file.format, 'supplens-settings');
  const before = await readSettings(b);
  assert.deepEqual(file.flags, before?.flags);

  // Change something, then import the exported file: the old settings come back.
  await page.getByLabel('Health articles only').check();
  await page.waitForFunction(
    async () => ((await chrome.storage.local.get('settings')).settings as { mode: string }).mode === 'health',
  );
  await page.getByLabel('Import settings from a file').setInputFiles({
    name: 'exported.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await page.getByText(/Imported settings from exported\.json/).waitFor();
  assert.deepEqual(await readSettings(b), before);
  assert.equal(
    b.extensionRequests.length,
    0,
    `no network requests from extension code: ${b.extensionRequests}`,
  );
});

test('the options page has no serious accessibility violations, in light and dark', async () => {
  const page = await openOptions(b);
  await page.getByLabel('Find a condition, life stage or medication').fill('RA');
  await page.getByRole('list', { name: 'Search results' }).getByRole('checkbox').first().waitFor();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    assert.deepEqual(await axeProblems(page), [], colorScheme);
  }
});

// Settings persistence in browser.storage. Extension pages and background only.
import { browser } from 'wxt/browser';
import { coerceSettings, DEFAULT_SETTINGS, SETTINGS_KEY, type Settings } from '../settings';

export async function loadSettings(): Promise<Settings> {
  const local = await browser.storage.local.get(SETTINGS_KEY);
  const raw = local[SETTINGS_KEY];
  return raw === undefined ? { ...DEFAULT_SETTINGS } : coerceSettings(raw);
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.local.set({ [SETTINGS_KEY]: settings });
  // Sync is opt-in; when it is off, make sure nothing personal stays in the synced area.
  if (settings.sync) await browser.storage.sync.set({ [SETTINGS_KEY]: settings });
  else await browser.storage.sync.remove(SETTINGS_KEY).catch(() => undefined);
}

export async function updateSettings(change: (s: Settings) => Settings): Promise<Settings> {
  const next = change(await loadSettings());
  await saveSettings(next);
  return next;
}

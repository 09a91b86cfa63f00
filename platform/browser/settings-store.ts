// Settings persistence in browser.storage. Extension pages and background only.
import { browser } from 'wxt/browser';
import { coerceSettings, DEFAULT_SETTINGS, SETTINGS_KEY, type Settings } from '../../lib/settings';

export async function loadSettings(): Promise<Settings> {
  const local = await browser.storage.local.get(SETTINGS_KEY);
  const raw = local[SETTINGS_KEY];
  const settings = raw === undefined ? { ...DEFAULT_SETTINGS } : coerceSettings(raw);
  if (!settings.sync) return settings;
  // With sync on, the synced copy is the shared truth: another device may have changed it.
  const stored: Record<string, unknown> = await browser.storage.sync.get(SETTINGS_KEY).catch(() => ({}));
  const synced = stored[SETTINGS_KEY];
  return synced === undefined ? settings : { ...coerceSettings(synced), sync: true };
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

// Thin wrappers over browser.* used by the popup and the options page. Components take these
// through props so unit tests can pass fakes; the entrypoints pass the real ones.
import { browser } from 'wxt/browser';
import type { ContentRequest } from '../../lib/messaging/protocol';
import { SETTINGS_KEY, type Settings } from '../../lib/settings';
import { loadSettings, saveSettings } from '../../platform/browser/settings-store';

/**
 * Sends one message to the top frame's content script of a tab (the raw transport: typed replies
 * come from askContent in lib/messaging/protocol.ts). Never throws synchronously.
 */
export function sendToTab(tabId: number, message: ContentRequest): Promise<unknown> {
  return Promise.resolve().then(() => browser.tabs.sendMessage(tabId, message, { frameId: 0 }));
}

/**
 * Tells every open tab's content script that settings changed, so it re-reads its site settings.
 * Tabs without our content script (browser pages, stores, pages opened before install) reject;
 * that is expected and ignored.
 */
export async function broadcastSettingsChanged(): Promise<void> {
  let tabs: { id?: number }[] = [];
  try {
    tabs = await browser.tabs.query({});
  } catch {
    return;
  }
  // Every tab, without looking at its URL: reading every open tab's address is not needed for this.
  await Promise.all(
    tabs.map((t) =>
      t.id === undefined ? undefined : sendToTab(t.id, { type: 'settings-changed' }).catch(() => undefined),
    ),
  );
}

export interface SettingsApi {
  load(): Promise<Settings>;
  /** Stores the settings and tells open tabs. */
  save(settings: Settings): Promise<void>;
  /** Calls back when stored settings change elsewhere (another options tab, the popup). */
  watch(onChange: () => void): () => void;
}

export const browserSettingsApi: SettingsApi = {
  load: loadSettings,
  async save(settings) {
    await saveSettings(settings);
    await broadcastSettingsChanged();
  },
  watch(onChange) {
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && SETTINGS_KEY in changes) onChange();
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  },
};

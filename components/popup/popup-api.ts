// What the popup needs from the browser, as one object so unit tests can pass a fake.
import { browser } from 'wxt/browser';
import {
  ask,
  askContent,
  type BackgroundReply,
  type ContentReply,
  type ContentRequest,
} from '../../lib/messaging/protocol';
import { browserSettingsApi, type SettingsApi, sendToTab } from '../common/extension-api';
import { defaultSend, type Send } from '../review/client';

export interface PopupTab {
  id: number;
  url?: string;
  title?: string;
  status?: string;
}

export interface PopupApi {
  /** The tab given by id, or the active tab of the popup's window. */
  resolveTab(tabId: number | undefined): Promise<PopupTab | undefined>;
  /** Whether the reader allowed SuppLens on file: URLs. */
  fileAccess(): Promise<boolean>;
  /** The raw transport to a tab's content script (typed replies: askTab). */
  sendToTab(tabId: number, message: ContentRequest): Promise<unknown>;
  lookup(conceptIds: string[], pageConcepts: string[]): Promise<BackgroundReply<'kb-lookup'>>;
  settings: SettingsApi;
  /** Brings a tab (and its window) to the front; used when the popup is open as a tab. */
  activateTab(tabId: number): Promise<void>;
  reloadTab(tabId: number): Promise<void>;
  openOptions(): Promise<void>;
  /** Runtime messages to the background (reviews and exports). */
  send: Send;
  /** Opens an extension page (a path such as "/review.html?…") in a new tab. */
  openExtensionPage(path: string): Promise<void>;
}

const toTab = (
  t: { id?: number; url?: string; title?: string; status?: string } | undefined,
): PopupTab | undefined =>
  t?.id === undefined ? undefined : { id: t.id, url: t.url, title: t.title, status: t.status };

export const browserPopupApi: PopupApi = {
  async resolveTab(tabId) {
    if (tabId !== undefined) return toTab(await browser.tabs.get(tabId).catch(() => undefined));
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return toTab(tab);
  },
  async fileAccess() {
    try {
      return await browser.extension.isAllowedFileSchemeAccess();
    } catch {
      return false;
    }
  },
  sendToTab: (tabId, message) => sendToTab(tabId, message),
  lookup: (conceptIds, pageConcepts) => ask(defaultSend, { type: 'kb-lookup', conceptIds, pageConcepts }),
  settings: browserSettingsApi,
  async activateTab(tabId) {
    const tab = await browser.tabs.update(tabId, { active: true });
    if (tab?.windowId !== undefined)
      await browser.windows.update(tab.windowId, { focused: true }).catch(() => undefined);
  },
  async reloadTab(tabId) {
    await browser.tabs.reload(tabId);
  },
  openOptions: () => browser.runtime.openOptionsPage(),
  send: defaultSend,
  async openExtensionPage(path) {
    await browser.tabs.create({ url: browser.runtime.getURL(path as '/review.html') });
  },
};

/** Sends one message to the tab's content script; the reply's type follows the message's type. */
export function askTab<M extends ContentRequest>(
  api: Pick<PopupApi, 'sendToTab'>,
  tabId: number,
  message: M,
): Promise<ContentReply<M['type']> | undefined> {
  return askContent((m) => api.sendToTab(tabId, m), message);
}

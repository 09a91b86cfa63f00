import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createPageScanner } from '../lib/annotate/analyze';
import { ScanSessions } from '../lib/annotate/scan-sessions';
import { kbBundle } from '../lib/kb/bundle';
import lexiconData from '../lib/kb/generated/lexicon.json';
import { type Lexicon, type LexiconData, loadLexicon } from '../lib/matching/lexicon';
import { createBackgroundHandler, scanKeyPrefix, type TooltipState } from '../platform/background/handlers';
import { loadSettings } from '../platform/browser/settings-store';
import { SuppLensDB } from '../platform/db/database';
import { ensureKb } from '../platform/db/kb-store';
import { nextTrashSweep, sweepTrash } from '../platform/db/reviews';

const TRASH_ALARM = 'supplens-trash-sweep';

export default defineBackground(() => {
  const db = new SuppLensDB();
  const tooltips = new Map<number, TooltipState>();
  const extensionBase = browser.runtime.getURL('/');
  // Pages are scanned here, not on the page's main thread; the lexicon is indexed on first use.
  let lexicon: Lexicon | undefined;
  const scans = new ScanSessions(() => {
    lexicon ??= loadLexicon(lexiconData as unknown as LexiconData);
    return createPageScanner(lexicon);
  });

  const handle = createBackgroundHandler({
    db,
    bundle: () => kbBundle,
    getSettings: loadSettings,
    tooltips,
    scans,
    sendToTab: (tabId, message) => browser.tabs.sendMessage(tabId, message, { frameId: 0 }),
    // Where the browser refuses action.openPopup(), show the same summary in a tab.
    openPopupDetails: async (tabId) => {
      const query = tabId === undefined ? '' : `?tab=${tabId}`;
      await browser.tabs.create({ url: browser.runtime.getURL(`/popup.html${query}` as '/popup.html') });
    },
  });

  // Deleted reviews stay restorable for a short while only: sweep the trash when it is due (an
  // alarm survives the worker stopping), and at every start of the worker.
  const sweepAndSchedule = async () => {
    await sweepTrash(db);
    const due = await nextTrashSweep(db);
    if (due !== undefined)
      await browser.alarms.create(TRASH_ALARM, { when: Math.max(due, Date.now() + 1000) });
  };
  const sweepSoon = () => {
    sweepAndSchedule().catch((e: unknown) => console.error('SuppLens: trash sweep failed', e));
  };
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === TRASH_ALARM) sweepSoon();
  });
  sweepSoon();

  browser.runtime.onInstalled.addListener(() => {
    ensureKb(db, kbBundle).catch((e) => console.error('SuppLens: knowledge base import failed', e));
  });

  browser.runtime.onMessage.addListener((message, sender) => {
    if (sender.id !== browser.runtime.id) return undefined;
    // Our base URL with its closing slash: another id that merely starts with ours cannot match.
    const fromExtensionPage = typeof sender.url === 'string' && sender.url.startsWith(extensionBase);
    const reply = handle(message, { tabId: sender.tab?.id, fromExtensionPage, url: sender.url });
    if ((message as { type?: unknown } | null)?.type === 'review-delete') void reply.then(sweepSoon);
    return reply.catch((e: unknown) => ({
      error: e instanceof Error ? e.message : String(e),
    }));
  });

  browser.commands?.onCommand.addListener(async (name) => {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id !== undefined)
      await browser.tabs
        .sendMessage(tab.id, { type: 'command', name }, { frameId: 0 })
        .catch(() => undefined);
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    tooltips.delete(tabId);
    scans.drop(scanKeyPrefix(tabId));
  });
});

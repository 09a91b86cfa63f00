// SuppLens content script (top frame of every page): see app.ts for what it does.
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createRemoteScanner } from '../../lib/annotate/remote-scanner';
import type { BackgroundRequest } from '../../lib/messaging/protocol';
import { InPage } from './app';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  // Otherwise WXT posts a window message the page can see (it carries the extension id).
  noScriptStartedPostMessage: true,
  main(ctx) {
    if (document.contentType && !/html/i.test(document.contentType)) return;
    const send = (message: BackgroundRequest) => browser.runtime.sendMessage(message);
    const app = new InPage({
      doc: document,
      win: window,
      send,
      tooltipUrl: browser.runtime.getURL('/tooltip.html'),
      createScanner: () => createRemoteScanner(send),
      alive: () => {
        try {
          return !!browser.runtime?.id;
        } catch {
          return false;
        }
      },
    });
    const onMessage = (message: unknown, sender: { id?: string }) => {
      if (sender.id !== browser.runtime.id) return undefined;
      return app.handleMessage(message);
    };
    browser.runtime.onMessage.addListener(onMessage);
    // WXT invalidates the context when it sees a "script started" DOM event, which page script
    // can forge. Give the page back only when the extension really went away (reloaded, updated,
    // disabled) or a newer copy of this script took over; that copy announces itself in this
    // isolated world, which page script cannot write to.
    const self = globalThis as { __supplensContentInstance?: object };
    const instance = {};
    self.__supplensContentInstance = instance;
    ctx.onInvalidated(() => {
      let orphaned = true;
      try {
        orphaned = !browser.runtime?.id;
      } catch {
        // An orphaned content script may throw on any extension API.
      }
      if (!orphaned && self.__supplensContentInstance === instance) return;
      try {
        browser.runtime.onMessage.removeListener(onMessage);
      } catch {
        // Orphaned: the listener is gone with the extension.
      }
      app.teardown();
    });
    app.start().catch((e: unknown) => console.error('SuppLens:', e));
  },
});

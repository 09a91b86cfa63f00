// SuppLens content script (top frame of every page): see app.ts for what it does.
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { BackgroundRequest } from '../../lib/messaging/protocol';
import { InPage } from './app';
import { createScanner, prepareLexicon } from './detector';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  // Otherwise WXT posts a window message the page can see (it carries the extension id).
  noScriptStartedPostMessage: true,
  main(ctx) {
    if (document.contentType && !/html/i.test(document.contentType)) return;
    const app = new InPage({
      doc: document,
      win: window,
      send: (message: BackgroundRequest) => browser.runtime.sendMessage(message),
      tooltipUrl: browser.runtime.getURL('/tooltip.html'),
      createScanner,
      prepare: prepareLexicon,
    });
    const onMessage = (message: unknown, sender: { id?: string }) => {
      if (sender.id !== browser.runtime.id) return undefined;
      return app.handleMessage(message);
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => {
      browser.runtime.onMessage.removeListener(onMessage);
      app.teardown();
    });
    app.start().catch((e: unknown) => console.error('SuppLens:', e));
  },
});

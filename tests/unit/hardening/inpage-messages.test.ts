// @vitest-environment happy-dom
// The content script's message handler (entrypoints/content/app.ts) answers garbage with { error }
// and leaves the page alone.
import { describe, expect, it } from 'vitest';
import { InPage } from '../../../entrypoints/content/app';
import { createPageScanner } from '../../../lib/annotate/analyze';
import { createLocalScanner } from '../../../lib/annotate/remote-scanner';
import { testLexicon } from '../matching/test-kb';

describe('InPage.handleMessage', () => {
  it('answers malformed messages with an error and changes nothing', async () => {
    document.body.innerHTML = '<p>Zinc may help colds.</p>';
    const before = document.body.innerHTML;
    const sent: unknown[] = [];
    const app = new InPage({
      doc: document,
      win: window,
      send: async (m) => {
        sent.push(m);
        return { mode: 'on-request', highlightStyle: 'underline', reviewerMode: false };
      },
      tooltipUrl: 'chrome-extension://test/tooltip.html',
      createScanner: () => createLocalScanner(createPageScanner(testLexicon())),
    });
    for (const bad of [
      null,
      undefined,
      42,
      'page-summary',
      {},
      { type: 'scan-now!' },
      { type: 'focus-mention', index: -3 },
      { type: 'focus-mention', index: '0' },
      { type: 'command', name: 'delete-everything' },
      { type: 'tooltip-open', conceptId: 'zinc' },
      { type: 'page-summary', __proto__: { polluted: true } },
    ]) {
      const res = (await app.handleMessage(bad)) as { error?: string };
      if (bad && typeof bad === 'object' && (bad as { type?: string }).type === 'page-summary') continue;
      expect(res.error, JSON.stringify(bad)).toMatch(/^invalid message/);
    }
    expect(document.body.innerHTML).toBe(before);
    expect(sent).toEqual([]);
    app.teardown();
  });
});

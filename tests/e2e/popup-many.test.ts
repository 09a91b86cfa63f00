// The popup on a health article with 200 mentions lists every concept with its number of mentions,
// and its ranked notes arrive. (Its opening time is a row of npm run bench: scripts/bench/chromium.ts.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  type ExtensionBrowser,
  launchWithExtension,
  openExtensionPage,
  type StaticServer,
  servePages,
  tabIdFor,
  waitForAnnotations,
} from '../support/harness';
import { articleWith200Mentions } from '../support/pages';
import { type PageSummaryReply, sendToTab } from '../support/watch';

let b: ExtensionBrowser;
let server: StaticServer;

before(async () => {
  server = await servePages({ 'many.html': articleWith200Mentions() });
  b = await launchWithExtension();
});

after(async () => {
  await b?.close();
  await server?.close();
});

test('the popup lists every concept and its mentions on a page with 200 mentions', async () => {
  const url = `${server.origin}/many.html`;
  const page = await b.context.newPage();
  await page.goto(url);
  const marks = await waitForAnnotations(page, 200, 30_000);
  assert.ok(marks >= 200, `the page has 200 highlighted mentions (${marks})`);
  const id = await tabIdFor(b, url);
  const summary = await sendToTab<PageSummaryReply>(b, id, { type: 'page-summary' });
  assert.ok(summary, 'the content script answers');
  const expected = new Map<string, number>();
  for (const m of summary.mentions) expected.set(m.id, (expected.get(m.id) ?? 0) + 1);
  // Opened twice: once while the service worker and knowledge base are cold, once warm.
  for (let run = 0; run < 2; run++) {
    const popup = await openExtensionPage(b, 'popup.html', `?tab=${id}`);
    await popup.waitForSelector('html[data-popup-notes="done"]', { timeout: 15_000 });
    const listed = await popup.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button.sl-mention')].map((el) => [
        el.dataset.conceptId ?? '',
        Number.parseInt(el.querySelector('.sl-mention__count')?.textContent ?? '', 10),
      ]),
    );
    assert.deepEqual(
      new Map(listed as [string, number][]),
      expected,
      `run ${run}: every concept listed with its number of mentions`,
    );
    await popup.close();
  }
  await page.close();
});

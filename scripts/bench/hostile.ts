// Hostile pages in Chromium (mode "all pages"), timed: the figures the hardening tests count
// structurally (tests/e2e/hardening-hostile.test.ts) but must not time, since a busy machine
// stretches them. One million text nodes: wall time to done, our main-thread work, longest slice,
// the page's longest main-thread gap and a page-side probe. A page fighting our marks for 4 s: our
// work and the page's longest gap in that window.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  type ExtensionBrowser,
  launchWithExtension,
  ROOT,
  serveStatic,
  tabIdFor,
} from '../../tests/support/harness';
import { writeSettings } from '../../tests/support/inpage';
import {
  JANK_METER,
  type PageSummaryReply,
  readJank,
  resetJank,
  sendToTab,
  waitForDone,
} from '../../tests/support/watch';

const HOSTILE = join(ROOT, 'tests', 'fixtures', 'hostile');

async function millionNodes(b: ExtensionBrowser, origin: string): Promise<string> {
  const page = await b.context.newPage();
  await page.goto(`${origin}/million-nodes.html`, { timeout: 60_000 });
  const tabId = await tabIdFor(b, page.url());
  const t0 = Date.now();
  const s = await waitForDone(b, page, { tabId, timeoutMs: 150_000 });
  const wall = Date.now() - t0;
  if (!s) throw new Error('million-nodes: the content script did not finish');
  const jank = await readJank(page);
  const probe0 = Date.now();
  await page.evaluate(() => 1);
  const probe = Date.now() - probe0;
  await page.close();
  return (
    `1,000,000 text nodes: done ${wall} ms after load, ${s.stats.totalMs.toFixed(0)} ms of our work in ` +
    `${s.stats.slices} slices (longest ${s.stats.maxSliceMs.toFixed(1)} ms); page longest gap ` +
    `${jank.max.toFixed(0)} ms, ${jank.over50} gaps over 50 ms; probe ${probe} ms`
  );
}

async function markFighter(b: ExtensionBrowser, origin: string): Promise<string> {
  const page: Page = await b.context.newPage();
  await page.goto(`${origin}/mark-fighter.html`);
  const tabId = await tabIdFor(b, page.url());
  await page.waitForTimeout(500);
  await resetJank(page);
  const first = await sendToTab<PageSummaryReply>(b, tabId, { type: 'page-summary' });
  const t0 = Date.now();
  await page.waitForTimeout(4000);
  const last = await sendToTab<PageSummaryReply>(b, tabId, { type: 'page-summary' });
  const wall = Date.now() - t0;
  const jank = await readJank(page);
  await page.close();
  if (!first || !last) throw new Error('mark-fighter: the content script did not answer');
  const passes = last.stats.incrementalScans - first.stats.incrementalScans;
  const work = last.stats.totalMs - first.stats.totalMs;
  return (
    `page fighting our marks: in ${wall} ms, ${passes} incremental passes, ${work.toFixed(0)} ms of our work ` +
    `(${((100 * work) / wall).toFixed(1)}%), longest slice ${last.stats.maxSliceMs.toFixed(1)} ms; ` +
    `page longest gap ${jank.max.toFixed(0)} ms`
  );
}

export async function runHostileBench(): Promise<string[]> {
  const b = await launchWithExtension();
  const server = await serveStatic([HOSTILE]);
  try {
    await b.context.addInitScript(JANK_METER);
    await writeSettings(b, { mode: 'all' });
    return [await millionNodes(b, server.origin), await markFighter(b, server.origin)];
  } finally {
    await b.close();
    await server.close();
  }
}

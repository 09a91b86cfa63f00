// A page that changes after load (tests/fixtures/pages/live.html): infinite scroll, text added to
// an existing paragraph, client-side navigation with pushState and back with popstate. New
// mentions get highlighted; SuppLens's own insertions (marks, split text nodes, the tooltip host)
// never trigger another scan. Scans are counted through the 'page-summary' reply, which page
// script cannot read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { FIXTURE_PAGES, waitForAnnotations } from '../support/harness';
import { focusAsReader, press, settle, summary, waitForNoTooltip } from '../support/inpage';
import { extensionSuite } from '../support/suite';

let page: Page;

const suite = extensionSuite([FIXTURE_PAGES], {
  settings: {},
  setup: async ({ b, server }) => {
    page = await b.context.newPage();
    await page.goto(`${server.origin}/live.html`);
    await waitForAnnotations(page, 3);
  },
});

const FEED = ['zinc', 'common-cold', 'rheumatoid-arthritis', 'fish-oil', 'liver-disease', 'turmeric'];

/** A function of live.html's own script (loadMore, appendText, goTo, addNoise), called as the page would. */
const callPage =
  (name: string, ...args: string[]) =>
  () =>
    page.evaluate(([n, a]) => (window as unknown as Record<string, (...x: string[]) => void>)[n]!(...a), [
      name,
      args,
    ] as const);

/** The page's summary once quiet before `change`, and once quiet again after a mention of `id` is marked. */
async function across(change: () => Promise<unknown>, id: string) {
  const before = await settle(suite.b, page);
  await change();
  await page.waitForFunction((i) => !!document.querySelector(`[data-supplens-id="${i}"]`), id);
  return [before, await settle(suite.b, page)] as const;
}

const ids = () =>
  page.evaluate(() =>
    [...document.querySelectorAll('[data-supplens-id][tabindex]')].map((e) =>
      e.getAttribute('data-supplens-id'),
    ),
  );

test('the first render is annotated once, and our own insertions trigger no scan', async () => {
  const s = await settle(suite.b, page);
  assert.equal(s.state, 'annotated');
  assert.deepEqual(await ids(), FEED);
  assert.equal(s.stats.fullScans, 1);
  await page.waitForTimeout(1000);
  const later = await summary(suite.b, page);
  assert.equal(later.stats.incrementalScans, s.stats.incrementalScans, 'wrapping did not come back as work');
  assert.equal(later.stats.fullScans, 1);
  assert.equal(later.stats.ownRecords, 0, 'no mutation record of ours reached the observer');

  // Opening and closing a tooltip inserts and removes our host: still no scan.
  await focusAsReader(page, page.locator('[data-supplens-id="zinc"]').first());
  await press(page, 'Escape', { leavesFrame: true });
  await waitForNoTooltip(page);
  await page.waitForTimeout(500);
  const afterTooltip = await summary(suite.b, page);
  assert.equal(afterTooltip.stats.incrementalScans, s.stats.incrementalScans);
  assert.equal(afterTooltip.stats.fullScans, 1);
});

test('scripts, styles, images and attribute changes added by the page trigger no scan', async () => {
  const s0 = await settle(suite.b, page);
  await callPage('addNoise')();
  await page.waitForTimeout(800);
  const s1 = await summary(suite.b, page);
  assert.ok(s1.stats.mutationBatches > s0.stats.mutationBatches, 'the observer saw the changes');
  assert.equal(s1.stats.incrementalScans, s0.stats.incrementalScans);
  assert.equal(s1.stats.fullScans, s0.stats.fullScans);
});

test('infinite scroll: new stories get highlighted with one incremental scan each', async () => {
  const [s0, s1] = await across(callPage('loadMore'), 'vitamin-d');
  assert.equal(s1.stats.incrementalScans, s0.stats.incrementalScans + 1, 'one scan for one added story');
  const [, s2] = await across(callPage('loadMore'), 'melatonin');
  assert.equal(s2.stats.incrementalScans, s1.stats.incrementalScans + 1);
  await page.waitForTimeout(800);
  const s3 = await summary(suite.b, page);
  assert.equal(
    s3.stats.incrementalScans,
    s2.stats.incrementalScans,
    'highlighting the new story did not retrigger',
  );
  assert.equal(s3.stats.fullScans, 1);
  assert.equal(s3.stats.ownRecords, 0);
  // Earlier marks were left alone.
  const all = await ids();
  assert.deepEqual(all.slice(0, FEED.length), FEED);
  assert.equal(s3.stats.mentionsMarked, s3.stats.mentionsFound);
});

test('text added to an existing paragraph is scanned with that paragraph, without duplicating marks', async () => {
  const [s0, s1] = await across(callPage('appendText'), 'ginkgo');
  assert.equal(s1.stats.incrementalScans, s0.stats.incrementalScans + 1);
  const first = await page.evaluate(() => {
    const p = document.querySelector('.story p')!;
    return {
      ids: [...p.querySelectorAll('[data-supplens-id]')].map((e) => e.getAttribute('data-supplens-id')),
      text: p.textContent,
    };
  });
  assert.deepEqual(first.ids, ['zinc', 'common-cold', 'ginkgo']);
  assert.match(first.text ?? '', /zinc lozenges .* An update adds that ginkgo was also studied\.$/);
});

test('client-side navigation (pushState) rescans the new view; back (popstate) restores the first', async () => {
  const [s0, s1] = await across(callPage('goTo', 'second'), 'heart-failure');
  assert.ok(s1.stats.navigations >= 1, 'navigation seen');
  assert.equal(s1.stats.fullScans, s0.stats.fullScans + 1, 'a fresh full scan for the new view');
  assert.deepEqual(await ids(), ['coenzyme-q10', 'heart-failure', 'red-yeast-rice', 'statins']);
  assert.ok(
    s1.mentions.every((m) => m.id !== 'zinc'),
    'the summary forgot the old view',
  );

  const [, s2] = await across(() => page.goBack(), 'zinc');
  assert.equal(s2.stats.fullScans, s1.stats.fullScans + 1);
  assert.deepEqual(await ids(), FEED);
  await page.waitForTimeout(800);
  const s3 = await summary(suite.b, page);
  assert.equal(s3.stats.fullScans, s2.stats.fullScans);
  assert.equal(s3.stats.incrementalScans, s2.stats.incrementalScans);
});

test('no network request from extension code', () => {
  assert.deepEqual(suite.b.extensionRequests, []);
});

// The popup in real Chromium, opened as a tab with popup.html?tab=<id> (automation cannot open a
// toolbar popup). Covers: the flagged zinc/RA note first and marked; unflagged, listed but not
// marked; entries jumping to their mention in the page; paused and blocked states; no network.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Detection } from '../../lib/export';
import {
  axeProblems,
  DEMO_DIR,
  type ExtensionBrowser,
  launchWithExtension,
  openExtensionPage,
  type StaticServer,
  sendFromPage,
  servePages,
  tabIdFor,
  waitForAnnotations,
} from '../support/harness';
import { readSettings, writeSettings } from '../support/inpage';
import { verdictOn } from '../support/review-fixtures';

const ZINC_RA = 'zinc-rheumatoid-arthritis-observational';

/** A sports report whose only supplement mention is in passing: not a health article. */
const MATCH_REPORT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>United edge Rovers in a late thriller</title></head>
<body><main><article><h1>United edge Rovers in a late thriller</h1>
<p>United scored twice in the last ten minutes to beat Rovers 3-2 on Saturday, lifting them to fourth in the table.</p>
<p>The winger, who joined in the summer, set up both late goals and was named player of the match by the home fans.</p>
<p>Asked about his form, the captain joked that he owes it to the winter sun trip and the vitamin D his mother sends him.</p>
<p>Rovers host the league leaders next weekend, while United travel north for a cup tie on Tuesday night.</p>
</article></main></body></html>`;

let b: ExtensionBrowser;
let server: StaticServer;
let article: Page;
let articleUrl: string;

async function openPopupFor(url: string): Promise<Page> {
  const id = await tabIdFor(b, url);
  const popup = await openExtensionPage(b, 'popup.html', `?tab=${id}`);
  await popup.waitForSelector('html[data-popup-view]:not([data-popup-view="loading"])');
  return popup;
}

async function waitForNotes(popup: Page) {
  await popup.waitForSelector('html[data-popup-notes="done"], html[data-popup-notes="error"]');
  assert.equal(await popup.evaluate(() => document.documentElement.dataset.popupNotes), 'done');
}

before(async () => {
  b = await launchWithExtension();
  server = await servePages({ 'match-report.html': MATCH_REPORT }, [DEMO_DIR]);
  articleUrl = `${server.origin}/article.html`;
  article = await b.context.newPage();
  await article.goto(articleUrl);
  await waitForAnnotations(article, 2);
});

after(async () => {
  await b?.close();
  await server?.close();
});

test('with the rheumatoid-arthritis flag, the zinc/RA note is the first warning, marked as matching the flag', async () => {
  await writeSettings(b, { flags: ['rheumatoid-arthritis'] });
  const popup = await openPopupFor(articleUrl);
  assert.equal(await popup.evaluate(() => document.documentElement.dataset.popupView), 'found');
  await waitForNotes(popup);
  const first = popup.locator('[data-section="warnings"] li.sl-entry').first();
  assert.equal(await first.getAttribute('data-note-id'), ZINC_RA);
  assert.equal(await first.getAttribute('data-flag-match'), 'true');
  assert.equal(await first.getByText('Matches your flag').count(), 1);
  // The note carries its evidence level, reviewed date and source links, and the disclaimer is shown.
  assert.match((await first.textContent()) ?? '', /Evidence: Observational studies \(cohort of/);
  assert.match((await first.textContent()) ?? '', /checked [A-Z][a-z]+ \d{4}/);
  assert.ok((await first.locator('.sl-note__sources a[href^="https://"]').count()) >= 1);
  await popup.getByText(/SuppLens informs; it does not give medical advice/).waitFor();
  for (const colorScheme of ['light', 'dark'] as const) {
    await popup.emulateMedia({ colorScheme });
    assert.deepEqual(await axeProblems(popup), [], `accessibility (${colorScheme})`);
  }
  // What was found, with counts.
  const counts = (await popup.getByRole('region', { name: 'Found on this page' }).textContent()) ?? '';
  assert.match(counts, /Supplements \d+ mentions?/);
  assert.match(counts, /Conditions and life stages \d+ mentions?/);
  await popup.close();
});

test('without the flag, the zinc/RA note is still listed but not marked', async () => {
  await writeSettings(b, { flags: [] });
  const popup = await openPopupFor(articleUrl);
  await waitForNotes(popup);
  const entry = popup.locator(`li.sl-entry[data-note-id="${ZINC_RA}"]`);
  assert.equal(await entry.count(), 1, 'listed once');
  assert.equal(await entry.getAttribute('data-flag-match'), 'false');
  assert.equal(await entry.getByText('Matches your flag').count(), 0);
  assert.equal(await popup.getByText('Matches your flag').count(), 0, 'nothing is marked without flags');
  await popup.close();
});

test('reviewing: the popup exports this page, its saved verdict and what SuppLens showed', async () => {
  const popup = await openPopupFor(articleUrl);
  await waitForNotes(popup);
  // The reviewer saved a verdict on one mention (as the tooltip's form does).
  const tabId = await tabIdFor(b, articleUrl);
  const detections = (await popup.evaluate(
    (id) => chrome.tabs.sendMessage(id, { type: 'page-detections' }, { frameId: 0 }),
    tabId,
  )) as Detection[];
  assert.ok(detections.length >= 20, `the demo lists its mentions (${detections.length})`);
  const reviewed = detections[3]!;
  await sendFromPage(popup, {
    type: 'review-save',
    review: verdictOn(reviewed, 'popup export check'),
  });

  await popup.getByText('Reviewing: export this page').click();
  await popup.getByText('1 saved review for this page.').waitFor();
  await popup.getByLabel('Format').selectOption('w3c');
  const [w3c] = await Promise.all([
    popup.waitForEvent('download'),
    popup.getByRole('button', { name: 'Export', exact: true }).click(),
  ]);
  const doc = JSON.parse(readFileSync(await w3c.path(), 'utf8'));
  const items = doc.first.items as {
    motivation: string;
    target: { source: { id: string }; selector: { type: string; start?: number; exact?: string }[] };
    supplens: { kbVersion: string };
  }[];
  assert.equal(items.length, detections.length, 'every mention once, the reviewed one as its review');
  const assessing = items.filter((a) => a.motivation === 'assessing');
  assert.equal(assessing.length, 1, 'one verdict');
  const position = assessing[0]!.target.selector.find((x) => x.type === 'TextPositionSelector');
  assert.equal(position?.start, reviewed.position.start);
  assert.ok(items.every((a) => a.target.source.id === reviewed.pageUrl));
  const shown = items.filter((a) => a.motivation === 'highlighting');
  assert.equal(shown.length, detections.length - 1);
  assert.ok(
    shown.every((a) => a.supplens.kbVersion && a.supplens.kbVersion !== 'e2e'),
    'unreviewed mentions carry the knowledge-base version of the notes shown',
  );
  await popup.getByText(`Exported ${detections.length} annotations to `, { exact: false }).waitFor();

  // Without the unreviewed mentions, a CSV of the saved review alone.
  await popup.getByRole('checkbox', { name: /Include mentions without a verdict/ }).uncheck();
  await popup.getByLabel('Format').selectOption('csv');
  const [csv] = await Promise.all([
    popup.waitForEvent('download'),
    popup.getByRole('button', { name: 'Export', exact: true }).click(),
  ]);
  const rows = readFileSync(await csv.path(), 'utf8')
    .trimEnd()
    .split('\r\n');
  assert.ok(rows[0]!.startsWith('\ufeffid,page_url'), rows[0]);
  assert.equal(rows.length, 2, 'header and the one review');
  assert.match(rows[1]!, /popup export check/);
  for (const colorScheme of ['light', 'dark'] as const) {
    await popup.emulateMedia({ colorScheme });
    assert.deepEqual(await axeProblems(popup), [], `accessibility with the export open (${colorScheme})`);
  }
  await popup.close();
});

test('clicking a popup entry focuses and scrolls to that mention in the page', async () => {
  await article.setViewportSize({ width: 800, height: 300 });
  await article.evaluate(() => window.scrollTo(0, 0));
  const popup = await openPopupFor(articleUrl);
  // The last zinc mention is far below a 300 px viewport: step the zinc entry to it.
  const zinc = popup.locator('button.sl-mention[data-concept-id="zinc"]');
  const count = Number(
    await zinc.locator('.sl-mention__count').evaluate((el) => el.firstChild?.textContent ?? '0'),
  );
  assert.ok(count >= 3, `zinc is mentioned several times (${count})`);
  for (let i = 0; i < count; i++) {
    // In tab mode each click brings the article's tab to the front, as a reader would see it;
    // come back to the popup's tab for the next click.
    await popup.bringToFront();
    await zinc.click();
  }
  await article.waitForFunction(() => document.activeElement?.closest('[data-supplens-id]') !== null);
  const state = await article.evaluate(() => {
    const el = document.activeElement!;
    const mark = el.closest('[data-supplens-id]') as HTMLElement;
    const r = el.getBoundingClientRect();
    return {
      id: mark.dataset.supplensId,
      scrollY: window.scrollY,
      inView: r.bottom > 0 && r.top < window.innerHeight,
    };
  });
  assert.equal(state.id, 'zinc');
  assert.ok(state.scrollY > 100, `the page scrolled (scrollY ${state.scrollY})`);
  assert.ok(state.inView, 'the focused mention is in view');

  // A warning's "Show … in the page" button goes back up to the first mention.
  await popup.bringToFront();
  await popup.locator('[data-section="warnings"] button.sl-jump').first().click();
  await article.waitForFunction((y) => window.scrollY < y, state.scrollY);
  const back = await article.evaluate(() => {
    const r = document.activeElement!.getBoundingClientRect();
    return {
      inView: r.bottom > 0 && r.top < window.innerHeight,
      marked: !!document.activeElement?.closest('[data-supplens-id]'),
    };
  });
  assert.ok(back.marked && back.inView);
  await popup.close();
  await article.setViewportSize({ width: 1280, height: 900 });
});

test('paused on this site: the popup says so and Resume turns SuppLens back on', async () => {
  const host = new URL(articleUrl).hostname;
  const page = await b.context.newPage();
  const url = `${articleUrl}?paused`;
  await writeSettings(b, { sites: { [host]: 'paused' } });
  await page.goto(url);
  const popup = await openPopupFor(url);
  await popup.getByRole('heading', { name: `SuppLens is paused on ${host}` }).waitFor();
  assert.equal(await page.locator('[data-supplens-id]').count(), 0);
  await popup.getByRole('button', { name: `Resume on ${host}` }).click();
  await popup.waitForSelector('html[data-popup-view="found"]');
  await waitForAnnotations(page, 2);
  assert.deepEqual((await readSettings(b))?.sites, {});
  await popup.close();
  await page.close();
});

test('a page that is not a health article offers "Scan this page", which annotates it', async () => {
  const page = await b.context.newPage();
  const url = `${server.origin}/match-report.html`;
  await page.goto(url);
  const popup = await openPopupFor(url);
  await popup.getByRole('heading', { name: 'This does not look like a health article' }).waitFor();
  assert.equal(await page.locator('[data-supplens-id]').count(), 0);
  await popup.getByRole('button', { name: 'Scan this page' }).click();
  await popup.waitForSelector('html[data-popup-view="found"]');
  await waitForAnnotations(page, 1);
  await popup.locator('button.sl-mention[data-concept-id="vitamin-d"]').waitFor();
  await popup.close();
  await page.close();
});

test('a browser page gets a plain explanation', async () => {
  const page = await b.context.newPage();
  await page.goto('chrome://version');
  const popup = await openPopupFor('chrome://version/');
  assert.equal(await popup.evaluate(() => document.documentElement.dataset.popupView), 'blocked');
  await popup.getByRole('heading', { name: 'This is a browser page' }).waitFor();
  await popup.close();
  await page.close();
});

test('no network requests from extension code', () => {
  assert.deepEqual(b.extensionRequests, []);
});

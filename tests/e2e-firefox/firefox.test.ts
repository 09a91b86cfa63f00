// SuppLens in real Firefox (Debian firefox-esr, the MV2 build as a temporary add-on), the same
// journeys as the Chromium suite: the demo and a long article annotated without changing their text
// or layout, the tooltip by hover and by keyboard, the popup's summary and its jump to a mention,
// a reader's flag changing which note the tooltip puts first, a reviewer's verdict saved, listed and
// exported, the knowledge base in the extension's own IndexedDB, nothing stored in the page's
// origin, and no request anywhere but 127.0.0.1.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'puppeteer-core';
import type { Detection } from '../../lib/export';
import { assertDemoMarks, readMarks } from '../support/page-probes';
import { verdictOn } from '../support/review-fixtures';
import {
  bounded,
  DEMO_DIR,
  evalInExtensionFrame,
  FIXTURE_PAGES,
  type FirefoxExtension,
  launchFirefox,
  openExtensionPage,
  pageLayout,
  readSettings,
  type StaticServer,
  sendToBackground,
  sendToPage,
  serveStatic,
  settle,
  summary,
  tabIdFor,
  waitForAnnotations,
  waitForTooltip,
  writeSettings,
} from './harness';

let fx: FirefoxExtension;
let server: StaticServer;
let article: Page;
let articleUrl: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  fx = await launchFirefox();
  server = await serveStatic([DEMO_DIR, FIXTURE_PAGES]);
  articleUrl = `${server.origin}/article.html`;
  article = await fx.browser.newPage();
  await article.setViewport({ width: 1280, height: 900 });
  await article.goto(articleUrl);
  await waitForAnnotations(article, 25);
  await settle(fx, article);
});

after(async () => {
  await fx?.close();
  await server?.close();
});

/** Centre of the first line box of the nth focusable mention of a concept. */
async function mentionCentre(page: Page, id: string, nth = 0) {
  return page.evaluate(
    (sel: string, i: number) => {
      const r = document.querySelectorAll(sel)[i]!.getClientRects()[0]!;
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    },
    `[data-supplens-id="${id}"][tabindex]`,
    nth,
  );
}

/** Closes any open tooltip and moves the pointer away, so each test starts from a quiet page. */
async function quiet(page: Page) {
  await page.mouse.move(1, 1);
  await page.keyboard.press('Escape');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline && (await page.$('[data-supplens-id][aria-expanded="true"]'))) await sleep(50);
}

test('the demo article: zinc and rheumatoid arthritis are marked with kind and id only', async () => {
  const marks = await article.evaluate(readMarks);
  const s = await summary(fx, article);
  assert.equal(s.state, 'annotated');
  assert.equal(s.stats.mentionsMarked, s.stats.mentionsFound, 'every mention found is marked');
  assertDemoMarks(marks);
  console.log(`# firefox: demo article ${marks.length} marks, ${s.mentions.length} mentions`);
});

for (const { file, min, ids } of [
  { file: 'article.html', min: 25, ids: ['zinc', 'rheumatoid-arthritis', 'turmeric'] },
  { file: 'long-interactions.html', min: 80, ids: ['warfarin', 'st-johns-wort', 'ginkgo', 'fish-oil'] },
]) {
  test(`${file}: text and layout unchanged, every mention highlighted`, async () => {
    await writeSettings(fx, { mode: 'on-request' });
    const page = await fx.browser.newPage();
    try {
      await page.setViewport({ width: 1280, height: 900 });
      // A query of its own: the demo article is open in another tab too, and tabs are found by URL.
      await page.goto(`${server.origin}/${file}?on-request`);
      await sleep(300);
      assert.equal((await summary(fx, page)).state, 'on-request');
      assert.equal(await page.$$eval('[data-supplens-id]', (e) => e.length), 0);
      const before = await pageLayout(page);
      await sendToPage(fx, page, { type: 'scan-now' });
      // Marks are made near the viewport: scroll through as a reader would, then back to the top.
      for (let i = 0; i < 200; i++) {
        const moved = await page.evaluate(() => {
          const y = window.scrollY;
          window.scrollBy(0, window.innerHeight * 2);
          return window.scrollY !== y;
        });
        await sleep(50);
        if (!moved) break;
      }
      const s = await settle(fx, page, 600);
      await page.evaluate(() => window.scrollTo(0, 0));
      await sleep(100);
      assert.equal(s.state, 'annotated');
      assert.ok(s.mentions.length >= min, `${file}: ${s.mentions.length} mentions, expected at least ${min}`);
      for (const id of ids)
        assert.ok(
          s.mentions.some((m) => m.id === id),
          `${file}: ${id} highlighted`,
        );
      assert.equal(s.stats.mentionsMarked, s.stats.mentionsFound, 'every mention found is highlighted');
      const afterScan = await pageLayout(page);
      assert.equal(afterScan.text, before.text, 'innerText identical');
      assert.deepEqual(afterScan.scroll, before.scroll, 'document size identical');
      assert.equal(afterScan.boxes.length, before.boxes.length);
      let worst = 0;
      before.boxes.forEach((a, i) => {
        const z = afterScan.boxes[i]!;
        worst = Math.max(
          worst,
          Math.abs(a.x - z.x),
          Math.abs(a.y - z.y),
          Math.abs(a.w - z.w),
          Math.abs(a.h - z.h),
        );
      });
      assert.ok(worst <= 1, `${file}: a box moved by ${worst.toFixed(2)} px`);
      console.log(`# firefox: ${file} ${s.mentions.length} mentions, max box shift ${worst.toFixed(2)} px`);
    } finally {
      await page.close();
      await writeSettings(fx, {});
    }
  });
}

test('hover opens the tooltip frame with the zinc notes, and the mention says so', async () => {
  await article.bringToFront();
  await quiet(article);
  const c = await mentionCentre(article, 'zinc', 1);
  await article.mouse.move(c.x, c.y, { steps: 3 });
  const tip = await waitForTooltip(fx);
  assert.match(tip.title, /^Zinc/);
  assert.ok(tip.notes.length >= 1);
  assert.ok(
    tip.noteTexts.some((t) => /Rheumatoid arthritis/.test(t)),
    'the note about the condition on the page is shown',
  );
  assert.equal(await article.$$eval('[data-supplens-id="zinc"][aria-expanded="true"]', (e) => e.length), 1);
});

// Privacy finding F16: the tooltip frame lives in a closed shadow root. If Gecko listed shadow-tree
// frames in window.frames, page script could navigate the frame to its own origin and read the
// frame's address (with its session token) through frameElement. Checked with the tooltip open.
test('page script cannot reach the open tooltip frame through window.frames', async () => {
  await article.bringToFront();
  await quiet(article);
  const c = await mentionCentre(article, 'zinc', 1);
  await article.mouse.move(c.x, c.y, { steps: 3 });
  await waitForTooltip(fx);
  const seen = await article.evaluate(() => {
    const w = window as unknown as Record<number, Window | undefined>;
    return {
      length: window.length,
      first: w[0] === undefined ? 'none' : 'a window',
      iframes: document.querySelectorAll('iframe').length,
    };
  });
  assert.deepEqual(seen, { length: 0, first: 'none', iframes: 0 });
});

test('keyboard: Tab reaches the first mention and opens the tooltip; Escape closes it', async () => {
  await article.bringToFront();
  await quiet(article);
  await article.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  let mark: string | null = null;
  for (let i = 0; i < 15 && !mark; i++) {
    await bounded('Firefox to take the Tab key', article.keyboard.press('Tab'), 5000);
    mark = await article.evaluate(() => {
      const el = document.activeElement;
      return el?.matches('[data-supplens-id]')
        ? `${el.getAttribute('data-supplens-id')}:${el.textContent}`
        : null;
    });
  }
  assert.equal(mark, 'zinc:zinc', 'the first mention (in the headline) is reachable with Tab');
  const tip = await waitForTooltip(fx);
  assert.match(tip.title, /^Zinc/);
  await bounded('Firefox to take the Escape key', article.keyboard.press('Escape'), 5000);
  await article.waitForFunction(() => !document.querySelector('[data-supplens-id][aria-expanded="true"]'), {
    timeout: 5000,
    polling: 50,
  });
  assert.equal(
    await evalInExtensionFrame<{ open: boolean }>(fx, '/tooltip.html', 'JSON.stringify({ open: true })'),
    undefined,
    'the tooltip frame is gone',
  );
});

test('a flag chosen on the options page changes which note the tooltip puts first (inside the extension frame only)', async () => {
  const firstNote = async () => {
    await article.bringToFront();
    await settle(fx, article);
    await quiet(article);
    const c = await mentionCentre(article, 'zinc', 1);
    await article.mouse.move(c.x, c.y, { steps: 3 });
    const tip = await waitForTooltip(fx);
    const html = await article.evaluate(() => document.body.outerHTML);
    await quiet(article);
    return { first: tip.notes[0], html };
  };
  try {
    await writeSettings(fx, { flags: [] });
    const unset = await firstNote();
    // The reader searches the options page for the condition and ticks it.
    const options = await openExtensionPage(fx.browser, 'options.html');
    try {
      await options.waitForSelector('#sl-flag-search', { timeout: 15_000 });
      await options.type('#sl-flag-search', 'macular');
      await options.waitForSelector('#result-macular-degeneration', { timeout: 5000 });
      await options.click('#result-macular-degeneration');
      await options.waitForFunction(() => document.body.textContent?.includes('Saved.'), { timeout: 5000 });
    } finally {
      await options.close();
    }
    assert.deepEqual((await readSettings(fx))?.flags, ['macular-degeneration']);
    const set = await firstNote();
    assert.notEqual(unset.first, 'zinc-macular-degeneration-areds');
    assert.equal(set.first, 'zinc-macular-degeneration-areds', 'the flagged condition comes first');
    assert.equal(set.html, unset.html, 'the page sees the same DOM with and without the flag');
  } finally {
    await writeSettings(fx, {});
  }
});

test('the popup, opened as a tab for the article, sums up what was found', async () => {
  const tab = await tabIdFor(fx, articleUrl);
  const popup = await openExtensionPage(fx.browser, 'popup.html', `?tab=${tab}`);
  try {
    await popup.waitForSelector('html[data-popup-notes="done"], html[data-popup-notes="error"]', {
      timeout: 15_000,
    });
    assert.equal(await popup.evaluate(() => document.documentElement.dataset.popupView), 'found');
    assert.equal(await popup.evaluate(() => document.documentElement.dataset.popupNotes), 'done');
    const text = await popup.evaluate(() => document.body.textContent);
    assert.match(text, /Supplements\s*\d+ mentions?/);
    assert.match(text, /Conditions and life stages\s*\d+ mentions?/);
    assert.match(text, /SuppLens informs; it does not give medical advice/);
    const s = await summary(fx, article);
    const zincCount = await popup.$eval(
      'button.sl-mention[data-concept-id="zinc"] .sl-mention__count',
      (el) => el.firstChild?.textContent ?? '',
    );
    assert.equal(
      Number(zincCount),
      s.mentions.filter((m) => m.id === 'zinc').length,
      'zinc count as in the page',
    );
  } finally {
    await popup.close();
  }
});

test('a popup entry jumps to its mention: focused and scrolled into view', async () => {
  await article.setViewport({ width: 800, height: 300 });
  await article.evaluate(() => window.scrollTo(0, 0));
  const tab = await tabIdFor(fx, articleUrl);
  const popup = await openExtensionPage(fx.browser, 'popup.html', `?tab=${tab}`);
  try {
    await popup.waitForSelector('html[data-popup-view="found"]', { timeout: 15_000 });
    const zinc = 'button.sl-mention[data-concept-id="zinc"]';
    const count = Number(
      await popup.$eval(`${zinc} .sl-mention__count`, (el) => el.firstChild?.textContent ?? '0'),
    );
    assert.ok(count >= 3, `zinc is mentioned several times (${count})`);
    for (let i = 0; i < count; i++) {
      await popup.bringToFront();
      await popup.click(zinc);
      await sleep(150);
    }
    await article.waitForFunction(() => document.activeElement?.closest('[data-supplens-id]') !== null, {
      timeout: 5000,
      polling: 50,
    });
    const state = await article.evaluate(() => {
      const el = document.activeElement!;
      const r = el.getBoundingClientRect();
      return {
        id: (el.closest('[data-supplens-id]') as HTMLElement).dataset.supplensId,
        scrollY: window.scrollY,
        inView: r.bottom > 0 && r.top < window.innerHeight,
      };
    });
    assert.equal(state.id, 'zinc');
    assert.ok(state.scrollY > 100, `the page scrolled (scrollY ${state.scrollY})`);
    assert.ok(state.inView, 'the focused mention is in view');
  } finally {
    await popup.close();
    await article.setViewport({ width: 1280, height: 900 });
    await article.evaluate(() => window.scrollTo(0, 0));
  }
});

test('a reviewer verdict is saved, listed on the review page and exported as W3C annotations', async () => {
  const detections = await sendToPage<Detection[]>(fx, article, { type: 'page-detections' });
  assert.ok(detections.length >= 20, `the demo lists its mentions (${detections.length})`);
  const reviewed = detections.find((d) => d.conceptId === 'turmeric') ?? detections[3]!;
  const saved = await sendToBackground<{ review?: { id: string } }>(fx, {
    type: 'review-save',
    review: verdictOn(reviewed, 'checked in Firefox'),
  });
  assert.ok(!('error' in saved), JSON.stringify(saved));

  const review = await openExtensionPage(fx.browser, 'review.html');
  try {
    await review.waitForFunction(
      () => /\b1 review/.test(document.querySelector('[data-testid="count"]')?.textContent ?? ''),
      {
        timeout: 15_000,
        polling: 100,
      },
    );
    assert.match(await review.evaluate(() => document.body.textContent), /checked in Firefox/);
  } finally {
    await review.close();
  }

  const out = await sendToBackground<{ text: string; count: number }>(fx, {
    type: 'review-export',
    format: 'w3c',
    includeUnreviewed: true,
    detections,
  });
  const doc = JSON.parse(out.text);
  assert.equal(doc.type, 'AnnotationCollection');
  const items = doc.first.items as {
    motivation: string;
    body: { value?: string }[] | { value?: string };
    target: { source: { id: string }; selector: { type: string; start?: number; exact?: string }[] };
  }[];
  assert.equal(items.length, detections.length, 'every mention once, the reviewed one as its review');
  const assessing = items.filter((a) => a.motivation === 'assessing');
  assert.equal(assessing.length, 1, 'one verdict');
  const position = assessing[0]!.target.selector.find((x) => x.type === 'TextPositionSelector');
  assert.equal(position?.start, reviewed.position.start);
  assert.match(JSON.stringify(assessing[0]!.body), /checked in Firefox/);
  assert.ok(items.every((a) => a.target.source.id === reviewed.pageUrl));
});

test("the knowledge base is in the extension's own IndexedDB", async () => {
  const kb = await bounded(
    'the extension page to read its IndexedDB',
    fx.ext.evaluate(async () => {
      const dbs = await indexedDB.databases();
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const r = indexedDB.open('supplens');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
      const counts: number[] = [];
      // (No named inner functions: tsx would wrap them in a helper the page does not have.)
      for (const store of ['concepts', 'notes'])
        counts.push(
          await new Promise<number>((ok, fail) => {
            const r = db.transaction(store).objectStore(store).count();
            r.onsuccess = () => ok(r.result);
            r.onerror = () => fail(r.error);
          }),
        );
      const out = { dbs: dbs.map((d) => d.name), concepts: counts[0]!, notes: counts[1]! };
      db.close();
      return out;
    }),
  );
  assert.ok(kb.dbs.includes('supplens'), `databases: ${kb.dbs.join(', ')}`);
  assert.ok(kb.concepts >= 100, `concepts: ${kb.concepts}`);
  assert.ok(kb.notes >= 100, `notes: ${kb.notes}`);
});

test("the page's own origin stores nothing: no IndexedDB, storage or cookies", async () => {
  await article.bringToFront();
  await quiet(article);
  // Open a tooltip first so every code path that could store something has run.
  const c = await mentionCentre(article, 'zinc', 1);
  await article.mouse.move(c.x, c.y, { steps: 3 });
  await waitForTooltip(fx);
  const stored = await article.evaluate(async () => ({
    dbs: (await indexedDB.databases()).map((d) => d.name),
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
    caches: (await caches.keys()).length,
  }));
  assert.deepEqual(stored, { dbs: [], local: 0, session: 0, cookie: '', caches: 0 });
  await quiet(article);
});

test('no request anywhere but 127.0.0.1', async () => {
  // Visit the extension's pages once more so their loading is in the record too.
  for (const p of ['options.html', 'review.html']) {
    const page = await openExtensionPage(fx.browser, p);
    await sleep(300);
    await page.close();
  }
  assert.deepEqual(fx.outsideRequests, []);
  // Control: a request a page makes elsewhere does reach the record.
  const control = await fx.browser.newPage();
  try {
    await control.goto(`${server.origin}/article.html?control`);
    await control.evaluate(() => fetch('http://control.invalid/probe').catch(() => undefined));
    const deadline = Date.now() + 5000;
    while (!fx.outsideRequests.length && Date.now() < deadline) await sleep(50);
    assert.deepEqual(fx.outsideRequests, ['http://control.invalid/probe']);
  } finally {
    await control.close();
  }
});

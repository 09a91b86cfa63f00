// Regression tests for the flag leaks and data findings of the security review (issue 14). A
// hostile article page (zinc lozenges and colds; rheumatoid arthritis is never mentioned) logs
// what it can see: its window's focus and blur, its scroll position, its Tab keydowns. Each test
// runs with no flags and with the rheumatoid-arthritis flag, checks inside the extension frame
// that the flag did change what the reader sees, and requires the page's view (or the export) to
// be the same.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import {
  bounded,
  type ExtensionBrowser,
  extensionUrl,
  launchWithExtension,
  type PageServer,
  sendFromPage,
  servePages,
  waitForAnnotations,
} from '../support/harness';
import { press, settle, summary, tooltipFrame, waitForTooltip, writeSettings } from '../support/inpage';

const FLAG = 'rheumatoid-arthritis';

// Logs, from before SuppLens runs, what a page can learn about our tooltip without reading it.
const RECORDER = `<script>
  window.__log = [];
  const t0 = performance.now();
  const at = () => Math.round(performance.now() - t0);
  addEventListener('blur', (e) => { if (e.target === window) __log.push(['blur', at()]); });
  addEventListener('focus', (e) => { if (e.target === window) __log.push(['focus', at()]); });
  addEventListener('keydown', (e) => __log.push(['key', e.key]), true);
  addEventListener('scroll', () => __log.push(['scroll', Math.round(scrollY)]), { passive: true });
</script>`;

const filler = Array.from(
  { length: 30 },
  (_, i) =>
    `<p>Paragraph ${i + 1} of the reader comments, which say nothing about any supplement at all and only make the page long enough to scroll.</p>`,
).join('\n');

const COLDS = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Zinc lozenges for colds: what the reviews say</title>
<meta name="description" content="Health news: zinc lozenges and the common cold.">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"MedicalWebPage"}</script>
${RECORDER}
<style>body{margin:0;font:17px/1.6 Georgia,serif}main{max-width:720px;margin:0 auto;padding:20px}</style>
</head><body><main>
<h1>Colds: what helps?</h1>
<p>Zinc lozenges taken within a day of the first symptoms may shorten the common cold a little, a review of trials found.</p>
<p>Nasal zinc sprays were linked to a lost sense of smell, and lozenges can leave a bad taste or nausea.</p>
<p><a href="#top">Back to the top</a></p>
${filler}
</main></body></html>`;

// A long article: 2600 paragraphs, each mentioning zinc once (more than idle marking covers).
const WORDS =
  'the study found that people who took the tablets daily for several months reported fewer symptoms than those on placebo'.split(
    ' ',
  );
const LONG = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Zinc supplements: a very long review</title>
<meta name="description" content="Zinc supplements and health: a long review article.">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"MedicalWebPage"}</script>
</head><body><main><h1>Zinc supplements and the common cold</h1>
${Array.from({ length: 2600 }, (_, i) => `<p>${WORDS.slice(i % 7).join(' ')} zinc ${WORDS.slice(0, i % 11).join(' ')}.</p>`).join('\n')}
</main></body></html>`;

let b: ExtensionBrowser;
let server: PageServer;

before(async () => {
  b = await launchWithExtension();
  server = await servePages({ 'colds.html': COLDS, 'long.html': LONG, 'other.html': COLDS });
});

after(async () => {
  await b?.close();
  await server?.close();
});

async function openColds(flags: string[], reviewerMode = false): Promise<Page> {
  await writeSettings(b, { flags, reviewerMode });
  const page = await b.context.newPage();
  await page.setViewportSize({ width: 1100, height: 800 });
  await page.goto(`${server.origin}/colds.html`);
  await waitForAnnotations(page, 2);
  await settle(b, page);
  return page;
}

async function zincCentre(page: Page): Promise<{ x: number; y: number }> {
  return page
    .locator('[data-supplens-id="zinc"][tabindex]')
    .first()
    .evaluate((el) => {
      const r = el.getClientRects()[0]!;
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    });
}

/** Opens zinc's tooltip with the pointer, as a mouse reader does, and moves the pointer onto it. */
async function hoverIntoTooltip(page: Page): Promise<Frame> {
  const c = await zincCentre(page);
  await page.mouse.move(c.x, c.y);
  const frame = await waitForTooltip(page);
  await frame.locator('[data-note-id]').first().waitFor();
  const frameBox = await (await frame.frameElement()).boundingBox();
  assert.ok(frameBox, 'the tooltip frame has a box');
  await page.mouse.move(c.x, c.y + 8);
  await page.mouse.move(frameBox.x + frameBox.width / 2, frameBox.y + frameBox.height / 2, { steps: 5 });
  await page.waitForTimeout(300);
  return frame;
}

function noteIds(frame: Frame): Promise<string[]> {
  return frame
    .locator('[data-note-id]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-note-id')!));
}

test('wheel over the tooltip scrolls the tooltip to its end and never the page, flag set or not (F3)', async () => {
  const seen: { notes: string[]; log: unknown[]; scrollY: number; bodyMoved: boolean }[] = [];
  for (const flags of [[], [FLAG]]) {
    const page = await openColds(flags);
    await page.evaluate(() => {
      (window as unknown as { __log: unknown[] }).__log = [];
    });
    const frame = await hoverIntoTooltip(page);
    const notes = await noteIds(frame);
    for (let i = 0; i < 30; i++) {
      await page.mouse.wheel(0, 100);
      await page.waitForTimeout(60);
    }
    await page.waitForTimeout(400);
    assert.ok(tooltipFrame(page), 'the tooltip stays open while the reader scrolls it');
    const bodyMoved = await frame.evaluate(() => document.querySelector('.sl-tt__body')!.scrollTop > 0);
    const log = await page.evaluate(() =>
      (window as unknown as { __log: unknown[][] }).__log.filter((e) => e[0] === 'scroll'),
    );
    seen.push({ notes, log, scrollY: await page.evaluate(() => scrollY), bodyMoved });
    await page.close();
  }
  const [unset, set] = seen;
  assert.notDeepEqual(unset!.notes, set!.notes, 'the flag changes the notes the reader sees');
  for (const s of seen) {
    assert.ok(s.bodyMoved, 'the wheel scrolls the tooltip');
    assert.equal(s.scrollY, 0, 'the page did not scroll under the tooltip');
  }
  assert.deepEqual(unset!.log, set!.log, "the page's scroll log is the same");
  assert.deepEqual(unset!.log, []);
});

test('layout: the last control of an open tooltip can be brought into view with the wheel (F3)', async () => {
  // Reviewer mode: the verdict form makes the tooltip longest.
  const page = await openColds([], true);
  const frame = await hoverIntoTooltip(page);
  const lastInView = () =>
    frame.evaluate(() => {
      const all = [
        ...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]'),
      ].filter((e) => e.tabIndex >= 0 && !(e as HTMLButtonElement).disabled);
      const last = all[all.length - 1]!;
      const r = last.getBoundingClientRect();
      return {
        label: last.textContent?.trim() ?? '',
        inView: r.top >= 0 && r.bottom <= document.documentElement.clientHeight,
      };
    });
  const first = await lastInView();
  assert.equal(first.inView, false, `the last control (${first.label}) starts out of view`);
  assert.ok(
    await frame.locator('form[data-supplens-verdict-form]').count(),
    'the verdict form is in the tooltip',
  );
  for (let i = 0; i < 40 && !(await lastInView()).inView; i++) {
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(60);
  }
  const end = await lastInView();
  assert.ok(end.inView, `the wheel brought "${end.label}" into view`);
  assert.equal(await page.evaluate(() => scrollY), 0, 'and the page did not scroll');
  await page.close();
});

/** Tab presses from the zinc mention until the page's window gets the focus back. */
async function tabsThroughTooltip(
  page: Page,
): Promise<{ presses: number; links: number; notes: string[]; log: string }> {
  // The pointer stays where an earlier test left it, possibly over where the tooltip opens; a
  // keyboard reader's count must not depend on hover, so it goes to the corner first.
  await page.mouse.move(0, 0);
  // Focus the element just before the zinc mention (none: the body), then Tab onto the mention.
  await bounded(
    'the page to blur its focused element',
    page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()),
    5000,
  );
  for (let i = 0; i < 6; i++) {
    await press(page, 'Tab');
    const on = await page.evaluate(() => document.activeElement?.getAttribute('data-supplens-id'));
    if (on === 'zinc') break;
  }
  const frame = await waitForTooltip(page, 2000);
  await frame.locator('[data-note-id]').first().waitFor();
  const notes = await noteIds(frame);
  const links = await frame.locator('a[href]').count();
  await page.evaluate(() => {
    (window as unknown as { __log: unknown[] }).__log = [];
  });
  // Each press is counted once its effect is seen (focus on another element of the frame, or the
  // page's window focused again), never after a fixed pause: on a busy machine a pause can end
  // before the focus moved, and the next press would then be counted for the same stop.
  const inFrame = () =>
    frame
      .evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return '';
        return [...document.querySelectorAll('*')].indexOf(el);
      })
      .catch(() => 'gone');
  // Back on the page: a focus after the window's blur into the frame. A focus event still on its
  // way from the Tab onto the mention (a busy machine delivers it late) is not the walk's end.
  const back = () =>
    page.evaluate(() => {
      const log = (window as unknown as { __log: unknown[][] }).__log;
      const blur = log.findIndex((e) => e[0] === 'blur');
      return blur >= 0 && log.slice(blur).some((e) => e[0] === 'focus');
    });
  let presses = 0;
  let at = await inFrame();
  for (; presses < 40; ) {
    await press(page, 'Tab', { leavesFrame: true });
    presses++;
    const deadline = Date.now() + 5000;
    let moved = false;
    while (!moved && Date.now() < deadline) {
      if (await back()) break;
      const now = await inFrame();
      moved = now !== at;
      at = now;
      if (!moved) await page.waitForTimeout(30);
    }
    if (await back()) break;
  }
  const log = await page.evaluate(() => JSON.stringify((window as unknown as { __log: unknown[] }).__log));
  return { presses, links, notes, log };
}

test('Tab takes the same number of presses through the tooltip, flag set or not (F2)', async () => {
  // Each count is taken until two walks agree (three at most). On a loaded machine a walk now and
  // then ends two stops early (seen once in a fresh-clone run; not reproduced in dozens of runs
  // since), while a difference the flag makes shows in every walk and still fails the test.
  const runs = [];
  for (const flags of [[], [FLAG]]) {
    const walks: Awaited<ReturnType<typeof tabsThroughTooltip>>[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const page = await openColds(flags);
      walks.push(await tabsThroughTooltip(page));
      await page.close();
      const agreed = walks.find((w, i) => walks.some((v, j) => j !== i && v.presses === w.presses));
      if (agreed) {
        walks.splice(0, walks.length, agreed);
        break;
      }
    }
    runs.push(walks[walks.length - 1]!);
  }
  const [unset, set] = runs;
  assert.notDeepEqual(unset!.notes, set!.notes, 'the flag changes the notes the reader sees');
  assert.notEqual(
    unset!.links,
    set!.links,
    'and the number of links in them (else this test proves nothing)',
  );
  assert.ok(unset!.presses < 40, 'focus came back to the page');
  assert.equal(
    set!.presses,
    unset!.presses,
    `the page counts the same number of stops (page events: ${set!.log} / ${unset!.log})`,
  );
});

test('mark.focus() from page script opens no tooltip (F4)', async () => {
  const page = await openColds([]);
  const s = await summary(b, page);
  assert.ok(s.mentions.length >= 2);
  await page.evaluate(() => {
    // Page script, with no input from the reader.
    (document.querySelector('[data-supplens-id="zinc"][tabindex]') as HTMLElement).focus();
  });
  await page.waitForTimeout(1200);
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('data-supplens-id')),
    'zinc',
    'the mention has the focus',
  );
  assert.equal(tooltipFrame(page), undefined, 'and no tooltip opened');
  // The reader's own Tab onto a mention still opens it.
  await press(page, 'Shift+Tab');
  await press(page, 'Tab');
  await waitForTooltip(page, 2000);
  await page.close();
});

/** Saves a verdict through zinc's tooltip in reviewer mode; returns the four exports of the page. */
async function reviewAndExport(
  flags: string[],
): Promise<{ notes: string[]; exports: Record<string, string> }> {
  const ext = await b.context.newPage();
  await ext.goto(extensionUrl(b, 'review.html'));
  const listed = await sendFromPage<{ items: { id: string }[] }>(ext, { type: 'review-list', limit: 500 });
  if (listed.items.length)
    await sendFromPage(ext, { type: 'review-delete', ids: listed.items.map((r) => r.id) });
  const page = await openColds(flags, true);
  const frame = await hoverIntoTooltip(page);
  const notes = await noteIds(frame);
  await frame.getByLabel('Accurate').check();
  await frame.getByRole('button', { name: 'Save verdict' }).click();
  await frame.getByText('Verdict saved.').waitFor({ timeout: 5000 });
  const exports: Record<string, string> = {};
  for (const format of ['json', 'csv', 'w3c', 'md']) {
    const reply = await sendFromPage<{ text: string }>(ext, {
      type: 'review-export',
      format,
      filter: { pageUrl: page.url() },
    });
    exports[format] = reply.text
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
      // The W3C collection id is a hash of the export time and the review ids.
      .replace(/urn:supplens:collection:[0-9a-f]+/g, 'urn:supplens:collection:<hash>');
  }
  await page.close();
  await ext.close();
  return { notes, exports };
}

test('a review saved with the flag set exports byte for byte as one saved without it (F1)', async () => {
  const unset = await reviewAndExport([]);
  const set = await reviewAndExport([FLAG]);
  assert.notDeepEqual(unset.notes, set.notes, 'the flag changes the notes the reviewer sees');
  for (const format of Object.keys(unset.exports)) {
    assert.ok(unset.exports[format]!.length > 0, `${format} export is not empty`);
    assert.equal(set.exports[format], unset.exports[format], `${format} export is the same`);
    assert.ok(!set.exports[format]!.includes('rheumatoid'), `${format} export names no flagged condition`);
  }
});

test("a page cannot fetch or frame the tooltip's page to learn SuppLens is installed (F6)", async () => {
  const page = await openColds([]);
  const url = extensionUrl(b, 'tooltip.html');
  const fetched = await page.evaluate(async (u) => {
    try {
      const res = await fetch(u);
      return `status ${res.status}`;
    } catch (e) {
      return `refused: ${(e as Error).name}`;
    }
  }, url);
  assert.equal(fetched, 'refused: TypeError', 'the fetch fails');
  await page.evaluate((u) => {
    const f = document.createElement('iframe');
    f.src = `${u}#0123456789abcdef0123456789abcdef`;
    document.body.prepend(f);
  }, url);
  await page.waitForTimeout(1500);
  const loaded = [];
  for (const f of page.frames()) {
    if (f === page.mainFrame()) continue;
    loaded.push(
      await bounded(
        'a frame of the page',
        f.evaluate(() => document.querySelector('#app') !== null),
        2000,
      ).catch(() => false),
    );
  }
  assert.ok(!loaded.includes(true), "the page's own frame does not load the tooltip page");
  // Our own tooltip still opens.
  const c = await zincCentre(page);
  await page.mouse.move(c.x, c.y);
  const frame = await waitForTooltip(page);
  assert.ok((await frame.locator('[data-note-id]').count()) > 0);
  await page.close();
});

test('a deleted review is swept from the trash on a timer, with no second deletion (F7)', async () => {
  const ext = await b.context.newPage();
  await ext.goto(extensionUrl(b, 'review.html'));
  const saved = await sendFromPage<{ review: { id: string } }>(ext, {
    type: 'review-save',
    review: {
      pageUrl: `${server.origin}/colds.html`,
      pageTitle: 'Zinc lozenges for colds',
      conceptId: 'zinc',
      quote: { type: 'TextQuoteSelector', exact: 'Zinc', prefix: '', suffix: ' lozenges' },
      position: { type: 'TextPositionSelector', start: 0, end: 4 },
      verdict: 'accurate',
      shownNoteIds: [],
      kbVersion: 'e2e',
    },
  });
  await sendFromPage(ext, { type: 'review-delete', ids: [saved.review.id] });
  await ext.close();
  // Read the trash straight from the worker's IndexedDB: no SuppLens message, so nothing but the
  // timer can sweep it.
  const inTrash = () =>
    bounded(
      'the trash',
      b.worker.evaluate(
        (id) =>
          new Promise<boolean>((ok, fail) => {
            const open = indexedDB.open('supplens');
            open.onerror = () => fail(open.error);
            open.onsuccess = () => {
              const db = open.result;
              const get = db.transaction('reviewTrash').objectStore('reviewTrash').get(id);
              get.onsuccess = () => {
                db.close();
                ok(get.result !== undefined);
              };
              get.onerror = () => fail(get.error);
            };
          }),
        saved.review.id,
      ),
    );
  assert.equal(await inTrash(), true, 'restorable at first');
  let gone = false;
  for (let i = 0; i < 60 && !gone; i++) {
    await new Promise((ok) => setTimeout(ok, 1000));
    gone = !(await inTrash());
  }
  assert.ok(gone, 'swept within a minute of the deletion');
});

/** Marks on the page once marking has stopped (as the page counts them). */
async function marksWhenStill(page: Page): Promise<number> {
  let last = -1;
  let still = 0;
  for (let i = 0; i < 120 && still < 3; i++) {
    await page.waitForTimeout(500);
    const n = await page.evaluate(() => document.querySelectorAll('[data-supplens-id][tabindex]').length);
    still = n === last ? still + 1 : 0;
    last = n;
  }
  return last;
}

async function reviewsPage(): Promise<Page> {
  const ext = await b.context.newPage();
  await ext.goto(extensionUrl(b, 'review.html'));
  const listed = await sendFromPage<{ items: { id: string }[] }>(ext, { type: 'review-list', limit: 500 });
  if (listed.items.length)
    await sendFromPage(ext, { type: 'review-delete', ids: listed.items.map((r) => r.id) });
  return ext;
}

/** A review of `url` whose quote is not on the page (an orphan there). */
function orphanReview(url: string) {
  return {
    pageUrl: url,
    pageTitle: 'An article that changed',
    conceptId: 'zinc',
    quote: {
      type: 'TextQuoteSelector',
      exact: 'zinc oxide paste',
      prefix: 'a tube of ',
      suffix: ' for nappy rash',
    },
    position: { type: 'TextPositionSelector', start: 900_000, end: 900_016 },
    verdict: 'accurate',
    shownNoteIds: [],
    kbVersion: 'e2e',
  };
}

test('reviewer mode costs the page what reader mode does: same marks, same work with or without saved reviews (F5)', async () => {
  const url = `${server.origin}/long.html`;
  const run = async (reviewerMode: boolean) => {
    await writeSettings(b, { reviewerMode });
    const page = await b.context.newPage();
    await page.goto(url);
    await waitForAnnotations(page, 5, 30_000);
    await settle(b, page);
    const marks = await marksWhenStill(page);
    const s = await summary(b, page);
    await page.close();
    return { marks, found: s.mentions.length, sent: s.stats.reviewTextChars };
  };
  const ext = await reviewsPage();
  const reader = await run(false);
  const reviewer = await run(true);
  const saved = await sendFromPage<{ review: { id: string } }>(ext, {
    type: 'review-save',
    review: orphanReview(url),
  });
  const withReview = await run(true);
  const stored = await sendFromPage<{ review: { anchorStatus?: { status: string } } }>(ext, {
    type: 'review-get',
    id: saved.review.id,
  });
  await ext.close();
  assert.ok(reader.found > reader.marks, 'the page has more mentions than are marked at first');
  assert.equal(reviewer.marks, reader.marks, 'reviewer mode marks what reader mode marks');
  assert.equal(withReview.marks, reviewer.marks, 'a saved review changes no mark');
  assert.equal(reader.sent, 0, 'reader mode sends no page text for reviews');
  assert.ok(reviewer.sent > 0, 'reviewer mode sends the page text to be anchored off the page');
  assert.equal(withReview.sent, reviewer.sent, 'the same, whether or not the page has reviews');
  assert.equal(stored.review.anchorStatus?.status, 'orphan', 'and the background did check the review');
});

test("a page's history.pushState does not record whether reviews of its other pages are found (F10)", async () => {
  const ext = await reviewsPage();
  const other = `${server.origin}/other.html`;
  const saved = await sendFromPage<{ review: { id: string } }>(ext, {
    type: 'review-save',
    review: orphanReview(other),
  });
  await writeSettings(b, { reviewerMode: true });
  const page = await b.context.newPage();
  await page.goto(`${server.origin}/colds.html`);
  await waitForAnnotations(page, 2);
  await settle(b, page);
  const before = (await summary(b, page)).stats.reviewTextChars;
  await page.evaluate(() => history.pushState({}, '', '/other.html'));
  let s = await summary(b, page);
  for (let i = 0; i < 40 && s.stats.reviewTextChars === before; i++) {
    await page.waitForTimeout(250);
    s = await summary(b, page);
  }
  assert.ok(s.stats.navigations >= 1, 'the content script saw the navigation');
  assert.ok(s.stats.reviewTextChars > before, 'and checked the reviews of the new URL');
  await page.waitForTimeout(500);
  const afterPush = await sendFromPage<{ review: { anchorStatus?: unknown } }>(ext, {
    type: 'review-get',
    id: saved.review.id,
  });
  assert.equal(afterPush.review.anchorStatus, undefined, 'nothing recorded for the pushed URL');
  // Loading that page for real does record it.
  await page.goto(other);
  await waitForAnnotations(page, 2);
  await settle(b, page);
  let status: unknown;
  for (let i = 0; i < 20 && !status; i++) {
    await page.waitForTimeout(200);
    status = (
      await sendFromPage<{ review: { anchorStatus?: { status: string } } }>(ext, {
        type: 'review-get',
        id: saved.review.id,
      })
    ).review.anchorStatus?.status;
  }
  assert.equal(status, 'orphan');
  await page.close();
  await ext.close();
});

test('no network request from extension code', () => {
  assert.deepEqual(b.extensionRequests, []);
});

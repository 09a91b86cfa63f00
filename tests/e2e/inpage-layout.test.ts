// Highlights must never change what a page says or where things are. On the demo article and
// three long fixture pages: the page is loaded with SuppLens in "only on request" mode, measured,
// then scanned on request; the visible text (innerText) must be identical, no element box of the
// page may move by more than 1 px, every mention found must be highlighted, skipped regions
// (code, form fields, contenteditable, aria-hidden, hidden) must stay untouched, and our work must
// be cut into slices of at most SLICE_MAX_UNITS units (how long a slice takes is a row of
// npm run bench, not asserted: a busy machine stretches any time).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { SLICE_MAX_UNITS } from '../../entrypoints/content/slicer';
import {
  DEMO_DIR,
  type ExtensionBrowser,
  FIXTURE_PAGES,
  launchWithExtension,
  type StaticServer,
  servePages,
} from '../support/harness';
import {
  pageLayout,
  type Summary,
  scrollThrough,
  sendToPage,
  summary,
  writeSettings,
} from '../support/inpage';

let b: ExtensionBrowser;
let server: StaticServer;

/** Two tab panels of one fixed height, hidden by a class: switching leaves the body's size as it was. */
const TABS = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sleep aids compared</title>
<style>.panel{height:120px;overflow:hidden}.off{display:none}</style></head>
<body><main><h1>Sleep aids compared</h1>
<div role="tablist"><button id="tab-1" role="tab">Melatonin</button><button id="tab-2" role="tab">Valerian</button></div>
<div class="panel" id="panel-1" role="tabpanel"><p>Melatonin may help jet lag, and most trials used small doses.</p></div>
<div class="panel off" id="panel-2" role="tabpanel"><p id="second">Valerian root has been studied for sleep with mixed results.</p></div>
</main>
<script>for (const k of [1, 2]) document.getElementById('tab-' + k).addEventListener('click', () => {
  for (const j of [1, 2]) document.getElementById('panel-' + j).classList.toggle('off', j !== k); });</script>
</body></html>`;

/** A story whose second half the page's own script reveals: no <details>, no scroll, no resize. */
const READ_MORE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Zinc and colds</title>
<style>.more{display:none}.open .more{display:block}</style></head>
<body><main><article id="story"><h1>Zinc lozenges and the common cold</h1>
<p>Some trials found that zinc lozenges taken early may shorten a cold by a day or so.</p>
<button id="read-more" type="button">Read more</button>
<div class="more"><p id="revealed">Doctors also warn that high doses of zinc over months can lower copper levels.</p></div>
<p>Ask a pharmacist before combining lozenges with other medicines.</p>
</article></main>
<script>document.getElementById('read-more').addEventListener('click', () => document.getElementById('story').classList.add('open'));</script>
</body></html>`;

before(async () => {
  b = await launchWithExtension();
  server = await servePages({ 'read-more.html': READ_MORE, 'tabs.html': TABS }, [DEMO_DIR, FIXTURE_PAGES]);
  await writeSettings(b, { mode: 'on-request' });
});

after(async () => {
  await b?.close();
  await server?.close();
});

const PAGES: { file: string; min: number; ids: string[] }[] = [
  { file: 'article.html', min: 25, ids: ['zinc', 'rheumatoid-arthritis', 'turmeric'] },
  {
    file: 'long-interactions.html',
    min: 80,
    ids: ['warfarin', 'st-johns-wort', 'ginkgo', 'fish-oil', 'levothyroxine', 'rheumatoid-arthritis'],
  },
  { file: 'long-bones-dark.html', min: 40, ids: ['vitamin-d', 'calcium', 'osteoporosis', 'bisphosphonates'] },
  { file: 'long-sleep.html', min: 60, ids: ['melatonin', 'valerian', 'magnesium', 'kava', 'insomnia'] },
];

for (const { file, min, ids } of PAGES) {
  test(`${file}: text and layout unchanged, every mention highlighted`, async () => {
    const page = await b.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.origin}/${file}`);
    await page.waitForTimeout(300);
    assert.equal((await summary(b, page)).state, 'on-request');
    assert.equal(await page.locator('[data-supplens-id]').count(), 0);
    const before = await pageLayout(page);
    let s: Summary | undefined;
    let inView = 0;
    // Marks are made near the viewport: the reader scrolls through, so the marking done while
    // scrolling is held to the same slice limit.
    const first = await sendToPage<Summary>(b, page, { type: 'scan-now' });
    inView = first.stats.mentionsMarked;
    assert.ok(inView > 0, 'mentions in view are marked when the scan reports done');
    s = await scrollThrough(page, () => summary(b, page));
    assert.ok(s);
    assert.equal(s.state, 'annotated');
    const marks = await page.locator('[data-supplens-id]').count();
    assert.ok(s.mentions.length >= min, `${file}: ${s.mentions.length} mentions, expected at least ${min}`);
    for (const id of ids)
      assert.ok(
        s.mentions.some((m) => m.id === id),
        `${file}: ${id} highlighted`,
      );
    // The work was cut up whatever the machine's speed: no slice ran more than SLICE_MAX_UNITS
    // units (a unit reads at most NODES_PER_UNIT nodes, feeds at most 16,000 characters or marks
    // one block), and the page got the main thread back between slices. The time a slice took
    // (under 16 ms on an idle machine) is a row of npm run bench.
    assert.ok(s.stats.units > 0 && s.stats.slices > 1, `${s.stats.units} units in ${s.stats.slices} slices`);
    assert.ok(
      s.stats.maxSliceUnits <= SLICE_MAX_UNITS,
      `${file}: a slice ran ${s.stats.maxSliceUnits} units`,
    );
    assert.ok(
      s.stats.slices >= Math.ceil(s.stats.units / SLICE_MAX_UNITS),
      `${file}: ${s.stats.slices} slices for ${s.stats.units} units`,
    );

    const afterScan = await pageLayout(page);
    assert.equal(afterScan.text, before.text, 'innerText identical');
    assert.deepEqual(afterScan.scroll, before.scroll, 'document size identical');
    assert.equal(afterScan.boxes.length, before.boxes.length);
    let worst = 0;
    let where = '';
    before.boxes.forEach((a, i) => {
      const z = afterScan.boxes[i]!;
      const d = Math.max(Math.abs(a.x - z.x), Math.abs(a.y - z.y), Math.abs(a.w - z.w), Math.abs(a.h - z.h));
      if (d > worst) {
        worst = d;
        where = `${i}:${a.tag}`;
      }
    });
    assert.ok(worst <= 1, `${file}: a box moved by ${worst.toFixed(2)} px (${where})`);
    // Text the page keeps hidden (a closed <details>) is marked when the reader opens it.
    const opened = await page.evaluate(() => {
      const closed = [...document.querySelectorAll('details:not([open])')];
      for (const d of closed) d.setAttribute('open', '');
      return closed.length;
    });
    if (opened > 0) s = await scrollThrough(page, () => summary(b, page));
    assert.equal(s.stats.mentionsMarked, s.stats.mentionsFound, 'every mention found is highlighted');
    console.log(
      `# ${file}: ${s.mentions.length} mentions, ${inView} marked in view at first, ${marks} marks after scrolling through; ${s.stats.slices} slices, ${s.stats.units} units, at most ${s.stats.maxSliceUnits} in one slice; max box shift ${worst.toFixed(2)} px`,
    );
    await page.close();
  });
}

/** Opens a page (settings here: scan on request) and scans it. */
async function openScanned(file: string, viewport: { width: number; height: number }) {
  const page = await b.context.newPage();
  await page.setViewportSize(viewport);
  await page.goto(`${server.origin}/${file}`);
  await page.waitForTimeout(200);
  return { page, first: await sendToPage<Summary>(b, page, { type: 'scan-now' }) };
}

/** Whether something matching `selector` is in the page within 3 s. */
function markedSoon(page: Page, selector: string): Promise<boolean> {
  return page
    .waitForFunction((sel) => document.querySelector(sel) !== null, selector, { timeout: 3000 })
    .then(() => true)
    .catch(() => false);
}

test('the rest of a long article is marked in idle time, without scrolling', async () => {
  const { page, first } = await openScanned('long-interactions.html', { width: 1280, height: 700 });
  assert.ok(
    first.stats.mentionsMarked - first.stats.idleMarked < first.stats.mentionsFound,
    'not everything is near the first screen',
  );
  let s = first;
  for (let i = 0; i < 50 && s.stats.mentionsMarked < s.stats.mentionsFound; i++) {
    await page.waitForTimeout(100);
    s = await summary(b, page);
  }
  assert.equal(s.stats.mentionsMarked, s.stats.mentionsFound, 'every mention marked');
  assert.ok(s.stats.idleMarked > 0, 'some of them in idle time');
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'no scrolling happened');
  await page.close();
});

test('text the page reveals with its own script ("Read more") is marked without scrolling', async () => {
  const { page, first } = await openScanned('read-more.html', { width: 1000, height: 700 });
  assert.ok(first.mentions.some((m) => m.id === 'zinc'));
  assert.equal(
    await page.locator('#revealed [data-supplens-id]').count(),
    0,
    'hidden text is not marked yet',
  );
  await page.locator('#read-more').click();
  const marked = await markedSoon(page, '#revealed [data-supplens-id="zinc"]');
  assert.ok(marked, 'the revealed zinc mention is highlighted');
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'no scrolling happened');
  const s = await summary(b, page);
  assert.equal(s.stats.mentionsMarked, s.stats.mentionsFound, 'every mention found is highlighted');
  await page.close();
});

test('a tab panel the reader opens is marked, though the page keeps its size', async () => {
  const { page, first } = await openScanned('tabs.html', { width: 1000, height: 700 });
  assert.ok(
    first.mentions.some((m) => m.id === 'valerian'),
    'text hidden by a class is read',
  );
  assert.equal(await page.locator('#second [data-supplens-id]').count(), 0, 'but not marked while hidden');
  const height = await page.evaluate(() => document.body.getBoundingClientRect().height);
  await page.locator('#tab-2').click();
  const marked = await markedSoon(page, '#second [data-supplens-id="valerian"]');
  assert.ok(marked, 'the valerian mention in the opened panel is highlighted');
  assert.equal(await page.evaluate(() => document.body.getBoundingClientRect().height), height, 'same size');
  await page.close();
});

test('skipped regions stay untouched; a mention split across elements is one focusable mention', async () => {
  const page = await b.context.newPage();
  await page.goto(`${server.origin}/long-interactions.html`);
  await page.waitForTimeout(200);
  await sendToPage(b, page, { type: 'scan-now' });
  await scrollThrough(page, () => summary(b, page));
  const inSkipped = await page.evaluate(() =>
    [...document.querySelectorAll('[data-supplens-id]')]
      .filter((el) =>
        el.closest('pre, code, textarea, label, [contenteditable], [aria-hidden="true"], [hidden], noscript'),
      )
      .map((el) => el.textContent),
  );
  assert.deepEqual(inSkipped, []);
  const split = await page.evaluate(() => {
    const aside = document.querySelector('aside')!;
    return [...aside.querySelectorAll('[data-supplens-id="rheumatoid-arthritis"]')].map((el) => ({
      text: el.textContent,
      focusable: el.hasAttribute('tabindex'),
      role: el.getAttribute('role'),
    }));
  });
  assert.deepEqual(split, [
    { text: 'rheumatoid ', focusable: true, role: 'button' },
    { text: 'arthritis', focusable: false, role: null },
  ]);
  const s = await summary(b, page);
  assert.ok(s.mentions.some((m) => m.text === 'rheumatoid arthritis' && m.id === 'rheumatoid-arthritis'));
  // Inside a link, a mention is highlighted but the link stays the only focus stop.
  const inLinks = await page.evaluate(() =>
    [...document.querySelectorAll('a [data-supplens-id]')].map(
      (el) => `${el.textContent}:${el.hasAttribute('tabindex')}`,
    ),
  );
  assert.ok(inLinks.includes('magnesium:false'), inLinks.join(', '));
  // A dose above the upper limit stated on the page reaches the summary (and the tooltip).
  const dark = await b.context.newPage();
  await dark.goto(`${server.origin}/long-bones-dark.html`);
  await dark.waitForTimeout(200);
  const ds = await sendToPage<Summary>(b, dark, { type: 'scan-now' });
  assert.ok(
    ds.doses.some((d) => d.conceptId === 'vitamin-d' && d.aboveLimit),
    JSON.stringify(ds.doses),
  );
  await page.close();
  await dark.close();
});

test('no network request from extension code', () => {
  assert.deepEqual(b.extensionRequests, []);
});

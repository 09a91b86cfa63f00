// The concept hierarchy and what is highlighted, in real Chromium with the built extension and its
// real knowledge base in IndexedDB (issue 12): flag search finds concepts by any of their names; a
// reader flagged "liver disease" sees "Matches your flag" on the notes of a cirrhosis mention,
// which are labelled as about liver disease in general; "children" on the demo article is not
// highlighted; a site menu that lists conditions gets no highlights while the article does.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  DEMO_DIR,
  type ExtensionBrowser,
  launchWithExtension,
  openExtensionPage,
  type PageServer,
  servePages,
  waitForAnnotations,
} from '../support/harness';
import { settle, waitForTooltip, writeSettings } from '../support/inpage';

let b: ExtensionBrowser;
let server: PageServer;

const LIVER_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Herbal supplements and cirrhosis</title></head>
<body><main><article>
<h1>Herbal supplements and cirrhosis: what patients should know</h1>
<p>People living with cirrhosis often ask about milk thistle, turmeric and green tea extract. Doctors who treat
cirrhosis say that several herbal supplements have been linked to liver injury in case reports, and that kava and
green tea extract are among them.</p>
<p>Anyone with cirrhosis who wants to try a supplement should ask the clinician who manages their liver care first.</p>
</article></main></body></html>`;

const NAV_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rheumatology news</title></head>
<body>
<header><nav class="site-nav" aria-label="Conditions"><ul>
<li><a href="#ra">Rheumatoid arthritis</a></li><li><a href="#oa">Osteoarthritis</a></li>
<li><a href="#gout">Lupus</a></li><li><a href="#op">Osteoporosis</a></li></ul></nav></header>
<main><article>
<h1>Fish oil and rheumatoid arthritis</h1>
<p>In a trial of people with rheumatoid arthritis, fish oil eased morning stiffness a little. People with
osteoarthritis or osteoporosis were not studied, and the authors say the results do not apply to lupus.</p>
<p>Vitamin D was measured too: many participants with rheumatoid arthritis had low levels.</p>
</article></main>
<footer><p>More on osteoporosis and lupus</p></footer>
</body></html>`;

before(async () => {
  b = await launchWithExtension();
  server = await servePages({ 'liver.html': LIVER_PAGE, 'nav.html': NAV_PAGE }, [DEMO_DIR]);
});

after(async () => {
  await b?.close();
  await server?.close();
});

async function openOptions(): Promise<Page> {
  const page = await openExtensionPage(b, 'options.html');
  await page.getByRole('heading', { name: 'Personal flags' }).waitFor();
  return page;
}

test('flag search finds Hashimoto’s, celiac, ADHD, HIV, gestational diabetes and Coumadin', async () => {
  const page = await openOptions();
  try {
    const search = page.getByLabel('Find a condition, life stage or medication');
    const results = page.getByRole('list', { name: 'Search results' });
    const missing: string[] = [];
    for (const [query, expected] of [
      ["Hashimoto's", /hashimoto/i],
      ['celiac', /c(?:o)?eliac/i],
      ['ADHD', /attention|adhd/i],
      ['HIV', /hiv/i],
      ['gestational diabetes', /gestational diabetes/i],
      ['Coumadin', /coumadin|warfarin/i],
    ] as const) {
      await search.fill(query);
      await page.waitForTimeout(50);
      const first = results.locator('li').first();
      const label = (await first.count()) > 0 ? ((await first.textContent()) ?? '') : '';
      if (!expected.test(label)) missing.push(`${query} → "${label}"`);
    }
    assert.deepEqual(missing, [], 'every query finds its concept first');
  } finally {
    await page.close();
  }
});

test('a reader flagged "liver disease" sees "Matches your flag" on a cirrhosis mention’s notes, about liver disease in general', async () => {
  await writeSettings(b, { flags: ['liver-disease'] });
  const page = await b.context.newPage();
  try {
    await page.goto(`${server.origin}/liver.html`);
    await waitForAnnotations(page, 3);
    await settle(b, page);
    const mark = page.locator('[data-supplens-id="cirrhosis"][tabindex]').first();
    assert.equal(await mark.count(), 1, 'cirrhosis is a concept of its own and is highlighted');
    // Nothing in the page says anything about the reader's flag.
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    assert.ok(
      !/flag/i.test(html.replace(/<script[\s\S]*?<\/script>/g, '')),
      'no flag-dependent markup in the page',
    );
    // Hover (a tooltip opens on the reader's own input, not on a script's focus()).
    const box = await mark.evaluate((el) => {
      const r = el.getClientRects()[0]!;
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    });
    await page.mouse.move(1, 1);
    await page.mouse.move(box.x, box.y, { steps: 3 });
    const frame = await waitForTooltip(page);
    await frame.locator('.sl-note').first().waitFor();
    const notes = frame.locator('.sl-note');
    assert.ok((await notes.count()) > 0, 'the tooltip shows notes');
    assert.equal(
      await frame.locator('.sl-note .sl-badge--flag').count(),
      await notes.count(),
      'every note shown matches the liver-disease flag',
    );
    const inherited = frame.locator('.sl-note__inherited');
    assert.ok((await inherited.count()) > 0, 'inherited notes are labelled');
    assert.equal((await inherited.first().textContent())?.trim(), 'About Liver disease in general');
    assert.match((await frame.locator('.sl-tt__parents').textContent()) ?? '', /Liver disease/);
  } finally {
    await page.close();
    await writeSettings(b, {});
  }
});

test('"children" on the demo article is not highlighted, though zinc and RA are', async () => {
  await writeSettings(b, {});
  const page = await b.context.newPage();
  try {
    await page.goto(`${server.origin}/article.html`);
    await waitForAnnotations(page, 5);
    await settle(b, page);
    assert.ok(
      ((await page.textContent('article')) ?? '').includes('children'),
      'the article mentions children',
    );
    assert.equal(await page.locator('[data-supplens-id="children"]').count(), 0);
    assert.ok((await page.locator('[data-supplens-id="zinc"]').count()) >= 10);
    assert.ok((await page.locator('[data-supplens-id="rheumatoid-arthritis"]').count()) >= 3);
  } finally {
    await page.close();
  }
});

test('a site menu listing conditions gets no highlights while the same words in the article do', async () => {
  await writeSettings(b, {});
  const page = await b.context.newPage();
  try {
    await page.goto(`${server.origin}/nav.html`);
    await waitForAnnotations(page, 3);
    await settle(b, page);
    assert.equal(await page.locator('nav [data-supplens-id], footer [data-supplens-id]').count(), 0);
    const inArticle = await page.evaluate(() =>
      [...document.querySelectorAll('article [data-supplens-id][tabindex]')].map((e) =>
        e.getAttribute('data-supplens-id'),
      ),
    );
    for (const id of ['rheumatoid-arthritis', 'osteoarthritis', 'osteoporosis', 'lupus', 'fish-oil'])
      assert.ok(inArticle.includes(id), `${id} is highlighted in the article (${inArticle.join(', ')})`);
  } finally {
    await page.close();
  }
});

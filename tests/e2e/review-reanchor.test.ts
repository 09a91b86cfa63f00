// Acceptance 1 of issue 7, end to end in Chromium: with reviewer mode on, record verdicts on four
// mentions from the tooltip; reload (two unchanged → re-anchored by position); change one word
// near the third quote (→ re-anchored by quote and context); delete the paragraph of the fourth
// (→ listed as an orphan, not dropped).
// The first test plays the content script's part of docs/reviewer-integration.md from the test
// (real page text from platform/dom/text-index.ts in Chromium, anchoring, messages to the background,
// review page). The second drives the real content script and tooltip; it skips itself until
// they implement that contract.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import ts from 'typescript';
import { anchorAll, describe } from '../../lib/anchoring';
import {
  EXTENSION_DIR,
  type ExtensionBrowser,
  launchWithExtension,
  openExtensionPage,
  type PageServer,
  ROOT,
  sendFromPage,
  servePages,
  waitForAnnotations,
} from '../support/harness';
import { press, sendToPage, writeSettings } from '../support/inpage';

const PARAGRAPHS = [
  '<p id="p1">Zinc lozenges are sold for colds, and some readers take them every winter without asking anyone.</p>',
  '<p id="p2">High doses of vitamin D can raise blood calcium; the upper limit for adults is 100 micrograms a day.</p>',
  '<p id="p3">People who take blood thinners should ask a pharmacist before starting fish oil capsules at home.</p>',
  '<p id="p4">Magnesium is marketed for sleep, yet the trials behind that promise were small and short.</p>',
];

function article(paragraphs: string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Supplements this winter: what the evidence says</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Supplements this winter"}</script>
</head><body><main><article><h1>Supplements this winter: what the evidence says</h1>
${paragraphs.join('\n')}
</article></main></body></html>`;
}

/** Skips until the tooltip mounts the VerdictForm (its marker attribute is in the build). */
function wired(): string | false {
  try {
    const files = [
      ...readdirSync(join(EXTENSION_DIR, 'chunks')).map((f) => join(EXTENSION_DIR, 'chunks', f)),
      ...readdirSync(EXTENSION_DIR)
        .filter((f) => f.endsWith('.js'))
        .map((f) => join(EXTENSION_DIR, f)),
    ];
    const bundled = files.some(
      (f) => f.endsWith('.js') && readFileSync(f, 'utf8').includes('data-supplens-verdict-form'),
    );
    return bundled ? false : 'the tooltip does not mount the VerdictForm yet (docs/reviewer-integration.md)';
  } catch (e) {
    return `extension not built or unreadable: ${e}`;
  }
}

const skip = wired();

/** platform/dom/text-index.ts as a page script (it has no imports), exposed as window.__slDom. */
const DOM_SCRIPT = `${ts
  .transpileModule(readFileSync(join(ROOT, 'platform', 'dom', 'text-index.ts'), 'utf8'), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  })
  .outputText.replace(/^export /gm, '')}
window.__slDom = { buildTextIndex, rangeFromOffsets };`;

type DomApi = {
  __slDom: {
    buildTextIndex: (root: Node) => { text: string };
    rangeFromOffsets: (index: unknown, start: number, end: number) => Range | null;
  };
};

async function pageText(page: Page): Promise<string> {
  await page.addScriptTag({ content: DOM_SCRIPT });
  return page.evaluate(() => (window as unknown as DomApi).__slDom.buildTextIndex(document.body).text);
}
let b: ExtensionBrowser;
let server: PageServer;

before(async () => {
  server = await servePages({ 'article.html': article(PARAGRAPHS), 'simulated.html': article(PARAGRAPHS) });
  b = await launchWithExtension();
  if (!skip) await writeSettings(b, { reviewerMode: true });
});

after(async () => {
  await b?.close();
  await server?.close();
});

async function verdictFrame(page: Page, timeout = 10_000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (!frame.url().includes('/tooltip.html')) continue;
      if (
        (await frame
          .locator('[data-supplens-verdict-form]')
          .count()
          .catch(() => 0)) > 0
      )
        return frame;
    }
    await page.waitForTimeout(100);
  }
  throw new Error('the tooltip did not show the verdict form');
}

interface StoredReview {
  id: string;
  conceptId: string;
  verdict?: string;
  comment?: string;
  quote: { exact: string };
  anchorStatus?: { status: string; method?: string; checkedAt: string };
}

const VERDICTS = ['Accurate', 'Misleading article claim', 'Needs context', 'Wrong detection'];
const VERDICT_CODES = ['accurate', 'misleading-claim', 'needs-context', 'wrong-detection'];
const EDIT_NEAR_THIRD: [string, string] = ['ask a pharmacist before', 'ask their pharmacist before'];

test('contract walk-through: saved selectors re-anchor by position, by quote, or become orphans', async () => {
  const url = `${server.origin}/simulated.html`;
  const page = await b.context.newPage();
  await page.goto(url);
  const text = await pageText(page);
  const ext = await openExtensionPage(b, 'review.html');

  // What the tooltip's VerdictForm saves: the anchor the content script described.
  const mentions: [string, string, string][] = [
    ['p1', 'Zinc', 'zinc'],
    ['p2', 'vitamin D', 'vitamin-d'],
    ['p3', 'fish oil', 'fish-oil'],
    ['p4', 'Magnesium', 'magnesium'],
  ];
  const ids: string[] = [];
  for (const [k, [, quote, conceptId]] of mentions.entries()) {
    const start = text.indexOf(quote);
    assert.ok(start >= 0, quote);
    const { quote: q, position } = describe(text, start, start + quote.length);
    const reply = await sendFromPage<{ review: { id: string } }>(ext, {
      type: 'review-save',
      review: {
        pageUrl: url,
        pageTitle: await page.title(),
        conceptId,
        quote: q,
        position,
        verdict: VERDICT_CODES[k],
        comment: `simulated comment ${k + 1}`,
        shownNoteIds: [],
        kbVersion: 'e2e',
      },
    });
    ids.push(reply.review.id);
  }

  writeFileSync(
    join(server.dir, 'simulated.html'),
    article([PARAGRAPHS[0]!, PARAGRAPHS[1]!, PARAGRAPHS[2]!.replace(...EDIT_NEAR_THIRD)]),
  );
  await page.reload();
  const text2 = await pageText(page);
  // The content script receives selectors only; here the extension page's full reviews stand in.
  const { reviews } = await sendFromPage<{ reviews: { id: string; quote: never; position: never }[] }>(ext, {
    type: 'reviews-for-page',
    pageUrl: url,
  });
  const results = anchorAll(text2, reviews);
  for (const { item, result } of results) {
    if (!result) continue;
    const inDom = await page.evaluate(
      ([s, e]) => {
        const api = (window as unknown as DomApi).__slDom;
        return api.rangeFromOffsets(api.buildTextIndex(document.body), s!, e!)?.toString();
      },
      [result.start, result.end],
    );
    assert.equal(
      inDom,
      (item.quote as { exact: string }).exact,
      'the anchored range covers the quote in the DOM',
    );
  }
  const byId = new Map(results.map(({ item, result }) => [item.id, result]));
  assert.deepEqual(
    ids.map((id) => byId.get(id)?.method ?? 'orphan'),
    ['position', 'position', 'quote', 'orphan'],
  );
  const update = await sendFromPage<{ updated: number }>(ext, {
    type: 'review-anchor-status',
    pageUrl: url,
    results: results.map(({ item, result }) => ({ id: item.id, method: result?.method ?? null })),
  });
  // Written once a day at most per review and status: the content script (reviewer mode) may
  // have recorded the same results on this load already.
  assert.ok(update.updated >= 0);
  const stored = await sendFromPage<{
    reviews: { id: string; anchorStatus?: { status: string; method?: string } }[];
  }>(ext, { type: 'reviews-for-page', pageUrl: url });
  const status = new Map(stored.reviews.map((r) => [r.id, r.anchorStatus?.method ?? r.anchorStatus?.status]));
  assert.deepEqual(
    ids.map((id) => status.get(id)),
    ['position', 'position', 'quote', 'orphan'],
  );

  await ext.goto(
    `chrome-extension://${b.extensionId}/review.html?anchor=orphan&pageUrl=${encodeURIComponent(url)}`,
  );
  await ext.getByText('Orphan: not found on the page at the last visit').waitFor();
  assert.equal(await ext.locator('.sl-review').count(), 1);
  assert.match((await ext.locator('.sl-review').textContent()) ?? '', /simulated comment 4/);
  await ext.close();
  await page.close();
});

test('verdicts re-anchor after reload: by position, by quote and context after an edit, orphan after deletion', {
  skip,
}, async () => {
  const url = `${server.origin}/article.html`;
  const page = await b.context.newPage();
  await page.goto(url);
  await waitForAnnotations(page, 4);

  // The mention to review in each paragraph: in the third, the one after the word edited below
  // ("blood thinners" comes before it, so its position would not move).
  const REVIEWED = ['Zinc', 'vitamin D', 'fish oil', 'Magnesium'];
  for (let k = 0; k < 4; k++) {
    await page
      .locator(`#p${k + 1} [data-supplens-id]`)
      .filter({ hasText: REVIEWED[k]! })
      .first()
      .click();
    const frame = await verdictFrame(page);
    await frame.getByLabel(VERDICTS[k]!).check();
    await frame.getByLabel('Comment (optional)').fill(`private comment ${k + 1}`);
    await frame.getByRole('button', { name: /verdict$/ }).click();
    await frame.getByText('Verdict saved.').waitFor();
    await press(page, 'Escape', { leavesFrame: true });
  }

  const ext = await openExtensionPage(b, 'review.html');
  const listPage = () =>
    sendFromPage<{ reviews: StoredReview[] }>(ext, { type: 'reviews-for-page', pageUrl: url });
  const saved = (await listPage()).reviews;
  assert.equal(saved.length, 4, 'four reviews saved');
  assert.deepEqual(
    saved.map((r) => r.comment),
    ['private comment 1', 'private comment 2', 'private comment 3', 'private comment 4'],
  );

  // The page never sees verdicts or comments.
  const html = await page.evaluate(() => document.documentElement.outerHTML);
  assert.ok(!html.includes('private comment'), 'no comment in the page DOM');
  assert.ok(!/Misleading article claim/.test(html), 'no verdict in the page DOM');

  // Change one word (different length) just before the third quote; delete the fourth paragraph.
  const edited = [PARAGRAPHS[0]!, PARAGRAPHS[1]!, PARAGRAPHS[2]!.replace(...EDIT_NEAR_THIRD)];
  writeFileSync(join(server.dir, 'article.html'), article(edited));
  const reloadedAt = new Date().toISOString();
  await page.reload();
  await waitForAnnotations(page, 3);

  let after: StoredReview[] = [];
  for (let i = 0; i < 100; i++) {
    after = (await listPage()).reviews;
    if (after.every((r) => r.anchorStatus && r.anchorStatus.checkedAt >= reloadedAt)) break;
    await page.waitForTimeout(100);
  }
  // saved is in text order: paragraphs 1 to 4.
  const status = (k: number) => after.find((r) => r.id === saved[k]!.id)?.anchorStatus;
  assert.equal(after.length, 4, 'no review is dropped');
  assert.deepEqual(
    [status(0)?.method, status(1)?.method],
    ['position', 'position'],
    'unchanged text: position',
  );
  assert.equal(status(2)?.method, 'quote', 'changed word near the quote: quote and context');
  assert.equal(status(3)?.status, 'orphan', 'deleted paragraph: orphan');

  // 'page-detections' (popup export of one page): every mention as page-text selectors, whose
  // quotes are the saved ones where a review exists.
  const detections = await sendToPage<{ conceptId: string; quote: { exact: string } }[]>(b, page, {
    type: 'page-detections',
  });
  const quotes = detections.map((d) => d.quote.exact);
  for (const k of [0, 1, 2]) assert.ok(quotes.includes(saved[k]!.quote.exact), saved[k]!.quote.exact);
  assert.ok(!JSON.stringify(detections).includes('private comment'));

  // A re-anchored mention opens its saved review (by id, kept in the content script's memory
  // only): the form shows the verdict and updates it instead of adding a review.
  const reloadedHtml = await page.evaluate(() => document.documentElement.outerHTML);
  for (const r of saved) assert.ok(!reloadedHtml.includes(r.id), 'no review id in the page DOM');
  // The review page opened above took the front: in the tab behind it, Chromium hands clicks on
  // the out-of-process tooltip frame to the iframe element in the page instead of the frame (seen
  // as a pointerdown on our host, about 1 run in 8 under load). A reader clicks in the front tab.
  await page.bringToFront();
  await page.locator('#p1 [data-supplens-id]').filter({ hasText: REVIEWED[0]! }).first().click();
  const again = await verdictFrame(page);
  await again.getByRole('button', { name: 'Update verdict' }).waitFor();
  assert.ok(await again.getByLabel(VERDICTS[0]!).isChecked(), 'the saved verdict is shown');
  await again.getByLabel('Comment (optional)').fill('private comment 1, revised');
  await again.getByRole('button', { name: 'Update verdict' }).click();
  await again.getByText('Verdict saved.').waitFor({ timeout: 10_000 });
  await press(page, 'Escape', { leavesFrame: true });
  const revised = (await listPage()).reviews;
  assert.equal(revised.length, 4, 'updated, not duplicated');
  assert.equal(revised.find((r) => r.id === saved[0]!.id)?.comment, 'private comment 1, revised');

  // The review page lists the orphan (this page's: the first test left one on another page).
  await ext.goto(
    `chrome-extension://${b.extensionId}/review.html?anchor=orphan&pageUrl=${encodeURIComponent(url)}`,
  );
  await ext.getByText('Orphan: not found on the page at the last visit').waitFor();
  assert.equal(await ext.locator('.sl-review').count(), 1);
});

// Popup speed on a health article with 200 mentions: time from the popup's navigation start to
// its first meaningful paint (the found list), and to the ranked notes. Printed for the closing
// note; the test asserts the 150 ms budget on the median of several openings.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  type ExtensionBrowser,
  launchWithExtension,
  openExtensionPage,
  type StaticServer,
  serveStatic,
  tabIdFor,
  waitForAnnotations,
} from './harness';

const TERMS = [
  'zinc',
  'rheumatoid arthritis',
  'vitamin D',
  'fish oil',
  'osteoporosis',
  'warfarin',
  'calcium',
  'type 2 diabetes',
  'metformin',
  'magnesium',
];

/** A health article where each paragraph mentions every term once: 20 paragraphs × 10 terms. */
function articleWith200Mentions(): string {
  const paras: string[] = [];
  for (let i = 0; i < 20; i++)
    paras.push(
      `<p>Study ${i + 1}: researchers followed adults taking ${TERMS[0]} supplements who had ${TERMS[1]}. Some also took ${TERMS[2]} and ${TERMS[3]}; ` +
        `those with ${TERMS[4]} or on ${TERMS[5]} were analysed apart, as were people taking ${TERMS[6]}. ` +
        `People with ${TERMS[7]} on ${TERMS[8]} often take ${TERMS[9]}, so doctors asked about every supplement at each visit.</p>`,
    );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Supplements and chronic disease: what 20 studies found</title>
<meta name="description" content="A review of supplement studies in people with chronic conditions.">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Supplements and chronic disease","about":{"@type":"MedicalCondition","name":"Rheumatoid arthritis"}}</script>
</head><body><main><article><h1>Supplements and chronic disease: what 20 studies found</h1>${paras.join('\n')}</article></main></body></html>`;
}

let b: ExtensionBrowser;
let server: StaticServer;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'supplens-perf-'));
  writeFileSync(join(dir, 'many.html'), articleWith200Mentions());
  server = await serveStatic([dir]);
  b = await launchWithExtension();
});

after(async () => {
  await b?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

test('the popup opens in under 150 ms on a page with 200 mentions', async () => {
  const url = `${server.origin}/many.html`;
  const page = await b.context.newPage();
  await page.goto(url);
  const mentions = await waitForAnnotations(page, 200, 30_000);
  const id = await tabIdFor(b, url);
  const ready: number[] = [];
  const notes: number[] = [];
  let found = 0;
  for (let run = 0; run < 7; run++) {
    const popup = await openExtensionPage(b, 'popup.html', `?tab=${id}`);
    await popup.waitForSelector('html[data-popup-notes="done"]', { timeout: 10_000 });
    await popup.waitForFunction(() => performance.getEntriesByName('supplens-popup-notes').length > 0);
    const t = await popup.evaluate(() => ({
      ready: performance.getEntriesByName('supplens-popup-ready')[0]!.startTime,
      notes: performance.getEntriesByName('supplens-popup-notes')[0]!.startTime,
      found: document.querySelectorAll('button.sl-mention').length,
    }));
    found = t.found;
    // The first opening also warms the service worker and the knowledge base; report it apart.
    if (run > 0) {
      ready.push(t.ready);
      notes.push(t.notes);
    } else console.log(`# popup cold: first paint ${t.ready.toFixed(1)} ms, notes ${t.notes.toFixed(1)} ms`);
    await popup.close();
  }
  console.log(
    `# popup with ${mentions} highlighted mentions (${found} concepts): first paint median ${median(ready).toFixed(1)} ms ` +
      `(runs ${ready.map((x) => x.toFixed(0)).join(', ')}), notes median ${median(notes).toFixed(1)} ms`,
  );
  assert.ok(mentions >= 200, `the page has 200 highlighted mentions (${mentions})`);
  assert.ok(median(ready) < 150, `first paint median ${median(ready)} ms is under 150 ms`);
});

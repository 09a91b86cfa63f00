// Popup speed on a health article with 200 mentions: time from the popup's navigation start to
// its first meaningful paint (the found list), and to the ranked notes. Printed for the closing
// note; the test asserts the 150 ms budget on the median of several openings.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { articleWith200Mentions } from '../../scripts/bench/pages';
import {
  type ExtensionBrowser,
  launchWithExtension,
  openExtensionPage,
  type StaticServer,
  servePages,
  tabIdFor,
  waitForAnnotations,
} from './harness';

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

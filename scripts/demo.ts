// Opens the built extension on the bundled demo article, in Chromium or (--browser firefox) in
// Firefox ESR. Headed when a display is available, otherwise headless with screenshots of the page,
// a tooltip, the popup and the options page (Firefox's go to demo-output/firefox/).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  tabIdFor as firefoxTabIdFor,
  waitForAnnotations as firefoxWaitForAnnotations,
  waitForTooltip as firefoxWaitForTooltip,
  launchFirefox,
  openExtensionPage,
} from '../tests/e2e-firefox/harness';
import {
  DEMO_DIR,
  extensionUrl,
  launchWithExtension,
  ROOT,
  serveStatic,
  tabIdFor,
  waitForAnnotations,
} from '../tests/support/harness';
import { waitForTooltip } from '../tests/support/inpage';

const args = process.argv.slice(2);
const browserArg =
  args.find((a) => a.startsWith('--browser='))?.split('=')[1] ?? args[args.indexOf('--browser') + 1];
const firefox =
  args.includes('--browser') || args.some((a) => a.startsWith('--browser=')) ? browserArg : 'chromium';
if (firefox !== 'chromium' && firefox !== 'firefox') {
  console.error(`unknown browser "${firefox}": use --browser chromium or --browser firefox`);
  process.exit(2);
}
const outDir = join(ROOT, 'demo-output', ...(firefox === 'firefox' ? ['firefox'] : []));
const headed = !!process.env.DISPLAY && !process.env.CI && !args.includes('--headless');

/** What the demo needs of a page, in Playwright and in Puppeteer alike. */
interface DemoPage {
  screenshot(opts: { path: string }): Promise<unknown>;
  keyboard: { press(key: string): Promise<unknown> };
  evaluate(fn: () => boolean): Promise<boolean>;
}

/** One browser with the extension loaded and the article open at 1100x900. */
interface DemoBrowser {
  name: string;
  article: DemoPage;
  annotations(): Promise<number>;
  waitForTooltip(): Promise<unknown>;
  /** An extension page (popup.html, options.html) at the given size, `query` appended to its URL. */
  openPage(file: string, query: string, size: { width: number; height: number }): Promise<DemoPage>;
  tabIdFor(url: string): Promise<number>;
  /** Resolves when the reader closes the headed browser. */
  untilClosed(): Promise<void>;
  close(): Promise<void>;
}

const ARTICLE_SIZE = { width: 1100, height: 900 };

async function firefoxDemo(articleUrl: string): Promise<DemoBrowser> {
  const fx = await launchFirefox({ headless: !headed });
  const page = await fx.browser.newPage();
  await page.setViewport(ARTICLE_SIZE);
  await page.goto(articleUrl);
  return {
    name: 'Firefox',
    article: page,
    annotations: () => firefoxWaitForAnnotations(page, 2),
    waitForTooltip: () => firefoxWaitForTooltip(fx),
    openPage: async (file, query, size) => {
      const p = await openExtensionPage(fx.browser, file, query);
      await p.setViewport(size);
      return p;
    },
    tabIdFor: (url) => firefoxTabIdFor(fx, url),
    untilClosed: async () => {
      await fx.ext.close();
      await new Promise<void>((ok) => fx.browser.on('disconnected', () => ok()));
    },
    close: () => fx.close(),
  };
}

async function chromiumDemo(articleUrl: string): Promise<DemoBrowser> {
  const b = await launchWithExtension({ headless: !headed });
  const page = b.context.pages()[0] ?? (await b.context.newPage());
  await page.setViewportSize(ARTICLE_SIZE);
  await page.goto(articleUrl);
  return {
    name: 'Chromium',
    article: page,
    annotations: () => waitForAnnotations(page, 2),
    waitForTooltip: () => waitForTooltip(page, 10_000, '[data-note-id]'),
    openPage: async (file, query, size) => {
      const p = await b.context.newPage();
      await p.setViewportSize(size);
      await p.goto(extensionUrl(b, file) + query);
      return p;
    },
    tabIdFor: (url) => tabIdFor(b, url),
    untilClosed: () => new Promise<void>((ok) => b.context.on('close', () => ok())),
    close: () => b.close(),
  };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const server = await serveStatic([DEMO_DIR]);
  const articleUrl = `${server.origin}/article.html`;
  const demo = await (firefox === 'firefox' ? firefoxDemo : chromiumDemo)(articleUrl);
  const count = await demo.annotations();
  console.log(`SuppLens annotated ${count} mentions on ${articleUrl}`);
  if (headed) {
    console.log(`${demo.name} is open with SuppLens loaded. Close the window or press Ctrl-C to stop.`);
    await demo.untilClosed();
    await server.close();
    return;
  }

  mkdirSync(outDir, { recursive: true });
  const shots: string[] = [];
  const shot = async (p: DemoPage, name: string) => {
    const file = join(outDir, name);
    await p.screenshot({ path: file });
    shots.push(file);
  };
  const page = demo.article;
  await wait(500);
  await shot(page, '1-annotated-page.png');

  // Open the tooltip on the first zinc mention (in the headline) with Tab, as a keyboard user
  // would: focus that no reader input led to (mark.focus() from a script) opens nothing.
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => !!document.activeElement?.matches('[data-supplens-id="zinc"]'))) break;
  }
  await demo.waitForTooltip();
  await wait(300);
  await shot(page, '2-tooltip.png');

  const tabId = await demo.tabIdFor(articleUrl);
  const popup = await demo.openPage('popup.html', `?tab=${tabId}`, { width: 420, height: 600 });
  await wait(1000);
  await shot(popup, '3-popup.png');

  const options = await demo.openPage('options.html', '', { width: 900, height: 800 });
  await wait(800);
  await shot(options, '4-options.png');

  await demo.close();
  await server.close();
  console.log('Screenshots:');
  for (const s of shots) console.log(`  ${s}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

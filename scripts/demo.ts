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

async function mainFirefox() {
  const server = await serveStatic([DEMO_DIR]);
  const articleUrl = `${server.origin}/article.html`;
  const fx = await launchFirefox({ headless: !headed });
  const page = await fx.browser.newPage();
  await page.setViewport({ width: 1100, height: 900 });
  await page.goto(articleUrl);
  const count = await firefoxWaitForAnnotations(page, 2);
  console.log(`SuppLens annotated ${count} mentions on ${articleUrl}`);
  if (headed) {
    await fx.ext.close();
    console.log('Firefox is open with SuppLens loaded. Close the window or press Ctrl-C to stop.');
    await new Promise<void>((ok) => fx.browser.on('disconnected', () => ok()));
    await server.close();
    return;
  }
  mkdirSync(outDir, { recursive: true });
  const shots: string[] = [];
  const shot = async (p: typeof page, name: string) => {
    const file = join(outDir, name);
    await p.screenshot({ path: file });
    shots.push(file);
  };
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await wait(500);
  await shot(page, '1-annotated-page.png');

  // The tooltip on the first zinc mention (in the headline), opened with Tab as a keyboard user
  // would: focus that no reader input led to opens nothing.
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.matches('[data-supplens-id="zinc"]'))) break;
  }
  await firefoxWaitForTooltip(fx);
  await wait(300);
  await shot(page, '2-tooltip.png');

  const tabId = await firefoxTabIdFor(fx, articleUrl);
  const popup = await openExtensionPage(fx.browser, 'popup.html', `?tab=${tabId}`);
  await popup.setViewport({ width: 420, height: 600 });
  await wait(1000);
  await shot(popup, '3-popup.png');

  const options = await openExtensionPage(fx.browser, 'options.html');
  await options.setViewport({ width: 900, height: 800 });
  await wait(800);
  await shot(options, '4-options.png');

  await fx.close();
  await server.close();
  console.log('Screenshots:');
  for (const s of shots) console.log(`  ${s}`);
}

async function main() {
  if (firefox === 'firefox') return mainFirefox();
  const server = await serveStatic([DEMO_DIR]);
  const articleUrl = `${server.origin}/article.html`;
  const b = await launchWithExtension({ headless: !headed });
  const page = b.context.pages()[0] ?? (await b.context.newPage());
  await page.goto(articleUrl);
  const count = await waitForAnnotations(page, 2);
  console.log(`SuppLens annotated ${count} mentions on ${articleUrl}`);

  if (headed) {
    console.log('Chromium is open with SuppLens loaded. Close the window or press Ctrl-C to stop.');
    await new Promise<void>((ok) => b.context.on('close', () => ok()));
    await server.close();
    return;
  }

  mkdirSync(outDir, { recursive: true });
  const shots: string[] = [];
  const shot = async (p: typeof page, name: string) => {
    const file = join(outDir, name);
    await p.screenshot({ path: file });
    shots.push(file);
  };

  await page.setViewportSize({ width: 1100, height: 900 });
  await shot(page, '1-annotated-page.png');

  // Open the tooltip on the first zinc mention (in the headline) with Tab, as a keyboard user
  // would: focus that no reader input led to (mark.focus() from a script) opens nothing.
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.matches('[data-supplens-id="zinc"]'))) break;
  }
  await waitForTooltip(page, 10_000, '[data-note-id]');
  await page.waitForTimeout(300);
  await shot(page, '2-tooltip.png');

  const tabId = await tabIdFor(b, articleUrl);
  const popup = await b.context.newPage();
  await popup.setViewportSize({ width: 420, height: 600 });
  await popup.goto(`${extensionUrl(b, 'popup.html')}?tab=${tabId}`);
  await popup.waitForTimeout(1000);
  await shot(popup, '3-popup.png');

  const options = await b.context.newPage();
  await options.setViewportSize({ width: 900, height: 800 });
  await options.goto(extensionUrl(b, 'options.html'));
  await options.waitForTimeout(800);
  await shot(options, '4-options.png');

  await b.close();
  await server.close();
  console.log('Screenshots:');
  for (const s of shots) console.log(`  ${s}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

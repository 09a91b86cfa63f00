// Opens the built extension on the bundled demo article. Headed when a display is available,
// otherwise headless with screenshots of the page, a tooltip, the popup and the options page.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEMO_DIR,
  extensionUrl,
  launchWithExtension,
  ROOT,
  serveStatic,
  tabIdFor,
  waitForAnnotations,
  waitForTooltipFrame,
} from '../tests/e2e/harness';

const outDir = join(ROOT, 'demo-output');
const headed = !!process.env.DISPLAY && !process.env.CI && !process.argv.includes('--headless');

async function main() {
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

  // Open the tooltip on the first zinc mention by keyboard focus, as a keyboard user would.
  const zinc = page.locator('[data-supplens-id="zinc"]').first();
  await zinc.scrollIntoViewIfNeeded();
  await zinc.focus();
  await waitForTooltipFrame(page);
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

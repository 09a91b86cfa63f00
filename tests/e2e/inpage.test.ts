// The in-page experience on the demo article, in real Chromium with the built extension:
// highlights and their attributes, the tooltip (hover dwell, keyboard focus, Tab into it,
// Escape from the page and from the frame, hoverable, persistent, WCAG 1.4.13), axe on the
// tooltip, keyboard commands, focus-mention, highlight style, pausing a site (exact DOM restore),
// nothing stored in the page's origin, and no network request from extension code.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { bounded, DEMO_DIR, waitForAnnotations } from '../support/harness';
import {
  AXE_SOURCE,
  focusAsReader,
  press,
  sendToPage,
  settle,
  summary,
  tooltipFrame,
  tooltipTabStops,
  waitForNoTooltip,
  waitForTooltip,
  writeSettings,
} from '../support/inpage';
import { assertDemoMarks, readMarks } from '../support/page-probes';
import { extensionSuite } from '../support/suite';

let page: Page;
let url: string;

const suite = extensionSuite([DEMO_DIR], {
  setup: async ({ b, server }) => {
    url = `${server.origin}/article.html`;
    page = await b.context.newPage();
  },
});

beforeEach(async () => {
  await writeSettings(suite.b, {});
  await page.goto(url);
  await waitForAnnotations(page, 2);
  await settle(suite.b, page);
  // mouse.move waits for the renderer to acknowledge the event, with no timeout of its own.
  await bounded('the page to take the pointer move to (1, 1)', page.mouse.move(1, 1), 5000);
});

/** Centre of the first line box of the nth mention of a concept (a mention may wrap). */
async function mentionCentre(id: string, nth = 0) {
  const box = await page
    .locator(`[data-supplens-id="${id}"][tabindex]`)
    .nth(nth)
    .evaluate((el) => {
      const r = el.getClientRects()[0]!;
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    });
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function activeMark(): Promise<string | null> {
  // page.evaluate has no timeout: bounded so a stalled page fails here by name instead of hanging.
  return bounded(
    'the focused mention',
    page.evaluate(() => {
      const el = document.activeElement;
      return el?.matches('[data-supplens-id]')
        ? `${el.getAttribute('data-supplens-id')}:${el.textContent}`
        : null;
    }),
    5000,
  );
}

/**
 * What has the focus inside the tooltip frame, once it has arrived there: focus moves into the
 * out-of-process frame asynchronously, and a key pressed before it lands goes to the page instead.
 */
async function focusInTooltip(frame: Frame, timeout = 2000): Promise<string | undefined> {
  const read = () =>
    bounded(
      'the focused element inside the tooltip frame',
      frame.evaluate(() =>
        document.hasFocus() && document.activeElement && document.activeElement !== document.body
          ? (document.activeElement.getAttribute('aria-label') ?? document.activeElement.localName)
          : undefined,
      ),
      5000,
    );
  const deadline = Date.now() + timeout;
  let got = await read();
  while (got === undefined && Date.now() < deadline) {
    await page.waitForTimeout(25);
    got = await read();
  }
  return got;
}

test('zinc and rheumatoid arthritis are highlighted with kind and id, and nothing else about the reader', async () => {
  const marks = await page.evaluate(readMarks);
  assertDemoMarks(marks);
  const s = await summary(suite.b, page);
  assert.equal(s.state, 'annotated');
  assert.equal(s.health, true);
  assert.equal(s.mentions.length, marks.length);
  assert.equal(s.stats.mentionsMarked, s.stats.mentionsFound, 'every mention found was highlighted');
  assert.ok(
    s.doses.some((d) => d.conceptId === 'zinc' && d.aboveLimit),
    'the 50 mg zinc dose is above the limit',
  );
  // One stylesheet, injected once.
  assert.equal(await page.locator('style[data-supplens-style]').count(), 1);
});

test('hover opens the tooltip after a dwell of about 500 ms and shows the zinc/RA note', async () => {
  const c = await mentionCentre('zinc', 1);
  await page.mouse.move(c.x, c.y, { steps: 3 });
  await page.waitForTimeout(250);
  assert.equal(tooltipFrame(page), undefined, 'not open before the dwell');
  const frame = await waitForTooltip(page, 3000);
  assert.match((await frame.locator('#sl-tt-title').textContent()) ?? '', /^Zinc/);
  const notes = frame.locator('[data-note-id]');
  assert.ok((await notes.count()) >= 1);
  // What the page is about comes first: the article keeps naming rheumatoid arthritis and names
  // colds once, so a zinc/RA note leads, before the meta-analyses on colds.
  const ids = await notes.evaluateAll((els) => els.map((e) => e.getAttribute('data-note-id')));
  assert.match(ids[0] ?? '', /^zinc-rheumatoid-arthritis-/, ids.join(', '));
  assert.ok(ids.includes('zinc-rheumatoid-arthritis-observational'), ids.join(', '));
  assert.match(
    (await frame.locator('[data-note-id="zinc-rheumatoid-arthritis-observational"]').textContent()) ?? '',
    /Rheumatoid arthritis/,
  );
  assert.equal(await frame.locator('[role="dialog"]').getAttribute('aria-labelledby'), 'sl-tt-title');
  assert.match((await frame.locator('.sl-disclaimer').textContent()) ?? '', /does not give medical advice/);
  assert.ok(
    ((await frame.locator('.sl-tt__warning').textContent()) ?? '').includes('50 mg'),
    'dose warning for 50 mg',
  );
  assert.equal(await frame.locator('.sl-tt__details').count(), 1, 'link to everything in the popup');
  assert.equal(
    await page.locator('[data-supplens-id="zinc"][aria-expanded="true"]').count(),
    1,
    'the mention says its dialog is open',
  );
});

test('a quick pass over a mention does not open the tooltip', async () => {
  const c = await mentionCentre('zinc', 1);
  await page.mouse.move(c.x, c.y);
  await page.waitForTimeout(200);
  await page.mouse.move(5, 5);
  await page.waitForTimeout(900);
  assert.equal(tooltipFrame(page), undefined);
});

test('hoverable: the pointer can move from the mention onto the tooltip and it stays', async () => {
  const c = await mentionCentre('zinc', 1);
  await page.mouse.move(c.x, c.y);
  const frame = await waitForTooltip(page);
  const box = await (await frame.frameElement()).boundingBox();
  assert.ok(box);
  assert.equal(Math.round(box.width), 380, 'fixed width');
  assert.equal(Math.round(box.height), 340, 'fixed height');
  // Walk the pointer from the mention into the tooltip, then around inside it.
  await page.mouse.move(box.x + 40, box.y + 30, { steps: 8 });
  await page.waitForTimeout(900);
  assert.ok(tooltipFrame(page), 'still open with the pointer on it');
  await page.mouse.move(box.x + box.width - 40, box.y + box.height - 30, { steps: 5 });
  await page.mouse.wheel(0, 200);
  await page.waitForTimeout(700);
  assert.ok(tooltipFrame(page), 'still open while reading inside it');
  // Leaving both closes it.
  await page.mouse.move(box.x + box.width + 200, box.y + box.height + 200, { steps: 4 });
  await waitForNoTooltip(page, 2000);
});

test('persistent: it stays open as long as the pointer rests on the mention', async () => {
  const c = await mentionCentre('rheumatoid-arthritis');
  await page.mouse.move(c.x, c.y);
  const frame = await waitForTooltip(page);
  assert.match((await frame.locator('#sl-tt-title').textContent()) ?? '', /Rheumatoid arthritis/);
  await page.waitForTimeout(3000);
  assert.ok(tooltipFrame(page), 'no timeout closes it');
});

test('dismissible: Escape on the page closes it without moving the pointer, and it stays closed', async () => {
  const c = await mentionCentre('zinc', 1);
  await page.mouse.move(c.x, c.y);
  await waitForTooltip(page);
  await press(page, 'Escape');
  await waitForNoTooltip(page, 1000);
  await page.waitForTimeout(900);
  assert.equal(tooltipFrame(page), undefined, 'hover does not reopen it until the pointer leaves');
  await page.mouse.move(5, 5);
  await page.mouse.move(c.x, c.y);
  await waitForTooltip(page);
});

test('keyboard: focus opens it at once, Tab moves into it, Escape inside returns focus to the mention', async () => {
  // Tab from the top of the page until a mention has focus.
  await bounded(
    'the page to blur its focused element',
    page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()),
    5000,
  );
  let mark: string | null = null;
  for (let i = 0; i < 6 && !mark; i++) {
    await press(page, 'Tab');
    mark = await activeMark();
  }
  assert.equal(mark, 'zinc:zinc', 'the first mention (in the headline) is reachable with Tab');
  const frame = await waitForTooltip(page, 600);
  assert.match((await frame.locator('#sl-tt-title').textContent()) ?? '', /Zinc/);

  await press(page, 'Tab');
  await page.waitForTimeout(150);
  assert.equal(
    await focusInTooltip(frame),
    'Close',
    'Tab from the mention lands on the first control of the tooltip',
  );
  // Longer than the grace period after the mention lost focus: focus inside keeps it open.
  await page.waitForTimeout(600);
  assert.ok(tooltipFrame(page) === frame, 'focus inside keeps it open');
  assert.equal(await focusInTooltip(frame), 'Close', 'and the focus stays where it was');

  await press(page, 'Escape', { leavesFrame: true });
  await waitForNoTooltip(page, 1500);
  assert.equal(await activeMark(), 'zinc:zinc', 'focus is back on the mention');
  await page.waitForTimeout(600);
  assert.equal(tooltipFrame(page), undefined, 'returning focus does not reopen it');

  // Tab goes on to the next mention, which opens its own tooltip.
  await press(page, 'Tab');
  assert.equal(await activeMark(), 'rheumatoid-arthritis:rheumatoid arthritis');
  const ra = await waitForTooltip(page, 800);
  assert.match((await ra.locator('#sl-tt-title').textContent()) ?? '', /Rheumatoid arthritis/);
  // Escape from the page side while the mention has focus.
  await press(page, 'Escape');
  await waitForNoTooltip(page, 1000);
  assert.equal(await activeMark(), 'rheumatoid-arthritis:rheumatoid arthritis');
});

test('keyboard: tabbing through the tooltip continues with the page, Shift+Tab returns to the mention', async () => {
  const frame = await focusAsReader(page, page.locator('[data-supplens-id="zinc"][tabindex]').first());
  await press(page, 'Tab');
  assert.equal(await focusInTooltip(frame), 'Close', 'Tab from the mention goes to the first control');
  await press(page, 'Shift+Tab', { leavesFrame: true });
  await page.waitForTimeout(150);
  assert.equal(await activeMark(), 'zinc:zinc', 'Shift+Tab from the first control goes back to the mention');
  assert.ok(tooltipFrame(page) === frame, 'the same tooltip stays open');
  // Forward through every control of the tooltip and out the other side, taking longer than the
  // grace period inside it as a reader would.
  const controls = await tooltipTabStops(frame);
  await press(page, 'Tab');
  assert.equal(await focusInTooltip(frame), 'Close', 'Tab from the mention goes to the first control again');
  await page.waitForTimeout(600);
  assert.ok(tooltipFrame(page) === frame, 'focus inside keeps it open');
  // The last Tab leaves the tooltip for the next mention, whose tooltip replaces this frame.
  for (let i = 0; i < controls; i++) await press(page, 'Tab', { leavesFrame: i === controls - 1 });
  await page.waitForTimeout(200);
  assert.equal(
    await activeMark(),
    'rheumatoid-arthritis:rheumatoid arthritis',
    'after the tooltip comes the next mention',
  );
});

test('focus going from the tooltip straight into another frame of the page closes it', async () => {
  // An embedded frame right after the mention: the last Tab in the tooltip lands in it, and the
  // page sees no focus or blur event of its own.
  await page.evaluate(() => {
    const frame = document.createElement('iframe');
    frame.id = 'embed';
    frame.title = 'Embedded player';
    frame.srcdoc = '<button>Play</button>';
    document.querySelector('[data-supplens-id="zinc"]')!.after(frame);
  });
  const embed = await bounded(
    'the embedded frame',
    (async () => {
      const f = await (await page.locator('#embed').elementHandle())?.contentFrame();
      await f?.locator('button').waitFor({ timeout: 5000 });
      return f;
    })(),
    6000,
  );
  assert.ok(embed, 'the embedded frame loaded');
  const frame = await focusAsReader(page, page.locator('[data-supplens-id="zinc"][tabindex]').first());
  await press(page, 'Tab');
  assert.equal(await focusInTooltip(frame), 'Close');
  const controls = await tooltipTabStops(frame);
  for (let i = 0; i < controls; i++) await press(page, 'Tab', { leavesFrame: i === controls - 1 });
  await embed.waitForFunction(() => document.activeElement?.textContent === 'Play', undefined, {
    timeout: 3000,
  });
  await waitForNoTooltip(page, 2000);
  assert.equal(
    await embed.evaluate(() => document.activeElement?.textContent),
    'Play',
    'the focus stays where the reader put it',
  );
});

test('Enter on a focused mention moves focus into the dialog', async () => {
  const mention = page.locator('[data-supplens-id="zinc"][tabindex]').nth(1);
  const frame = await focusAsReader(page, mention);
  await press(page, 'Enter');
  await page.waitForTimeout(200);
  assert.equal(await frame.evaluate(() => document.activeElement?.id), 'sl-tt-dialog');
  await press(page, 'Escape', { leavesFrame: true });
  await waitForNoTooltip(page);
  assert.equal(await activeMark(), `zinc:${await mention.textContent()}`);
});

test("the tooltip's button opens everything in the SuppLens popup", async () => {
  const frame = await focusAsReader(page, page.locator('[data-supplens-id="zinc"][tabindex]').first());
  await frame.locator('.sl-tt__details').click();
  let popups: string[] = [];
  for (let i = 0; i < 20 && popups.length === 0; i++) {
    await page.waitForTimeout(100);
    popups = await suite.b.worker.evaluate(async () =>
      (await chrome.runtime.getContexts({ contextTypes: ['POPUP' as chrome.runtime.ContextType] })).map(
        (c) => c.documentUrl ?? '',
      ),
    );
  }
  assert.equal(popups.length, 1);
  assert.match(popups[0]!, /\/popup\.html/);
});

test('axe finds no serious or critical violations in the tooltip (light and dark)', async () => {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const id of ['zinc', 'rheumatoid-arthritis']) {
      const frame = await focusAsReader(page, page.locator(`[data-supplens-id="${id}"][tabindex]`).first());
      await frame.evaluate(AXE_SOURCE);
      const violations = await frame.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run: (
                ctx: Document,
              ) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
            };
          }
        ).axe;
        const res = await axe.run(document);
        return res.violations.map((v) => ({ id: v.id, impact: v.impact, n: v.nodes.length }));
      });
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(serious, [], `${scheme} ${id}: ${JSON.stringify(violations)}`);
      await press(page, 'Escape');
      await waitForNoTooltip(page);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
});

test("the page's own origin stores nothing: no IndexedDB, storage or cookies", async () => {
  // Open a tooltip first so every code path that could store something has run.
  await focusAsReader(page, page.locator('[data-supplens-id="zinc"][tabindex]').first());
  const stored = await page.evaluate(async () => ({
    dbs: await indexedDB.databases(),
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
  }));
  assert.deepEqual(stored, { dbs: [], local: 0, session: 0, cookie: '' });
});

test('commands: next and previous mention move focus; toggle-highlights hides and shows them', async () => {
  const original = await page.evaluate(() =>
    document.body.innerHTML.replace(/<span data-supplens[^>]*>|<\/span>/g, ''),
  );
  await sendToPage(suite.b, page, { type: 'command', name: 'next-mention' });
  assert.equal(await activeMark(), 'zinc:zinc', 'first mention from the top');
  await sendToPage(suite.b, page, { type: 'command', name: 'next-mention' });
  assert.equal(await activeMark(), 'rheumatoid-arthritis:rheumatoid arthritis');
  await sendToPage(suite.b, page, { type: 'command', name: 'previous-mention' });
  assert.equal(await activeMark(), 'zinc:zinc');
  await sendToPage(suite.b, page, { type: 'command', name: 'previous-mention' });
  const last = await page.evaluate(() => {
    const all = document.querySelectorAll('[data-supplens-id][tabindex]');
    return all[all.length - 1] === document.activeElement;
  });
  assert.ok(last, 'previous from the first wraps to the last');

  const before = await page.locator('[data-supplens-id]').count();
  await sendToPage(suite.b, page, { type: 'command', name: 'toggle-highlights' });
  assert.equal(await page.locator('[data-supplens-id]').count(), 0, 'all highlights hidden');
  assert.equal(await page.locator('style[data-supplens-style]').count(), 0);
  const s = await summary(suite.b, page);
  assert.equal(s.hidden, true);
  assert.equal(s.mentions.length, before, 'the popup can still list what the page mentions');
  assert.equal(
    await page.evaluate(() => document.body.innerHTML.replace(/<span data-supplens[^>]*>|<\/span>/g, '')),
    original,
  );
  await sendToPage(suite.b, page, { type: 'command', name: 'toggle-highlights' });
  assert.equal(await page.locator('[data-supplens-id]').count(), before, 'shown again');
});

test('focus-mention scrolls to the mention, focuses it and flashes it', async () => {
  const s = await summary(suite.b, page);
  const target = s.mentions.find((m) => m.id === 'turmeric');
  assert.ok(target);
  const res = await sendToPage(suite.b, page, { type: 'focus-mention', index: target.index });
  assert.deepEqual(res, { ok: true });
  assert.equal(await activeMark(), 'turmeric:turmeric');
  const state = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const r = el.getBoundingClientRect();
    return { flash: el.hasAttribute('data-supplens-flash'), inView: r.top >= 0 && r.bottom <= innerHeight };
  });
  assert.deepEqual(state, { flash: true, inView: true });
  await page.waitForTimeout(1700);
  assert.equal(await page.locator('[data-supplens-flash]').count(), 0, 'the flash is brief');
});

test('highlight style applies to every mark alike, with no layout change', async () => {
  const look = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('[data-supplens-id]')].map((el) => {
        const cs = getComputedStyle(el);
        return `${cs.textDecorationLine}|${cs.backgroundColor === 'rgba(0, 0, 0, 0)' ? 'none' : 'bg'}|${cs.paddingLeft}|${cs.marginLeft}|${cs.fontSize}|${cs.fontWeight}`;
      }),
    );
  const underline = new Set(await look());
  assert.ok(
    [...underline].every((x) => x.startsWith('underline|none|0px|0px')),
    [...underline].join(', '),
  );
  await writeSettings(suite.b, { highlightStyle: 'background' });
  await sendToPage(suite.b, page, { type: 'settings-changed' });
  const background = new Set(await look());
  assert.ok(
    [...background].every((x) => x.startsWith('none|bg|0px|0px')),
    [...background].join(', '),
  );
});

test('pausing the site restores the page DOM exactly, down to the same text nodes', async () => {
  // The page keeps references to its text nodes as they were before annotation.
  await writeSettings(suite.b, { mode: 'on-request' });
  await page.goto(url);
  await page.waitForTimeout(500);
  assert.equal(await page.locator('[data-supplens-id]').count(), 0, 'on-request: nothing until asked');
  assert.equal((await summary(suite.b, page)).state, 'on-request');
  await page.evaluate(() => {
    const w = window as unknown as { __nodes: Text[]; __data: string[]; __html: string };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    w.__nodes = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) w.__nodes.push(n as Text);
    w.__data = w.__nodes.map((n) => n.data);
    w.__html = document.body.innerHTML;
  });
  const scanned = await sendToPage<{ state: string }>(suite.b, page, { type: 'scan-now' });
  assert.equal(scanned.state, 'annotated');
  assert.ok((await page.locator('[data-supplens-id]').count()) > 20);

  await writeSettings(suite.b, { mode: 'on-request', sites: { '127.0.0.1': 'paused' } });
  await sendToPage(suite.b, page, { type: 'settings-changed' });
  assert.equal((await summary(suite.b, page)).state, 'paused');
  const check = await page.evaluate(() => {
    const w = window as unknown as { __nodes: Text[]; __data: string[]; __html: string };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const now: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) now.push(n as Text);
    return {
      html: document.body.innerHTML === w.__html,
      sameNodes: now.length === w.__nodes.length && now.every((n, i) => n === w.__nodes[i]),
      sameData: now.every((n, i) => n.data === w.__data[i]),
      style: document.querySelectorAll('style[data-supplens-style]').length,
    };
  });
  assert.deepEqual(check, { html: true, sameNodes: true, sameData: true, style: 0 });
});

test('no network request from extension code', () => {
  assert.deepEqual(suite.b.extensionRequests, []);
});

// Last: it reloads the extension, after which the service worker handle is gone.
test('after the extension is reloaded, the orphaned script gives the page back on the next hover', async () => {
  const original = await page.evaluate(() =>
    document.body.innerHTML.replace(/<span data-supplens[^>]*>|<\/span>/g, ''),
  );
  await suite.b.worker.evaluate(() => chrome.runtime.reload()).catch(() => undefined);
  await page.waitForTimeout(1000);
  assert.ok((await page.locator('[data-supplens-id]').count()) > 0, 'marks stay until the reader interacts');
  const c = await mentionCentre('zinc', 1);
  await page.mouse.move(c.x, c.y);
  await page.waitForTimeout(300);
  assert.equal(await page.locator('[data-supplens-id]').count(), 0);
  assert.equal(await page.evaluate(() => document.body.innerHTML), original);
  assert.equal(await page.locator('style[data-supplens-style]').count(), 0);
  assert.deepEqual(suite.b.extensionRequests, []);
});

// Helpers for end-to-end tests that drive pages and the extension's stored settings.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Locator, Page } from 'playwright-core';
import type { InPageSummary } from '../../entrypoints/content/app';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings';
import type { ExtensionBrowser } from './harness';
import { bounded, tabIdFor } from './harness';
import { readPageLayout } from './page-probes';

/** Replaces the stored settings (as the options page would), from the service worker. */
export async function writeSettings(b: ExtensionBrowser, patch: Partial<Settings>): Promise<void> {
  await bounded(
    'the service worker to store the settings',
    b.worker.evaluate((s) => chrome.storage.local.set({ settings: s }), {
      ...DEFAULT_SETTINGS,
      ...patch,
    }),
  );
}

/** The stored settings as the service worker reads them, or undefined before any are saved. */
export function readSettings(b: ExtensionBrowser): Promise<Settings | undefined> {
  return bounded(
    'the service worker to read the settings',
    b.worker.evaluate(
      async () => (await chrome.storage.local.get('settings')).settings as Settings | undefined,
    ),
  );
}

/** Sends a content-script message to the page's top frame, as the popup or background does. */
export async function sendToPage<T = unknown>(b: ExtensionBrowser, page: Page, message: unknown): Promise<T> {
  const tabId = await tabIdFor(b, page.url());
  // chrome.tabs.sendMessage waits as long as the content script keeps the channel open.
  const type = (message as { type?: unknown } | null)?.type;
  return (await bounded(
    `the content script's answer to ${JSON.stringify(type ?? message)}`,
    b.worker.evaluate(([id, msg]) => chrome.tabs.sendMessage(id as number, msg, { frameId: 0 }), [
      tabId,
      message,
    ] as const),
  )) as T;
}

export type Summary = InPageSummary;

export function summary(b: ExtensionBrowser, page: Page): Promise<Summary> {
  return sendToPage<Summary>(b, page, { type: 'page-summary' });
}

/** The tooltip's extension frame, if one is open. */
export function tooltipFrame(page: Page): Frame | undefined {
  return page.frames().find((f) => f.url().includes('/tooltip.html') && !f.isDetached());
}

/**
 * Waits for the tooltip frame to show a concept (its heading), or whatever `ready` selects in it
 * (e.g. '[data-note-id]': its evidence notes); returns the frame.
 */
export async function waitForTooltip(
  page: Page,
  timeout = 5000,
  ready = '.sl-tt[role="dialog"] .sl-tt__desc',
): Promise<Frame> {
  const deadline = Date.now() + timeout;
  let stuck = '';
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      if (!f.url().includes('/tooltip.html') || f.isDetached()) continue;
      // Bounded: count() waits for the frame's execution context, and a tooltip frame that never
      // gets one (replaced or stalled while loading) would keep this loop from its deadline forever.
      // A healthy frame answers in milliseconds; 2 s leaves room for a slow machine.
      const ok = await bounded(
        `the tooltip frame ${f.url()} to answer`,
        f.locator(ready).count(),
        2000,
      ).catch((e: unknown) => {
        stuck = e instanceof Error ? e.message : String(e);
        return 0;
      });
      if (ok > 0) return f;
    }
    await page.waitForTimeout(50);
  }
  const frames = page.frames().map((f) => f.url());
  const active = await bounded(
    'the focused element',
    page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120)),
    1000,
  ).catch(() => '?');
  throw new Error(
    `tooltip did not open within ${timeout} ms (frames: ${frames.join(', ')}; focus: ${active}${stuck ? `; last frame query: ${stuck}` : ''})`,
  );
}

/**
 * Focuses a mention as a reader's action does, and waits for its tooltip. Focus alone (page script
 * calling focus(), which is what locator.focus() does) opens nothing: the content script opens on
 * focus only just after the reader's own input. A press of the mouse on an empty corner of the
 * page stands for that input; it is repeated if the machine was too slow for the focus to follow
 * it closely enough.
 */
export async function focusAsReader(page: Page, mention: Locator, timeout = 3000): Promise<Frame> {
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const width = page.viewportSize()?.width ?? 1000;
    await bounded('a press on an empty corner', page.mouse.move(width - 3, 3), 5000);
    await bounded('a press on an empty corner', page.mouse.down(), 5000);
    await bounded('a press on an empty corner', page.mouse.up(), 5000);
    await mention.focus();
    try {
      return await waitForTooltip(page, timeout);
    } catch (e) {
      last = e;
    }
  }
  throw last;
}

/** How many Tab stops the tooltip frame has (the notes are one stop, whatever links they hold). */
export function tooltipTabStops(frame: Frame): Promise<number> {
  return bounded(
    "the tooltip's Tab stops",
    frame.evaluate(
      () =>
        [
          ...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]'),
        ].filter((e) => e.tabIndex >= 0 && !(e as HTMLButtonElement).disabled).length,
    ),
  );
}

export async function waitForNoTooltip(page: Page, timeout = 3000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (!tooltipFrame(page)) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`tooltip is still open after ${timeout} ms`);
}

/**
 * Presses a key, bounded. keyboard.press sends each key event with CDP Input.dispatchKeyEvent and
 * waits for the renderer to acknowledge it, with no timeout of its own. When the key goes to our
 * out-of-process tooltip frame and that frame is removed before it acknowledges (Escape inside
 * it closes it; Tab out of it opens the next mention's tooltip in its place), Chromium never
 * answers and the test hung for good. Seen here: 6 of 60 Escapes inside the tooltip under load
 * waited 60 s without an answer (2 on key down, 4 on key up), and one inpage.test.ts run hung in a
 * Tab out of the tooltip until the file timed out.
 *
 * `leavesFrame`: the key is expected to take focus out of the tooltip frame or close it. The key
 * was delivered (only its acknowledgement is lost), so after `timeout` the press counts as done
 * and the test goes on to check the effect itself. Otherwise a timeout fails, naming the key.
 */
export async function press(
  page: Page,
  key: string,
  {
    leavesFrame = false,
    timeout = leavesFrame ? 2000 : 5000,
  }: { leavesFrame?: boolean; timeout?: number } = {},
): Promise<void> {
  const what = `Chromium to acknowledge the key ${key}`;
  try {
    await bounded(what, page.keyboard.press(key), timeout);
  } catch (e) {
    if (!leavesFrame || !(e instanceof Error) || !e.message.startsWith('timed out')) throw e;
  }
}

/** Waits until the page's marks have stopped changing and no pass is running. */
export async function settle(b: ExtensionBrowser, page: Page, quietMs = 400): Promise<Summary> {
  let last = '';
  for (let i = 0; i < 60; i++) {
    const s = await summary(b, page);
    const key = JSON.stringify([s.state, s.mentions.length, s.stats.fullScans, s.stats.incrementalScans]);
    if (key === last && s.state !== 'scanning') return s;
    last = key;
    await page.waitForTimeout(quietMs);
  }
  throw new Error('page did not settle');
}

/**
 * Scrolls through the page two screens at a time, as a skimming reader would, so every mention
 * comes near the viewport and is marked; waits until marking stops, then goes back to the top.
 */
export async function scrollThrough<S extends { stats: { mentionsMarked: number } }>(
  page: Page,
  read: () => Promise<S>,
  maxSteps = 500,
): Promise<S> {
  for (let i = 0; i < maxSteps; i++) {
    const moved = await page.evaluate(() => {
      const y = window.scrollY;
      window.scrollBy(0, window.innerHeight * 2);
      return window.scrollY !== y;
    });
    await page.waitForTimeout(50);
    if (!moved) break;
  }
  let last = -1;
  let s = await read();
  for (let i = 0; i < 60 && s.stats.mentionsMarked !== last; i++) {
    last = s.stats.mentionsMarked;
    await page.waitForTimeout(150);
    s = await read();
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(50);
  return s;
}

const require = createRequire(import.meta.url);
export const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Text and layout of the page's own elements (our marks left out). */
export function pageLayout(page: Page) {
  return page.evaluate(readPageLayout);
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string } };
}

export interface OurTasks {
  /** Main-thread tasks from the first call into our content script on. */
  count: number;
  /** Longest such task, wall-clock milliseconds (includes time the OS gave to other processes). */
  maxWallMs: number;
  /** Longest such task, CPU milliseconds on the page's main thread. */
  maxCpuMs: number;
}

/**
 * Records a Chromium trace while `action` runs and measures every task on the page's main thread
 * from the first call into our content script to the end: the whole task counts, including the
 * style, layout, paint and GC it caused. Meant for pages without scripts of their own, where every
 * such task is ours (continuations after a yield do not show our script's name in the trace).
 */
export async function traceOurTasks(
  b: ExtensionBrowser,
  page: Page,
  action: () => Promise<void>,
): Promise<OurTasks> {
  const cdp = await b.context.newCDPSession(page);
  const events: TraceEvent[] = [];
  const on = cdp as unknown as {
    on(event: string, fn: (e: { value: TraceEvent[] }) => void): void;
    once(event: string, fn: () => void): void;
  };
  on.on('Tracing.dataCollected', (e) => {
    events.push(...e.value);
  });
  const complete = new Promise<void>((ok) => on.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  await action();
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  const ours = events.filter(
    (e) => e.name === 'FunctionCall' && (e.args?.data?.url ?? '').includes('/content-scripts/content.js'),
  );
  const first = ours.reduce<TraceEvent | undefined>((a, e) => (!a || e.ts < a.ts ? e : a), undefined);
  if (!first) return { count: 0, maxWallMs: 0, maxCpuMs: 0 };
  const tasks = events.filter(
    (e) =>
      e.name === 'RunTask' &&
      e.ph === 'X' &&
      e.pid === first.pid &&
      e.tid === first.tid &&
      e.ts + (e.dur ?? 0) >= first.ts,
  );
  return {
    count: tasks.length,
    maxWallMs: Math.max(0, ...tasks.map((t) => (t.dur ?? 0) / 1000)),
    maxCpuMs: Math.max(0, ...tasks.map((t) => (t.tdur ?? t.dur ?? 0) / 1000)),
  };
}

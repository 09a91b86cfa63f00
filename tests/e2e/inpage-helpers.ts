// Helpers shared by the in-page end-to-end tests (inpage*.test.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';
import type { ExtensionBrowser } from './harness';
import { tabIdFor } from './harness';

export const DEFAULT_SETTINGS = {
  version: 1,
  flags: [] as string[],
  mode: 'health',
  sites: {} as Record<string, string>,
  highlightStyle: 'underline',
  reviewerMode: false,
  sync: false,
};

/** Replaces the stored settings (as the options page would), from the service worker. */
export async function writeSettings(
  b: ExtensionBrowser,
  patch: Partial<typeof DEFAULT_SETTINGS>,
): Promise<void> {
  await b.worker.evaluate((s) => chrome.storage.local.set({ settings: s }), {
    ...DEFAULT_SETTINGS,
    ...patch,
  });
}

/** Sends a content-script message to the page's top frame, as the popup or background does. */
export async function sendToPage<T = unknown>(b: ExtensionBrowser, page: Page, message: unknown): Promise<T> {
  const tabId = await tabIdFor(b, page.url());
  return (await b.worker.evaluate(([id, msg]) => chrome.tabs.sendMessage(id as number, msg, { frameId: 0 }), [
    tabId,
    message,
  ] as const)) as T;
}

export interface Summary {
  state: string;
  health: boolean;
  hidden: boolean;
  mentions: { index: number; id: string; kind: string; name: string; text: string }[];
  doses: { conceptId: string; text: string; aboveLimit: boolean }[];
  stats: {
    slices: number;
    maxSliceMs: number;
    maxUnitMs: number;
    fullScans: number;
    incrementalScans: number;
    mutationBatches: number;
    ownRecords: number;
    navigations: number;
    maxSetupMs: number;
    mentionsFound: number;
    mentionsMarked: number;
  };
}

export function summary(b: ExtensionBrowser, page: Page): Promise<Summary> {
  return sendToPage<Summary>(b, page, { type: 'page-summary' });
}

/** The tooltip's extension frame, if one is open. */
export function tooltipFrame(page: Page): Frame | undefined {
  return page.frames().find((f) => f.url().includes('/tooltip.html') && !f.isDetached());
}

/** Waits for the tooltip frame to show a concept (its heading), returns the frame. */
export async function waitForTooltip(page: Page, timeout = 5000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      if (!f.url().includes('/tooltip.html') || f.isDetached()) continue;
      const ok = await f
        .locator('.sl-tt[role="dialog"] .sl-tt__desc')
        .count()
        .catch(() => 0);
      if (ok > 0) return f;
    }
    await page.waitForTimeout(50);
  }
  const frames = page.frames().map((f) => f.url());
  const active = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120)).catch(() => '?');
  throw new Error(`tooltip did not open (frames: ${frames.join(', ')}; focus: ${active})`);
}

export async function waitForNoTooltip(page: Page, timeout = 3000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (!tooltipFrame(page)) return;
    await page.waitForTimeout(50);
  }
  throw new Error('tooltip is still open');
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

const require = createRequire(import.meta.url);
export const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Text and layout of the page's own elements (our marks and UI left out). */
export function pageLayout(page: Page) {
  return page.evaluate(() => {
    // (No named inner functions here: tsx would wrap them in a helper the page does not have.)
    const els = [...document.body.querySelectorAll('*')].filter(
      (el) => !el.matches('span[data-supplens-id]'),
    );
    return {
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point here
      text: document.body.innerText,
      boxes: els.map((el) => {
        const r = el.getBoundingClientRect();
        return { tag: el.localName, x: r.x, y: r.y, w: r.width, h: r.height };
      }),
      scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
    };
  });
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

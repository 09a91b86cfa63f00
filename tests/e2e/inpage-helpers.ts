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
export async function writeSettings(b: ExtensionBrowser, patch: Partial<typeof DEFAULT_SETTINGS>): Promise<void> {
  await b.worker.evaluate((s) => chrome.storage.local.set({ settings: s }), { ...DEFAULT_SETTINGS, ...patch });
}

/** Sends a content-script message to the page's top frame, as the popup or background does. */
export async function sendToPage<T = unknown>(b: ExtensionBrowser, page: Page, message: unknown): Promise<T> {
  const tabId = await tabIdFor(b, page.url());
  return (await b.worker.evaluate(
    ([id, msg]) => chrome.tabs.sendMessage(id as number, msg, { frameId: 0 }),
    [tabId, message] as const,
  )) as T;
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
    fullScans: number;
    incrementalScans: number;
    mutationBatches: number;
    ownRecords: number;
    navigations: number;
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
    const f = tooltipFrame(page);
    if (f) {
      const ok = await f
        .locator('.sl-tt[role="dialog"] .sl-tt__desc')
        .count()
        .catch(() => 0);
      if (ok > 0) return f;
    }
    await page.waitForTimeout(50);
  }
  throw new Error('tooltip did not open');
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
    const ours = (el: Element) => el.matches('span[data-supplens-id]');
    const els = [...document.body.querySelectorAll('*')].filter((el) => !ours(el));
    return {
      text: document.body.innerText,
      boxes: els.map((el) => {
        const r = el.getBoundingClientRect();
        return { tag: el.localName, x: r.x, y: r.y, w: r.width, h: r.height };
      }),
      scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
    };
  });
}

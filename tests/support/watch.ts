// Shared by the hardening tests, the real-pages run and the bench: what extension code did wrong
// in a page (uncaught errors and console errors from the content script's isolated world, from our
// frames, and from the service worker), a page-side responsiveness meter, and page-summary polling.

import type { CDPSession, Page } from 'playwright-core';
import type { InPageSummary } from '../../entrypoints/content/app';
import type { ExtensionBrowser } from './harness';
import { tabIdFor } from './harness';

export interface ExtensionError {
  where: 'content-script' | 'extension-frame' | 'service-worker';
  page: string;
  text: string;
}

interface ExecutionContext {
  id: number;
  origin: string;
  name: string;
}

interface StackTrace {
  callFrames?: { url: string }[];
}

/** Records errors caused by extension code in pages (via CDP) and in the service worker. */
export class ExtensionErrorWatch {
  readonly errors: ExtensionError[] = [];
  private readonly sessions = new Map<Page, CDPSession>();

  constructor(private readonly b: ExtensionBrowser) {
    b.worker.on('console', (m) => {
      if (m.type() === 'error') this.errors.push({ where: 'service-worker', page: '', text: m.text() });
    });
  }

  /** Reports uncaught errors and unhandled rejections of the service worker as console errors. */
  async instrumentWorker(): Promise<void> {
    await this.b.worker.evaluate(() => {
      const g = globalThis as unknown as { __supplensWatch?: boolean };
      if (g.__supplensWatch) return;
      g.__supplensWatch = true;
      self.addEventListener('error', (e) => console.error('uncaught in service worker:', e.message));
      self.addEventListener('unhandledrejection', (e) =>
        console.error('unhandled rejection in service worker:', String(e.reason)),
      );
    });
  }

  async attach(page: Page): Promise<void> {
    const cdp = await page.context().newCDPSession(page);
    this.sessions.set(page, cdp);
    const ours = new Set<number>();
    const url = () => page.url();
    // Our extension only: saved pages may reference other extensions' files.
    const prefix = `chrome-extension://${this.b.extensionId}/`;
    const isExt = (s: string | undefined) => !!s && (s.startsWith(prefix) || s === prefix.slice(0, -1));
    const fromStack = (st: StackTrace | undefined) => !!st?.callFrames?.some((f) => isExt(f.url));
    cdp.on('Runtime.executionContextCreated', (e: { context: ExecutionContext }) => {
      if (isExt(e.context.origin)) ours.add(e.context.id);
      else ours.delete(e.context.id);
    });
    // Context ids start again in a new renderer process: forget ours on every navigation.
    cdp.on('Runtime.executionContextDestroyed', (e: { executionContextId: number }) =>
      ours.delete(e.executionContextId),
    );
    cdp.on('Runtime.executionContextsCleared', () => ours.clear());
    cdp.on(
      'Runtime.exceptionThrown',
      (e: {
        exceptionDetails: {
          executionContextId?: number;
          text: string;
          url?: string;
          stackTrace?: StackTrace;
          exception?: { description?: string };
        };
      }) => {
        const d = e.exceptionDetails;
        if (ours.has(d.executionContextId ?? -1) || isExt(d.url) || fromStack(d.stackTrace))
          this.errors.push({
            where: 'content-script',
            page: url(),
            text: `${d.text} ${d.exception?.description ?? ''}`.slice(0, 500),
          });
      },
    );
    cdp.on(
      'Runtime.consoleAPICalled',
      (e: {
        type: string;
        executionContextId: number;
        args: { value?: unknown; description?: string }[];
        stackTrace?: StackTrace;
      }) => {
        if (e.type !== 'error' && e.type !== 'assert') return;
        if (!ours.has(e.executionContextId) && !fromStack(e.stackTrace)) return;
        this.errors.push({
          where: 'content-script',
          page: url(),
          text: e.args
            .map((a) => String(a.value ?? a.description ?? ''))
            .join(' ')
            .slice(0, 500),
        });
      },
    );
    await cdp.send('Runtime.enable');
    // Our extension frames (tooltip) run out of process: Playwright reports them on the page.
    page.on('console', (m) => {
      if (m.type() === 'error' && isExt(m.location().url))
        this.errors.push({ where: 'extension-frame', page: url(), text: m.text().slice(0, 500) });
    });
    page.on('pageerror', (err) => {
      if ((err.stack ?? '').includes(prefix))
        this.errors.push({ where: 'extension-frame', page: url(), text: String(err.stack).slice(0, 500) });
    });
  }

  async detach(page: Page): Promise<void> {
    const cdp = this.sessions.get(page);
    this.sessions.delete(page);
    await cdp?.detach().catch(() => undefined);
  }

  /** Errors recorded since `from` (an index into `errors`). */
  since(from: number): ExtensionError[] {
    return this.errors.slice(from);
  }
}

/**
 * A page-side responsiveness meter (install with context.addInitScript): a 10 ms interval
 * records the longest gap between its ticks, i.e. the longest time the page's main thread was
 * busy. Reset with window.__jank.reset(); read window.__jank.max.
 */
export const JANK_METER = `(() => {
  if (window.top !== window) return;
  const j = { max: 0, over50: 0, ticks: 0, last: performance.now(), reset() { j.max = 0; j.over50 = 0; j.ticks = 0; j.last = performance.now(); } };
  setInterval(() => {
    const now = performance.now();
    const gap = now - j.last - 10;
    j.last = now;
    j.ticks++;
    if (gap > j.max) j.max = gap;
    if (gap > 50) j.over50++;
  }, 10);
  Object.defineProperty(window, '__jank', { value: j });
})();`;

export interface JankReading {
  max: number;
  over50: number;
  ticks: number;
}

export function readJank(page: Page): Promise<JankReading> {
  return page.evaluate(() => {
    const j = (window as unknown as { __jank: JankReading }).__jank;
    return { max: j.max, over50: j.over50, ticks: j.ticks };
  });
}

export function resetJank(page: Page): Promise<void> {
  return page.evaluate(() => (window as unknown as { __jank: { reset(): void } }).__jank.reset());
}

/** The content script's 'page-summary' reply (its counters included). */
export type PageSummaryReply = InPageSummary;

/** Sends a content-script message to a tab from the service worker (undefined if none answers). */
export async function sendToTab<T>(
  b: ExtensionBrowser,
  tabId: number,
  message: unknown,
): Promise<T | undefined> {
  return (await b.worker
    .evaluate(
      ([id, msg]) => chrome.tabs.sendMessage(id as number, msg, { frameId: 0 }).catch(() => undefined),
      [tabId, message] as const,
    )
    .catch(() => undefined)) as T | undefined;
}

/**
 * Polls 'page-summary' until the content script has finished (a final state, no pass pending,
 * the same answer twice in a row `quietMs` apart). Returns the last reply, or undefined after
 * `timeoutMs` without one.
 */
export async function waitForDone(
  b: ExtensionBrowser,
  page: Page,
  opts: { timeoutMs?: number; quietMs?: number; tabId?: number } = {},
): Promise<PageSummaryReply | undefined> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  const quiet = opts.quietMs ?? 150;
  const tabId = opts.tabId ?? (await tabIdFor(b, page.url()));
  let last = '';
  let reply: PageSummaryReply | undefined;
  while (Date.now() < deadline) {
    reply = await sendToTab<PageSummaryReply>(b, tabId, { type: 'page-summary' });
    if (reply && reply.state !== 'scanning') {
      const key = JSON.stringify([
        reply.state,
        reply.mentions.length,
        reply.stats.fullScans,
        reply.stats.incrementalScans,
        reply.stats.slices,
      ]);
      if (key === last) return reply;
      last = key;
    }
    await page.waitForTimeout(quiet);
  }
  return undefined;
}

/** Where two strings first differ, with some context (for failure messages). */
export function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return '';
  const ctx = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 40), i + 40));
  return `at ${i} of ${a.length}/${b.length}: ${ctx(a)} vs ${ctx(b)}`;
}

/**
 * The page's rendered text (document.body.innerText) with our marks in place and after the
 * content script took them out again ('toggle-highlights', which restores the page's own text
 * nodes); then shows the highlights again. Comparing the two in the same tab isolates what our
 * marks do to the visible text from anything the page itself changes between two loads.
 */
export async function textWithAndWithoutMarks(
  b: ExtensionBrowser,
  page: Page,
  tabId: number,
): Promise<{ withMarks: string; without: string; marks: number; marksAfterHide: number }> {
  const read = () =>
    page.evaluate(() => ({
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is compared
      text: document.body ? document.body.innerText : '',
      marks: document.querySelectorAll('[data-supplens-id]').length,
    }));
  const a = await read();
  await sendToTab(b, tabId, { type: 'command', name: 'toggle-highlights' });
  const z = await read();
  await sendToTab(b, tabId, { type: 'command', name: 'toggle-highlights' });
  return { withMarks: a.text, without: z.text, marks: a.marks, marksAfterHide: z.marks };
}

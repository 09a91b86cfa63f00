// Shared set-up for end-to-end tests: a real Chromium with the built extension, pages served on
// 127.0.0.1, and a record of every request extension code makes.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const EXTENSION_DIR = join(ROOT, '.output', 'chrome-mv3');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves files under `roots` (first match wins) on 127.0.0.1 with a random port. `headers` lets a
 * test add e.g. a Content-Security-Policy for one path.
 */
export async function serveStatic(
  roots: string[],
  headers: (path: string) => Record<string, string> = () => ({}),
): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    for (const root of roots) {
      const file = join(root, rel);
      if (!file.startsWith(root)) continue;
      if (existsSync(file) && statSync(file).isFile()) {
        res.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          ...headers(url.pathname),
        });
        res.end(readFileSync(file));
        return;
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('server has no port');
  return {
    origin: `http://127.0.0.1:${addr.port}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

export interface PageServer extends StaticServer {
  /** Where the pages are, for a test that rewrites one between visits. */
  dir: string;
}

/**
 * Serves generated pages (file name → HTML) from a temporary folder, then the files under `roots`;
 * close() also removes the folder.
 */
export async function servePages(pages: Record<string, string>, roots: string[] = []): Promise<PageServer> {
  const dir = mkdtempSync(join(tmpdir(), 'supplens-pages-'));
  for (const [name, html] of Object.entries(pages)) writeFileSync(join(dir, name), html);
  const server = await serveStatic([dir, ...roots]);
  return {
    origin: server.origin,
    dir,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  profileDir: string;
  /** URLs requested by extension code (service worker, extension pages, our iframes). */
  extensionRequests: string[];
  close(opts?: { keepProfile?: boolean }): Promise<void>;
}

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path))
    throw new Error(`Chromium not found at ${path}; run the README's test command to install it`);
  return path;
}

export async function launchWithExtension(
  opts: { profileDir?: string; headless?: boolean } = {},
): Promise<ExtensionBrowser> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json')))
    throw new Error(`no built extension at ${EXTENSION_DIR}; run npm run build first`);
  const profileDir = opts.profileDir ?? mkdtempSync(join(tmpdir(), 'supplens-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: opts.headless ?? true,
    viewport: { width: 1280, height: 900 },
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-default-browser-check',
    ],
  });
  let worker = context.serviceWorkers()[0];
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 20_000 });
  const extensionId = new URL(worker.url()).host;
  const extensionRequests: string[] = [];
  const record = (url: string, fromExtension: boolean) => {
    if (fromExtension && !url.startsWith('chrome-extension://') && !url.startsWith('data:'))
      extensionRequests.push(url);
  };
  context.on('request', (req) => {
    const frame = (() => {
      try {
        return req.frame();
      } catch {
        return undefined;
      }
    })();
    const frameUrl = frame?.url() ?? '';
    // Only our own worker: a page's service worker is page code, not ours.
    const workerUrl = req.serviceWorker()?.url() ?? '';
    record(
      req.url(),
      frameUrl.startsWith('chrome-extension://') || workerUrl.startsWith('chrome-extension://'),
    );
  });
  return {
    context,
    extensionId,
    worker,
    profileDir,
    extensionRequests,
    async close({ keepProfile = false } = {}) {
      await context.close();
      if (!keepProfile && !opts.profileDir) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * Awaits `promise` for at most `ms` milliseconds, then fails naming `what`. Many Playwright calls
 * take no timeout and can wait forever, silently hanging the whole test file: evaluate and
 * locator.count wait for the frame's execution context (forever if it never appears), and
 * keyboard and mouse input waits for the renderer's acknowledgement (never sent for a key event
 * whose out-of-process frame, such as our tooltip, is removed first; see `press`). The call itself
 * is left running; closing the browser in `after` ends it.
 */
export async function bounded<T>(what: string, promise: Promise<T>, ms = 10_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function extensionUrl(b: ExtensionBrowser, page: string): string {
  return `chrome-extension://${b.extensionId}/${page}`;
}

/** Opens an extension page (popup, options, review) as a tab, the way tests can reach it. */
export async function openExtensionPage(b: ExtensionBrowser, page: string, query = ''): Promise<Page> {
  const p = await b.context.newPage();
  await p.goto(extensionUrl(b, page) + query);
  return p;
}

/** Sends a runtime message from an extension page, as the tooltip frame and the review page do. */
export function sendFromPage<T = Record<string, unknown>>(page: Page, message: unknown): Promise<T> {
  return page.evaluate((m) => chrome.runtime.sendMessage(m), message) as Promise<T>;
}

let axeSource: string | undefined;

/** Serious or critical axe-core violations on a page, as "rule: help (targets)" lines. */
export async function axeProblems(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // evaluate() is not subject to the extension page's CSP, unlike a script tag.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(): Promise<{
            violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    const r = await axe.run();
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

/**
 * Has the page record the duration of every long task from before its first script runs, for
 * `longTasks` to read. Call before the page navigates.
 */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The long tasks (ms) recorded since navigation or the last `clearLongTasks`. */
export function longTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
}

export async function clearLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __longTasks: number[] }).__longTasks = [];
  });
}

/** The review page's filter and paging controls, found as a reader finds them: by their labels. */
export function reviewControls(page: Page) {
  return {
    verdict: (verdict: string) => page.getByLabel('Verdict', { exact: true }).selectOption(verdict),
    site: (site: string) => page.getByLabel('Site').selectOption(site),
    concept: (conceptId: string) => page.getByLabel('Concept').selectOption(conceptId),
    search: (query: string) => page.getByLabel('Search quotes, comments, notes and titles').fill(query),
    recordedFrom: (date: string) => page.getByLabel('Recorded from').fill(date),
    clearFilters: () => page.getByRole('button', { name: 'Clear filters' }).click(),
    nextPage: () => page.getByRole('button', { name: 'Next' }).click(),
  };
}

/** Waits until the review page's count line ("Showing 1–50 of 120 reviews") matches `expected`. */
export async function waitForReviewCount(page: Page, expected: RegExp, timeout = 15_000): Promise<void> {
  // The RegExp travels as source and flags: the page's CSP forbids evaluating functions from strings.
  await page
    .waitForFunction(
      ([source, flags]) =>
        new RegExp(source!, flags).test(document.querySelector('[data-testid="count"]')?.textContent ?? ''),
      [expected.source, expected.flags],
      { timeout },
    )
    .catch(async (e) => {
      const line = await page.getByTestId('count').textContent();
      throw new Error(`count line is "${line}", expected ${expected}: ${e}`);
    });
}

/** Waits until the content script has annotated the page (or reported a final state). */
export async function waitForAnnotations(page: Page, min = 1, timeout = 15_000): Promise<number> {
  await page.waitForFunction((n) => document.querySelectorAll('[data-supplens-id]').length >= n, min, {
    timeout,
  });
  return page.locator('[data-supplens-id]').count();
}

/** Id of the tab showing `url`, asked of the extension's service worker. */
export async function tabIdFor(b: ExtensionBrowser, url: string): Promise<number> {
  const id = await bounded(
    `the service worker's tab id for ${url}`,
    b.worker.evaluate(async (u) => {
      const tabs = await chrome.tabs.query({});
      return tabs.find((t) => t.url === u)?.id ?? -1;
    }, url),
  );
  if (id < 0) throw new Error(`no tab for ${url}`);
  return id;
}

export const DEMO_DIR = join(ROOT, 'demo');
export const FIXTURE_PAGES = join(ROOT, 'tests', 'fixtures', 'pages');

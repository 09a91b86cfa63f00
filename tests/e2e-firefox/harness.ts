// Shared set-up for end-to-end tests in Firefox: Debian's firefox-esr driven by puppeteer-core over
// WebDriver BiDi, the built Firefox extension installed as a temporary add-on, pages served on
// 127.0.0.1, and every request that leaves 127.0.0.1 recorded. Shaped like ../e2e/harness.ts, so a
// test reads the same in both browsers; what differs is how the extension is reached:
// - Firefox has no service worker to evaluate in (MV2 background page): extension APIs are called
//   from an extension page (`ext`), which has `browser.*` like the popup.
// - BiDi hides extension frames (Mozilla bug 1755014), so the tooltip frame is read from the chrome
//   scope by its browsing-context id: Firefox is started with --remote-allow-system-access.
// - Extension pages never report a load event to BiDi: they are opened with `wait: 'none'`.
// Requests: Firefox is pointed at a proxy of ours on 127.0.0.1 for every host but 127.0.0.1 itself
// (localhost is never proxied), so any request anything in the browser makes elsewhere reaches the
// proxy, is recorded and refused.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { InPageSummary } from '../../entrypoints/content/app';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings';
import { bounded, ROOT } from '../support/harness';
import { readPageLayout } from '../support/page-probes';

export {
  bounded,
  DEMO_DIR,
  FIXTURE_PAGES,
  ROOT,
  type StaticServer,
  servePages,
  serveStatic,
} from '../support/harness';

export const FIREFOX_EXTENSION_DIR = join(ROOT, '.output', 'firefox-mv2');
/** A fixed moz-extension:// host (pref extensions.webextensions.uuids), so tests can build URLs. */
export const EXTENSION_UUID = '5e7f6c3a-0000-4000-8000-5a991e115001';

export function firefoxPath(): string {
  const path = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
  if (!existsSync(path))
    throw new Error(`Firefox not found at ${path}; run the README's test command to install firefox-esr`);
  return path;
}

export interface FirefoxExtension {
  browser: Browser;
  /** An extension page kept open to call `browser.*` from, as the popup does. */
  ext: Page;
  /** Requests for anything but 127.0.0.1 that reached the recording proxy ("host:port" or URL). */
  outsideRequests: string[];
  close(): Promise<void>;
}

/** Records and refuses whatever Firefox sends to it as a proxy. */
async function recordingProxy(): Promise<{ port: number; seen: string[]; server: Server }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '?');
    res.writeHead(403).end();
  });
  server.on('connect', (req, socket) => {
    seen.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('proxy has no port');
  return { port: addr.port, seen, server };
}

export async function launchFirefox(opts: { headless?: boolean } = {}): Promise<FirefoxExtension> {
  const manifestPath = join(FIREFOX_EXTENSION_DIR, 'manifest.json');
  if (!existsSync(manifestPath))
    throw new Error(`no built extension at ${FIREFOX_EXTENSION_DIR}; run npm run build first`);
  const id = JSON.parse(readFileSync(manifestPath, 'utf8')).browser_specific_settings.gecko.id as string;
  const proxy = await recordingProxy();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: opts.headless ?? true,
    args: ['--remote-allow-system-access'],
    // Remote Settings (blocklists and the like, fetched by the browser itself on start and on
    // installing an add-on) honours a server of our choosing only with this variable set.
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [id]: EXTENSION_UUID }),
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxy.port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxy.port,
      'network.proxy.share_proxy_settings': true,
      'network.proxy.allow_hijacking_localhost': false,
      // Connectivity and captive-portal probes are the browser's, not ours: off so the record is ours.
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'browser.newtabpage.enabled': false,
      'services.settings.server': 'http://127.0.0.1:1/v1',
    },
  });
  try {
    const installed = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    if (installed !== id) throw new Error(`installed ${installed}, expected ${id}`);
    const ext = await openExtensionPage(browser, 'popup.html');
    return {
      browser,
      ext,
      outsideRequests: proxy.seen,
      async close() {
        await browser.close().catch(() => {});
        await new Promise<void>((ok) => proxy.server.close(() => ok()));
      },
    };
  } catch (e) {
    await browser.close().catch(() => {});
    proxy.server.close();
    throw e;
  }
}

export function extensionUrl(page: string): string {
  return `moz-extension://${EXTENSION_UUID}/${page}`;
}

/** Raw WebDriver BiDi commands, for what puppeteer-core does not offer (Firefox's chrome scope). */
interface Bidi {
  // biome-ignore lint/suspicious/noExplicitAny: raw protocol replies.
  send(method: string, params: object): Promise<any>;
}
const bidi = (browser: Browser) => (browser as unknown as { connection: Bidi }).connection;
const contextId = (page: Page) => (page.mainFrame() as unknown as { _id: string })._id;

/** Navigates without waiting for a load event: BiDi never reports one for extension pages. */
export async function navigate(page: Page, url: string): Promise<void> {
  await bidi(page.browser()).send('browsingContext.navigate', {
    context: contextId(page),
    url,
    wait: 'none',
  });
  const target = new URL(url);
  await page.waitForFunction(
    (href: string) => location.href === href && document.readyState === 'complete',
    { timeout: 15_000, polling: 50 },
    target.href,
  );
}

/** Opens an extension page (popup, options, review) as a tab. */
export async function openExtensionPage(browser: Browser, page: string, query = ''): Promise<Page> {
  const p = await browser.newPage();
  await navigate(p, extensionUrl(page) + query);
  return p;
}

// biome-ignore lint/suspicious/noExplicitAny: `browser` is the WebExtension global of the extension page.
declare const browser: any;

/** Id of the tab showing `url`. */
export async function tabIdFor(fx: FirefoxExtension, url: string): Promise<number> {
  const id = await bounded(
    `the tab id for ${url}`,
    fx.ext.evaluate(
      async (u: string) =>
        ((await browser.tabs.query({})) as { url: string; id: number }[]).find((t) => t.url === u)?.id ?? -1,
      url,
    ),
  );
  if (id < 0) throw new Error(`no tab for ${url}`);
  return id;
}

/** Sends a content-script message to the page's top frame, as the popup does. */
export async function sendToPage<T = unknown>(
  fx: FirefoxExtension,
  page: Page,
  message: unknown,
): Promise<T> {
  const tabId = await tabIdFor(fx, page.url());
  return (await bounded(
    `the content script's answer to ${JSON.stringify((message as { type?: unknown }).type)}`,
    fx.ext.evaluate(
      (id: number, msg: unknown) => browser.tabs.sendMessage(id, msg, { frameId: 0 }),
      tabId,
      message as never,
    ),
  )) as T;
}

/** Sends a runtime message to the background, as the tooltip frame and the review page do. */
export function sendToBackground<T = Record<string, unknown>>(
  fx: FirefoxExtension,
  message: unknown,
): Promise<T> {
  return bounded(
    `the background's answer to ${JSON.stringify((message as { type?: unknown }).type)}`,
    fx.ext.evaluate((m: unknown) => browser.runtime.sendMessage(m), message as never),
  ) as Promise<T>;
}

export function summary(fx: FirefoxExtension, page: Page): Promise<InPageSummary> {
  return sendToPage<InPageSummary>(fx, page, { type: 'page-summary' });
}

/** Replaces the stored settings, as the options page would. */
export async function writeSettings(fx: FirefoxExtension, patch: Partial<Settings>): Promise<void> {
  await bounded(
    'the extension to store the settings',
    fx.ext.evaluate((s: Settings) => browser.storage.local.set({ settings: s }), {
      ...DEFAULT_SETTINGS,
      ...patch,
    } as never),
  );
}

/** The stored settings, as the extension reads them. */
export function readSettings(fx: FirefoxExtension): Promise<Settings | undefined> {
  return bounded(
    'the extension to read the settings',
    fx.ext.evaluate(
      async () => (await browser.storage.local.get('settings')).settings as Settings | undefined,
    ),
  );
}

/** Waits until the content script has marked at least `min` mentions; returns the count. */
export async function waitForAnnotations(page: Page, min = 1, timeout = 20_000): Promise<number> {
  await page.waitForFunction(
    (n: number) => document.querySelectorAll('[data-supplens-id]').length >= n,
    { timeout, polling: 100 },
    min,
  );
  return page.$$eval('[data-supplens-id]', (e) => e.length);
}

/** Waits until the page's marks have stopped changing and no pass is running. */
export async function settle(fx: FirefoxExtension, page: Page, quietMs = 400): Promise<InPageSummary> {
  let last = '';
  let since = Date.now();
  const deadline = Date.now() + 20_000;
  for (;;) {
    const s = await summary(fx, page);
    const key = `${s.state}:${s.stats.mentionsMarked}:${s.stats.mentionsFound}`;
    if (key !== last) {
      last = key;
      since = Date.now();
    } else if (Date.now() - since >= quietMs && s.state !== 'scanning') return s;
    if (Date.now() > deadline) throw new Error(`page did not settle (last: ${key})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Evaluates `expression` in the extension frame whose URL contains `urlPart` (the tooltip), found
 * from the chrome scope because BiDi does not list extension frames. Undefined when no such frame.
 */
export async function evalInExtensionFrame<T>(
  fx: FirefoxExtension,
  urlPart: string,
  expression: string,
): Promise<T | undefined> {
  const connection = bidi(fx.browser);
  const send = (method: string, params: object) => connection.send(method, params);
  const { result: tree } = await send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const list =
    'JSON.stringify(gBrowser.browsers.flatMap(b => b.browsingContext.getAllBrowsingContextsInSubtree().map(c => [String(c.id), c.currentURI?.spec])))';
  const evaluate = (context: string, e: string) =>
    send('script.evaluate', { expression: e, target: { context }, awaitPromise: true });
  const frames = JSON.parse((await evaluate(tree.contexts[0].context, list)).result.result.value) as [
    string,
    string,
  ][];
  const found = frames.find(([, u]) => u?.includes(urlPart));
  if (!found) return undefined;
  const r = await evaluate(found[0], expression).catch(() => undefined);
  const value = r?.result?.result?.value;
  return typeof value === 'string' ? (JSON.parse(value) as T) : undefined;
}

export interface TooltipState {
  title: string;
  notes: string[];
  noteTexts: string[];
  dialog: boolean;
}

const TOOLTIP_STATE = `JSON.stringify({
  title: document.querySelector('#sl-tt-title')?.textContent ?? '',
  notes: [...document.querySelectorAll('[data-note-id]')].map((n) => n.getAttribute('data-note-id')),
  noteTexts: [...document.querySelectorAll('[data-note-id]')].map((n) => n.textContent),
  dialog: !!document.querySelector('.sl-tt[role="dialog"] .sl-tt__desc'),
})`;

/** The tooltip frame's content once it shows a concept with at least one note. */
export async function waitForTooltip(fx: FirefoxExtension, timeout = 8000): Promise<TooltipState> {
  const deadline = Date.now() + timeout;
  let last: TooltipState | undefined;
  while (Date.now() < deadline) {
    last = await evalInExtensionFrame<TooltipState>(fx, '/tooltip.html', TOOLTIP_STATE);
    if (last?.dialog && last.notes.length > 0) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tooltip did not open within ${timeout} ms (last: ${JSON.stringify(last)})`);
}

/** Text and layout of the page's own elements (our marks left out). */
export function pageLayout(page: Page) {
  return page.evaluate(readPageLayout);
}

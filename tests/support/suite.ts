// The setup most Chromium e2e files share: the built extension in Chromium and a static server on
// 127.0.0.1, launched before the file's tests and closed after them.
import { after, before } from 'node:test';
import type { Settings } from '../../lib/settings';
import { type ExtensionBrowser, launchWithExtension, type StaticServer, serveStatic } from './harness';
import { writeSettings } from './inpage';
import { ExtensionErrorWatch } from './watch';

export interface ExtensionSuite {
  b: ExtensionBrowser;
  server: StaticServer;
  /** Errors from extension code, the service worker's included (only with `watch: true`). */
  watch: ExtensionErrorWatch;
}

/**
 * Registers the file's before/after hooks and returns the object they fill in. Node 20 runs a
 * file's top-level before hooks at the same time, so what needs the browser goes in `setup`.
 */
export function extensionSuite(
  roots: string[],
  opts: {
    headers?: (path: string) => Record<string, string>;
    /** Written once the browser is up; leave out to keep what each test writes. */
    settings?: Partial<Settings>;
    watch?: boolean;
    /** More of the file's setup, once the browser, the server and the watch are up. */
    setup?: (suite: ExtensionSuite) => Promise<void>;
  } = {},
): ExtensionSuite {
  const suite = {} as ExtensionSuite;
  before(async () => {
    suite.b = await launchWithExtension();
    suite.server = await serveStatic(roots, opts.headers);
    if (opts.settings) await writeSettings(suite.b, opts.settings);
    if (opts.watch) {
      suite.watch = new ExtensionErrorWatch(suite.b);
      await suite.watch.instrumentWorker();
    }
    await opts.setup?.(suite);
  });
  after(async () => {
    await suite.b?.close();
    await suite.server?.close();
  });
  return suite;
}

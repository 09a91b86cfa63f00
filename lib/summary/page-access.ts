// Which tabs SuppLens can work on, and a plain explanation for the ones it cannot. Pure: the popup
// passes in the tab's URL and whether the browser lets the extension read file: URLs.

export type BlockedReason =
  | 'browser-page'
  | 'web-store'
  | 'pdf'
  | 'file-no-access'
  | 'extension-page'
  | 'no-address';

export type PageAccess =
  | { ok: true }
  | { ok: false; reason: BlockedReason; title: string; explanation: string; hint?: string };

export interface AccessContext {
  /** browser.extension.isAllowedFileSchemeAccess(); only consulted for file: URLs. */
  fileAccess: boolean;
}

/** Hosts (and path prefixes) of add-on stores, where browsers block every extension. */
const STORES: { host: string; path?: string }[] = [
  { host: 'chromewebstore.google.com' },
  { host: 'chrome.google.com', path: '/webstore' },
  { host: 'addons.mozilla.org' },
  { host: 'microsoftedge.microsoft.com', path: '/addons' },
];

const BROWSER_SCHEMES = new Set([
  'chrome:',
  'chrome-untrusted:',
  'chrome-search:',
  'devtools:',
  'edge:',
  'brave:',
  'opera:',
  'vivaldi:',
  'about:',
  'view-source:',
  'resource:',
  'moz-extension:',
  'chrome-extension:',
  'data:',
  'blob:',
  'javascript:',
]);

const blocked = (reason: BlockedReason, title: string, explanation: string, hint?: string): PageAccess => ({
  ok: false,
  reason,
  title,
  explanation,
  ...(hint ? { hint } : {}),
});

export function pageAccess(url: string | undefined, ctx: AccessContext): PageAccess {
  if (!url)
    return blocked(
      'no-address',
      'No page to check',
      'SuppLens cannot see the address of this tab, so it cannot tell what the page contains.',
    );
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return blocked('no-address', 'No page to check', 'This tab does not show a web page SuppLens can read.');
  }
  const scheme = parsed.protocol;
  if (scheme === 'chrome-extension:' || scheme === 'moz-extension:')
    return blocked(
      'extension-page',
      'This is an extension page',
      'Pages that belong to an extension (including SuppLens’s own pages) are not web articles, so there is nothing here for SuppLens to annotate.',
    );
  if (BROWSER_SCHEMES.has(scheme))
    return blocked(
      'browser-page',
      'This is a browser page',
      'Browsers do not let extensions read or change their own pages (settings, new tab, history, about: and chrome:// pages), so SuppLens cannot run here.',
    );
  const isPdf = parsed.pathname.toLowerCase().endsWith('.pdf');
  if (scheme === 'file:') {
    if (!ctx.fileAccess)
      return blocked(
        'file-no-access',
        'This is a file on your computer',
        'SuppLens cannot read files opened from your computer unless you allow it.',
        'To allow it, open the browser’s extension settings, choose SuppLens and turn on “Allow access to file URLs”, then reload this page.',
      );
    if (isPdf) return pdf();
    return { ok: true };
  }
  if (scheme !== 'http:' && scheme !== 'https:')
    return blocked(
      'browser-page',
      'SuppLens cannot run here',
      `Extensions cannot read pages whose address starts with “${scheme}”. SuppLens works on ordinary web pages (http and https).`,
    );
  const host = parsed.hostname.toLowerCase();
  if (STORES.some((s) => s.host === host && (!s.path || parsed.pathname.startsWith(s.path))))
    return blocked(
      'web-store',
      'This is an extension store',
      'Browsers block every extension on their add-on stores, to keep those pages safe. SuppLens cannot run here.',
    );
  if (isPdf) return pdf();
  return { ok: true };
}

function pdf(): PageAccess {
  return blocked(
    'pdf',
    'This is a PDF',
    'PDFs open in the browser’s built-in viewer, which extensions cannot read. SuppLens works on web pages; look for an HTML version of the article.',
  );
}

/** The host a site rule is stored under (`settings.sites`), or undefined for non-web pages. */
export function siteHost(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

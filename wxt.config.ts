import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// Permissions are the minimum the features need: storage for settings and tabs so the popup can
// read its tab's URL (without it tab.url is undefined). The content script runs on all pages, so
// "Scan this page" needs no activeTab or scripting.
//
// Private windows: not allowed. Reviews, their anchor checks and the trash live in the regular
// profile's IndexedDB; running in a private window (Chrome's default "spanning" mode) would write
// what the reader did there into that persistent profile, and "split" mode is not available in
// Firefox. The reader cannot switch SuppLens on for private windows by mistake.
//
// Extension pages get an explicit policy: no network of any kind (connect-src 'none'), no frames,
// forms or base URLs; "no network requests of our own" is then enforced by the browser, not only
// kept by the code.
const EXTENSION_PAGES_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "frame-src 'none'",
  "media-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: 'SuppLens',
    description:
      'Highlights dietary-supplement and condition mentions in health news and shows sourced evidence notes. Informs; does not give medical advice.',
    permissions: ['storage', 'tabs', 'alarms'],
    incognito: 'not_allowed',
    content_security_policy: { extension_pages: EXTENSION_PAGES_CSP },
    web_accessible_resources: [
      {
        resources: ['tooltip.html'],
        matches: ['<all_urls>'],
        // A per-session URL: a page cannot fetch or frame chrome-extension://<id>/tooltip.html to
        // learn that SuppLens is installed; only the frames our content script makes load it.
        use_dynamic_url: true,
      },
    ],
    commands: {
      'next-mention': {
        suggested_key: { default: 'Alt+Shift+N' },
        description: 'Move focus to the next SuppLens mention',
      },
      'previous-mention': {
        suggested_key: { default: 'Alt+Shift+P' },
        description: 'Move focus to the previous SuppLens mention',
      },
      'toggle-highlights': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: 'Hide or show all SuppLens highlights',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'supplens@supplens.invalid',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
  vite: () => ({
    plugins: [preact({ prerender: { enabled: false } })],
    // SUPPLENS_NO_MINIFY=1 npx wxt build: readable names and lines in CPU profiles of the bench.
    ...(process.env.SUPPLENS_NO_MINIFY ? { build: { minify: false } } : {}),
  }),
});

import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// Permissions are the minimum the features need: storage for settings and tabs so the popup can
// read its tab's URL (without it tab.url is undefined). The content script runs on all pages, so
// "Scan this page" needs no activeTab or scripting.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: 'SuppLens',
    description:
      'Highlights dietary-supplement and condition mentions in health news and shows sourced evidence notes. Informs; does not give medical advice.',
    permissions: ['storage', 'tabs'],
    web_accessible_resources: [
      {
        resources: ['tooltip.html'],
        matches: ['<all_urls>'],
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

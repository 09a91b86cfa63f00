// The background's message handler over a test database: an empty knowledge base, default
// settings, no tabs, unless a test passes its own.

import { DEFAULT_SETTINGS } from '../../lib/settings';
import { type BackgroundDeps, createBackgroundHandler } from '../../platform/background/handlers';
import type { SuppLensDB } from '../../platform/db/database';

export function testHandler(db: SuppLensDB, deps: Partial<BackgroundDeps> = {}) {
  return createBackgroundHandler({
    db,
    bundle: () => ({ version: 'kb', builtAt: '', concepts: [], notes: [] }),
    getSettings: async () => DEFAULT_SETTINGS,
    tooltips: new Map(),
    sendToTab: async () => undefined,
    ...deps,
  });
}

// The background's message handler over a test database: an empty knowledge base, default
// settings, no tabs, unless a test passes its own.
import type { SuppLensDB } from '../../lib/db/database';
import { type BackgroundDeps, createBackgroundHandler } from '../../lib/messaging/background-handlers';
import { DEFAULT_SETTINGS } from '../../lib/settings';

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

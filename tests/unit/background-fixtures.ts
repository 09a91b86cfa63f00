// The background's message handler over a test database: an empty knowledge base, default
// settings, no tabs, unless a test passes its own.

import Dexie from 'dexie';
import { afterEach } from 'vitest';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { type BackgroundDeps, createBackgroundHandler } from '../../platform/background/handlers';
import { SuppLensDB } from '../../platform/db/database';

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

/**
 * For a test file: returns a maker of fresh databases (named `prefix-…`), each closed and deleted
 * after its test.
 */
export function freshDatabases(prefix: string): () => SuppLensDB {
  const dbs: SuppLensDB[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) {
      db.close();
      await Dexie.delete(db.name);
    }
  });
  return () => {
    const db = new SuppLensDB(`${prefix}-${Math.random().toString(36).slice(2)}`);
    dbs.push(db);
    return db;
  };
}

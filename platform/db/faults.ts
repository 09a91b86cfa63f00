// Storage faults the background turns into clear messages (issue 8): a full disk or quota, a
// database blocked by another connection, a damaged knowledge-base table. Free of browser.* so unit
// tests drive it with fake-indexeddb.
import type { SuppLensDB } from './database';

/** How long an open may stay blocked by another connection before requests get an error. */
export const BLOCKED_GRACE_MS = 2000;
const RECHECK_MS = 500;

export const QUOTA_MESSAGE =
  "The browser's storage for SuppLens is full, so this was not saved. Free up disk space (or export and delete old reviews), then try again; nothing else was changed.";

export const BLOCKED_MESSAGE =
  'SuppLens cannot open its database: another SuppLens page from an older version still holds it. Close other SuppLens tabs (options, reviews) or restart the browser, then try again.';

export const VERSION_MESSAGE =
  'SuppLens cannot open its database: it was created by a newer version of SuppLens. Update or reinstall the extension; your reviews stay in the browser.';

/** Raised while another connection blocks the database from opening. */
export class DatabaseBlockedError extends Error {
  override name = 'DatabaseBlockedError';
  constructor() {
    super(BLOCKED_MESSAGE);
  }
}

/** Raised when the stored knowledge base does not match the bundle (rows missing or garbled). */

/** Names of the error and of every error it wraps (Dexie keeps the DOMException in `inner`). */
function errorNames(e: unknown, depth = 0): string[] {
  if (!e || typeof e !== 'object' || depth > 4) return [];
  const x = e as { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
  const out = typeof x.name === 'string' ? [x.name] : [];
  out.push(...errorNames(x.inner, depth + 1), ...errorNames(x.cause, depth + 1));
  if (Array.isArray(x.failures))
    for (const f of x.failures.slice(0, 3)) out.push(...errorNames(f, depth + 1));
  return out;
}

/** A message for the reader when `e` is a storage fault we know, else undefined. */
export function storageFaultMessage(e: unknown): string | undefined {
  const names = errorNames(e);
  const text = e instanceof Error ? e.message : '';
  if (names.includes('QuotaExceededError') || /quota/i.test(text)) return QUOTA_MESSAGE;
  if (names.includes('DatabaseBlockedError')) return BLOCKED_MESSAGE;
  if (names.includes('VersionError')) return VERSION_MESSAGE;
  return undefined;
}

/** When each database's open was first reported blocked (cleared once it opens). */
const blockedSince = new WeakMap<SuppLensDB, number>();
const watched = new WeakSet<SuppLensDB>();

function markBlocked(db: SuppLensDB): void {
  if (!db.isOpen() && !blockedSince.has(db)) blockedSince.set(db, Date.now());
}

/** Remembers a blocked open even when no request is waiting (a later request then fails fast). */
function watchBlocked(db: SuppLensDB): void {
  if (watched.has(db)) return;
  watched.add(db);
  db.on('blocked', () => markBlocked(db));
}

/**
 * Resolves when `db` is open. If another connection blocks the open (an old page that does not
 * close on versionchange), rejects with DatabaseBlockedError once the open has been blocked for
 * `graceMs`, instead of leaving the request waiting for ever. The open itself keeps going, so a
 * later call succeeds as soon as the other side closes.
 */
export function whenOpen(db: SuppLensDB, graceMs = BLOCKED_GRACE_MS): Promise<void> {
  if (db.isOpen()) return Promise.resolve();
  watchBlocked(db);
  return new Promise<void>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onBlocked = () => {
      // Dexie calls the newest listener first: record the time here too.
      markBlocked(db);
      arm();
    };
    const arm = () => {
      const since = blockedSince.get(db);
      if (since === undefined || timer !== undefined) return;
      // Blocked for long already: still give a pending open a moment (the other side may just
      // have closed) before answering with the error.
      const wait = Math.max(RECHECK_MS, since + graceMs - Date.now());
      timer = setTimeout(() => reject(new DatabaseBlockedError()), wait);
    };
    db.on('blocked', onBlocked);
    arm();
    const done = () => {
      clearTimeout(timer);
      db.on('blocked').unsubscribe(onBlocked);
    };
    db.open().then(
      () => {
        blockedSince.delete(db);
        done();
        resolve();
      },
      (e: unknown) => {
        done();
        reject(e);
      },
    );
  });
}

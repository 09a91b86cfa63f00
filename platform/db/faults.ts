// Storage faults the background turns into clear messages (issue 8): a full disk or quota, a
// database blocked by another connection, a damaged knowledge-base table. Free of browser.* so unit
// tests drive it with fake-indexeddb.
import type { Concept, KbBundle, Note } from '../../lib/kb/types';
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
export class KbDamagedError extends Error {
  override name = 'KbDamagedError';
}

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

// ---- knowledge-base integrity ----------------------------------------------------------------

const KINDS = new Set(['supplement', 'condition', 'life-stage', 'medication']);
const isStr = (x: unknown) => typeof x === 'string';
const isStrArray = (x: unknown) => Array.isArray(x) && x.every(isStr);

/** Enough of a Concept for the tooltip and the popup to use without throwing. */
export function isConceptRow(x: unknown): x is Concept {
  if (!x || typeof x !== 'object') return false;
  const c = x as Record<string, unknown>;
  return (
    isStr(c.id) &&
    isStr(c.name) &&
    isStr(c.description) &&
    KINDS.has(c.kind as string) &&
    isStrArray(c.synonyms) &&
    isStrArray(c.abbreviations) &&
    Array.isArray(c.sources)
  );
}

/** Enough of a Note for ranking and display. */
export function isNoteRow(x: unknown): x is Note {
  if (!x || typeof x !== 'object') return false;
  const n = x as Record<string, unknown>;
  return (
    isStr(n.id) &&
    isStr(n.supplement) &&
    isStr(n.target) &&
    isStr(n.direction) &&
    isStr(n.evidence) &&
    isStr(n.summary) &&
    Array.isArray(n.sources)
  );
}

/** Per-concept note ids of the bundle, to check what a lookup read against what was shipped. */
export interface KbIndex {
  concepts: Set<string>;
  /** Ids of the notes a concept's lookup must return (by supplement for supplements, else by target). */
  notesOf: Map<string, Set<string>>;
}

export function indexBundle(bundle: KbBundle): KbIndex {
  const kinds = new Map(bundle.concepts.map((c) => [c.id, c.kind]));
  const notesOf = new Map<string, Set<string>>();
  const add = (k: string, id: string) => {
    const s = notesOf.get(k) ?? new Set<string>();
    s.add(id);
    notesOf.set(k, s);
  };
  for (const n of bundle.notes) {
    add(`supplement:${n.supplement}`, n.id);
    add(`target:${n.target}`, n.id);
  }
  const out = new Map<string, Set<string>>();
  for (const [id, kind] of kinds)
    out.set(id, notesOf.get(kind === 'supplement' ? `supplement:${id}` : `target:${id}`) ?? new Set());
  return { concepts: new Set(kinds.keys()), notesOf: out };
}

/**
 * Throws KbDamagedError when what a lookup read for `ids` disagrees with the bundle: a shipped
 * concept missing or garbled, or a concept's notes missing, extra or garbled.
 */
export function checkLookupRows(
  index: KbIndex,
  ids: readonly string[],
  concepts: readonly unknown[],
  notes: ReadonlyMap<string, readonly unknown[]>,
): void {
  ids.forEach((id, i) => {
    if (!index.concepts.has(id)) return;
    const row = concepts[i];
    if (!isConceptRow(row) || row.id !== id) throw new KbDamagedError(`concept ${id} is missing or damaged`);
    const want = index.notesOf.get(id) ?? new Set<string>();
    const got = notes.get(id) ?? [];
    if (got.length !== want.size || !got.every((n) => isNoteRow(n) && want.has(n.id)))
      throw new KbDamagedError(`the notes of ${id} are missing or damaged`);
  });
}

/** True when the stored KB tables hold exactly the bundle's keys (cheap: keys only). */
export async function kbKeysMatch(db: SuppLensDB, bundle: KbBundle): Promise<boolean> {
  const [c, n] = await Promise.all([
    db.concepts.toCollection().primaryKeys(),
    db.notes.toCollection().primaryKeys(),
  ]);
  if (c.length !== bundle.concepts.length || n.length !== bundle.notes.length) return false;
  const cs = new Set(c.map(String));
  const ns = new Set(n.map(String));
  return bundle.concepts.every((x) => cs.has(x.id)) && bundle.notes.every((x) => ns.has(x.id));
}

// Storage faults (issue 8), over fake-indexeddb with the real background handler: a database
// blocked by an older connection, another connection asking for a higher version, quota exceeded
// while saving a review, and a damaged knowledge base (rows deleted, garbage rows, meta current but
// tables inconsistent). The knowledge base is rebuilt from the bundle, reviews are kept, and the
// reader gets a clear message.

import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { Concept, Note } from '../../../lib/kb/types';
import type { LookupResult, TooltipView } from '../../../lib/messaging/protocol';
import type { Review } from '../../../lib/reviews/model';
import type { TooltipState } from '../../../platform/background/handlers';
import { SCHEMA_HISTORY, SCHEMA_VERSION, SuppLensDB } from '../../../platform/db/database';
import {
  BLOCKED_MESSAGE,
  DatabaseBlockedError,
  QUOTA_MESSAGE,
  storageFaultMessage,
  VERSION_MESSAGE,
} from '../../../platform/db/faults';
import { ensureKb } from '../../../platform/db/kb-store';
import { saveReview } from '../../../platform/db/reviews';
import { testHandler } from '../background-fixtures';
import { bundle, concept, note } from '../kb-fixtures';
import { draftFor, storedReview } from '../reviews/fixtures';

const TOKEN = '0123456789abcdef0123456789abcdef';

const BUNDLE = bundle(
  'kb-hardening-1',
  [
    concept('zinc', 'supplement', 'Zinc'),
    concept('vitamin-d', 'supplement', 'Vitamin D'),
    concept('rheumatoid-arthritis', 'condition', 'Rheumatoid arthritis'),
    concept('warfarin', 'medication', 'Warfarin'),
  ],
  [
    note('zinc-ra'),
    note('zinc-warfarin', { target: 'warfarin' }),
    note('vitd-warfarin', { supplement: 'vitamin-d', target: 'warfarin' }),
  ],
);

const EXT = { fromExtensionPage: true, tabId: 5 };
const opened: Dexie[] = [];
const names: string[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) d.close();
  for (const n of names.splice(0)) await Dexie.delete(n);
});

function dbName(): string {
  const n = `hardening-${Math.random().toString(36).slice(2)}`;
  names.push(n);
  return n;
}

function setup(name = dbName()) {
  const db = new SuppLensDB(name);
  opened.push(db);
  const tooltips = new Map<number, TooltipState>();
  const handle = testHandler(db, {
    bundle: () => BUNDLE,
    tooltips,
  });
  return { db, handle, tooltips };
}

async function seedReviews(db: SuppLensDB): Promise<Review[]> {
  const out: Review[] = [];
  for (const needle of ['Zinc', 'rheumatoid arthritis', 'vitamin D'])
    out.push(await saveReview(db, { ...draftFor(needle), verdict: 'accurate', comment: `About ${needle}` }));
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

const allReviews = async (db: SuppLensDB) =>
  (await db.reviews.toArray()).sort((a, b) => a.id.localeCompare(b.id));

const lookupZinc = (handle: ReturnType<typeof setup>['handle']) =>
  handle({ type: 'kb-lookup', conceptIds: ['zinc'], pageConcepts: ['zinc'] }, EXT) as Promise<
    LookupResult & { error?: string }
  >;

/** Makes IDBObjectStore.put throw QuotaExceededError for one store while `fn` runs. */
async function withFullDisk<T>(store: string, fn: () => Promise<T>): Promise<T> {
  const proto = (globalThis as unknown as { IDBObjectStore: { prototype: IDBObjectStore } }).IDBObjectStore
    .prototype;
  const put = proto.put;
  const add = proto.add;
  const fail = function (this: IDBObjectStore, orig: typeof put) {
    return (...args: Parameters<typeof put>) => {
      if (this.name === store) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return orig.apply(this, args);
    };
  };
  proto.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
    return fail.call(this, put)(...args);
  };
  proto.add = function (this: IDBObjectStore, ...args: Parameters<typeof add>) {
    return fail.call(this, add)(...args);
  };
  try {
    return await fn();
  } finally {
    proto.put = put;
    proto.add = add;
  }
}

describe('storage fault messages', () => {
  it('names quota, blocked and version faults, wrapped or not, and nothing else', () => {
    const quota = new DOMException('x', 'QuotaExceededError');
    expect(storageFaultMessage(quota)).toBe(QUOTA_MESSAGE);
    expect(storageFaultMessage(new Dexie.AbortError('aborted', quota))).toBe(QUOTA_MESSAGE);
    expect(storageFaultMessage(new DatabaseBlockedError())).toBe(BLOCKED_MESSAGE);
    expect(storageFaultMessage(new DOMException('x', 'VersionError'))).toBe(VERSION_MESSAGE);
    expect(storageFaultMessage(new TypeError('x is undefined'))).toBeUndefined();
    expect(storageFaultMessage('nope')).toBeUndefined();
    for (const m of [QUOTA_MESSAGE, BLOCKED_MESSAGE, VERSION_MESSAGE])
      expect(m).not.toMatch(/Error|Dexie|IDB/);
  });
});

describe('database blocked or asked to upgrade by another connection', () => {
  it('answers with a clear error while an older connection blocks the upgrade, and works once it closes', async () => {
    const name = dbName();
    // An older SuppLens page: schema version 2, with a review, refusing to close on versionchange.
    const old = new Dexie(name);
    old.version(2).stores(SCHEMA_HISTORY[2]!);
    await old.open();
    const review = { ...(await saveReviewRaw(old)), site: 'news.example.com' };
    old.on('versionchange', () => false);

    const { handle, db } = setup(name);
    // Answers instead of waiting for the old connection (a hang would fail on the test timeout).
    const res = (await lookupZinc(handle)) as { error?: string };
    expect(res.error).toBe(BLOCKED_MESSAGE);
    const list = (await handle({ type: 'review-list' }, EXT)) as { error?: string };
    expect(list.error).toBe(BLOCKED_MESSAGE);

    old.close();
    const ok = await lookupZinc(handle);
    expect(ok.error).toBeUndefined();
    expect(ok.notes.zinc?.map((n) => n.id).sort()).toEqual(['zinc-ra', 'zinc-warfarin']);
    expect(db.verno).toBe(SCHEMA_VERSION);
    const kept = (await handle({ type: 'review-list' }, EXT)) as { items: Review[] };
    expect(kept.items.map((r) => r.id)).toEqual([review.id]);
    expect(kept.items[0]).toMatchObject({ comment: review.comment, verdict: review.verdict });
  });

  it('gets out of the way of a connection asking for a higher version, and keeps working', async () => {
    const { handle, db } = setup();
    const before = await seedReviews(db);
    expect((await lookupZinc(handle)).error).toBeUndefined();

    let blocked = false;
    const newer = await new Promise<IDBDatabase>((ok, ko) => {
      const req = indexedDB.open(db.name, SCHEMA_VERSION * 10 + 10);
      req.onblocked = () => {
        blocked = true;
      };
      req.onsuccess = () => ok(req.result);
      req.onerror = () => ko(req.error);
    });
    expect(blocked).toBe(false);
    newer.close();

    const save = (await handle(
      { type: 'review-save', review: { ...draftFor('fish oil'), verdict: 'needs-context' } },
      EXT,
    )) as { review?: Review; error?: string };
    expect(save.error).toBeUndefined();
    expect((await lookupZinc(handle)).error).toBeUndefined();
    const after = await allReviews(db);
    expect(after).toHaveLength(before.length + 1);
    for (const r of before) expect(after).toContainEqual(r);
  });
});

/** A review as an old page would have written it (schema 2 has no createdAt index). */
async function saveReviewRaw(old: Dexie): Promise<Review> {
  const r: Review = {
    ...storedReview({
      id: 'old-review-1',
      pageUrl: 'https://news.example.com/health/zinc-study',
      pageTitle: 'Zinc study',
      comment: 'Written by the old page',
      kbVersion: 'old',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    }),
    site: 'news.example.com',
  };
  await old.table('reviews').put(r);
  return r;
}

describe('quota exceeded while saving a review', () => {
  it('answers with a clear message; the other reviews are untouched and the same save works later', async () => {
    const { handle, db } = setup();
    const before = await seedReviews(db);
    const draft = { ...draftFor('fish oil'), verdict: 'misleading-claim' as const, comment: 'Long comment' };

    const res = (await withFullDisk('reviews', () =>
      handle({ type: 'review-save', review: draft }, EXT),
    )) as {
      error?: string;
    };
    expect(res.error).toBe(QUOTA_MESSAGE);
    expect(await allReviews(db)).toEqual(before);

    // An edit of an existing review fails the same way and leaves the stored one as it was.
    const edit = (await withFullDisk('reviews', () =>
      handle(
        { type: 'review-save', review: { ...draftFor('Zinc'), id: before[0]!.id, comment: 'edited' } },
        EXT,
      ),
    )) as { error?: string };
    expect(edit.error).toBe(QUOTA_MESSAGE);
    expect(await allReviews(db)).toEqual(before);

    const retry = (await handle({ type: 'review-save', review: draft }, EXT)) as { review: Review };
    expect(retry.review).toMatchObject({ comment: 'Long comment', verdict: 'misleading-claim' });
    expect(await db.reviews.count()).toBe(before.length + 1);
  });

  it('a full disk during a knowledge-base rebuild leaves the previous copy and the reviews in place', async () => {
    const { handle, db } = setup();
    const reviews = await seedReviews(db);
    expect((await lookupZinc(handle)).error).toBeUndefined();
    await db.notes.delete('zinc-ra');
    const res = await withFullDisk('notes', () => lookupZinc(handle));
    expect(res.error).toBe(QUOTA_MESSAGE);
    expect((await db.notes.toArray()).map((n) => n.id).sort()).toEqual(['vitd-warfarin', 'zinc-warfarin']);
    expect(await allReviews(db)).toEqual(reviews);
    // Space again: the next lookup repairs it.
    expect((await lookupZinc(handle)).notes.zinc).toHaveLength(2);
  });
});

describe('damaged knowledge base', () => {
  async function ready() {
    const s = setup();
    const reviews = await seedReviews(s.db);
    const first = await lookupZinc(s.handle);
    expect(first.notes.zinc).toHaveLength(2);
    return { ...s, reviews };
  }

  it('rows deleted while the worker runs: rebuilt on the next lookup, reviews kept', async () => {
    const { handle, db, reviews } = await ready();
    await db.notes.clear();
    await db.concepts.delete('zinc');
    const res = await lookupZinc(handle);
    expect(res.concepts.map((c) => c.id)).toEqual(['zinc']);
    expect(res.notes.zinc?.map((n) => n.id).sort()).toEqual(['zinc-ra', 'zinc-warfarin']);
    expect(await db.notes.count()).toBe(BUNDLE.notes.length);
    expect(await allReviews(db)).toEqual(reviews);
  });

  it('garbage rows under the right keys: rebuilt on the next lookup, reviews kept', async () => {
    const { handle, db, reviews } = await ready();
    await db.concepts.put({ id: 'zinc', name: 42, kind: 'nonsense' } as unknown as Concept);
    await db.notes.put({ id: 'zinc-ra', supplement: 'zinc', target: null } as unknown as Note);
    const res = await lookupZinc(handle);
    expect(res.error).toBeUndefined();
    expect(res.concepts[0]).toEqual(BUNDLE.concepts[0]);
    expect(res.notes.zinc?.map((n) => n.id).sort()).toEqual(['zinc-ra', 'zinc-warfarin']);
    expect(await db.notes.get('zinc-ra')).toEqual(BUNDLE.notes[0]);
    expect(await allReviews(db)).toEqual(reviews);
  });

  it('meta says current but the tables hold other rows (same counts): rebuilt when the worker starts', async () => {
    const { db, reviews } = await ready();
    // Same number of rows as the bundle, but one note replaced by a foreign one.
    await db.notes.delete('zinc-warfarin');
    await db.notes.put(note('foreign-note', { target: 'warfarin' }));
    expect(await db.notes.count()).toBe(BUNDLE.notes.length);
    // A restarted service worker: a new handler over the same database.
    const restarted = testHandler(db, {
      bundle: () => BUNDLE,
    });
    const res = await lookupZinc(restarted);
    expect(res.notes.zinc?.map((n) => n.id).sort()).toEqual(['zinc-ra', 'zinc-warfarin']);
    expect(await db.notes.get('foreign-note')).toBeUndefined();
    expect(await allReviews(db)).toEqual(reviews);
    expect(await ensureKb(db, BUNDLE)).toMatchObject({ imported: false, reason: 'up-to-date' });
  });

  it('an extra note for a looked-up concept is noticed and removed', async () => {
    const { handle, db } = await ready();
    await db.notes.put(note('stray', { summary: 'Not from the bundle.' }));
    const res = await lookupZinc(handle);
    expect(res.notes.zinc?.map((n) => n.id).sort()).toEqual(['zinc-ra', 'zinc-warfarin']);
    expect(await db.notes.get('stray')).toBeUndefined();
  });

  it('the tooltip view is repaired the same way', async () => {
    const { handle, db, tooltips } = await ready();
    tooltips.set(5, {
      token: TOKEN,
      conceptId: 'vitamin-d',
      mentionText: 'vitamin D',
      pageConcepts: ['warfarin'],
      doses: [],
    });
    await db.notes.put({
      id: 'vitd-warfarin',
      supplement: 'vitamin-d',
      target: 'warfarin',
      summary: {},
    } as unknown as Note);
    const view = (await handle({ type: 'tooltip-get', token: TOKEN }, EXT)) as TooltipView;
    expect(view.concept.name).toBe('Vitamin D');
    expect(view.notes.map((n) => n.id)).toEqual(['vitd-warfarin']);
    expect(view.notes[0]!.summary).toBe('Summary of vitd-warfarin.');
  });
});

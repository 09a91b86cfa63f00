// The extension's own IndexedDB (extension origin only: background and extension pages).
// Knowledge-base tables are replaced wholesale from the bundle; user tables are never touched by that.
import Dexie, { type Table } from 'dexie';
import type { Concept, KbBundle, Note } from '../../lib/kb/types';
import type { Review } from '../../lib/reviews/model';
import { kbKeysMatch } from './faults';

export interface MetaRow {
  key: string;
  value: string | number;
}

export const DB_NAME = 'supplens';

/**
 * Schema history. Version 1 had no indexes on reviews beyond the page URL; version 2 indexes what
 * the review page filters on; version 3 adds compound indexes so one filter plus a date range is a
 * single index range (newest first), and a trash table for undoing deletions. Kept here so an
 * upgrade from any earlier version stays testable.
 */
export const SCHEMA_HISTORY: Record<number, Record<string, string>> = {
  1: {
    meta: 'key',
    concepts: 'id, kind',
    notes: 'id, supplement, target',
    reviews: 'id, pageUrl',
  },
  2: {
    meta: 'key',
    concepts: 'id, kind',
    notes: 'id, supplement, target',
    reviews: 'id, pageUrl, site, conceptId, verdict, updatedAt',
  },
  3: {
    meta: 'key',
    concepts: 'id, kind',
    notes: 'id, supplement, target',
    reviews:
      'id, pageUrl, site, conceptId, verdict, updatedAt, createdAt, [site+createdAt], [conceptId+createdAt], [verdict+createdAt]',
    reviewTrash: 'id, deletedAt',
  },
};
export const SCHEMA_VERSION = 3;

/** A deleted review kept for a while so the deletion can be undone. */
export interface ReviewTrashRow {
  id: string;
  deletedAt: string;
  review: Review;
}

export class SuppLensDB extends Dexie {
  meta!: Table<MetaRow, string>;
  concepts!: Table<Concept, string>;
  notes!: Table<Note, string>;
  reviews!: Table<Review, string>;
  reviewTrash!: Table<ReviewTrashRow, string>;

  constructor(name: string = DB_NAME) {
    super(name);
    this.version(1).stores(SCHEMA_HISTORY[1]!);
    this.version(2)
      .stores(SCHEMA_HISTORY[2]!)
      .upgrade(async (tx) => {
        // Version 1 reviews had no `site`; derive it so the new index covers old rows.
        await tx
          .table('reviews')
          .toCollection()
          .modify((r: Record<string, unknown>) => {
            if (typeof r.site !== 'string') {
              try {
                r.site = new URL(String(r.pageUrl)).hostname;
              } catch {
                r.site = '';
              }
            }
          });
      });
    this.version(3)
      .stores(SCHEMA_HISTORY[3]!)
      .upgrade(async (tx) => {
        // Only fills what the new indexes and the review page need; never removes a row or field.
        await tx
          .table('reviews')
          .toCollection()
          .modify((r: Record<string, unknown>) => {
            if (typeof r.createdAt !== 'string')
              r.createdAt = typeof r.updatedAt === 'string' ? r.updatedAt : '';
            if (typeof r.updatedAt !== 'string') r.updatedAt = r.createdAt;
            if (!Array.isArray(r.shownNoteIds)) r.shownNoteIds = [];
            if (typeof r.kbVersion !== 'string') r.kbVersion = '';
          });
      });
  }
}

export interface KbImportResult {
  imported: boolean;
  version: string;
  reason: 'up-to-date' | 'empty' | 'outdated' | 'damaged';
}

/**
 * Makes the stored knowledge base match the bundle. Runs in one transaction over the KB tables
 * only, so a failure leaves the previous copy in place and reviews are never in scope. When the
 * version matches, the tables must also hold exactly the bundle's keys (rows deleted or foreign
 * rows added mean 'damaged'); `force` re-imports regardless (a lookup found garbled rows).
 */
export async function ensureKb(
  db: SuppLensDB,
  bundle: KbBundle,
  opts: { force?: boolean } = {},
): Promise<KbImportResult> {
  return db.transaction('rw', db.meta, db.concepts, db.notes, async () => {
    const stored = await db.meta.get('kbVersion');
    let reason: KbImportResult['reason'];
    if (!stored) reason = 'empty';
    else if (stored.value !== bundle.version) reason = 'outdated';
    else if (!opts.force && (await kbKeysMatch(db, bundle)))
      return { imported: false, version: bundle.version, reason: 'up-to-date' };
    else reason = 'damaged';
    await db.concepts.clear();
    await db.notes.clear();
    await db.concepts.bulkPut(bundle.concepts);
    await db.notes.bulkPut(bundle.notes);
    await db.meta.put({ key: 'kbVersion', value: bundle.version });
    return { imported: true, version: bundle.version, reason };
  });
}

// The extension's own IndexedDB (extension origin only: background and extension pages).
// Knowledge-base tables are replaced wholesale from the bundle; user tables are never touched by that.
import Dexie, { type Table } from 'dexie';
import type { Concept, Note } from '../../lib/kb/types';
import type { Review } from '../../lib/reviews/model';

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

import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { Note } from '../../../lib/kb/types';
import { SCHEMA_HISTORY, SCHEMA_VERSION, SuppLensDB } from '../../../platform/db/database';
import { ensureKb } from '../../../platform/db/kb-store';
import { bundle, concept, note } from '../kb-fixtures';
import { storedReview } from '../reviews/fixtures';

const zinc = concept('zinc', 'supplement', 'Zinc');
const ra = concept('rheumatoid-arthritis', 'condition', 'Rheumatoid arthritis');
const zincRa = note('zinc-ra');

const concepts = [zinc, ra];

const names: string[] = [];
function dbName() {
  const n = `supplens-test-${Math.random().toString(36).slice(2)}`;
  names.push(n);
  return n;
}

afterEach(async () => {
  for (const n of names.splice(0)) await Dexie.delete(n);
});

/** A database as the previous schema version left it: old KB, one review without `site`. */
async function seedVersion1(name: string) {
  const old = new Dexie(name);
  old.version(1).stores(SCHEMA_HISTORY[1]!);
  await old.open();
  await old.table('meta').put({ key: 'kbVersion', value: 'old-version' });
  await old.table('concepts').bulkPut([zinc]);
  await old.table('notes').bulkPut([note('retired-note', { summary: 'Old text.' })]);
  await old.table('reviews').put(
    storedReview({
      id: 'r1',
      verdict: 'needs-context',
      comment: 'Lab study only',
      quote: { type: 'TextQuoteSelector', exact: 'zinc', prefix: 'suggests ', suffix: ' may' },
      position: { type: 'TextPositionSelector', start: 10, end: 14 },
      shownNoteIds: ['retired-note'],
      kbVersion: 'old-version',
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    }),
  );
  old.close();
}

describe('knowledge-base import and schema upgrade', () => {
  it('upgrades a version-1 database: user reviews intact, knowledge base replaced', async () => {
    const name = dbName();
    await seedVersion1(name);
    const db = new SuppLensDB(name);
    const result = await ensureKb(db, bundle('new-version', concepts, [zincRa]));
    expect(result).toMatchObject({ imported: true, reason: 'outdated', version: 'new-version' });
    expect(db.verno).toBe(SCHEMA_VERSION);
    const review = await db.reviews.get('r1');
    expect(review).toMatchObject({
      comment: 'Lab study only',
      verdict: 'needs-context',
      site: 'news.example',
    });
    expect(await db.reviews.where('site').equals('news.example').count()).toBe(1);
    expect(await db.notes.get('retired-note')).toBeUndefined();
    expect((await db.notes.toArray()).map((n) => n.id)).toEqual(['zinc-ra']);
    expect((await db.meta.get('kbVersion'))?.value).toBe('new-version');
    db.close();
  });

  it('imports on first run, skips when up to date, and repairs a damaged table', async () => {
    const db = new SuppLensDB(dbName());
    expect((await ensureKb(db, bundle('v1', concepts, [zincRa]))).reason).toBe('empty');
    expect((await ensureKb(db, bundle('v1', concepts, [zincRa]))).imported).toBe(false);
    await db.notes.clear();
    const repaired = await ensureKb(db, bundle('v1', concepts, [zincRa]));
    expect(repaired).toMatchObject({ imported: true, reason: 'damaged' });
    expect(await db.notes.count()).toBe(1);
    db.close();
  });

  it('leaves the old knowledge base in place when the import fails', async () => {
    const db = new SuppLensDB(dbName());
    await ensureKb(db, bundle('v1', concepts, [zincRa]));
    const broken = bundle('v2', concepts, [zincRa, { ...zincRa }]);
    // A note without a primary key makes bulkPut throw inside the transaction.
    (broken.notes[1] as Partial<Note>).id = undefined;
    await expect(ensureKb(db, broken)).rejects.toThrow();
    expect((await db.meta.get('kbVersion'))?.value).toBe('v1');
    expect(await db.notes.count()).toBe(1);
    db.close();
  });
});

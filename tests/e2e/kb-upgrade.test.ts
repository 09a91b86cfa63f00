// A profile holding reviews in the previous database schema and an old knowledge base is opened by
// the current build: the knowledge base is replaced, the reviews survive.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SCHEMA_HISTORY } from '../../platform/db/database';
import { extensionUrl, launchWithExtension } from '../support/harness';

test('upgrading a database from the previous schema and KB version keeps user data', async () => {
  const profileDir = mkdtempSync(join(tmpdir(), 'supplens-upgrade-'));
  try {
    const first = await launchWithExtension({ profileDir });
    // Let the install-time import finish first, so it cannot recreate the database behind us.
    const warm = await first.context.newPage();
    await warm.goto(extensionUrl(first, 'options.html'));
    await warm.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'kb-lookup', conceptIds: ['zinc'], pageConcepts: [] }),
    );
    await warm.close();
    // Replace whatever the install created with a version-1 database (Dexie stores version n as 10n).
    await first.worker.evaluate(async (stores) => {
      await new Promise<void>((ok, fail) => {
        const del = indexedDB.deleteDatabase('supplens');
        del.onblocked = () => fail(new Error('delete blocked'));
        del.onsuccess = () => ok();
        del.onerror = () => fail(del.error);
      });
      await new Promise<void>((ok, fail) => {
        const open = indexedDB.open('supplens', 10);
        open.onupgradeneeded = () => {
          const db = open.result;
          for (const [name, spec] of Object.entries(stores)) {
            const [key, ...indexes] = spec.split(',').map((s) => s.trim());
            const store = db.createObjectStore(name, { keyPath: key });
            for (const i of indexes) store.createIndex(i, i);
          }
          const tx = open.transaction!;
          tx.objectStore('meta').put({ key: 'kbVersion', value: 'previous-kb' });
          tx.objectStore('notes').put({
            id: 'retired-note',
            supplement: 'zinc',
            target: 'rheumatoid-arthritis',
          });
          tx.objectStore('reviews').put({
            id: 'r-old',
            pageUrl: 'https://news.example/story',
            pageTitle: 'Story',
            conceptId: 'zinc',
            verdict: 'needs-context',
            comment: 'kept across the upgrade',
            shownNoteIds: ['retired-note'],
            kbVersion: 'previous-kb',
            createdAt: '2026-01-01T00:00:00Z',
            updatedAt: '2026-01-01T00:00:00Z',
          });
        };
        open.onsuccess = () => {
          open.result.close();
          ok();
        };
        open.onerror = () => fail(open.error);
      });
    }, SCHEMA_HISTORY[1]!);
    await first.close({ keepProfile: true });

    const second = await launchWithExtension({ profileDir });
    const page = await second.context.newPage();
    await page.goto(extensionUrl(second, 'options.html'));
    const lookup = await page.evaluate(() =>
      chrome.runtime.sendMessage({
        type: 'kb-lookup',
        conceptIds: ['zinc'],
        pageConcepts: ['rheumatoid-arthritis'],
      }),
    );
    assert.notEqual(lookup.kbVersion, 'previous-kb');
    assert.ok(lookup.notes.zinc.length > 0, 'current notes for zinc are available');
    const stored = await page.evaluate(
      () =>
        new Promise<{ version: number; review: unknown; retired: unknown }>((ok, fail) => {
          const open = indexedDB.open('supplens');
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(['reviews', 'notes'], 'readonly');
            const r = tx.objectStore('reviews').get('r-old');
            const n = tx.objectStore('notes').get('retired-note');
            tx.oncomplete = () => {
              ok({ version: db.version, review: r.result, retired: n.result });
              db.close();
            };
          };
          open.onerror = () => fail(open.error);
        }),
    );
    assert.ok(stored.version >= 20, `schema upgraded (native version ${stored.version})`);
    assert.equal(stored.retired, undefined, 'the old knowledge base was replaced');
    assert.deepEqual(
      {
        comment: (stored.review as { comment: string }).comment,
        verdict: (stored.review as { verdict: string }).verdict,
        site: (stored.review as { site: string }).site,
      },
      { comment: 'kept across the upgrade', verdict: 'needs-context', site: 'news.example' },
    );
    assert.deepEqual(second.extensionRequests, []);
    await second.close({ keepProfile: true });
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
  }
});

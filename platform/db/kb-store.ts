// The knowledge base in the extension's IndexedDB: imported from the bundle, checked against it,
// rebuilt when damaged, and read for lookups (concepts, their own and inherited notes, ranked).
// Runs in the background only (and in unit tests over fake-indexeddb).
import { buildHierarchy, type Hierarchy } from '../../lib/kb/hierarchy';
import {
  checkLookupRows,
  indexBundle,
  isConceptRow,
  isNoteRow,
  KbDamagedError,
  type KbIndex,
} from '../../lib/kb/integrity';
import { type LookedUpNote, pageTopicsOf, type RankedNote, rankNotes } from '../../lib/kb/rank';
import type { Concept, KbBundle, Note } from '../../lib/kb/types';
import type { LookupResult } from '../../lib/messaging/protocol';
import type { SuppLensDB } from './database';
import { whenOpen } from './faults';

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

export interface KbStore {
  /** Opens the database and imports the bundle if needed (once; again after a failure). */
  ready(): Promise<unknown>;
  /** Concepts and their notes ranked for the reader's flags and the page; flags [] for pages. */
  lookup(conceptIds: string[], pageConcepts: string[], flags: string[]): Promise<LookupResult>;
  /** Display names of concept ids. */
  namesFor(ids: Iterable<string>): Promise<Record<string, string>>;
}

export function createKbStore(db: SuppLensDB, bundle: () => KbBundle | Promise<KbBundle>): KbStore {
  let ready: Promise<unknown> | undefined;
  // [hardening, issue 8] The bundle's per-concept index, to check what a lookup read.
  let kbIndex: KbIndex | undefined;
  // The is-a hierarchy of the shipped bundle: inherited notes and flags follow it.
  let hierarchy: Hierarchy | undefined;
  const ensureReady = () => {
    // Lazily, before the first lookup: an MV3 worker may have been restarted since onInstalled.
    ready ??= whenOpen(db)
      .then(() => bundle())
      .then((b) => {
        kbIndex ??= indexBundle(b);
        hierarchy ??= buildHierarchy(b.concepts);
        return ensureKb(db, b);
      });
    return ready.catch((e) => {
      ready = undefined;
      throw e;
    });
  };
  // [hardening, issue 8] Rows missing or garbled although the version is current: rebuild the
  // knowledge base from the bundle (KB tables only; reviews are never in scope) and read again.
  const rebuildKb = async () => {
    ready = undefined;
    const b = await bundle();
    kbIndex = indexBundle(b);
    hierarchy = buildHierarchy(b.concepts);
    await ensureKb(db, b, { force: true });
  };

  async function namesFor(ids: Iterable<string>): Promise<Record<string, string>> {
    const rows = await db.concepts.bulkGet([...new Set(ids)]);
    const names: Record<string, string> = {};
    for (const r of rows) if (r && typeof r.name === 'string') names[r.id] = r.name;
    return names;
  }

  async function lookup(
    conceptIds: string[],
    pageConcepts: string[],
    flags: string[],
  ): Promise<LookupResult> {
    await ensureReady();
    try {
      return await lookupOnce(conceptIds, pageConcepts, flags);
    } catch (e) {
      if (!(e instanceof KbDamagedError)) throw e;
      console.warn('SuppLens: knowledge base damaged, rebuilding from the bundle:', e.message);
      await rebuildKb();
      return lookupOnce(conceptIds, pageConcepts, flags);
    }
  }

  async function lookupOnce(
    conceptIds: string[],
    pageConcepts: string[],
    flags: string[],
  ): Promise<LookupResult> {
    const ids = [...new Set(conceptIds)];
    // Each concept's ancestors too: their notes apply to it (a cirrhosis mention shows the
    // liver-disease notes, marked as inherited).
    const ancestors = new Map(ids.map((id) => [id, hierarchy?.ancestorsOf(id) ?? []]));
    const readIds = [...new Set([...ids, ...[...ancestors.values()].flat()])];
    const rawConcepts: unknown[] = await db.concepts.bulkGet(readIds);
    const rawNotes = new Map<string, Note[]>();
    for (const [i, id] of readIds.entries()) {
      const c = rawConcepts[i] as Concept | undefined;
      if (!c) continue;
      rawNotes.set(
        id,
        c.kind === 'supplement'
          ? await db.notes.where('supplement').equals(id).toArray()
          : await db.notes.where('target').equals(id).toArray(),
      );
    }
    if (kbIndex) checkLookupRows(kbIndex, readIds, rawConcepts, rawNotes);
    const byId = new Map(rawConcepts.filter(isConceptRow).map((c) => [c.id, c]));
    const concepts = ids.map((id) => byId.get(id)).filter((c): c is Concept => c !== undefined);
    const ctx = {
      flags: new Set(flags),
      pageConcepts: new Set(pageConcepts),
      pageTopics: pageTopicsOf(pageConcepts),
      ...(hierarchy ? { hierarchy } : {}),
    };
    const notes: Record<string, RankedNote[]> = {};
    const related = new Set<string>(ids);
    for (const c of concepts) {
      const seen = new Set<string>();
      const rows: LookedUpNote[] = [];
      for (const from of [c.id, ...(ancestors.get(c.id) ?? [])]) {
        for (const n of (rawNotes.get(from) ?? []).filter(isNoteRow)) {
          if (seen.has(n.id)) continue;
          seen.add(n.id);
          rows.push(from === c.id ? n : { ...n, inheritedFrom: from });
          related.add(from);
        }
      }
      notes[c.id] = rankNotes(rows, ctx);
      for (const n of rows) {
        related.add(n.target);
        related.add(n.supplement);
      }
      for (const p of Array.isArray(c.parents) ? c.parents : []) related.add(p);
    }
    const meta = await db.meta.get('kbVersion');
    return { concepts, notes, names: await namesFor(related), flags, kbVersion: String(meta?.value ?? '') };
  }

  return { ready: ensureReady, lookup, namesFor };
}

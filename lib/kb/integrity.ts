// Checks of knowledge-base rows read back from storage against the shipped bundle (pure): enough of
// a row to use without throwing, and exactly the notes the bundle has for a concept.
import { isConceptKind } from './kinds';
import type { Concept, KbBundle, Note } from './types';

/** Stored rows disagree with the bundle: the store rebuilds from the bundle and reads again. */
export class KbDamagedError extends Error {
  override name = 'KbDamagedError';
}

const isStr = (x: unknown) => typeof x === 'string';
const isStrArray = (x: unknown) => Array.isArray(x) && x.every(isStr);

/** An object whose `keys` are all strings and whose `sources` is a list: the common part of a row. */
function isRowWith(x: unknown, keys: readonly string[]): x is Record<string, unknown> {
  if (!x || typeof x !== 'object') return false;
  const r = x as Record<string, unknown>;
  return keys.every((k) => isStr(r[k])) && Array.isArray(r.sources);
}

/** Enough of a Concept for the tooltip and the popup to use without throwing. */
export function isConceptRow(x: unknown): x is Concept {
  return (
    isRowWith(x, ['id', 'name', 'description']) &&
    isConceptKind(x.kind) &&
    isStrArray(x.synonyms) &&
    isStrArray(x.abbreviations)
  );
}

/** Enough of a Note for ranking and display. */
export function isNoteRow(x: unknown): x is Note {
  return isRowWith(x, ['id', 'supplement', 'target', 'direction', 'evidence', 'summary']);
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

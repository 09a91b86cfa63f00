// The is-a hierarchy of concepts (`parents`): a note about a concept applies to its descendants
// (liver-disease notes to a cirrhosis mention), and a reader's flag on a concept reaches notes about
// it and its ancestors and mentions of it and its descendants. Pure; built once per bundle.
import type { Concept } from './types';

export interface Hierarchy {
  /** Direct parents (empty for a root or an unknown id). */
  parentsOf(id: string): readonly string[];
  /** All ancestors, nearest first (breadth-first), each once. */
  ancestorsOf(id: string): string[];
  /** All descendants, nearest first, each once. */
  descendantsOf(id: string): string[];
}

/** Every id reachable from `start` along `next`, nearest first (breadth-first), each once, `start` left out. */
export function walk(start: string, next: (id: string) => readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set([start]);
  let frontier = [start];
  while (frontier.length > 0) {
    const nextFrontier: string[] = [];
    for (const id of frontier)
      for (const n of next(id)) {
        if (seen.has(n)) continue;
        seen.add(n);
        out.push(n);
        nextFrontier.push(n);
      }
    frontier = nextFrontier;
  }
  return out;
}

/** Builds the hierarchy; rows from an older bundle without `parents` count as roots. */
export function buildHierarchy(concepts: readonly Pick<Concept, 'id' | 'parents'>[]): Hierarchy {
  const parents = new Map<string, readonly string[]>();
  const children = new Map<string, string[]>();
  for (const c of concepts) {
    const ps = Array.isArray(c.parents) ? c.parents : [];
    parents.set(c.id, ps);
    for (const p of ps) {
      const list = children.get(p) ?? [];
      list.push(c.id);
      children.set(p, list);
    }
  }
  return {
    parentsOf: (id) => parents.get(id) ?? [],
    ancestorsOf: memoWalk((x) => parents.get(x) ?? []),
    descendantsOf: memoWalk((x) => children.get(x) ?? []),
  };
}

/** `walk` along `next`, kept per start id: a page asks for the same concepts again and again. */
function memoWalk(next: (id: string) => readonly string[]): (id: string) => string[] {
  const cache = new Map<string, string[]>();
  return (id) => {
    let r = cache.get(id);
    if (!r) {
      r = walk(id, next);
      cache.set(id, r);
    }
    return r;
  };
}

/** The concepts and all their ancestors: what a note about any of them is relevant to. */
export function withAncestors(ids: Iterable<string>, h: Hierarchy | undefined): Set<string> {
  const out = new Set(ids);
  if (h) for (const id of [...out]) for (const a of h.ancestorsOf(id)) out.add(a);
  return out;
}

/**
 * Every concept a set of flags reaches: each flag, its ancestors (a note about liver disease
 * concerns a reader flagged for cirrhosis) and its descendants (a cirrhosis mention concerns a
 * reader flagged for liver disease).
 */
export function flagReach(flags: Iterable<string>, h: Hierarchy | undefined): Set<string> {
  const out = new Set<string>();
  for (const f of flags) {
    out.add(f);
    if (!h) continue;
    for (const a of h.ancestorsOf(f)) out.add(a);
    for (const d of h.descendantsOf(f)) out.add(d);
  }
  return out;
}

/** An upper limit and the concept it was set for (itself or its nearest ancestor that has one). */
export interface InheritedLimit<L> {
  limit: L;
  of: string;
}

/**
 * The upper limit each concept's amounts are compared with: its own, else its nearest ancestor's
 * (an amount of vitamin D3 or magnesium oxide is an amount of vitamin D or magnesium).
 */
export function inheritedUpperLimits<L>(
  concepts: readonly (Pick<Concept, 'id' | 'parents'> & { upperLimit?: L })[],
): Map<string, InheritedLimit<L>> {
  const own = new Map<string, L>();
  for (const c of concepts) if (c.upperLimit) own.set(c.id, c.upperLimit);
  const h = buildHierarchy(concepts);
  const out = new Map<string, InheritedLimit<L>>();
  for (const c of concepts) {
    const of = own.has(c.id) ? c.id : h.ancestorsOf(c.id).find((a) => own.has(a));
    if (of !== undefined) out.set(c.id, { limit: own.get(of)!, of });
  }
  return out;
}
